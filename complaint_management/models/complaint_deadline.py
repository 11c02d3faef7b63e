"""Time limits of a complaint (SPEC §3, 处理时限): counted from the receipt of
the complaint (自收到投诉之日起) on the company's working calendar, except the
follow-up (after execution) and the stages' own limits. Each one is watched
by the cron: a reminder before it is due, the department manager when it is
overdue, the Complaint Managers when it is still overdue after the
escalation delay. Its on-time result is kept for statistics."""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.sql import create_index

from .complaint_working_time import WorkingTime

_logger = logging.getLogger(__name__)

# Counted from the receipt of the complaint.
RECEIPT_KINDS = ("register", "contact", "answer", "solution", "close")
CRON_BATCH_SIZE = 1000


class ComplaintDeadline(models.Model):
    _name = "complaint.deadline"
    _inherit = ["complaint.process.record.mixin"]
    _description = "Complaint Time Limit"
    _order = "date_due, id"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, precompute=True
    )
    kind = fields.Selection(
        [
            ("register", "Registration"),
            ("contact", "First Contact"),
            ("answer", "Answer to the Customer"),
            ("solution", "Solution"),
            ("close", "Closure"),
            ("followup", "Follow-up Visit"),
            ("stage", "Stage"),
        ],
        string="Time Limit",
        required=True,
    )
    stage_id = fields.Many2one("complaint.stage", ondelete="set null")
    date_start = fields.Datetime(
        string="Counted From",
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    date_due = fields.Datetime(
        string="Due", compute="_compute_dates", store=True, precompute=True
    )
    date_remind = fields.Datetime(
        string="Remind On", compute="_compute_dates", store=True, precompute=True
    )
    date_escalate = fields.Datetime(
        string="Escalate to Managers On",
        compute="_compute_dates",
        store=True,
        precompute=True,
    )
    state = fields.Selection(
        [("open", "Running"), ("done", "Met"), ("na", "Not Applicable")],
        default="open",
        required=True,
    )
    date_done = fields.Datetime(string="Met On")
    on_time = fields.Boolean(
        compute="_compute_on_time",
        store=True,
        precompute=True,
        help="Met before it was due.",
    )
    date_reminded = fields.Datetime(string="Reminded On")
    escalation_level = fields.Selection(
        [
            ("0", "None"),
            ("1", "Department Manager"),
            ("2", "Complaint Managers"),
        ],
        default="0",
        required=True,
    )

    def init(self):
        # The cron reads only running time limits, by date; each step's index
        # holds only what that step still has to act on (the reminders not
        # sent, the limits at the escalation level it raises), so that a
        # search stays small when most running limits are already escalated.
        for name, column, where in (
            ("open_date_due", "date_due", "state = 'open'"),
            (
                "unreminded_date_remind",
                "date_remind",
                "state = 'open' AND date_reminded IS NULL",
            ),
            (
                "level0_date_due",
                "date_due",
                "state = 'open' AND escalation_level = '0'",
            ),
            (
                "level1_date_escalate",
                "date_escalate",
                "state = 'open' AND escalation_level = '1'",
            ),
        ):
            create_index(
                self.env.cr,
                f"complaint_deadline_{name}_idx",
                self._table,
                [column],
                where=where,
            )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("case_id.date_received", "kind")
    def _compute_date_start(self):
        for limit in self:
            if limit._is_settled():
                limit.date_start = limit.date_start
            elif limit.kind in RECEIPT_KINDS or not limit.date_start:
                limit.date_start = limit.case_id.date_received

    @api.depends(
        "date_start",
        "kind",
        "stage_id.time_limit",
        "stage_id.time_limit_unit",
        "case_id.complexity",
        "company_id.resource_calendar_id",
        "company_id.complaint_limit_register_hours",
        "company_id.complaint_limit_contact_days",
        "company_id.complaint_limit_answer_days",
        "company_id.complaint_limit_solution_days",
        "company_id.complaint_limit_close_general_days",
        "company_id.complaint_limit_close_complex_days",
        "company_id.complaint_limit_close_special_days",
        "company_id.complaint_limit_followup_days",
        "company_id.complaint_reminder_hours",
        "company_id.complaint_escalation_delay",
    )
    def _compute_dates(self):
        by_calendar = defaultdict(lambda: self.browse())
        for limit in self:
            if limit._is_settled():
                # Met or not applicable: its result is a fact, kept as it was.
                limit.date_due = limit.date_due
                limit.date_remind = limit.date_remind
                limit.date_escalate = limit.date_escalate
                continue
            by_calendar[limit.company_id.resource_calendar_id] |= limit
        for calendar, limits in by_calendar.items():
            starts = [d for d in limits.mapped("date_start") if d]
            working = (
                WorkingTime(calendar, min(starts), max(starts))
                if calendar and starts
                else None
            )
            for limit in limits:
                limit._plan(working)

    def _is_settled(self):
        """Met or not applicable, and planned: its dates no longer move (the
        registration is settled once the case leaves its first step)."""
        if self.state == "open" or not self._origin:
            return False
        return not (self.kind == "register" and self.case_id.stage_step == "register")

    def _plan(self, working):
        self.date_due = self.date_remind = self.date_escalate = False
        duration, unit = self._duration()
        if not self.date_start or not duration:
            return
        if unit == "clock_hours":
            self.date_due = self.date_start + timedelta(hours=duration)
        elif working:
            hours = duration * (working.hours_per_day if unit == "days" else 1)
            self.date_due = working.add_hours(self.date_start, hours)
        if not self.date_due or not working:
            return
        company = self.company_id
        self.date_remind = working.add_hours(
            self.date_due, -company.complaint_reminder_hours
        )
        self.date_escalate = working.add_days(
            self.date_due, company.complaint_escalation_delay
        )

    def _duration(self):
        """(duration, unit) of the time limit: working days, working hours
        or clock hours."""
        company = self.company_id
        if self.kind == "stage":
            return self.stage_id.time_limit, self.stage_id.time_limit_unit
        if self.kind == "register":
            return company.complaint_limit_register_hours, "clock_hours"
        if self.kind == "close":
            complexity = self.case_id.complexity or "general"
            return company[f"complaint_limit_close_{complexity}_days"], "days"
        return company[f"complaint_limit_{self.kind}_days"], "days"

    @api.depends("state", "date_done", "date_due")
    def _compute_on_time(self):
        for limit in self:
            limit.on_time = bool(
                limit.state == "done"
                and limit.date_done
                and (not limit.date_due or limit.date_done <= limit.date_due)
            )

    @api.depends("kind", "stage_id")
    def _compute_display_name(self):
        for limit in self:
            limit.display_name = limit._label()

    def _label(self):
        if self.kind == "stage":
            return self.env._("stage %(stage)s", stage=self.stage_id.name)
        # The kinds' labels in the user's language, once per transaction
        # (the cron labels every late limit of thousands of cases).
        key = ("complaint_deadline_kinds", self.env.lang)
        if key not in self.env.cr.cache:
            self.env.cr.cache[key] = dict(
                self._fields["kind"]._description_selection(self.env)
            )
        return self.env.cr.cache[key][self.kind]

    # ------------------------------------------------------------------
    # Cron: reminders and escalations
    # ------------------------------------------------------------------
    @api.model
    def _cron_check(self, batch_size=CRON_BATCH_SIZE):
        """Remind handlers before a time limit, escalate an overdue one to
        the department manager, then, still overdue after the company's
        escalation delay, to the Complaint Managers. Each step's domain
        selects only the time limits it acts on (partial indexes, init()),
        a batch of cases at a time with all their limits of the step,
        handled together: one update of the time limits, one insert of the
        chatter notes, one of the activities (complaint_case_deadline). A
        batch that fails is done again case by case: a case that fails is
        logged and skipped. Odoo's cron runs it again while some remain,
        committing in between."""
        now = fields.Datetime.now()
        running = [("state", "=", "open")]
        steps = (
            (
                [
                    ("date_reminded", "=", False),
                    ("date_remind", "<=", now),
                    ("date_due", ">=", now),
                ],
                "_remind",
            ),
            # Late past the escalation delay already (the first run after a
            # holiday, a backlog): straight to the Complaint Managers, with
            # the department manager, in one note.
            (
                [
                    ("escalation_level", "=", "0"),
                    ("date_due", "<", now),
                    ("date_escalate", "<=", now),
                ],
                "_escalate_2",
            ),
            (
                [
                    ("escalation_level", "=", "0"),
                    ("date_due", "<", now),
                    "|",
                    ("date_escalate", "=", False),
                    ("date_escalate", ">", now),
                ],
                "_escalate_1",
            ),
            (
                [("escalation_level", "=", "1"), ("date_escalate", "<=", now)],
                "_escalate_2",
            ),
        )
        done = remaining = 0
        for domain, method in steps:
            domain = running + domain
            # A batch of cases with all their limits of the step: one note
            # and one activity per case and level, however many are late.
            first = self.search(domain, limit=batch_size)
            limits = self.search(domain + [("case_id", "in", first.case_id.ids)])
            done += self._run_on_cases(limits, method)
            if len(first) == batch_size:
                remaining += self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _run_on_cases(self, limits, method):
        """Run the case method ``method`` on the cases of ``limits``, given
        {case: its limits}: in one batch, else case by case."""
        by_case = defaultdict(lambda: self.browse())
        for limit in limits:
            by_case[limit.case_id] |= limit
        if not by_case:
            return 0
        cases = self.env["complaint.case"].union(*by_case)
        try:
            with self.env.cr.savepoint():
                getattr(cases, method)(by_case)
            return len(limits)
        except Exception:
            _logger.info("Complaints: %s of a batch failed, case by case", method)
        done = 0
        for case, case_limits in by_case.items():
            try:
                with self.env.cr.savepoint():
                    getattr(case, method)({case: case_limits})
                done += len(case_limits)
            except Exception:
                _logger.exception(
                    "Complaint %s: %s failed", case.name, method.lstrip("_")
                )
        return done
