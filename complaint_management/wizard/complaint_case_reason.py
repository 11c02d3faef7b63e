from odoo import fields, models
from odoo.exceptions import UserError


class ComplaintCaseReason(models.TransientModel):
    _name = "complaint.case.reason"
    _description = "Reason to Reject or Cancel a Complaint"

    case_id = fields.Many2one("complaint.case", required=True, ondelete="cascade")
    mode = fields.Selection(
        [("reject", "Not Accepted"), ("cancel", "Cancel")], required=True
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason."))
        if self.mode == "reject":
            self.case_id._do_reject(self.reason)
        else:
            self.case_id._do_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
