from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .complaint_input import MAX_NUMBER, check_plausible

# Settings that are durations or counts: bounds of what a person can mean.
LIMIT_FIELDS = {
    "complaint_limit_register_hours": 24 * 30,
    "complaint_limit_contact_days": 365,
    "complaint_limit_answer_days": 365,
    "complaint_limit_solution_days": 365,
    "complaint_limit_close_general_days": 365,
    "complaint_limit_close_complex_days": 365,
    "complaint_limit_close_special_days": 365,
    "complaint_limit_followup_days": 365,
    "complaint_escalation_delay": 365,
    "complaint_repeat_days": 3650,
    "complaint_reminder_hours": 24 * 30,
    "complaint_followups_quality": 20,
    "complaint_followups_service": 20,
    "complaint_portal_hourly_limit": 1000,
}
# Months of case-number ranges made ahead (see _complaint_sequence).
RANGE_MONTHS_AHEAD = 24


class ResCompany(models.Model):
    _inherit = "res.company"

    # Approval (核决权限) tiers
    complaint_approval_limit = fields.Monetary(
        currency_field="currency_id",
        default=5000.0,
        help="Remedies worth more than this need an approval (核决权限).",
    )
    complaint_officer_approval_limit = fields.Monetary(
        currency_field="currency_id",
        default=20000.0,
        help="Complaint Officers approve remedies up to this value; above it, a "
        "Complaint Manager approves.",
    )
    # Time limits (处理时限), counted from the receipt of the complaint
    complaint_limit_register_hours = fields.Float(
        string="Register Within (hours)", default=24.0
    )
    complaint_limit_contact_days = fields.Float(
        string="First Contact Within (working days)", default=1.0
    )
    complaint_limit_answer_days = fields.Float(
        string="Answer Within (working days)", default=5.0
    )
    complaint_limit_solution_days = fields.Float(
        string="Solution Within (working days)", default=3.0
    )
    complaint_limit_close_general_days = fields.Float(
        string="Close General Cases Within (working days)", default=3.0
    )
    complaint_limit_close_complex_days = fields.Float(
        string="Close Complex Cases Within (working days)", default=5.0
    )
    complaint_limit_close_special_days = fields.Float(
        string="Close Special Cases Within (working days)", default=10.0
    )
    complaint_limit_followup_days = fields.Float(
        string="Follow Up Within (working days after execution)", default=5.0
    )
    complaint_escalation_delay = fields.Integer(
        string="Escalation Delay (working days)",
        default=2,
        help="A time limit still overdue this many working days after it was "
        "due is escalated from the department manager to the Complaint "
        "Managers.",
    )
    complaint_report_review = fields.Boolean(
        string="Review Investigation Reports",
        default=True,
        help="审核: before Submit Report, Quality Management reviews the "
        "investigation report and the supervisor (the head of the responsible "
        "department, or a Complaint Manager) approves it; either may refuse it "
        "with a reason.",
    )
    complaint_review_department_id = fields.Many2one(
        "hr.department",
        string="Reviewing Department",
        help="The department whose members review the reports (Quality "
        "Management). Empty: the Complaint Officers review them.",
    )
    complaint_repeat_days = fields.Integer(
        string="Repeat Window (days)",
        default=180,
        help="A complaint of a customer about a product (and lot) it complained "
        "about within this many days before is linked to those complaints and "
        "flagged as a repeat. 0: no repeat detection.",
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
    complaint_portal_hourly_limit = fields.Integer(
        string="Portal Complaints per Customer per Hour",
        default=5,
        help="How many complaints one customer may register on the portal in "
        "an hour; more are refused until the hour has passed. 0: no limit.",
    )
    # E-mail intake (complaint_case_mail.py)
    complaint_alias_id = fields.Many2one(
        "mail.alias",
        copy=False,
        ondelete="set null",
        groups="base.group_user",
        help="The address customers mail their complaints to: each new mail "
        "becomes a complaint of this company (Settings).",
    )

    @api.constrains(*LIMIT_FIELDS)
    def _check_complaint_limits(self):
        for company in self:
            for fname, maximum in LIMIT_FIELDS.items():
                if not 0 <= company[fname] <= maximum:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be between 0 and %(max)s (%(value)s).",
                            setting=self._fields[fname].get_description(self.env)[
                                "string"
                            ],
                            max=maximum,
                            value=company[fname],
                        )
                    )

    @api.constrains("complaint_approval_limit", "complaint_officer_approval_limit")
    def _check_complaint_approval_limits(self):
        for company in self:
            if not (
                0
                <= company.complaint_approval_limit
                <= company.complaint_officer_approval_limit
                <= MAX_NUMBER
            ):
                raise ValidationError(
                    self.env._(
                        "The approval limits of %(company)s must satisfy 0 ≤ "
                        "approval needed above (%(limit)s) ≤ officers approve up to "
                        "(%(officer)s).",
                        company=company.name,
                        limit=company.complaint_approval_limit,
                        officer=company.complaint_officer_approval_limit,
                    )
                )

    # ------------------------------------------------------------------
    # E-mail intake: the company's complaint alias
    # ------------------------------------------------------------------
    def _complaint_alias_update(self, alias_name):
        """Receive complaints at ``alias_name``@ the company's alias domain
        (a new mail there becomes a complaint of the company), or at no
        address when ``alias_name`` is empty. The company keeps its one alias
        record: renamed, moved to the company's current domain, or left
        without a name (it then receives nothing)."""
        self.ensure_one()
        # sudo: aliases are technical records; Settings decide who changes them.
        Alias = self.env["mail.alias"].sudo()
        alias = self.sudo().complaint_alias_id
        name = Alias._sanitize_alias_name(alias_name)
        if not name:
            if alias.alias_name:
                alias.alias_name = False
            return alias
        domain = self.alias_domain_id
        if not domain:
            if alias.alias_name == name:
                # The domain was removed: the alias stays where it was.
                return alias
            raise UserError(
                self.env._(
                    "Complaints by e-mail need an alias domain for %(company)s: "
                    "set one in Settings (General Settings, Alias Domain) before "
                    "the complaint alias %(alias)s.",
                    company=self.name,
                    alias=name,
                )
            )
        if alias:
            if (alias.alias_name, alias.alias_domain_id) != (name, domain):
                alias.write({"alias_name": name, "alias_domain_id": domain.id})
            return alias
        alias = Alias.create(
            {
                "alias_name": name,
                "alias_domain_id": domain.id,
                "alias_model_id": self.env["ir.model"]._get_id("complaint.case"),
                "alias_defaults": repr({"company_id": self.id}),
                # Customers are outside the company: anybody may write.
                "alias_contact": "everyone",
            }
        )
        self.sudo().complaint_alias_id = alias
        return alias

    # ------------------------------------------------------------------
    # Case numbers 编号: KS + year + month + serial, e.g. KS202611-0001
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_complaint_settings(vals)
        companies = super().create(vals_list)
        # Each company numbers its complaints from its first day.
        companies._complaint_sequence()
        return companies

    def write(self, vals):
        self._check_complaint_settings(vals)
        return super().write(vals)

    @api.model
    def _check_complaint_settings(self, vals):
        check_plausible(
            self, {k: v for k, v in vals.items() if k.startswith("complaint_")}
        )

    def _complaint_sequence(self):
        """The company's sequence of case numbers, with monthly date ranges
        (the serial restarts every month) made ahead, so that concurrent
        registrations never create the same month twice."""
        self.ensure_one()
        # sudo: sequences are technical records users do not manage.
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "complaint.case"), ("company_id", "=", self.id)], limit=1
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Complaint number (%s)", self.name),
                    "code": "complaint.case",
                    "company_id": self.id,
                    "prefix": "KS%(range_year)s%(range_month)s-",
                    "padding": 4,
                    "use_date_range": True,
                }
            )
            self._complaint_ranges(sequence, fields.Date.context_today(self), True)
        return sequence

    def _complaint_ranges(self, sequence, date, ahead=False):
        """Create the monthly ranges of ``sequence`` from the month of ``date``
        (and ``RANGE_MONTHS_AHEAD`` months after it) that do not exist yet."""
        months = []
        month = date.replace(day=1)
        for _i in range(RANGE_MONTHS_AHEAD if ahead else 1):
            months.append(month)
            month = (month.replace(day=28) + fields.date.resolution * 4).replace(day=1)
        existing = {r.date_from for r in sequence.date_range_ids}
        self.env["ir.sequence.date_range"].sudo().create(
            [
                {
                    "sequence_id": sequence.id,
                    "date_from": start,
                    "date_to": (
                        start.replace(day=28) + fields.date.resolution * 4
                    ).replace(day=1)
                    - fields.date.resolution,
                }
                for start in months
                if start not in existing
            ]
        )

    def _next_complaint_number(self, date):
        self.ensure_one()
        day = fields.Date.to_date(date)
        # The sequence and its range of the month in one query: every
        # registration asks.
        self.env.cr.execute(
            SQL(
                """SELECT s.id, r.id
                     FROM ir_sequence s
                LEFT JOIN ir_sequence_date_range r
                       ON r.sequence_id = s.id AND r.date_from <= %(day)s
                      AND r.date_to >= %(day)s
                    WHERE s.code = 'complaint.case' AND s.company_id = %(company)s
                      AND s.active
                 ORDER BY s.id, r.date_from DESC
                    LIMIT 1""",
                day=day,
                company=self.id,
            )
        )
        sequence_id, range_id = self.env.cr.fetchone() or (None, None)
        if not range_id:
            # No sequence yet, or a month not made ahead (an old receipt date,
            # or the cron did not run): serialize its creation on the sequence
            # row. A concurrent registration waits for the lock, then finds the
            # row changed: its request is retried by Odoo and finds the range.
            sequence = self._complaint_sequence()
            self.env.cr.execute(
                SQL("SELECT 1 FROM ir_sequence WHERE id = %s FOR UPDATE", sequence.id)
            )
            self._complaint_ranges(sequence, day, ahead=True)
            self.env.cr.execute(
                SQL(
                    "UPDATE ir_sequence SET write_date = now() at time zone 'UTC' "
                    "WHERE id = %s",
                    sequence.id,
                )
            )
            sequence.invalidate_recordset(["date_range_ids"])
            range_id = sequence.date_range_ids.filtered(
                lambda r: r.date_from <= day <= r.date_to
            )[:1].id
        # sudo: every registering user needs a number, not access to sequences.
        date_range = self.env["ir.sequence.date_range"].sudo().browse(range_id)
        return date_range.with_context(
            ir_sequence_date=day, ir_sequence_date_range=date_range.date_from
        )._next()

    @api.model
    def _cron_complaint_number_ranges(self):
        """Monthly: keep the number ranges made ahead for every company."""
        today = fields.Date.context_today(self)
        # A handful of companies.
        for company in self.search([]):  # pylint: disable=no-search-all
            company._complaint_ranges(company._complaint_sequence(), today, True)
