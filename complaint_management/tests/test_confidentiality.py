from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .test_process import ProcessCommon

# What a customer may read of its complaint (the rest is internal).
CUSTOMER_CASE_FIELDS = {
    "name",
    "active",
    "company_id",
    "partner_id",
    "commercial_partner_id",
    "sale_order_id",
    "picking_ids",
    "line_ids",
    "product_id",
    "complaint_type",
    "customer_request",
    "currency_id",
    "claimed_amount",
    "date_received",
    "description",
    "stage_id",
    "stage_step",
    "user_id",
    "is_locked",
    "reject_reason",
    "date_reply_expected",
    "reply_sent",
    "reply_published",
    "date_replied",
    "customer_response",
    "customer_response_note",
    # Who answered the reply and when: shown to the customer on its page.
    "customer_response_partner_id",
    "date_customer_response",
    "date_closed",
}
CUSTOMER_LINE_FIELDS = {
    "case_id",
    "sequence",
    "company_id",
    "complaint_type",
    "sale_order_id",
    "product_id",
    "lot_id",
    "claimed_qty",
    "product_uom_id",
    "product_uom_category_id",
}


class TestConfidentiality(ProcessCommon):
    """A portal customer reads the customer-facing fields of its complaints,
    nothing internal: every internal field has groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "huayuan_portal_reader",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )

    def _generic_fields(self):
        """Fields of the mixins (mail, activities, portal; with their own
        access rules) and the magic ones."""
        names = {"id", "display_name", "create_date", "create_uid", "write_date"}
        names.add("write_uid")
        for parent in ("mail.thread", "mail.activity.mixin", "portal.mixin"):
            names |= set(self.env[parent]._fields)
        return names

    def _readable(self, model):
        fields = self.env[model].with_user(self.portal_user).fields_get()
        return set(fields) - self._generic_fields()

    def test_portal_reads_only_customer_fields(self):
        case = self._to_reply(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        self.assertLessEqual(self._readable("complaint.case"), CUSTOMER_CASE_FIELDS)
        self.assertLessEqual(
            self._readable("complaint.case.line"), CUSTOMER_LINE_FIELDS
        )
        as_portal = case.with_user(self.portal_user)
        as_portal.read(sorted(CUSTOMER_CASE_FIELDS))
        self.assertEqual(as_portal.reply_sent, case.reply_text)
        internal = [
            "conclusion",
            "countermeasures",
            "preventive_measures",
            "priority",
            "complexity",
            "escalation_level",
            "department_id",
            "remedy_ids",
            "remedy_amount_total",
            "approved_amount",
            "cancel_reason",
            "reply_text",
            "deadline_ids",
            "complained_user_ids",
            "verification_state",
            "channel",
        ]
        for fname in internal:
            with self.subTest(field=fname), self.assertRaises(AccessError):
                as_portal.read([fname])
        for fname in ("verification_note", "delivered_qty", "evidence_snapshot"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                as_portal.line_ids.read([fname])
        # Neither by searching, grouping nor ordering on them.
        Case = self.env["complaint.case"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Case.search([("priority", "=", "3")])
        with self.assertRaises(AccessError):
            Case.search([], order="priority desc")
        with self.assertRaises(AccessError):
            Case.read_group([], ["remedy_amount_total:sum"], ["department_id"])
        record = Case.search_read([("id", "=", case.id)])[0]
        self.assertLessEqual(set(record), CUSTOMER_CASE_FIELDS | self._generic_fields())
