from odoo import api, fields, models


class ComplaintAction(models.Model):
    _name = "complaint.action"
    _inherit = ["mail.activity.mixin", "complaint.case.child.mixin"]
    _description = "Complaint Corrective or Preventive Action"
    _order = "date_deadline, id"
    _complaint_part = "actions"

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
    date_done = fields.Date(
        compute="_compute_date_done", store=True, readonly=True, precompute=True
    )

    @api.depends("state")
    def _compute_date_done(self):
        for action in self:
            if action.state != "done":
                action.date_done = False
            elif not action.date_done:
                action.date_done = fields.Date.context_today(action)

    # The mixin's checks keep the persons complained about out (回避).
    @api.model_create_multi
    def create(self, vals_list):
        self._check_child_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_child_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_check_case(self):
        self._check_case_change(self.case_id)

    def action_done(self):
        self.state = "done"
