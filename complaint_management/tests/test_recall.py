from odoo import Command

from .test_process import ProcessCommon


class TestRecallScope(ProcessCommon):
    """The other customers that received the lot of a complaint, from Odoo's
    customer lot report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_1 = cls._create_order([(cls.product_lot, 5)])
        cls._deliver(
            cls.order_1.picking_ids,
            {cls.product_lot: 5},
            lots={cls.product_lot: cls.lot_1},
        )
        # The same lot to another customer, and another lot to a third.
        cls.order_2 = cls._create_order(
            [(cls.product_lot, 3)], partner=cls.other_customer
        )
        cls._deliver(
            cls.order_2.picking_ids,
            {cls.product_lot: 3},
            lots={cls.product_lot: cls.lot_1},
        )
        cls.third = cls.env["res.partner"].create({"name": "Third Customer Co."})
        cls.order_3 = cls._create_order([(cls.product_lot, 2)], partner=cls.third)
        cls._deliver(
            cls.order_3.picking_ids,
            {cls.product_lot: 2},
            lots={cls.product_lot: cls.lot_2},
        )

    def test_the_lot_delivered_to_two_customers(self):
        case = self.env["complaint.case"].create(
            {
                "partner_id": self.customer.id,
                "sale_order_id": self.order_1.id,
                "complaint_type": "quality",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product_lot.id,
                            "lot_id": self.lot_1.id,
                            "claimed_qty": 1,
                        }
                    )
                ],
            }
        )
        line = case.line_ids
        self.assertEqual(line.recall_customer_count, 1)
        self.assertEqual(line.recall_delivery_count, 1)
        self.assertEqual(case.recall_customer_count, 1)
        action = case.with_user(self.officer).action_view_recall_scope()
        rows = (
            self.env["stock.lot.report"]
            .with_user(self.officer)
            .search(action["domain"])
        )
        self.assertEqual(rows.partner_id, self.other_customer)
        self.assertEqual(rows.picking_id, self.order_2.picking_ids)
        self.assertEqual(rows.lot_id, self.lot_1)
        # The lot is counted on the investigation report.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.action_report_complaint_investigation", case.ids
            )[0]
            .decode()
        )
        self.assertIn("Other Customers of the Lot", html)
        self.assertIn(self.lot_1.name, html)
        # Upstream: Odoo's traceability of the lot.
        trace = line.action_view_lot_traceability()
        self.assertEqual(trace["context"]["active_id"], self.lot_1.id)
        self.assertEqual(trace["context"]["active_model"], "stock.lot")

    def test_no_lot_no_scope(self):
        case = self._new_case()
        self.assertEqual(case.recall_customer_count, 0)
        self.assertEqual(case.line_ids.recall_delivery_count, 0)
