from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestPortal(ProcessCommon, HttpCase):
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
        cls.own_case = cls._create_case(cls.order, "quality", [(cls.product, 3)])
        other_order = cls._create_order([(cls.product, 5)], partner=cls.other_customer)
        cls._deliver(other_order.picking_ids, {cls.product: 5})
        cls.other_case = cls._create_case(other_order, "quality", [(cls.product, 1)])

    def test_portal_user_reads_only_own_cases(self):
        Case = self.env["complaint.case"].with_user(self.portal_user)
        self.assertEqual(Case.search([]), self.own_case)
        with self.assertRaises(AccessError):
            self.other_case.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.own_case.with_user(self.portal_user).write({"channel": "email"})
        self.assertEqual(
            self.own_case.with_user(self.portal_user).line_ids.claimed_qty, 3
        )

    def test_portal_pages(self):
        self.authenticate("huayuan_portal", "huayuan_portal")
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.own_case.name, listing.text)
        self.assertNotIn(self.other_case.name, listing.text)

        # The reply is drafted: the customer does not see it yet.
        self._accepted(self.own_case)
        self._fill_report(self.own_case)
        self.own_case.action_submit_report()
        self.own_case.write(
            {
                "remedy_ids": [Command.create({"remedy_type": "apology"})],
                "reply_text": "<p>We replace the 3 flanges next week.</p>",
            }
        )
        detail = self.url_open(self.own_case.access_url)
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.own_case.name, detail.text)
        self.assertIn("Steel Flange DN50", detail.text)
        self.assertNotIn("We replace the 3 flanges", detail.text)
        self.assertNotIn("Our Reply (PDF)", detail.text)

        self.own_case.action_send_reply()
        detail = self.url_open(self.own_case.access_url)
        self.assertIn("We replace the 3 flanges next week.", detail.text)
        letter = self.url_open(f"{self.own_case.access_url}?report_type=html")
        self.assertEqual(letter.status_code, 200)
        self.assertIn("Reply to Your Complaint", letter.text)
        self.assertIn(self.own_case.name, letter.text)
        self.assertIn("We replace the 3 flanges next week.", letter.text)
        # The sidebar's "Our Reply (PDF)" button downloads the letter.
        self.assertIn("Our Reply (PDF)", detail.text)
        download = self.url_open(
            f"{self.own_case.access_url}?report_type=pdf&download=True"
        )
        self.assertEqual(download.status_code, 200)
        self.assertEqual(
            download.headers["Content-Disposition"],
            f"attachment; filename*=UTF-8''Reply_{self.own_case.name.replace('-', '_')}"
            ".pdf",
        )

        # Another customer's case: back to the portal home, nothing shown.
        other = self.url_open(self.other_case.access_url)
        self.assertTrue(other.url.endswith("/my"), other.url)
        self.assertNotIn(self.other_case.name, other.text)
