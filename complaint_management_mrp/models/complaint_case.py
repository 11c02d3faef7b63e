from odoo import api, models


class ComplaintCase(models.Model):
    """提报生产单位、机班别、生产人员及生产日期: the production facts of the
    investigation report, prefilled from the manufacturing order that produced
    the lot complained about: its warehouse, the work centres of its
    operations, its responsible and its date (the handler completes or
    corrects them)."""

    _inherit = "complaint.case"

    @api.depends("line_ids.lot_id")
    def _compute_production_facts(self):
        super()._compute_production_facts()
        lots = self.line_ids.lot_id
        if not lots:
            return
        # sudo: where and when goods were made is read for the report.
        productions = (
            self.env["mrp.production"]
            .sudo()
            .search(
                [("lot_producing_id", "in", lots.ids), ("state", "=", "done")],
                order="date_finished desc, id desc",
            )
        )
        by_lot = {}
        for production in productions:
            by_lot.setdefault(production.lot_producing_id, production)
        for case in self:
            production = next(
                (by_lot[lot] for lot in case.line_ids.lot_id if lot in by_lot), None
            )
            if not production:
                continue
            if not case.production_unit:
                case.production_unit = (
                    production.picking_type_id.warehouse_id.name or False
                )
            if not case.production_shift:
                # 机班别: the machines are the work centres of its operations;
                # the shift is not recorded by Odoo, the handler adds it.
                centers = production.workorder_ids.workcenter_id
                case.production_shift = ", ".join(centers.mapped("name")) or False
            if not case.production_operator:
                case.production_operator = production.user_id.name or False
            if not case.production_date and production.date_finished:
                case.production_date = production.date_finished.date()
