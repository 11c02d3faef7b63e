"""The time limits of a case (complaint_deadline.py) as the case and its
handler see them: the next deadline, the escalation level, the handler's
activity for the stage deadline, and the reminders and escalations the cron
sends."""

from odoo import api, fields, models
from odoo.tools import format_datetime

from .complaint_case import INTERNAL
from .complaint_process import MANAGER, OFFICER


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    deadline_ids = fields.One2many(
        "complaint.deadline",
        "case_id",
        string="Time Limits",
        readonly=True,
        groups=INTERNAL,
    )
    date_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_deadline_summary",
        store=True,
        groups=INTERNAL,
        help="The earliest running time limit of the case.",
    )
    escalation_level = fields.Selection(
        [
            ("0", "None"),
            ("1", "Department Manager"),
            ("2", "Complaint Managers"),
        ],
        compute="_compute_deadline_summary",
        store=True,
        index=True,
        # Not tracked: the escalation's own note says what is overdue and to
        # whom it went (one tracking message per case made the cron crawl).
        groups=INTERNAL,
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_deadline_summary",
        store=True,
        index=True,
        groups=INTERNAL,
        help="A running time limit is past and was escalated by the daily check.",
    )
    date_reply_expected = fields.Datetime(
        string="Reply Expected By",
        compute="_compute_limit_dates",
        store=True,
        help="Received + 5 working days: the date the customer is told to "
        "expect our answer.",
    )
    date_close_deadline = fields.Datetime(
        string="Close Before",
        compute="_compute_limit_dates",
        store=True,
        groups=INTERNAL,
        help="Received + 3, 5 or 10 working days by complexity.",
    )
    closed_on_time = fields.Boolean(
        compute="_compute_limit_dates",
        store=True,
        groups=INTERNAL,
        help="The case was closed within its closing time limit.",
    )

    @api.depends(
        "deadline_ids.state", "deadline_ids.date_due", "deadline_ids.escalation_level"
    )
    def _compute_deadline_summary(self):
        for case in self:
            running = case.deadline_ids.filtered(lambda d: d.state == "open")
            case.date_deadline = min(running.mapped("date_due") or [False]) or False
            case.escalation_level = max(running.mapped("escalation_level") or ["0"])
            case.is_overdue = case.escalation_level != "0"

    @api.depends("deadline_ids.kind", "deadline_ids.date_due", "deadline_ids.on_time")
    def _compute_limit_dates(self):
        for case in self:
            answer = case._time_limit("answer")
            close = case._time_limit("close")
            case.date_reply_expected = answer.date_due
            case.date_close_deadline = close.date_due
            case.closed_on_time = close.on_time

    def _time_limit(self, kind):
        return self.deadline_ids.filtered(lambda d: d.kind == kind)[-1:]

    # ------------------------------------------------------------------
    # The process opens and meets the time limits
    # ------------------------------------------------------------------
    def _time_limits_create(self):
        """At registration: the limits counted from receipt, and the first
        stage's own limit (planned together: one read of the calendar).
        Registering is done now; was it within its limit of the receipt?"""
        now = fields.Datetime.now()
        vals_list = []
        for case in self:
            for kind in ("register", "contact", "answer", "solution", "close"):
                vals = {"case_id": case.id, "kind": kind}
                if kind == "register":
                    vals.update(state="done", date_done=case.create_date or now)
                vals_list.append(vals)
            if case.stage_id.time_limit:
                vals_list.append(case._stage_limit_vals())
        self.env["complaint.deadline"]._as_process().create(vals_list)
        self._schedule_stage_activity()

    def _stage_limit_vals(self):
        return {
            "case_id": self.id,
            "kind": "stage",
            "stage_id": self.stage_id.id,
            "date_start": self.date_stage or fields.Datetime.now(),
        }

    def _time_limits_met(self, kinds):
        self.deadline_ids._as_process().filtered(
            lambda d: d.kind in kinds and d.state == "open"
        ).write({"state": "done", "date_done": fields.Datetime.now()})

    def _time_limits_end(self):
        """The case is finished: what still runs no longer applies."""
        self.deadline_ids._as_process().filtered(lambda d: d.state == "open").write(
            {"state": "na"}
        )

    def _time_limits_reopen(self):
        """Back in the process: the case must still be closed, within the
        limit counted from receipt."""
        self.deadline_ids._as_process().filtered(lambda d: d.kind == "close").write(
            {"state": "open", "date_done": False}
        )
        self.deadline_ids._as_process().filtered(
            lambda d: d.kind == "followup" and d.state == "open"
        ).write({"state": "na"})

    def _open_time_limit(self, kind, start):
        self.env["complaint.deadline"]._as_process().create(
            [{"case_id": case.id, "kind": kind, "date_start": start} for case in self]
        )

    def _on_stage_entered(self):
        """The stage's own time limit, and the handler's activity due then."""
        self.deadline_ids._as_process().filtered(
            lambda d: d.kind == "stage" and d.state == "open"
        ).write({"state": "done", "date_done": fields.Datetime.now()})
        with_limit = self.filtered(lambda c: c.stage_id.time_limit)
        self.env["complaint.deadline"]._as_process().create(
            [case._stage_limit_vals() for case in with_limit]
        )
        self._schedule_stage_activity()

    def _schedule_stage_activity(self):
        """Give the handler an activity due at the stage's deadline."""
        activity_type = self.env["mail.activity.type"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "complaint_management.mail_activity_type_complaint_deadline"
            )
        )
        for case in self:
            case.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            ).unlink()
            limit = case.deadline_ids.filtered(
                lambda d: d.kind == "stage" and d.state == "open"
            )[-1:]
            if not limit.date_due or not case.user_id:
                continue
            case.activity_schedule(
                act_type_xmlid="complaint_management.mail_activity_type_complaint_deadline",
                date_deadline=fields.Date.context_today(case, limit.date_due),
                summary=self.env._(
                    "%(stage)s: due %(deadline)s",
                    stage=case.stage_id.name,
                    deadline=case._format_datetime(limit.date_due),
                ),
                user_id=case.user_id.id,
            )

    def _reassign_deadline_activities(self):
        """A new handler takes over the open stage activity."""
        activity_type = self.env.ref(
            "complaint_management.mail_activity_type_complaint_deadline"
        )
        for case in self:
            activities = case.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            if activities:
                activities.write({"user_id": case.user_id.id})
            else:
                case._schedule_stage_activity()

    def _format_datetime(self, value):
        """A date and time as the handler reads them (their time zone, else
        the company calendar's)."""
        self.ensure_one()
        tz = self.user_id.tz or self.company_id.resource_calendar_id.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format=False)

    # ------------------------------------------------------------------
    # Reminders and escalations (cron, complaint.deadline._cron_check)
    # ------------------------------------------------------------------
    @api.model
    def _cron_check_overdue(self):
        return self.env["complaint.deadline"]._cron_check()

    def _describe_limits(self, limits):
        return ", ".join(
            self.env._(
                "%(limit)s (due %(deadline)s)",
                limit=limit._label(),
                deadline=self._format_datetime(limit.date_due),
            )
            for limit in limits
        )

    def _remind(self, limits_by_case):
        """Remind the handlers that time limits are near."""
        self.env["complaint.deadline"].union(
            *limits_by_case.values()
        )._as_process().write({"date_reminded": fields.Datetime.now()})
        for case, limits in limits_by_case.items():
            case.message_post(
                body=self.env._(
                    "Reminder: complaint %(case)s is due soon: %(limits)s.",
                    case=case.name,
                    limits=case._describe_limits(limits),
                ),
                partner_ids=case.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _escalate_1(self, limits_by_case):
        """First level: the department manager (else up the departments,
        else the Complaint Officers)."""
        self.env["complaint.deadline"].union(
            *limits_by_case.values()
        )._as_process().write({"escalation_level": "1"})
        self._message_log_batch(
            {
                case.id: self.env._(
                    "Overdue: %(limits)s.", limits=case._describe_limits(limits)
                )
                for case, limits in limits_by_case.items()
            }
        )
        self._schedule_escalations(limits_by_case, level=1)

    def _escalate_2(self, limits_by_case):
        """Second level: still overdue the company's escalation delay (working
        days) after the deadline, the Complaint Managers step in."""
        self.env["complaint.deadline"].union(
            *limits_by_case.values()
        )._as_process().write({"escalation_level": "2"})
        self._message_log_batch(
            {
                case.id: self.env._(
                    "Still overdue %(days)s working days after the deadline: "
                    "%(limits)s. Escalated to the Complaint Managers.",
                    days=case.company_id.complaint_escalation_delay,
                    limits=case._describe_limits(limits),
                )
                for case, limits in limits_by_case.items()
            }
        )
        self._schedule_escalations(limits_by_case, level=2)

    def _escalation_users(self, level, _found=None):
        """Who receives an escalation: never nobody, never a person
        complained about. ``_found``: what a batch already looked up, by
        department and company."""
        self.ensure_one()
        found = {} if _found is None else _found
        excluded = self.complained_user_ids
        if level == 1:
            department = self.department_id
            while department:
                key = ("manager", department.id)
                if key not in found:
                    user = department.manager_id.user_id
                    found[key] = user if user and user.active else None
                user = found[key]
                if user and user not in excluded:
                    return user
                department = department.parent_id
        groups = (OFFICER, MANAGER) if level == 1 else (MANAGER,)
        for xmlid in groups:
            key = (xmlid, self.company_id.id)
            if key not in found:
                found[key] = self.env.ref(xmlid).users.filtered(
                    lambda u: u.active
                    and not u.share
                    and self.company_id in u.company_ids
                )
            users = found[key] - excluded
            if users:
                return users
        return self.env.ref("base.user_admin") - excluded

    def _schedule_escalations(self, limits_by_case, level):
        """An activity for each person the cases escalate to, unless they
        have one already; created together. The activities are the
        escalation: no e-mail per activity (a manager escalated to for a
        hundred cases gets no hundred mails)."""
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "complaint_management.mail_activity_type_complaint_escalation"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        found = {}
        vals_list = []
        for case, limits in limits_by_case.items():
            already = case.activity_ids.filtered(
                lambda a: a.activity_type_id.id == type_id
            ).user_id
            summary = self.env._(
                "Overdue complaint %(case)s: %(limits)s",
                case=case.name,
                limits=", ".join(limits.mapped(lambda d: d._label())),
            )
            for user in case._escalation_users(level, found) - already:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": case.id,
                        "activity_type_id": type_id,
                        "summary": summary,
                        "date_deadline": today,
                        "user_id": user.id,
                        "automated": True,
                    }
                )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            vals_list
        )
