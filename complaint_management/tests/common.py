from contextlib import contextmanager

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user


class ComplaintCommon(TransactionCase):
    """Real sale orders, deliveries and returns to complain about."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer = cls.env["res.partner"].create(
            {"name": "上海华远机械有限公司", "is_company": True}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "王经理", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Northwind Trading Ltd", "is_company": True}
        )
        cls.product = cls._create_product("Steel Flange DN50")
        cls.product_b = cls._create_product("Steel Flange DN80")
        cls.product_lot = cls._create_product("Hydraulic Valve HV-20", tracking="lot")
        cls.lot_1 = cls.env["stock.lot"].create(
            {"name": "LOT-2026-001", "product_id": cls.product_lot.id}
        )
        cls.lot_2 = cls.env["stock.lot"].create(
            {"name": "LOT-2026-002", "product_id": cls.product_lot.id}
        )
        for product in cls.product | cls.product_b:
            cls._put_in_stock(product, 1000)
        cls._put_in_stock(cls.product_lot, 50, cls.lot_1)
        cls._put_in_stock(cls.product_lot, 50, cls.lot_2)

        cls.dept_sales = cls.env["hr.department"].create({"name": "Sales Unit East"})
        cls.dept_quality = cls.env["hr.department"].create(
            {"name": "Quality Management"}
        )
        cls.sales_user = cls._create_employee_user(
            "sales_east",
            cls.dept_sales,
            "sales_team.group_sale_salesman_all_leads,complaint_management.group_complaint_user",
        )
        cls.quality_user = cls._create_employee_user(
            "quality_staff",
            cls.dept_quality,
            "sales_team.group_sale_salesman_all_leads,complaint_management.group_complaint_user",
        )
        cls.officer = cls._create_employee_user(
            "complaint_officer",
            cls.dept_quality,
            "sales_team.group_sale_salesman_all_leads,complaint_management.group_complaint_officer",
        )
        cls.sales_manager_user = cls._create_employee_user(
            "sales_east_head",
            cls.dept_sales,
            "complaint_management.group_complaint_user",
        )
        cls.dept_sales.manager_id = cls.sales_manager_user.employee_ids[:1]
        cls.stage_register = cls.env.ref(
            "complaint_management.complaint_stage_register"
        )
        cls.stage_investigate = cls.env.ref(
            "complaint_management.complaint_stage_investigate"
        )
        cls.stage_closed = cls.env.ref("complaint_management.complaint_stage_closed")
        cls.stage_accept = cls.env.ref("complaint_management.complaint_stage_accept")
        cls.stage_cancel = cls.env.ref("complaint_management.complaint_stage_cancel")

    # ------------------------------------------------------------------
    @contextmanager
    def assertRaisesMessage(self, exception, message):
        """The operation fails with exactly ``message`` and, thanks to the
        savepoint of ``assertRaises``, leaves nothing behind."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertEqual(str(caught.exception), message)

    @classmethod
    def _create_product(cls, name, **vals):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "list_price": 25.0,
                **vals,
            }
        )

    @classmethod
    def _put_in_stock(cls, product, qty, lot=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.stock_location, qty, lot_id=lot
        )

    @classmethod
    def _create_employee_user(cls, login, department, groups, company=None):
        company = company or cls.env.company
        user = new_test_user(
            cls.env,
            login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.env["hr.employee"].create(
            {
                "name": login,
                "user_id": user.id,
                "department_id": department.id,
                "company_id": company.id,
            }
        )
        return user

    @classmethod
    def _create_order(
        cls, lines, partner=None, commitment_date=None, confirm=True, company=None
    ):
        """A sale order built in the form, as a salesperson does, then confirmed."""
        SaleOrder = cls.env["sale.order"].with_company(company or cls.env.company)
        with Form(SaleOrder) as order_form:
            order_form.partner_id = partner or cls.customer
            if commitment_date:
                order_form.commitment_date = commitment_date
            for product, qty in lines:
                with order_form.order_line.new() as line:
                    line.product_id = product
                    line.product_uom_qty = qty
        order = order_form.record
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, picking, quantities, backorder=True, lots=None):
        """Validate ``picking`` with the done quantity per product; what is
        left goes to a backorder (or is cancelled)."""
        for move in picking.move_ids:
            qty = quantities.get(move.product_id, 0.0)
            if lots and move.product_id in lots:
                move.move_line_ids.unlink()
                move.write(
                    {
                        "move_line_ids": [
                            Command.create(
                                {
                                    "product_id": move.product_id.id,
                                    "lot_id": lots[move.product_id].id,
                                    "quantity": qty,
                                    "location_id": move.location_id.id,
                                    "location_dest_id": move.location_dest_id.id,
                                    "picking_id": picking.id,
                                }
                            )
                        ]
                    }
                )
            else:
                move.quantity = qty
            move.picked = True
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model") == (
            "stock.backorder.confirmation"
        ):
            wizard = Form.from_action(cls.env, result).save()
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()
        return picking

    @classmethod
    def _return(cls, picking, quantities):
        """Return goods of a done delivery and validate the return."""
        wizard = Form(
            cls.env["stock.return.picking"].with_context(
                active_ids=picking.ids,
                active_id=picking.id,
                active_model="stock.picking",
            )
        ).save()
        for return_line in wizard.product_return_moves:
            return_line.quantity = quantities.get(return_line.product_id, 0.0)
        action = wizard.action_create_returns()
        return_picking = cls.env["stock.picking"].browse(action["res_id"])
        for move in return_picking.move_ids:
            move.quantity = quantities.get(move.product_id, 0.0)
            move.picked = True
        return_picking.button_validate()
        return return_picking

    @classmethod
    def _create_case(cls, order, complaint_type, lines, **vals):
        """``lines``: (product, claimed_qty) or (product, claimed_qty, extra_vals)."""
        line_cmds = []
        for line in lines:
            product, qty, *extra = line
            line_cmds.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "claimed_qty": qty,
                        **(extra[0] if extra else {}),
                    }
                )
            )
        return cls.env["complaint.case"].create(
            {
                "partner_id": (order.partner_id if order else cls.customer).id,
                "sale_order_id": order.id if order else False,
                "complaint_type": complaint_type,
                "line_ids": line_cmds,
                **vals,
            }
        )
