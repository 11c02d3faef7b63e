from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_approval_limit = fields.Monetary(
        related="company_id.complaint_approval_limit", readonly=False
    )
    complaint_escalation_delay = fields.Integer(
        related="company_id.complaint_escalation_delay", readonly=False
    )
    complaint_followups_quality = fields.Integer(
        related="company_id.complaint_followups_quality", readonly=False
    )
    complaint_followups_service = fields.Integer(
        related="company_id.complaint_followups_service", readonly=False
    )
    complaint_reminder_hours = fields.Float(
        related="company_id.complaint_reminder_hours", readonly=False
    )
