from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_approval_limit = fields.Monetary(
        currency_field="currency_id",
        default=5000.0,
        help="Remedies worth more than this need a Complaint Manager's approval "
        "(核决权限).",
    )
    complaint_escalation_delay = fields.Integer(
        string="Escalation Delay (working days)",
        default=2,
        help="A case still overdue this many working days after its deadline is "
        "escalated from the department manager to the Complaint Officers.",
    )
    complaint_followups_quality = fields.Integer(
        string="Follow-ups for Product Complaints", default=2
    )
    complaint_followups_service = fields.Integer(
        string="Follow-ups for Service Complaints", default=1
    )
    complaint_reminder_hours = fields.Float(
        string="Reminder Before Deadline (working hours)", default=4.0
    )
