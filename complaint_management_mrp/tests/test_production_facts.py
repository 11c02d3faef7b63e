from odoo import Command
from odoo.tests import Form

from odoo.addons.complaint_management.tests.common import ComplaintCommon


class TestProductionFacts(ComplaintCommon):
    """The investigation report's production facts come from the
    manufacturing order that produced the lot complained about."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.blank = cls._create_product("Valve Blank VB-0")
        cls._put_in_stock(cls.blank, 100)
        cls.valve = cls._create_product("Pressure Valve PV-9", tracking="lot")
        cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.valve.product_tmpl_id.id,
                "product_qty": 1,
                "type": "normal",
                "bom_line_ids": [
                    Command.create({"product_id": cls.blank.id, "product_qty": 1})
                ],
            }
        )
        cls.foreman = cls._create_employee_user(
            "workshop_foreman", cls.dept_quality, "mrp.group_mrp_user"
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "PV-2026-11-A", "product_id": cls.valve.id}
        )
        production_form = Form(cls.env["mrp.production"])
        production_form.product_id = cls.valve
        production_form.product_qty = 5
        production = production_form.save()
        production.user_id = cls.foreman
        production.action_confirm()
        production.lot_producing_id = cls.lot
        production.qty_producing = 5
        production.move_raw_ids.picked = True
        production.button_mark_done()
        cls.production = production
        cls.order = cls._create_order([(cls.valve, 5)])
        cls._deliver(cls.order.picking_ids, {cls.valve: 5}, lots={cls.valve: cls.lot})

    def test_prefilled_from_the_manufacturing_order(self):
        self.assertEqual(self.production.state, "done")
        case = self._create_case(
            self.order, "quality", [(self.valve, 1, {"lot_id": self.lot.id})]
        )
        warehouse = self.production.picking_type_id.warehouse_id
        self.assertRecordValues(
            case,
            [
                {
                    "production_unit": warehouse.name,
                    "production_operator": self.foreman.name,
                    "production_date": self.production.date_finished.date(),
                    "production_shift": False,
                }
            ],
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.action_report_complaint_investigation", case.ids
            )[0]
            .decode()
        )
        self.assertIn("Production Unit", html)
        self.assertIn(self.foreman.name, html)
        # The handler corrects them; a correction stays.
        case.write(
            {"production_unit": "Workshop 2", "production_shift": "Line 3 / night"}
        )
        case.line_ids.write({"description": "Leaks at the seat."})
        self.assertEqual(case.production_unit, "Workshop 2")

    def test_machines_from_the_work_orders(self):
        """机班别: the work centres of the order's operations are the
        machines; the shift is left to the handler."""
        press = self.env["mrp.workcenter"].create({"name": "Press P-2"})
        lathe = self.env["mrp.workcenter"].create({"name": "Lathe L-5"})
        seat = self._create_product("Valve Seat VS-3", tracking="lot")
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": seat.product_tmpl_id.id,
                "product_qty": 1,
                "type": "normal",
                "bom_line_ids": [
                    Command.create({"product_id": self.blank.id, "product_qty": 1})
                ],
                "operation_ids": [
                    Command.create({"name": "Press", "workcenter_id": press.id}),
                    Command.create({"name": "Turn", "workcenter_id": lathe.id}),
                ],
            }
        )
        lot = self.env["stock.lot"].create(
            {"name": "VS-2026-11-B", "product_id": seat.id}
        )
        production = self.env["mrp.production"].create(
            {"product_id": seat.id, "product_qty": 2, "bom_id": bom.id}
        )
        production.action_confirm()
        production.lot_producing_id = lot
        production.qty_producing = 2
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(len(production.workorder_ids), 2)
        order = self._create_order([(seat, 2)])
        self._deliver(order.picking_ids, {seat: 2}, lots={seat: lot})
        case = self._create_case(order, "quality", [(seat, 1, {"lot_id": lot.id})])
        self.assertEqual(case.production_shift, "Press P-2, Lathe L-5")
        self.assertEqual(
            case.production_unit, production.picking_type_id.warehouse_id.name
        )
        # The handler adds the shift; it stays.
        case.production_shift = "Press P-2, night shift"
        case.line_ids.write({"description": "Seat cracked."})
        self.assertEqual(case.production_shift, "Press P-2, night shift")

    def test_no_manufacturing_order_nothing_filled(self):
        case = self._create_case(self.order, "quality", [(self.valve, 1)])
        self.assertFalse(case.production_unit)
        self.assertFalse(case.production_date)
