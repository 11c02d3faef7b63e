from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .test_process import ProcessCommon


class TestRepeatComplaints(ProcessCommon):
    """The customer complains again about the same product (and lot) within
    the company's window: linked and flagged at registration."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_orders = {}
        for lot in (cls.lot_1, cls.lot_2):
            order = cls._create_order([(cls.product_lot, 4)])
            cls._deliver(
                order.picking_ids, {cls.product_lot: 4}, lots={cls.product_lot: lot}
            )
            cls.lot_orders[lot] = order

    def _complain(self, when, product=None, lot=None, partner=None, **vals):
        product = product or self.product
        order = (
            self.lot_orders[lot or self.lot_1]
            if product == self.product_lot
            else self.order
        )
        line = {"product_id": product.id, "claimed_qty": 1}
        if lot:
            line["lot_id"] = lot.id
        with freeze_time(when):
            case = self.env["complaint.case"].create(
                {
                    "partner_id": (partner or self.customer).id,
                    "sale_order_id": order.id,
                    "complaint_type": "quality",
                    "date_received": when,
                    "line_ids": [Command.create(line)],
                    **vals,
                }
            )
            # Linked right after registration, with the acknowledgement.
            self.assertFalse(case.is_repeat)
            self.env["complaint.case"]._cron_send_acknowledgements()
        return case

    def test_same_product_within_the_window(self):
        first = self._complain("2026-06-01 09:00:00")
        self.assertFalse(first.is_repeat)
        # The same customer, through a contact of it, 5 months later.
        again = self._complain("2026-11-01 09:00:00", partner=self.customer_contact)
        self.assertTrue(again.is_repeat)
        self.assertEqual(again.repeat_of_ids, first)
        self.assertEqual(first.repeated_by_ids, again)
        self.assertEqual(first.related_case_count, 1)
        self.assertEqual(again.related_case_count, 1)
        action = again.action_view_related_cases()
        self.assertEqual(self.env["complaint.case"].search(action["domain"]), first)
        self.assertEqual(
            self.env["complaint.case"].search(
                [("is_repeat", "=", True), ("id", "in", (first | again).ids)]
            ),
            again,
        )

    def test_outside_the_window_or_another_product_or_customer(self):
        self._complain("2026-01-01 09:00:00")
        late = self._complain("2026-11-01 09:00:00")  # 304 days later
        self.assertFalse(late.is_repeat)
        other_product = self._complain("2026-11-02 09:00:00", product=self.product_b)
        self.assertFalse(other_product.is_repeat)
        other_order = self._create_order(
            [(self.product, 5)], partner=self.other_customer
        )
        self._deliver(other_order.picking_ids, {self.product: 5})
        with freeze_time("2026-11-03 09:00:00"):
            other_customer = self.env["complaint.case"].create(
                {
                    "partner_id": self.other_customer.id,
                    "sale_order_id": other_order.id,
                    "complaint_type": "quality",
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "claimed_qty": 1}
                        )
                    ],
                }
            )
            self.env["complaint.case"]._cron_send_acknowledgements()
        self.assertFalse(other_customer.is_repeat)
        # A wider window (Settings) finds the January one for the next.
        self.env.company.complaint_repeat_days = 365
        again = self._complain("2026-11-04 09:00:00")
        self.assertEqual(len(again.repeat_of_ids), 2)  # January and November 1
        # 0: no detection.
        self.env.company.complaint_repeat_days = 0
        self.assertFalse(self._complain("2026-11-05 09:00:00").is_repeat)

    def test_the_lot_counts_when_the_line_names_one(self):
        first = self._complain("2026-10-01 09:00:00", self.product_lot, self.lot_1)
        other_lot = self._complain("2026-10-02 09:00:00", self.product_lot, self.lot_2)
        self.assertFalse(other_lot.is_repeat)
        same_lot = self._complain("2026-10-03 09:00:00", self.product_lot, self.lot_1)
        self.assertEqual(same_lot.repeat_of_ids, first)
        # No lot named: any complaint about the product counts.
        no_lot = self._complain("2026-10-04 09:00:00", self.product_lot)
        self.assertEqual(no_lot.repeat_of_ids, first | other_lot | same_lot)

    def test_cancelled_complaints_do_not_count(self):
        mistake = self._complain("2026-10-01 09:00:00")
        mistake._run_transition("cancel", cancel_reason="Registered twice.")
        self.assertFalse(self._complain("2026-10-02 09:00:00").is_repeat)

    def test_the_links_are_the_process_s(self):
        first = self._complain("2026-10-01 09:00:00")
        case = self._complain("2026-10-02 09:00:00", product=self.product_b)
        for vals in ({"is_repeat": True}, {"repeat_of_ids": [Command.set(first.ids)]}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                case.with_user(self.sales_user).write(vals)
        self.assertFalse(case.is_repeat)
