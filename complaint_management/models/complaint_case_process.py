"""The handling process of a complaint case: gates between the stages,
investigation report, resolution and approval, reply, execution, follow-up
and closure (SPEC §2). The case's data and verification live in
complaint_case.py; this file adds the process on top of it."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Which process steps a case may move to from each step. Moving back to
# investigation (reply refused, unsatisfied follow-up, reopening) and out of
# rejected/closed/cancelled are reopenings reserved to officers.
STEP_FLOW = {
    "register": ("accept", "rejected"),
    "accept": ("investigate", "rejected"),
    "investigate": ("solution",),
    "solution": ("reply", "investigate"),
    "reply": ("execute", "investigate", "solution"),
    "execute": ("followup",),
    "followup": ("closed", "investigate"),
    "closed": ("investigate",),
    "rejected": ("register",),
    "cancel": ("register",),
}
REOPENINGS = {
    ("solution", "investigate"),
    ("reply", "investigate"),
    ("reply", "solution"),
    ("followup", "investigate"),
    ("closed", "investigate"),
    ("rejected", "register"),
    ("cancel", "register"),
}
CLOSING_DAYS = {"general": 3, "complex": 5, "special": 10}
# SPEC §3: the customer gets an answer within 5 working days.
REPLY_DAYS = 5
PRODUCT_TYPES = (
    "quality",
    "specification",
    "quantity",
    "tolerance",
    "transport_damage",
    "packaging_damage",
)
REPORT_FIELDS = (
    "cause_id",
    "course_of_events",
    "responsible_department_ids",
    "conclusion",
    "countermeasures",
    "preventive_measures",
)


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    complexity = fields.Selection(
        [("general", "General"), ("complex", "Complex"), ("special", "Special")],
        default="general",
        required=True,
        tracking=True,
        help="General cases close within 3 working days of acceptance, complex "
        "ones within 5, special ones within 10.",
    )
    complained_user_ids = fields.Many2many(
        "res.users",
        "complaint_case_complained_user_rel",
        "case_id",
        "user_id",
        string="Persons Complained About",
        help="They may neither handle the case nor approve its solution (回避).",
        groups="base.group_user",
    )
    date_accepted = fields.Datetime(readonly=True, copy=False)
    date_close_deadline = fields.Datetime(
        string="Close Before",
        compute="_compute_date_close_deadline",
        store=True,
        help="Acceptance + 3, 5 or 10 working days by complexity.",
    )
    date_reply_expected = fields.Datetime(
        string="Reply Expected By",
        compute="_compute_date_reply_expected",
        store=True,
        help="Received + 5 working days: the date the customer is told to "
        "expect our answer.",
    )
    reject_reason = fields.Text(tracking=True, copy=False)
    cancel_reason = fields.Text(tracking=True, copy=False)
    # Opinions on the record card (客户投诉记录卡)
    sales_opinion = fields.Text(string="Sales Unit Opinion", groups="base.group_user")
    quality_opinion = fields.Text(
        string="Quality Management Opinion", groups="base.group_user"
    )
    handling_opinion = fields.Text(
        string="Handling Unit Opinion", groups="base.group_user"
    )
    # Investigation report (投诉调查报告)
    cause_id = fields.Many2one(
        "complaint.cause", tracking=True, groups="base.group_user"
    )
    cause_detail = fields.Text(groups="base.group_user")
    course_of_events = fields.Text(string="Course of Events", groups="base.group_user")
    responsible_employee_ids = fields.Many2many(
        "hr.employee",
        "complaint_case_responsible_employee_rel",
        "case_id",
        "employee_id",
        string="Responsible Persons",
        groups="base.group_user",
    )
    responsible_department_ids = fields.Many2many(
        "hr.department",
        "complaint_case_responsible_department_rel",
        "case_id",
        "department_id",
        string="Responsible Departments",
        groups="base.group_user",
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
    )
    countermeasures = fields.Text()
    preventive_measures = fields.Text()
    action_ids = fields.One2many(
        "complaint.action", "case_id", string="Actions", groups="base.group_user"
    )
    date_report = fields.Datetime(string="Report Date", readonly=True, copy=False)
    # Resolution (处理方案)
    remedy_ids = fields.One2many("complaint.remedy", "case_id", string="Remedies")
    remedy_amount_total = fields.Monetary(
        string="Remedies Value",
        currency_field="currency_id",
        compute="_compute_remedy_amount_total",
        store=True,
    )
    approval_required = fields.Boolean(compute="_compute_approval_required")
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    date_approved = fields.Datetime(readonly=True, copy=False)
    remedies_done = fields.Boolean(compute="_compute_remedies_done")
    # Reply (答复)
    reply_text = fields.Html(
        string="Reply",
        help="Result of the investigation, the solution and the improvement "
        "measures, as written to the customer.",
    )
    date_replied = fields.Datetime(readonly=True, copy=False)
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
    customer_response_note = fields.Text(copy=False)
    # Follow-up (回访) and closure (结案)
    followup_ids = fields.One2many("complaint.followup", "case_id", string="Follow-ups")
    followup_required = fields.Integer(
        string="Follow-ups Required", compute="_compute_followup_required"
    )
    reopen_count = fields.Integer(readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False)
    closed_on_time = fields.Boolean(readonly=True, copy=False)
    stage_log_ids = fields.One2many(
        "complaint.stage.log", "case_id", string="Stage History", readonly=True
    )

    @api.depends("date_accepted", "complexity", "company_id")
    def _compute_date_close_deadline(self):
        for case in self:
            if not case.date_accepted:
                case.date_close_deadline = False
                continue
            calendar = case.company_id.resource_calendar_id
            hours = CLOSING_DAYS[case.complexity] * (calendar.hours_per_day or 8)
            deadline = calendar.plan_hours(
                hours, case.date_accepted, compute_leaves=True
            )
            case.date_close_deadline = deadline and deadline.replace(tzinfo=None)

    @api.depends("date_received", "company_id")
    def _compute_date_reply_expected(self):
        for case in self:
            calendar = case.company_id.resource_calendar_id
            hours = REPLY_DAYS * (calendar.hours_per_day or 8)
            deadline = calendar.plan_hours(
                hours, case.date_received, compute_leaves=True
            )
            case.date_reply_expected = deadline and deadline.replace(tzinfo=None)

    @api.depends("verification_state")
    def _compute_conclusion(self):
        for case in self:
            if not case.conclusion and case.verification_state != "to_check":
                case.conclusion = case.verification_state

    @api.depends("remedy_ids.amount", "remedy_ids.state")
    def _compute_remedy_amount_total(self):
        for case in self:
            case.remedy_amount_total = sum(
                case.remedy_ids.filtered(lambda r: r.state != "cancel").mapped("amount")
            )

    @api.depends("remedy_amount_total", "company_id.complaint_approval_limit")
    def _compute_approval_required(self):
        for case in self:
            limit = case.company_id.currency_id._convert(
                case.company_id.complaint_approval_limit,
                case.currency_id,
                case.company_id,
                fields.Date.context_today(case),
            )
            case.approval_required = (
                case.currency_id.compare_amounts(case.remedy_amount_total, limit) > 0
            )

    @api.depends("remedy_ids.state")
    def _compute_remedies_done(self):
        for case in self:
            remedies = case.remedy_ids.filtered(lambda r: r.state != "cancel")
            case.remedies_done = bool(remedies) and all(
                r.state == "done" for r in remedies
            )

    @api.depends("complaint_type", "company_id")
    def _compute_followup_required(self):
        for case in self:
            company = case.company_id
            case.followup_required = (
                company.complaint_followups_quality
                if case.complaint_type in PRODUCT_TYPES
                else company.complaint_followups_service
            )

    # ------------------------------------------------------------------
    # Recusal (被投诉人应当回避)
    # ------------------------------------------------------------------
    @api.constrains("user_id", "approved_by_id", "complained_user_ids")
    def _check_recusal(self):
        for case in self:
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

    # ------------------------------------------------------------------
    # Stage changes: gates, history
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        cases._log_stage_entry()
        cases.filtered(lambda c: c.partner_id.email)._send_template(
            "complaint_management.mail_template_complaint_acknowledgement"
        )
        return cases

    def write(self, vals):
        if "stage_id" in vals:
            new_stage = self.env["complaint.stage"].browse(vals["stage_id"])
            changing = self.filtered(lambda c: c.stage_id != new_stage)
            for case in changing:
                case._check_stage_gate(new_stage)
            changing._log_stage_exit()
            reopened = changing.filtered(
                lambda c: (c.stage_step, new_stage.step) in REOPENINGS
            )
            res = super().write(vals)
            for case in reopened:
                case.reopen_count += 1
            changing._log_stage_entry()
            return res
        return super().write(vals)

    def _check_stage_gate(self, stage):
        """Refuse to move the case to ``stage`` unless the process allows it."""
        self.ensure_one()
        old, new = self.stage_step, stage.step
        if old == new:
            return
        if new != "cancel" and new not in STEP_FLOW.get(old, ()):
            raise UserError(
                self.env._(
                    "Complaint %(case)s cannot go from stage %(from)s to stage "
                    "%(to)s.",
                    case=self.name,
                    **{"from": self.stage_id.name},
                    to=stage.name,
                )
            )
        if (old, new) in REOPENINGS and not self._is_officer():
            raise AccessError(
                self.env._(
                    "Only Complaint Officers can send complaint %(case)s back from "
                    "%(from)s to %(to)s.",
                    case=self.name,
                    **{"from": self.stage_id.name},
                    to=stage.name,
                )
            )
        problems = getattr(self, f"_gate_{new}", lambda: [])()
        if problems:
            raise UserError(
                self.env._(
                    "Complaint %(case)s cannot move to %(stage)s yet:\n%(problems)s",
                    case=self.name,
                    stage=stage.name,
                    problems="\n".join(f"- {p}" for p in problems),
                )
            )

    def _gate_accept(self):
        problems = []
        if not self.department_id:
            problems.append(self.env._("set the responsible department"))
        if not self.user_id:
            problems.append(self.env._("set the handler"))
        return problems

    def _gate_rejected(self):
        if not (self.reject_reason or "").strip():
            return [self.env._("give the reason for not accepting it")]
        return []

    def _gate_cancel(self):
        if self.stage_step in ("closed", "rejected"):
            return [self.env._("it is already %(stage)s", stage=self.stage_id.name)]
        if not (self.cancel_reason or "").strip():
            return [self.env._("give the reason for cancelling it")]
        return []

    def _gate_solution(self):
        missing = [
            self._fields[fname].get_description(self.env)["string"]
            for fname in REPORT_FIELDS
            if not self[fname]
        ]
        if missing:
            return [
                self.env._(
                    "complete the investigation report: %(missing)s",
                    missing=", ".join(missing),
                )
            ]
        return []

    def _gate_reply(self):
        problems = []
        remedies = self.remedy_ids.filtered(lambda r: r.state != "cancel")
        if not remedies:
            problems.append(self.env._("propose at least one remedy"))
        if self.approval_required and not self.approved_by_id:
            problems.append(
                self.env._(
                    "have the solution approved by a Complaint Manager: remedies worth "
                    "%(amount)s exceed the approval limit of %(limit)s",
                    amount=self._format_amount(self.remedy_amount_total),
                    limit=self._format_amount(self.company_id.complaint_approval_limit),
                )
            )
        if not self.reply_text or not self.reply_text.striptags().strip():
            problems.append(self.env._("write the reply to the customer"))
        return problems

    def _gate_execute(self):
        if self.customer_response != "accepted":
            return [self.env._("record the customer's acceptance of the reply")]
        return []

    def _gate_followup(self):
        open_remedies = self.remedy_ids.filtered(
            lambda r: r.state not in ("done", "cancel")
        )
        if open_remedies:
            return [
                self.env._(
                    "finish the remedies: %(remedies)s",
                    remedies=", ".join(r._type_label() for r in open_remedies),
                )
            ]
        return []

    def _gate_closed(self):
        problems = self._gate_followup()
        done = len(self.followup_ids)
        if done < self.followup_required:
            problems.append(
                self.env._(
                    "record %(required)s follow-up visits (%(done)s so far)",
                    required=self.followup_required,
                    done=done,
                )
            )
        last = self.followup_ids.sorted(lambda f: (f.date, f.id))[-1:]
        if last and not last.satisfied:
            problems.append(self.env._("the customer is not satisfied"))
        return problems

    def _format_amount(self, amount):
        from odoo.tools import format_amount

        return format_amount(self.env, amount, self.currency_id)

    def _is_officer(self):
        return self.env.su or self.env.user.has_group(
            "complaint_management.group_complaint_officer"
        )

    def _log_stage_exit(self):
        now = fields.Datetime.now()
        # sudo: the history is kept by the process, users only read it.
        self.sudo().stage_log_ids.filtered(lambda log: not log.date_out).write(
            {"date_out": now}
        )

    def _log_stage_entry(self):
        self.env["complaint.stage.log"].sudo().create(
            [
                {
                    "case_id": case.id,
                    "stage_id": case.stage_id.id,
                    "user_id": case.user_id.id,
                    "date_in": case.date_stage or fields.Datetime.now(),
                    "date_deadline": case.date_deadline,
                }
                for case in self
            ]
        )

    def _move_to_step(self, step):
        stage = self.env["complaint.stage"].search([("step", "=", step)], limit=1)
        if not stage:
            raise UserError(
                self.env._("No stage is configured for the step %(step)s.", step=step)
            )
        self.write({"stage_id": stage.id})

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_accept(self):
        for case in self:
            case._move_to_step("accept")
            case.date_accepted = fields.Datetime.now()
        return True

    def action_reject(self):
        return self._open_reason_wizard("reject")

    def action_cancel(self):
        return self._open_reason_wizard("cancel")

    def _open_reason_wizard(self, mode):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reason"),
            "res_model": "complaint.case.reason",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id, "default_mode": mode},
        }

    def _do_reject(self, reason):
        self.ensure_one()
        self.reject_reason = reason
        self._move_to_step("rejected")
        self._send_template("complaint_management.mail_template_complaint_rejection")

    def _do_cancel(self, reason):
        self.ensure_one()
        self.cancel_reason = reason
        self._move_to_step("cancel")

    def action_reopen(self):
        for case in self:
            if case.stage_step in ("rejected", "cancel"):
                case._move_to_step("register")
            else:
                case._move_to_step("investigate")
        return True

    def action_start_investigation(self):
        self._move_to_step("investigate")
        return True

    def action_submit_report(self):
        for case in self:
            case._move_to_step("solution")
            case.date_report = fields.Datetime.now()
        return True

    def action_approve(self):
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise AccessError(
                self.env._("Only Complaint Managers can approve complaint solutions.")
            )
        for case in self:
            if case.stage_step != "solution":
                raise UserError(
                    self.env._(
                        "The solution of %(case)s is approved in the stage Solution.",
                        case=case.name,
                    )
                )
            case.write(
                {"approved_by_id": self.env.uid, "date_approved": fields.Datetime.now()}
            )
        return True

    def action_send_reply(self):
        for case in self:
            case._move_to_step("reply")
            case.write(
                {"date_replied": fields.Datetime.now(), "customer_response": "pending"}
            )
            case._send_template("complaint_management.mail_template_complaint_reply")
        return True

    def action_customer_accepts(self):
        for case in self:
            case._check_awaiting_answer()
            case.customer_response = "accepted"
            case._move_to_step("execute")
        return True

    def action_customer_refuses(self):
        for case in self:
            case._check_awaiting_answer()
            case.customer_response = "refused"
            case.message_post(
                body=self.env._(
                    "The customer refused the solution: back to investigation."
                )
            )
            # The customer's refusal reopens the case whoever records it.
            case.sudo()._move_to_step("investigate")
            case.approved_by_id = False
        return True

    def action_execute_remedies(self):
        self.remedy_ids.filtered(lambda r: r.state == "draft").action_execute()
        return True

    def action_start_followup(self):
        self._move_to_step("followup")
        return True

    def action_close(self):
        for case in self:
            case._move_to_step("closed")
            now = fields.Datetime.now()
            case.write(
                {
                    "date_closed": now,
                    "closed_on_time": not case.date_close_deadline
                    or now <= case.date_close_deadline,
                }
            )
        return True

    def _check_awaiting_answer(self):
        self.ensure_one()
        if self.stage_step != "reply":
            raise UserError(
                self.env._(
                    "Complaint %(case)s has no reply awaiting the customer's answer.",
                    case=self.name,
                )
            )

    def _reopen_unsatisfied(self):
        """An unsatisfied follow-up sends the case back to investigation."""
        for case in self.filtered(lambda c: c.stage_step == "followup"):
            case.message_post(
                body=self.env._(
                    "The customer is not satisfied with the follow-up: back to "
                    "investigation."
                )
            )
            case.sudo()._move_to_step("investigate")
            case.customer_response = False

    def _send_template(self, xmlid):
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if template and self:
            self.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
