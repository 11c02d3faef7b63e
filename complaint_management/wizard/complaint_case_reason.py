from odoo import fields, models
from odoo.exceptions import UserError

from ..models.complaint_process import TRANSITIONS_BY_NAME


class ComplaintCaseReason(models.TransientModel):
    _name = "complaint.case.reason"
    _description = "Reason for a Step of a Complaint"

    case_id = fields.Many2one("complaint.case", required=True, ondelete="cascade")
    mode = fields.Selection(
        [
            ("reject", "Not Accepted"),
            ("cancel", "Cancel"),
            ("customer_refuses", "Customer Refuses"),
            ("refuse_review", "Report Refused"),
        ],
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason."))
        # Each mode is a transition; its reason is the input the transition needs.
        needs = TRANSITIONS_BY_NAME[self.mode].needs
        self.case_id._run_transition(self.mode, **{needs: self.reason})
        return {"type": "ir.actions.act_window_close"}
