from odoo import api, fields, models


class ComplaintAction(models.Model):
    _name = "complaint.action"
    _description = "Complaint Corrective or Preventive Action"
    _inherit = ["mail.activity.mixin"]
    _order = "date_deadline, id"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    name = fields.Char(string="Action", required=True)
    action_type = fields.Selection(
        [("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, default=lambda self: self.env.user
    )
    date_deadline = fields.Date(string="Deadline", required=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancel", "Cancelled")],
        default="open",
        required=True,
    )
    date_done = fields.Date(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        actions._set_date_done()
        return actions

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            self._set_date_done()
        return res

    def _set_date_done(self):
        for action in self:
            today = fields.Date.context_today(action)
            date_done = today if action.state == "done" else False
            if action.date_done != date_done:
                super(ComplaintAction, action).write({"date_done": date_done})
        return True

    def action_done(self):
        self.state = "done"
