"""The time limits of a case (complaint_deadline.py) as the case and its
handler see them: the next deadline, the escalation level, the handler's
activity for the stage deadline, and the reminders and escalations the cron
sends."""

import re
from collections import defaultdict
from functools import lru_cache

import babel.dates
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from .complaint_bulk import bulk_follow, bulk_insert
from .complaint_case import INTERNAL
from .complaint_process import MANAGER, OFFICER


@lru_cache(maxsize=64)
def _datetime_pattern(lang_code, date_format, time_format):
    """(babel locale, pattern, strftime format) of a language's date and
    time formats. The strftime format, ten times quicker, only when every
    directive is a number (babel and strftime then write the same);
    otherwise None and babel writes the names in the language."""
    locale = babel_locale_parse(lang_code)
    posix = f"{date_format} {time_format}"
    numeric = set(re.findall(r"%(.)", posix)) <= set("YymdHIMSj%")
    date_pattern = posix_to_ldml(date_format, locale=locale)
    time_pattern = posix_to_ldml(time_format, locale=locale)
    return locale, f"{date_pattern} {time_pattern}", posix if numeric else None


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
        # Not tracked: the escalation's own note says what is overdue and to
        # whom it went (one tracking message per case made the cron crawl).
        # Not indexed, nor is_overdue: three values are no use to an index,
        # and with none on them, the cron's update of the cases stays HOT.
        groups=INTERNAL,
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_deadline_summary",
        store=True,
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
    reply_working_days = fields.Float(
        string="Working Days to Reply",
        compute="_compute_working_days",
        store=True,
        groups=INTERNAL,
        help="From receipt to the reply, on the company's working calendar.",
    )
    close_working_days = fields.Float(
        string="Working Days to Close",
        compute="_compute_working_days",
        store=True,
        groups=INTERNAL,
        help="From receipt to closing, on the company's working calendar.",
    )

    @api.depends("date_received", "date_replied", "date_closed")
    def _compute_working_days(self):
        """The statistics' working days (投诉统计), worked out once when the
        reply is sent and when the case is closed."""
        for case in self:
            calendar = case.company_id.resource_calendar_id
            for fname, end in (
                ("reply_working_days", case.date_replied),
                ("close_working_days", case.date_closed),
            ):
                if not (calendar and end and case.date_received):
                    case[fname] = 0.0
                    continue
                start = pytz.utc.localize(case.date_received)
                stop = pytz.utc.localize(max(end, case.date_received))
                case[fname] = round(
                    calendar.get_work_duration_data(start, stop)["days"], 2
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
        the company calendar's), in the language's date and time formats, as
        ``format_datetime`` writes them; the pattern is worked out once per
        language (the cron formats thousands)."""
        self.ensure_one()
        if not value:
            return ""
        tz = self.user_id.tz or self.company_id.resource_calendar_id.tz or "UTC"
        key = ("complaint_datetime_pattern", self.env.lang)
        if key not in self.env.cr.cache:
            lang = get_lang(self.env)
            self.env.cr.cache[key] = _datetime_pattern(
                lang.code, lang.date_format, lang.time_format
            )
        locale, pattern, posix = self.env.cr.cache[key]
        try:
            zone = pytz.timezone(tz)
        except pytz.UnknownTimeZoneError:
            zone = pytz.utc
        local = pytz.utc.localize(value).astimezone(zone)
        if posix:
            return local.strftime(posix)
        return babel.dates.format_datetime(local, pattern, locale=locale)

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
        self._escalate(
            limits_by_case,
            "1",
            lambda case, limits: self.env._(
                "Overdue: %(limits)s.", limits=case._describe_limits(limits)
            ),
        )

    def _escalate_2(self, limits_by_case):
        """Second level: still overdue the company's escalation delay (working
        days) after the deadline, the Complaint Managers step in."""
        self._escalate(
            limits_by_case,
            "2",
            lambda case, limits: self.env._(
                "Still overdue %(days)s working days after the deadline: "
                "%(limits)s. Escalated to the Complaint Managers.",
                days=case.company_id.complaint_escalation_delay,
                limits=case._describe_limits(limits),
            ),
        )

    def _escalate(self, limits_by_case, level, note):
        """Raise the time limits of a batch of cases to ``level``, log
        ``note(case, limits)`` on each case and give each person escalated to
        an activity. The cron escalates tens of thousands of cases after a
        holiday: the rows are written in a few statements (complaint_bulk),
        the followers and the bus notifications through Odoo's methods.
        Raising a level only raises the case's own (the highest of its
        running limits), and makes it overdue: both are set in the same
        statement rather than recomputed."""
        self.env.flush_all()
        limits = self.env["complaint.deadline"].union(*limits_by_case.values())
        cr = self.env.cr
        cr.execute(
            SQL(
                "UPDATE complaint_deadline SET escalation_level = %s, "
                "write_uid = %s, write_date = %s WHERE id = ANY(%s)",
                level,
                self.env.uid,
                cr.now(),
                limits.ids,
            )
        )
        cr.execute(
            SQL(
                "UPDATE complaint_case SET escalation_level = %s, is_overdue = TRUE "
                "WHERE id = ANY(%s) AND escalation_level < %s",
                level,
                self.ids,
                level,
            )
        )
        limits.invalidate_recordset(["escalation_level", "write_uid", "write_date"])
        self.invalidate_recordset(["escalation_level", "is_overdue"])
        author = self.env.user.partner_id
        note_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        bulk_insert(
            self.env["mail.message"],
            [
                {
                    "model": self._name,
                    "res_id": case.id,
                    "body": Markup("<p>%s</p>") % note(case, case_limits),
                    "message_type": "notification",
                    "subtype_id": note_id,
                    "is_internal": True,
                    "author_id": author.id,
                    "email_from": author.email_formatted,
                    "date": cr.now(),
                    "message_id": generate_tracking_message_id("message-notify"),
                    "email_add_signature": False,
                }
                for case, case_limits in limits_by_case.items()
            ],
        )
        self.invalidate_recordset(["message_ids"])
        self._schedule_escalations(limits_by_case, level=int(level))

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
        have one already; inserted together (complaint_bulk). The activities
        are the escalation: no e-mail per activity (a manager escalated to
        for a hundred cases gets no hundred mails). As ``mail.activity``
        does on create: the people escalated to follow their cases (which
        also lets them read them) and their activity counters refresh."""
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "complaint_management.mail_activity_type_complaint_escalation"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"].sudo()
        already = defaultdict(set)
        for res_id, user in Activity._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", type_id),
            ],
            ["res_id", "user_id"],
        ):
            already[res_id].add(user.id)
        found = {}
        vals_list = []
        by_user = defaultdict(list)
        for case, limits in limits_by_case.items():
            summary = self.env._(
                "Overdue complaint %(case)s: %(limits)s",
                case=case.name,
                limits=", ".join(limits.mapped(lambda d: d._label())),
            )
            users = case._escalation_users(level, found)
            if level == 2:
                # Straight from on time to level 2: the department manager too
                # (after level 1, already has the activity).
                users |= case._escalation_users(1, found)
            for user in users:
                if user.id in already[case.id]:
                    continue
                by_user[user].append(case.id)
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_model": self._name,
                        "res_id": case.id,
                        "res_name": case.display_name,
                        "activity_type_id": type_id,
                        "summary": summary,
                        "date_deadline": today,
                        "user_id": user.id,
                        "user_tz": user.tz,
                        "automated": True,
                        "date_done": False,
                    }
                )
        bulk_insert(Activity, vals_list)
        for user, case_ids in by_user.items():
            bulk_follow(self.browse(case_ids), user.sudo().partner_id.ids)
        self.invalidate_recordset(["activity_ids"])
        if by_user:
            self.env["res.users"].union(*by_user)._bus_send(
                "mail.activity/updated", {"activity_created": True}
            )
