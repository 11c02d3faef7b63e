from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    complaint_ids = fields.One2many(
        "complaint.case", "sale_order_id", string="Complaints"
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    def _compute_complaint_count(self):
        counts = self.env["complaint.case"]._count_cases_by("sale_order_id", self)
        for order in self:
            order.complaint_count = counts.get(order._origin.id, 0)

    def action_new_complaint(self):
        self.ensure_one()
        if self.state != "sale":
            raise UserError(
                self.env._(
                    "Sale order %(order)s is not confirmed: a quotation is not a "
                    "contract, confirm it before registering a complaint.",
                    order=self.name,
                )
            )
        return self.env["complaint.case"]._action_new_case(self)

    @api.readonly
    def action_view_complaints(self):
        self.ensure_one()
        return self.env["complaint.case"]._action_view_cases(
            [("sale_order_id", "=", self.id)],
            {
                "default_sale_order_id": self.id,
                "default_partner_id": self.partner_id.id,
            },
        )

    def _check_complaint_access(self):
        if not self.env.user.has_group("complaint_management.group_complaint_user"):
            raise AccessError(
                self.env._(
                    "You are not allowed to open complaints: ask your manager for "
                    "access to the Complaints app."
                )
            )
