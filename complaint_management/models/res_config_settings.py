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
    complaint_portal_hourly_limit = fields.Integer(
        related="company_id.complaint_portal_hourly_limit", readonly=False
    )
    complaint_reminder_hours = fields.Float(
        related="company_id.complaint_reminder_hours", readonly=False
    )
    # E-mail intake: the alias shows with mail's alias_domain_id (the company's).
    complaint_alias_name = fields.Char(
        string="Complaint Alias",
        compute="_compute_complaint_alias_name",
        store=True,
        readonly=False,
        help="Each new mail to this address becomes a complaint of the company. "
        "Empty: no complaints by e-mail.",
    )

    @api.depends("company_id")
    def _compute_complaint_alias_name(self):
        for settings in self:
            settings.complaint_alias_name = (
                settings.company_id.sudo().complaint_alias_id.alias_name
            )

    def set_values(self):
        res = super().set_values()
        for settings in self:
            settings.company_id._complaint_alias_update(settings.complaint_alias_name)
        return res
