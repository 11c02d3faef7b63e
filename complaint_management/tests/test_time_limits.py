from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError

from ..models.complaint_bulk import bulk_insert
from .test_process import ProcessCommon

MONDAY_9AM = "2026-11-30 09:00:00"


class TimeLimitsCommon(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Standard 40 h week (8-12, 13-17, Monday to Friday), in UTC for
        # readable expectations.
        cls.company.resource_calendar_id.tz = "UTC"
        cls.cron = cls.env.ref("complaint_management.complaint_case_cron_overdue")
        cls.deadline_type = cls.env.ref(
            "complaint_management.mail_activity_type_complaint_deadline"
        )
        cls.escalation_type = cls.env.ref(
            "complaint_management.mail_activity_type_complaint_escalation"
        )

    def _registered(self, **vals):
        vals.setdefault("department_id", self.dept_sales.id)
        vals.setdefault("user_id", self.sales_user.id)
        return self._new_case(**vals)

    def _limits(self, case):
        return {
            (
                limit.kind if limit.kind != "stage" else f"stage:{limit.stage_id.step}"
            ): limit
            for limit in case.deadline_ids
        }

    def _activities(self, case, activity_type):
        return case.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _run_cron(self, when):
        with freeze_time(when):
            self.cron.method_direct_trigger()


class TestTimeLimitsFromReceipt(TimeLimitsCommon):
    """自收到投诉之日起: the limits run from the receipt of the complaint."""

    def test_limits_of_a_new_case(self):
        with freeze_time(MONDAY_9AM):
            case = self._registered()
        limits = self._limits(case)
        # Register within 24 h (clock): done when registered; first contact
        # within 1 working day; solution within 3, answer within 5 working
        # days; a general case closes within 3.
        self.assertEqual(limits["register"].date_due, datetime(2026, 12, 1, 9, 0))
        self.assertEqual(limits["contact"].date_due, datetime(2026, 12, 1, 9, 0))
        self.assertEqual(limits["solution"].date_due, datetime(2026, 12, 3, 9, 0))
        self.assertEqual(limits["answer"].date_due, datetime(2026, 12, 7, 9, 0))
        self.assertEqual(limits["close"].date_due, datetime(2026, 12, 3, 9, 0))
        self.assertRecordValues(
            limits["register"], [{"state": "done", "on_time": True}]
        )
        self.assertEqual(case.date_reply_expected, datetime(2026, 12, 7, 9, 0))
        self.assertEqual(case.date_deadline, datetime(2026, 12, 1, 9, 0))
        # Reminder 4 working hours before the contact is due (Monday 14:00),
        # the managers 2 working days after (Thursday 9:00).
        self.assertEqual(limits["contact"].date_remind, datetime(2026, 11, 30, 14, 0))
        self.assertEqual(limits["contact"].date_escalate, datetime(2026, 12, 3, 9, 0))
        # Complex and special cases close within 5 and 10 working days.
        case.complexity = "complex"
        self.assertEqual(case.date_close_deadline, datetime(2026, 12, 7, 9, 0))
        case.complexity = "special"
        self.assertEqual(case.date_close_deadline, datetime(2026, 12, 14, 9, 0))

    def test_registered_late_and_receipt_corrected(self):
        with freeze_time(MONDAY_9AM):
            case = self._registered(date_received="2026-11-26 08:00:00")
        register = self._limits(case)["register"]
        self.assertRecordValues(register, [{"state": "done", "on_time": False}])
        # Received on Thursday 8:00: 5 working days end on Wednesday 17:00.
        self.assertEqual(case.date_reply_expected, datetime(2026, 12, 2, 17, 0))
        with freeze_time(MONDAY_9AM):
            case.date_received = "2026-11-30 08:30:00"
        self.assertTrue(register.on_time)
        self.assertEqual(case.date_reply_expected, datetime(2026, 12, 7, 8, 30))

    def test_limits_are_met_by_the_process(self):
        with freeze_time(MONDAY_9AM):
            case = self._registered()
        with freeze_time("2026-11-30 11:00:00"):
            case.action_log_contact()
        limits = self._limits(case)
        self.assertRecordValues(limits["contact"], [{"state": "done", "on_time": True}])
        with freeze_time("2026-12-01 10:00:00"):
            self._accepted(case)
            self._to_reply(case, [{"remedy_type": "apology"}])
        # The written reply is the answer and the solution.
        self.assertRecordValues(
            limits["answer"] | limits["solution"],
            [{"state": "done", "on_time": True}] * 2,
        )
        with freeze_time("2026-12-02 10:00:00"):
            case.action_customer_accepts()
            case.action_execute_remedies()
            case.action_start_followup()
            case.action_ids.action_done()  # the report's actions
        followup = self._limits(case)["followup"]
        # Follow-up within 5 working days after the execution.
        self.assertEqual(followup.date_start, datetime(2026, 12, 2, 10, 0))
        self.assertEqual(followup.date_due, datetime(2026, 12, 9, 10, 0))
        with freeze_time("2026-12-04 10:00:00"):
            case.followup_ids = [
                Command.create(
                    {"date": "2026-12-04", "method": "phone", "satisfaction": "4"}
                )
            ]
            self.assertRecordValues(followup, [{"state": "done", "on_time": True}])
            case.followup_ids = [
                Command.create(
                    {"date": "2026-12-04", "method": "visit", "satisfaction": "5"}
                )
            ]
            # Thursday 10:00: a general case was due on Thursday 9:00.
            case.action_close()
        self.assertRecordValues(limits["close"], [{"state": "done", "on_time": False}])
        self.assertFalse(case.closed_on_time)
        self.assertFalse(case.date_deadline)
        self.assertFalse(case.deadline_ids.filtered(lambda d: d.state == "open"))

    def test_rejection_answers_and_finishes(self):
        with freeze_time(MONDAY_9AM):
            case = self._registered()
            case._run_transition("reject", reject_reason="Outside the warranty.")
        limits = self._limits(case)
        for kind in ("contact", "answer", "close"):
            self.assertRecordValues(limits[kind], [{"state": "done", "on_time": True}])
        self.assertEqual(limits["solution"].state, "na")

    def test_company_settings(self):
        self.company.complaint_limit_answer_days = 2
        with freeze_time(MONDAY_9AM):
            case = self._registered()
        self.assertEqual(case.date_reply_expected, datetime(2026, 12, 2, 9, 0))
        self.company.complaint_limit_answer_days = 3
        self.assertEqual(case.date_reply_expected, datetime(2026, 12, 3, 9, 0))
        with self.assertRaisesMessage(
            ValidationError,
            "Answer Within (working days) must be between 0 and 365 (100000.0).",
        ):
            self.company.complaint_limit_answer_days = 100000


class TestStageLimits(TimeLimitsCommon):
    """Each stage's own limit, and the handler's activity due then."""

    @freeze_time(MONDAY_9AM)
    def test_registration_stage_activity(self):
        case = self._registered()
        activity = self._activities(case, self.deadline_type)
        self.assertRecordValues(
            activity,
            [
                {
                    "user_id": self.sales_user.id,
                    "date_deadline": fields.Date.to_date("2026-12-01"),
                    "summary": "Registered: due 12/01/2026 09:00:00",
                }
            ],
        )

    def test_working_hours_limit_and_new_stage(self):
        self.stage_accept.write({"time_limit": 4, "time_limit_unit": "hours"})
        with freeze_time(MONDAY_9AM):
            case = self._registered()
        with freeze_time("2026-11-30 15:00:00"):
            case.action_accept()
        stage_limit = case.deadline_ids.filtered(
            lambda d: d.kind == "stage" and d.state == "open"
        )
        # 4 working hours from Monday 15:00: 2 h Monday, 2 h Tuesday morning.
        self.assertEqual(stage_limit.date_due, datetime(2026, 12, 1, 10, 0))
        registered = case.deadline_ids.filtered(
            lambda d: d.kind == "stage" and d.stage_id == self.stage_register
        )
        self.assertRecordValues(registered, [{"state": "done", "on_time": True}])
        activity = self._activities(case, self.deadline_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, fields.Date.to_date("2026-12-01"))
        # The stage history keeps the stage deadline.
        self.assertEqual(
            case.stage_log_ids[-1].date_deadline, datetime(2026, 12, 1, 10, 0)
        )

    def test_new_handler_gets_the_activity(self):
        with freeze_time(MONDAY_9AM):
            case = self._registered()
        case.user_id = self.quality_user
        activity = self._activities(case, self.deadline_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.quality_user)


class TestReminderAndEscalation(TimeLimitsCommon):
    def test_reminder_then_two_levels(self):
        with freeze_time(MONDAY_9AM):
            case = self._registered()
        self._run_cron("2026-11-30 13:00:00")
        self.assertFalse(case.deadline_ids.filtered("date_reminded"))
        # Tuesday 7:00: the contact and the registration stage are due at 9:00.
        self._run_cron("2026-12-01 07:00:00")
        reminder = case.message_ids.filtered(
            lambda m: m.partner_ids == self.sales_user.partner_id
        )
        self.assertEqual(len(reminder), 1)
        self.assertIn(
            f"Reminder: complaint {case.name} is due soon: First Contact (due "
            "12/01/2026 09:00:00), stage Registered (due 12/01/2026 09:00:00).",
            reminder.body,
        )
        self.assertEqual(case.escalation_level, "0")
        # Tuesday 10:00: overdue, level 1 to the department manager.
        self._run_cron("2026-12-01 10:00:00")
        self.assertRecordValues(case, [{"escalation_level": "1", "is_overdue": True}])
        escalations = self._activities(case, self.escalation_type)
        self.assertEqual(escalations.user_id, self.sales_manager_user)
        self.assertEqual(
            escalations.summary,
            f"Overdue complaint {case.name}: First Contact, stage Registered",
        )
        self.assertEqual(
            self.env["complaint.case"].search(
                [("is_overdue", "=", True), ("id", "=", case.id)]
            ),
            case,
        )
        # Again the same day: nothing new.
        self._run_cron("2026-12-01 16:00:00")
        self.assertEqual(len(self._activities(case, self.escalation_type)), 1)
        # Thursday 10:00: 2 working days later, the Complaint Managers.
        self._run_cron("2026-12-03 10:00:00")
        self.assertEqual(case.escalation_level, "2")
        self.assertEqual(
            self._activities(case, self.escalation_type).user_id,
            self.sales_manager_user | self.manager | self.env.ref("base.user_admin"),
        )
        self.assertIn(
            "Still overdue 2 working days after the deadline: First Contact (due "
            "12/01/2026 09:00:00), stage Registered (due 12/01/2026 09:00:00). "
            "Escalated to the Complaint Managers.",
            "".join(case.message_ids.mapped("body")),
        )
        # Contacted and accepted: those limits are met, the level drops.
        case.action_log_contact()
        case.action_accept()
        self.assertEqual(case.escalation_level, "1")  # the solution is now late

    def test_level_one_is_never_nobody_nor_a_person_complained_about(self):
        team = self.env["hr.department"].create(
            {"name": "Sales Unit East / Team 2", "parent_id": self.dept_sales.id}
        )
        with freeze_time(MONDAY_9AM):
            in_team = self._registered(department_id=team.id)
        self._run_cron("2026-12-01 10:00:00")
        # No manager in the team: the parent department's manager.
        self.assertEqual(
            self._activities(in_team, self.escalation_type).user_id,
            self.sales_manager_user,
        )
        with freeze_time(MONDAY_9AM):
            complained = self._registered(
                complained_user_ids=[Command.set(self.sales_manager_user.ids)]
            )
            lonely = self.env["hr.department"].create({"name": "Export Desk"})
            no_manager = self._registered(department_id=lonely.id)
        self._run_cron("2026-12-01 11:00:00")
        officers = self.officer | self.manager | self.env.ref("base.user_admin")
        for case in complained | no_manager:
            with self.subTest(case=case.name):
                self.assertEqual(
                    self._activities(case, self.escalation_type).user_id, officers
                )

    def test_one_bad_case_does_not_stop_the_others(self):
        with freeze_time(MONDAY_9AM):
            broken = self._registered()
            fine = self._registered()
        Case = type(self.env["complaint.case"])
        original = Case._escalate_1

        def escalate(cases, limits_by_case):
            if broken in cases:
                raise ValueError("simulated failure")
            return original(cases, limits_by_case)

        with (
            freeze_time("2026-12-01 10:00:00"),
            patch.object(Case, "_escalate_1", escalate),
            self.assertLogs(
                "odoo.addons.complaint_management.models.complaint_deadline"
            ) as logs,
        ):
            self.env["complaint.deadline"]._cron_check()
        self.assertTrue(fine.is_overdue)
        self.assertFalse(broken.is_overdue)
        # The batch failed, then each case on its own: only the broken one.
        self.assertEqual(len(logs.output), 2)
        self.assertIn("_escalate_1 of a batch failed, case by case", logs.output[0])
        self.assertIn(f"Complaint {broken.name}: escalate_1 failed", logs.output[1])


class TestEscalationInBulk(TimeLimitsCommon):
    """The cron writes its notes, activities and followers a batch at a time
    (complaint_bulk); what it writes is what the ORM would have written."""

    def _escalation_notes(self, case):
        return case.message_ids.filtered(lambda m: "overdue" in (m.body or ""))

    def test_a_backlog_goes_straight_to_the_managers(self):
        with freeze_time(MONDAY_9AM):
            case = self._registered()
        # A week after the escalation delay ran out: one run, one note.
        self._run_cron("2026-12-10 10:00:00")
        limits = case.deadline_ids.filtered(lambda d: d.state == "open")
        late = limits.filtered(lambda d: d.date_due < datetime(2026, 12, 10, 10))
        self.assertTrue(late)
        self.assertEqual(set(late.mapped("escalation_level")), {"2"})
        self.assertRecordValues(case, [{"escalation_level": "2", "is_overdue": True}])
        notes = self._escalation_notes(case)
        self.assertEqual(len(notes), 1)
        self.assertIn("Escalated to the Complaint Managers.", notes.body)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(notes.message_type, "notification")
        escalations = self._activities(case, self.escalation_type)
        people = (
            self.sales_manager_user | self.manager | self.env.ref("base.user_admin")
        )
        self.assertEqual(escalations.user_id, people)
        self.assertEqual(set(escalations.mapped("res_name")), {case.name})
        self.assertEqual(set(escalations.mapped("res_model")), {"complaint.case"})
        self.assertEqual(set(escalations.mapped("date_done")), {False})
        self.assertTrue(all(escalations.mapped("active")))
        # They follow the case, and find the activity among theirs.
        self.assertLessEqual(people.partner_id, case.message_partner_ids)
        follower = case.message_follower_ids.filtered(
            lambda f: f.partner_id == self.sales_manager_user.partner_id
        )
        self.assertEqual(
            follower.subtype_ids,
            self.env["mail.message.subtype"].default_subtypes("complaint.case")[0],
        )
        mine = (
            self.env["mail.activity"]
            .with_user(self.sales_manager_user)
            .search([("res_model", "=", "complaint.case"), ("res_id", "=", case.id)])
        )
        self.assertIn(
            escalations.filtered(lambda a: a.user_id == self.sales_manager_user), mine
        )
        # Done for now: the next run writes nothing more.
        self._run_cron("2026-12-10 16:00:00")
        self.assertEqual(self._escalation_notes(case), notes)
        self.assertEqual(self._activities(case, self.escalation_type), escalations)

    def test_the_cron_costs_the_same_for_one_case_or_five(self):
        def run(count, when):
            with freeze_time(MONDAY_9AM):
                cases = self.env["complaint.case"].union(
                    *(self._registered() for _i in range(count))
                )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(when):
                self.env["complaint.deadline"]._cron_check()
                self.env.flush_all()
            self.assertEqual(set(cases.mapped("escalation_level")), {"2"})
            return self.env.cr.sql_log_count - before

        # At the same time each run: the cases of the runs before have
        # nothing left to do. The first runs warm the caches.
        when = "2026-12-10 10:00:00"
        run(1, when)
        run(1, when)
        self.assertEqual(run(1, when), run(5, when))

    def test_bulk_insert_takes_columns_given_in_full(self):
        Activity = self.env["mail.activity"]
        case = self._registered()
        vals = {
            "res_model_id": self.env["ir.model"]._get_id("complaint.case"),
            "res_model": "complaint.case",
            "res_id": case.id,
            "res_name": case.name,
            "user_id": self.sales_user.id,
            "user_tz": False,
            "date_deadline": fields.Date.today(),
        }
        with self.assertRaises(ValueError) as refused:
            bulk_insert(Activity, [vals])
        self.assertEqual(
            str(refused.exception),
            "bulk_insert: mail.activity needs the computed date_done",
        )
        with self.assertRaises(ValueError) as refused:
            bulk_insert(self.env["mail.message"], [{"partner_ids": [1]}])
        self.assertEqual(
            str(refused.exception),
            "bulk_insert: mail.message.partner_ids is not a column",
        )
        activity = bulk_insert(Activity, [dict(vals, date_done=False)])
        self.assertRecordValues(
            activity,
            [
                {
                    "res_id": case.id,
                    "user_id": self.sales_user.id,
                    "create_uid": self.env.uid,
                    "active": True,
                    "automated": False,
                }
            ],
        )
