from odoo import api, fields, models


class ComplaintStageLog(models.Model):
    _name = "complaint.stage.log"
    _inherit = ["complaint.process.record.mixin"]
    _description = "Complaint Stage History"
    _order = "date_in, id"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, precompute=True
    )
    stage_id = fields.Many2one("complaint.stage", required=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", string="Handler")
    date_in = fields.Datetime(required=True)
    date_out = fields.Datetime()
    date_deadline = fields.Datetime(string="Deadline")
    on_time = fields.Boolean(
        compute="_compute_on_time",
        store=True,
        precompute=True,
        help="Left the stage before its deadline (or the stage has no deadline).",
    )

    @api.depends("date_out", "date_deadline")
    def _compute_on_time(self):
        for log in self:
            log.on_time = bool(
                log.date_out
                and (not log.date_deadline or log.date_out <= log.date_deadline)
            )
