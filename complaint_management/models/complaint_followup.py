from odoo import api, fields, models

SATISFIED_FROM = 3


class ComplaintFollowup(models.Model):
    _name = "complaint.followup"
    _description = "Complaint Follow-up Visit"
    _order = "date, id"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    method = fields.Selection(
        [
            ("phone", "Phone"),
            ("visit", "Visit"),
            ("email", "Email"),
            ("wechat", "WeChat"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
    )
    user_id = fields.Many2one(
        "res.users", string="Visited By", default=lambda self: self.env.user
    )
    satisfaction = fields.Selection(
        [
            ("1", "Very Unsatisfied"),
            ("2", "Unsatisfied"),
            ("3", "Satisfied"),
            ("4", "Quite Satisfied"),
            ("5", "Very Satisfied"),
        ],
        required=True,
    )
    satisfied = fields.Boolean(compute="_compute_satisfied", store=True)
    comment = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        followups = super().create(vals_list)
        followups.filtered(lambda f: not f.satisfied).case_id._reopen_unsatisfied()
        return followups

    @api.depends("satisfaction")
    def _compute_satisfied(self):
        for followup in self:
            followup.satisfied = int(followup.satisfaction or 0) >= SATISFIED_FROM
