from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestPortal(ComplaintCommon, HttpCase):
    """Customers follow their own complaints on the portal, nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "huayuan_portal",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        order = cls._create_order([(cls.product, 10)])
        cls._deliver(order.picking_ids, {cls.product: 10})
        cls.own_case = cls._create_case(order, "quality", [(cls.product, 3)])
        other_order = cls._create_order([(cls.product, 5)], partner=cls.other_customer)
        cls._deliver(other_order.picking_ids, {cls.product: 5})
        cls.other_case = cls._create_case(other_order, "quality", [(cls.product, 1)])

    def test_portal_user_reads_only_own_cases(self):
        Case = self.env["complaint.case"].with_user(self.portal_user)
        self.assertEqual(Case.search([]), self.own_case)
        with self.assertRaises(AccessError):
            self.other_case.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.own_case.with_user(self.portal_user).write({"priority": "3"})
        self.assertEqual(
            self.own_case.with_user(self.portal_user).line_ids.claimed_qty, 3
        )
        # Who is responsible or complained about stays internal (考核, 回避).
        for fname in (
            "responsible_employee_ids",
            "complained_user_ids",
            "cause_detail",
        ):
            with self.assertRaises(AccessError):
                self.own_case.with_user(self.portal_user).read([fname])

    def test_portal_pages(self):
        self.own_case.write(
            {"reply_text": "<p>We replace the 3 flanges next week.</p>"}
        )
        self.authenticate("huayuan_portal", "huayuan_portal")
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.own_case.name, listing.text)
        self.assertNotIn(self.other_case.name, listing.text)

        detail = self.url_open(self.own_case.access_url)
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.own_case.name, detail.text)
        self.assertIn("Steel Flange DN50", detail.text)
        # The reply shows only once it has been sent.
        self.assertNotIn("We replace the 3 flanges", detail.text)

        self.own_case.date_replied = "2026-11-28 10:00:00"
        detail = self.url_open(self.own_case.access_url)
        self.assertIn("We replace the 3 flanges next week.", detail.text)
        letter = self.url_open(f"{self.own_case.access_url}?report_type=html")
        self.assertEqual(letter.status_code, 200)
        self.assertIn("Reply to Your Complaint", letter.text)
        self.assertIn(self.own_case.name, letter.text)
        self.assertIn("We replace the 3 flanges next week.", letter.text)

        # Another customer's case: back to the portal home, nothing shown.
        other = self.url_open(self.other_case.access_url)
        self.assertTrue(other.url.endswith("/my"), other.url)
        self.assertNotIn(self.other_case.name, other.text)
