from odoo import Command
from odoo.tests import Form, HttpCase, tagged


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
