from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .test_process import ProcessCommon


class TestCorrectiveActions(ProcessCommon):
    """Corrective and preventive actions: reminded to their owners, checked
    for effectiveness by Quality Management, done (or carried over by an
    officer) before the complaint closes."""

    def _followup_case(self):
        case = self._to_followup(self._new_case())
        case.action_ids.state = "open"  # not done yet
        case.followup_ids = [
            (0, 0, {"method": "phone", "satisfaction": "4"}),
            (0, 0, {"method": "visit", "satisfaction": "5"}),
        ]
        return case

    def _reminders(self, action):
        return action.case_id.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("complaint_management.mail_activity_type_complaint_action")
        )

    def test_the_owner_is_reminded_on_the_deadline(self):
        case = self._accepted(self._new_case())
        self._fill_report(case)
        action = case.action_ids
        reminder = self._reminders(action)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.quality_user)
        self.assertEqual(reminder.date_deadline, date(2026, 12, 15))
        self.assertEqual(
            reminder.summary,
            "Preventive action due: Add flatness gauge to final inspection",
        )
        self.assertEqual(action.reminder_activity_id, reminder)
        # A new deadline moves the reminder; done, it goes.
        action.with_user(self.quality_user).date_deadline = "2026-12-20"
        self.assertEqual(self._reminders(action).date_deadline, date(2026, 12, 20))
        action.with_user(self.quality_user).action_done()
        self.assertFalse(self._reminders(action))
        with freeze_time("2026-12-21"):
            self.assertFalse(action.is_overdue)

    def test_overdue_actions(self):
        case = self._accepted(self._new_case())
        self._fill_report(case)
        action = case.action_ids
        self.assertFalse(action.is_overdue)
        action.date_deadline = date.today() - timedelta(days=1)
        self.assertTrue(action.is_overdue)
        self.assertEqual(
            self.env["complaint.action"].search(
                [("is_overdue", "=", True), ("id", "=", action.id)]
            ),
            action,
        )
        rows = self.env["complaint.report"].search([("case_id", "=", case.id)])
        self.assertEqual(sum(rows.mapped("overdue_action_count")), 1)
        self.assertEqual(sum(rows.mapped("open_action_count")), 1)
        action.action_done()
        rows = self.env["complaint.report"].search([("case_id", "=", case.id)])
        self.assertEqual(sum(rows.mapped("overdue_action_count")), 0)

    def test_closing_needs_the_actions_done_or_carried_over(self):
        case = self._followup_case()
        action = case.action_ids
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Closed yet:\n"
            "- finish the actions Add flatness gauge to final inspection or have "
            "an officer carry them over",
        ):
            case.action_close()
        with self.assertRaisesMessage(
            AccessError,
            "Only a Complaint Officer carries an action over beyond its complaint.",
        ):
            action.with_user(self.quality_user).state = "carried_over"
        action.with_user(self.officer).state = "carried_over"
        self.assertFalse(self._reminders(action))
        case.action_close()
        self.assertEqual(case.stage_step, "closed")

    def test_effectiveness_is_checked_by_quality_management_once_done(self):
        case = self._followup_case()
        action = case.action_ids
        with self.assertRaisesMessage(
            UserError,
            "The effectiveness of Add flatness gauge to final inspection is checked "
            "once it is done.",
        ):
            action.with_user(self.officer).effectiveness = "effective"
        action.with_user(self.quality_user).action_done()
        case.action_close()
        with self.assertRaisesMessage(
            AccessError,
            "The effectiveness of corrective and preventive actions is checked by "
            "Quality Management (Complaint Officers).",
        ):
            action.with_user(self.quality_user).effectiveness = "effective"
        # Weeks later, on the closed complaint.
        with freeze_time("2027-01-20"):
            action.with_user(self.officer).write(
                {
                    "effectiveness": "effective",
                    "effectiveness_note": "No flatness claim since.",
                }
            )
        self.assertRecordValues(
            action,
            [
                {
                    "effectiveness": "effective",
                    "effectiveness_user_id": self.officer.id,
                    "date_effectiveness": date(2027, 1, 20),
                }
            ],
        )
        with self.assertRaisesMessage(
            UserError, "Record the effectiveness of an action on its own."
        ):
            action.with_user(self.officer).write(
                {"effectiveness": "not_effective", "name": "Renamed"}
            )
