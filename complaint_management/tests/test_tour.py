from odoo import Command
from odoo.tests import Form, HttpCase, tagged

from .test_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestComplaintTour(HttpCase):
    """Browser tour: register a quantity complaint from a confirmed sale order
    (static/src/js/tours/complaint_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        admin = env.ref("base.user_admin")
        group = env.ref("complaint_management.group_complaint_user")
        if group not in admin.groups_id:
            admin.groups_id = [Command.link(group.id)]
        cls.customer = env["res.partner"].create(
            {"name": "Tour Complaint Customer", "is_company": True}
        )
        cls.product = env["product.product"].create(
            {
                "name": "Tour Hydraulic Valve",
                "type": "consu",
                "is_storable": True,
                "list_price": 120.0,
            }
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        env["stock.quant"]._update_available_quantity(
            cls.product, warehouse.lot_stock_id, 20.0
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 10.0,
                            "price_unit": 120.0,
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        # Deliver 8 of the 10 ordered; the other 2 go on a backorder.
        cls.picking = cls.order.picking_ids
        cls.picking.move_ids.quantity = 8.0
        res = cls.picking.button_validate()
        Form.from_action(env, res).save().process()
        cls.backorder = cls.order.picking_ids - cls.picking

    def test_new_complaint_tour(self):
        self.assertEqual(self.picking.state, "done")
        self.assertEqual(self.order.order_line.qty_delivered, 8.0)
        self.assertTrue(self.backorder)

        self.start_tour(
            f"/odoo/sales/{self.order.id}",
            "complaint_management_new_complaint_tour",
            login="admin",
        )

        self.env.invalidate_all()
        case = self.env["complaint.case"].search(
            [("sale_order_id", "=", self.order.id)]
        )
        self.assertEqual(len(case), 1)
        self.assertRegex(case.name, r"^KS\d{6}-\d{4}$")
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.complaint_type, "quantity")
        self.assertEqual(
            case.stage_id, self.env.ref("complaint_management.complaint_stage_register")
        )
        line = case.line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.sale_line_id, self.order.order_line)
        self.assertEqual(line.product_id, self.product)
        self.assertEqual(
            (line.claimed_qty, line.ordered_qty, line.delivered_qty), (8.0, 10.0, 8.0)
        )
        self.assertEqual(line.verification_state, "confirmed")
        self.assertIn("shortage of 2 confirmed", line.verification_note)
        self.assertIn(self.backorder.name, line.verification_note)
        self.assertEqual(case.verification_state, "confirmed")


@tagged("post_install", "-at_install")
class TestDragTour(ProcessCommon, HttpCase):
    """Browser tour: kanban drags run the process
    (static/src/js/tours/complaint_drag_tour.js)."""

    def _case_for(self, name):
        customer = self.env["res.partner"].create(
            {"name": name, "is_company": True, "email": "buyer@example.com"}
        )
        order = self._create_order([(self.product, 5)], partner=customer)
        self._deliver(order.picking_ids, {self.product: 5})
        case = self._accepted(self._create_case(order, "quality", [(self.product, 2)]))
        return self._to_solution(case, [{"remedy_type": "apology"}])

    def test_drag_tour(self):
        refusing = self._case_for("Drag Tour Refusing Customer")
        refusing.action_send_reply()
        replying = self._case_for("Drag Tour Replying Customer")
        subject = f"Reply to your complaint {replying.name}"
        self.assertFalse(self._mails(replying, subject))

        self.start_tour(
            "/odoo/action-complaint_management.complaint_case_action",
            "complaint_management_drag_tour",
            login="admin",
        )

        self.env.invalidate_all()
        self.assertEqual(refusing.stage_step, "reply")
        self.assertEqual(refusing.customer_response, "pending")
        self.assertEqual(replying.stage_step, "reply")
        self.assertEqual(len(self._mails(replying, subject)), 1)
        self.assertEqual(replying.reply_sent, replying.reply_text)
