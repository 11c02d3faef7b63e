from odoo import api, fields, models

from .complaint_input import check_plausible


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_plausible(
                self, {k: v for k, v in vals.items() if k.startswith("complaint_")}
            )
        return super().create(vals_list)

    complaint_approval_limit = fields.Monetary(
        related="company_id.complaint_approval_limit", readonly=False
    )
    complaint_officer_approval_limit = fields.Monetary(
        related="company_id.complaint_officer_approval_limit", readonly=False
    )
    complaint_limit_register_hours = fields.Float(
        related="company_id.complaint_limit_register_hours", readonly=False
    )
    complaint_limit_contact_days = fields.Float(
        related="company_id.complaint_limit_contact_days", readonly=False
    )
    complaint_limit_answer_days = fields.Float(
        related="company_id.complaint_limit_answer_days", readonly=False
    )
    complaint_limit_solution_days = fields.Float(
        related="company_id.complaint_limit_solution_days", readonly=False
    )
    complaint_limit_close_general_days = fields.Float(
        related="company_id.complaint_limit_close_general_days", readonly=False
    )
    complaint_limit_close_complex_days = fields.Float(
        related="company_id.complaint_limit_close_complex_days", readonly=False
    )
    complaint_limit_close_special_days = fields.Float(
        related="company_id.complaint_limit_close_special_days", readonly=False
    )
    complaint_limit_followup_days = fields.Float(
        related="company_id.complaint_limit_followup_days", readonly=False
    )
    complaint_escalation_delay = fields.Integer(
        related="company_id.complaint_escalation_delay", readonly=False
    )
    complaint_followups_quality = fields.Integer(
        related="company_id.complaint_followups_quality", readonly=False
    )
    complaint_repeat_days = fields.Integer(
        related="company_id.complaint_repeat_days", readonly=False
    )
    complaint_report_review = fields.Boolean(
        related="company_id.complaint_report_review", readonly=False
    )
    complaint_review_department_id = fields.Many2one(
        related="company_id.complaint_review_department_id", readonly=False
    )
    complaint_followups_service = fields.Integer(
        related="company_id.complaint_followups_service", readonly=False
    )
    complaint_reminder_hours = fields.Float(
        related="company_id.complaint_reminder_hours", readonly=False
    )
