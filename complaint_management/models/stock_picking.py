from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    complaint_count = fields.Integer(compute="_compute_complaint_count")

    def _compute_complaint_count(self):
        counts = self.env["complaint.case"]._count_cases_by("picking_ids", self)
        for picking in self:
            picking.complaint_count = counts.get(picking._origin.id, 0)

    def action_new_complaint(self):
        self.ensure_one()
        if (
            self.picking_type_code != "outgoing"
            or self.state != "done"
            or not self.sale_id
        ):
            raise UserError(
                self.env._(
                    "Transfer %(picking)s is not a done delivery of a sale order: "
                    "complaints are registered on the customer's deliveries.",
                    picking=self.name,
                )
            )
        sale_lines = self.move_ids.sale_line_id
        return self.env["complaint.case"]._action_new_case(
            self.sale_id, pickings=self, sale_lines=sale_lines
        )

    @api.readonly
    def action_view_complaints(self):
        self.ensure_one()
        return self.env["complaint.case"]._action_view_cases(
            [("picking_ids", "in", self.ids)], {}
        )
