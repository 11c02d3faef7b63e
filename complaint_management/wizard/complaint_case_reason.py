from odoo import fields, models
from odoo.exceptions import UserError

# The transition each mode runs, and the input its reason gives.
MODES = {
    "reject": "reject_reason",
    "cancel": "cancel_reason",
    "customer_refuses": "customer_response_note",
}


class ComplaintCaseReason(models.TransientModel):
    _name = "complaint.case.reason"
    _description = "Reason for a Step of a Complaint"

    case_id = fields.Many2one("complaint.case", required=True, ondelete="cascade")
    mode = fields.Selection(
        [
            ("reject", "Not Accepted"),
            ("cancel", "Cancel"),
            ("customer_refuses", "Customer Refuses"),
        ],
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason."))
        self.case_id._run_transition(self.mode, **{MODES[self.mode]: self.reason})
        return {"type": "ir.actions.act_window_close"}
