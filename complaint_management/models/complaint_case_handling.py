"""The handling of a complaint case (SPEC §2.3–§2.9): investigation report,
solution and its approval (核决权限), reply, follow-up; the facts the process
records. The steps are run by complaint_case_process.py."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

from .complaint_case import INTERNAL, TYPES


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    complexity = fields.Selection(
        [("general", "General"), ("complex", "Complex"), ("special", "Special")],
        default="general",
        required=True,
        tracking=True,
        groups=INTERNAL,
        help="General cases close within 3 working days of receipt, complex "
        "ones within 5, special ones within 10 (configurable per company).",
    )
    complained_user_ids = fields.Many2many(
        "res.users",
        "complaint_case_complained_user_rel",
        "case_id",
        "user_id",
        string="Persons Complained About",
        tracking=True,
        groups=INTERNAL,
        help="They may neither handle the case, approve its solution, edit its "
        "investigation report nor receive its escalations (回避). Only "
        "Complaint Officers edit this list.",
    )
    date_accepted = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    date_first_contact = fields.Datetime(
        string="Customer Contacted On", readonly=True, copy=False, groups=INTERNAL
    )
    reject_reason = fields.Text(readonly=True, tracking=True, copy=False)
    cancel_reason = fields.Text(
        readonly=True, tracking=True, copy=False, groups=INTERNAL
    )
    # Opinions on the record card (客户投诉记录卡)
    sales_opinion = fields.Text(string="Sales Unit Opinion", groups=INTERNAL)
    quality_opinion = fields.Text(string="Quality Management Opinion", groups=INTERNAL)
    handling_opinion = fields.Text(string="Handling Unit Opinion", groups=INTERNAL)
    # Investigation report (投诉调查报告)
    cause_id = fields.Many2one("complaint.cause", tracking=True, groups=INTERNAL)
    cause_detail = fields.Text(tracking=True, groups=INTERNAL)
    course_of_events = fields.Text(
        string="Course of Events", tracking=True, groups=INTERNAL
    )
    # 审核: the review of the report (complaint_process: review_report,
    # approve_report, refuse_review).
    report_reviewed_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    date_report_reviewed = fields.Datetime(
        string="Report Reviewed On", readonly=True, copy=False, groups=INTERNAL
    )
    report_approved_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    date_report_approved = fields.Datetime(
        string="Report Approved On", readonly=True, copy=False, groups=INTERNAL
    )
    review_refusal_note = fields.Text(
        string="Report Refused Because",
        readonly=True,
        copy=False,
        tracking=True,
        groups=INTERNAL,
    )
    report_review_required = fields.Boolean(
        related="company_id.complaint_report_review", groups=INTERNAL
    )
    # 提报生产单位、机班别、生产人员及生产日期: the production facts of the
    # goods complained about (prefilled from the manufacturing order of the
    # lot when complaint_management_mrp is installed).
    production_unit = fields.Char(
        compute="_compute_production_facts",
        store=True,
        readonly=False,
        tracking=True,
        groups=INTERNAL,
        help="The unit (workshop, plant) that produced the goods.",
    )
    production_shift = fields.Char(
        string="Machine / Shift",
        compute="_compute_production_facts",
        store=True,
        readonly=False,
        tracking=True,
        groups=INTERNAL,
        help="The machines (work centres) and the shift that produced the " "goods.",
    )
    production_operator = fields.Char(
        string="Production Staff",
        compute="_compute_production_facts",
        store=True,
        readonly=False,
        tracking=True,
        groups=INTERNAL,
    )
    production_date = fields.Date(
        compute="_compute_production_facts",
        store=True,
        readonly=False,
        tracking=True,
        groups=INTERNAL,
    )
    responsible_employee_ids = fields.Many2many(
        "hr.employee",
        "complaint_case_responsible_employee_rel",
        "case_id",
        "employee_id",
        string="Responsible Persons",
        tracking=True,
        groups=INTERNAL,
    )
    responsible_department_ids = fields.Many2many(
        "hr.department",
        "complaint_case_responsible_department_rel",
        "case_id",
        "department_id",
        string="Responsible Departments",
        tracking=True,
        groups=INTERNAL,
    )
    conclusion = fields.Selection(
        [
            ("confirmed", "Confirmed"),
            ("partial", "Partly Confirmed"),
            ("unfounded", "Unfounded"),
        ],
        compute="_compute_conclusion",
        store=True,
        readonly=False,
        tracking=True,
        groups=INTERNAL,
    )
    countermeasures = fields.Text(tracking=True, groups=INTERNAL)
    preventive_measures = fields.Text(tracking=True, groups=INTERNAL)
    action_ids = fields.One2many(
        "complaint.action", "case_id", string="Actions", groups=INTERNAL
    )
    date_report = fields.Datetime(
        string="Report Date", readonly=True, copy=False, groups=INTERNAL
    )
    # Resolution (处理方案) and its approval (核决权限)
    remedy_ids = fields.One2many(
        "complaint.remedy", "case_id", string="Remedies", groups=INTERNAL
    )
    remedy_amount_total = fields.Monetary(
        string="Remedies Value",
        currency_field="currency_id",
        compute="_compute_remedy_amount_total",
        store=True,
        groups=INTERNAL,
    )
    approval_tier = fields.Selection(
        [
            ("none", "Not Needed"),
            ("officer", "Complaint Officer"),
            ("manager", "Complaint Manager"),
        ],
        string="Approved By Role",
        compute="_compute_approval_tier",
        groups=INTERNAL,
        help="Who approves remedies of this value: nobody up to the company's "
        "approval limit, a Complaint Officer up to the officers' limit, a "
        "Complaint Manager above.",
    )
    approval_required = fields.Boolean(
        compute="_compute_approval_tier", groups=INTERNAL
    )
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True, groups=INTERNAL
    )
    approved_amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The value of the remedies the approval was given for.",
    )
    date_approved = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    is_approved = fields.Boolean(
        string="Approved",
        compute="_compute_is_approved",
        groups=INTERNAL,
        help="Approved for the current value of the remedies.",
    )
    remedies_done = fields.Boolean(compute="_compute_remedies_done", groups=INTERNAL)
    # Reply (答复)
    reply_text = fields.Html(
        string="Reply",
        copy=False,
        groups=INTERNAL,
        help="Result of the investigation, the solution and the improvement "
        "measures, as written to the customer.",
    )
    reply_sent = fields.Html(
        readonly=True,
        copy=False,
        help="The reply as it was sent to the customer.",
    )
    date_replied = fields.Datetime(readonly=True, copy=False)
    reply_published = fields.Boolean(
        compute="_compute_reply_published",
        help="The reply sent to the customer is the current one: shown on the "
        "portal with its letter (not while the solution is being revised).",
    )
    customer_response = fields.Selection(
        [
            ("pending", "Awaiting Answer"),
            ("accepted", "Agreed"),
            ("refused", "Refused"),
        ],
        readonly=True,
        copy=False,
        tracking=True,
    )
    customer_response_note = fields.Text(
        string="Customer's Reason", readonly=True, copy=False, tracking=True
    )
    customer_response_partner_id = fields.Many2one(
        "res.partner",
        string="Answered By",
        readonly=True,
        copy=False,
        help="The customer's contact who answered the reply on the portal, or "
        "the user who recorded the customer's answer.",
    )
    date_customer_response = fields.Datetime(
        string="Answered On", readonly=True, copy=False
    )
    date_executed = fields.Datetime(
        string="Remedies Executed On", readonly=True, copy=False, groups=INTERNAL
    )
    # Follow-up (回访) and closure (结案)
    followup_ids = fields.One2many(
        "complaint.followup", "case_id", string="Follow-ups", groups=INTERNAL
    )
    followup_required = fields.Integer(
        string="Follow-ups Required",
        compute="_compute_followup_required",
        groups=INTERNAL,
    )
    followup_count = fields.Integer(
        string="Follow-ups Done",
        compute="_compute_followup_count",
        groups=INTERNAL,
        help="Visits since the case last went back in the process.",
    )
    reopen_count = fields.Integer(readonly=True, copy=False, groups=INTERNAL)
    date_reopened = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    date_closed = fields.Datetime(readonly=True, copy=False)
    stage_log_ids = fields.One2many(
        "complaint.stage.log",
        "case_id",
        string="Stage History",
        readonly=True,
        groups=INTERNAL,
    )

    @api.constrains("user_id", "approved_by_id", "complained_user_ids")
    def _check_recusal(self):
        """被投诉人应当回避: the persons complained about neither handle nor
        approve the case; who approved the solution does not handle it."""
        for case in self:
            if case.approved_by_id and case.approved_by_id == case.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s approved the solution of %(case)s and may not "
                        "handle it.",
                        user=case.user_id.name,
                        case=case.name,
                    )
                )
            for role, user in (
                (self.env._("handle"), case.user_id),
                (self.env._("approve"), case.approved_by_id),
            ):
                if user and user in case.complained_user_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s is a person complained about in %(case)s and "
                            "may not %(role)s it.",
                            user=user.name,
                            case=case.name,
                            role=role,
                        )
                    )

    @api.constrains("user_id")
    def _check_handler(self):
        for case in self.filtered("user_id"):
            user = case.user_id
            if user.share or not user.has_group(
                "complaint_management.group_complaint_user"
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot handle complaint %(case)s: the handler is an "
                        "employee with access to the Complaints app.",
                        user=user.name,
                        case=case.name,
                    )
                )

    @api.depends("verification_state")
    def _compute_conclusion(self):
        for case in self:
            if not case.conclusion and case.verification_state != "to_check":
                case.conclusion = case.verification_state

    @api.depends("date_replied", "stage_step")
    def _compute_reply_published(self):
        for case in self:
            case.reply_published = bool(
                case.date_replied
                and case.stage_step in ("reply", "execute", "followup", "closed")
            )

    @api.depends("remedy_ids.amount", "remedy_ids.state")
    def _compute_remedy_amount_total(self):
        for case in self:
            # What was promised, whether or not a document of it was cancelled.
            case.remedy_amount_total = sum(case.remedy_ids.mapped("amount"))

    @api.depends(
        "remedy_amount_total",
        "currency_id",
        "company_id.complaint_approval_limit",
        "company_id.complaint_officer_approval_limit",
    )
    def _compute_approval_tier(self):
        for case in self:
            company = case.company_id
            amount = case.remedy_amount_total
            if case._compare_limit(amount, company.complaint_approval_limit) <= 0:
                tier = "none"
            elif (
                case._compare_limit(amount, company.complaint_officer_approval_limit)
                <= 0
            ):
                tier = "officer"
            else:
                tier = "manager"
            case.approval_tier = tier
            case.approval_required = tier != "none"

    def _compare_limit(self, amount, limit):
        """Compare ``amount`` (case currency) with a company ``limit``."""
        company = self.company_id
        limit = company.currency_id._convert(
            limit, self.currency_id, company, fields.Date.context_today(self)
        )
        return self.currency_id.compare_amounts(amount, limit)

    @api.depends("approved_by_id", "approved_amount", "remedy_amount_total")
    def _compute_is_approved(self):
        for case in self:
            case.is_approved = bool(
                case.approved_by_id
                and not case.currency_id.compare_amounts(
                    case.approved_amount, case.remedy_amount_total
                )
            )

    @api.depends("remedy_ids.state")
    def _compute_remedies_done(self):
        for case in self:
            remedies = case.remedy_ids
            case.remedies_done = bool(remedies) and all(
                r.state == "done" for r in remedies
            )

    @api.depends("complaint_type", "company_id")
    def _compute_followup_required(self):
        for case in self:
            company = case.company_id
            case.followup_required = (
                company.complaint_followups_quality
                if (TYPES.get(case.complaint_type) or TYPES["other"]).about_products
                else company.complaint_followups_service
            )

    @api.depends("followup_ids.process_round", "reopen_count")
    def _compute_followup_count(self):
        for case in self:
            case.followup_count = len(case._current_followups())

    def _is_contacted(self):
        return bool(self.date_first_contact)

    def _is_approved(self):
        return self.is_approved

    def _current_followups(self):
        return self.followup_ids.filtered(
            lambda f: f.process_round == self.reopen_count
        )

    def _clear_approval(self, reason):
        """Any change of the remedies after the approval voids it."""
        for case in self.filtered("approved_by_id"):
            case._process_write(
                {
                    "approved_by_id": False,
                    "approved_amount": 0.0,
                    "date_approved": False,
                }
            )
            case._message_log(
                body=self.env._(
                    "The approval of the solution is cleared: %(reason)s",
                    reason=reason,
                )
            )

    def _format_amount(self, amount):
        return format_amount(self.env, amount, self.currency_id)

    @api.depends("line_ids.lot_id")
    def _compute_production_facts(self):
        """Kept as given here; complaint_management_mrp fills them from the
        manufacturing order of the lot."""
        for case in self:
            case.production_unit = case.production_unit
            case.production_shift = case.production_shift
            case.production_operator = case.production_operator
            case.production_date = case.production_date
