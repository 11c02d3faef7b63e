from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_count = fields.Integer(compute="_compute_complaint_count")

    def _compute_complaint_count(self):
        # sudo: counts of the commercial entity's cases, shown to everyone who
        # sees the customer; opening them goes through the record rules.
        counts = self.env["complaint.case"]._count_cases_by(
            "commercial_partner_id", self.commercial_partner_id
        )
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.readonly
    def action_view_complaints(self):
        self.ensure_one()
        commercial = self.commercial_partner_id
        return self.env["complaint.case"]._action_view_cases(
            [("commercial_partner_id", "=", commercial.id)],
            {"default_partner_id": self.id},
        )
