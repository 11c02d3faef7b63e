from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields

from .common import ComplaintCommon

MONDAY_9AM = "2026-11-30 09:00:00"


class TestReminders(ComplaintCommon):
    """Stage deadlines on the working calendar, handler activities, the
    overdue cron and its escalation to the department manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Standard 40 h week (8-12, 13-17, Monday to Friday), in UTC for
        # readable expectations.
        cls.company.resource_calendar_id.tz = "UTC"
        cls.order = cls._create_order([(cls.product, 10)])
        cls._deliver(cls.order.picking_ids, {cls.product: 10})
        cls.deadline_type = cls.env.ref(
            "complaint_management.mail_activity_type_complaint_deadline"
        )
        cls.escalation_type = cls.env.ref(
            "complaint_management.mail_activity_type_complaint_escalation"
        )

    def _new_case(self, **vals):
        return self._create_case(
            self.order,
            "quantity",
            [(self.product, 10)],
            department_id=self.dept_sales.id,
            user_id=self.sales_user.id,
            **vals,
        )

    def _activities(self, case, activity_type):
        return case.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    @freeze_time(MONDAY_9AM)
    def test_registration_deadline_24_hours(self):
        case = self._new_case()
        # "Register within 24 h" is clock time, unlike the working-day limits.
        self.assertEqual(case.date_deadline, datetime(2026, 12, 1, 9, 0))
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

    def test_working_hours_limit(self):
        self.stage_accept.write({"time_limit": 4, "time_limit_unit": "hours"})
        with freeze_time(MONDAY_9AM):
            case = self._new_case()
        with freeze_time("2026-11-30 15:00:00"):
            case.stage_id = self.stage_accept
        # 4 working hours from Monday 15:00: 2 h Monday, 2 h Tuesday morning.
        self.assertEqual(case.date_deadline, datetime(2026, 12, 1, 10, 0))

    def test_new_handler_gets_the_reminder(self):
        with freeze_time(MONDAY_9AM):
            case = self._new_case()
        case.user_id = self.quality_user
        activity = self._activities(case, self.deadline_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.quality_user)

    def test_stage_entry_reschedules(self):
        with freeze_time(MONDAY_9AM):
            case = self._new_case()
        with freeze_time("2026-12-02 14:00:00"):
            case.stage_id = self.stage_accept
        # 1 working day = 8 h from Wednesday 14:00: 3 + 4 + 1 → Thursday 14:00.
        self.assertEqual(case.date_deadline, datetime(2026, 12, 3, 14, 0))
        activity = self._activities(case, self.deadline_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, fields.Date.to_date("2026-12-03"))
        # A stage without time limit: no deadline, no reminder.
        case.cancel_reason = "Registered twice."
        case.stage_id = self.stage_cancel
        self.assertFalse(case.date_deadline)
        self.assertFalse(self._activities(case, self.deadline_type))

    def test_cron_marks_overdue_and_escalates(self):
        with freeze_time(MONDAY_9AM):
            late = self._new_case()
            on_time = self._new_case()
            closed = self._new_case(cancel_reason="Registered twice.")
            closed.stage_id = self.stage_cancel
        with freeze_time("2026-11-30 15:00:00"):
            # 1 working day: due Tuesday 15:00.
            on_time.stage_id = self.stage_accept
        cron = self.env.ref("complaint_management.complaint_case_cron_overdue")
        with freeze_time("2026-12-01 10:00:00"):
            cron.method_direct_trigger()
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertFalse(closed.is_overdue)
        escalation = self._activities(late, self.escalation_type)
        self.assertEqual(escalation.user_id, self.sales_manager_user)
        self.assertEqual(
            escalation.summary, f"Overdue complaint {late.name} in stage Registered"
        )
        self.assertIn(
            "Overdue: the case stayed in stage Registered past its deadline "
            "12/01/2026 09:00:00.",
            "".join(late.message_ids.mapped("body")),
        )
        self.assertEqual(
            self.env["complaint.case"].search(
                [("is_overdue", "=", True), ("sale_order_id", "=", self.order.id)]
            ),
            late,
        )
        # Run again the same day: nothing new for a case already escalated.
        with freeze_time("2026-12-01 16:00:00"):
            cron.method_direct_trigger()
        self.assertEqual(len(self._activities(late, self.escalation_type)), 1)
        # Leaving the stage clears the flag.
        late.stage_id = self.stage_accept
        self.assertFalse(late.is_overdue)
        self.assertEqual(late.escalation_level, "0")

    def test_cron_one_bad_record_does_not_stop_the_others(self):
        with freeze_time(MONDAY_9AM):
            broken = self._new_case()
            fine = self._new_case()
        Case = type(self.env["complaint.case"])
        original = Case._mark_overdue

        def mark_overdue(case):
            if case == broken:
                raise ValueError("simulated failure")
            return original(case)

        with (
            freeze_time("2026-12-01 10:00:00"),
            patch.object(Case, "_mark_overdue", mark_overdue),
            self.assertLogs(
                "odoo.addons.complaint_management.models.complaint_case"
            ) as logs,
        ):
            done = self.env["complaint.case"]._cron_check_overdue()
        self.assertEqual(done, 1)
        self.assertTrue(fine.is_overdue)
        self.assertFalse(broken.is_overdue)
        self.assertIn(f"Complaint {broken.name}: mark_overdue failed", logs.output[0])
