from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from ..models.complaint_process import (
    DRAG_TRANSITIONS,
    STEPS,
    TRANSITIONS,
)
from .test_process import ProcessCommon


class TestTable(ProcessCommon):
    """The process is one table: every name in it exists, every drag between
    two steps runs exactly one transition."""

    def test_table_is_consistent(self):
        Case = self.env["complaint.case"]
        for transition in TRANSITIONS:
            with self.subTest(transition=transition.name):
                self.assertLessEqual(set(transition.sources), set(STEPS))
                self.assertIn(transition.target, (None, *STEPS))
                self.assertTrue(self.env.ref(transition.group))
                methods = [*transition.guards, *transition.effects]
                if transition.done:
                    methods.append(transition.done)
                for method in methods:
                    self.assertTrue(callable(getattr(Case, method, None)), method)
                if transition.needs:
                    self.assertIn(transition.needs, Case._fields)
                # An act within a step says when it is done (run once).
                self.assertTrue(transition.target or transition.done)
        pairs = [
            (source, t.target) for t in TRANSITIONS if t.drag for source in t.sources
        ]
        self.assertEqual(len(pairs), len(set(pairs)), "a drag runs one transition")
        self.assertEqual(len(DRAG_TRANSITIONS), len(pairs))


class TestDrag(ProcessCommon):
    """A kanban drag (a write of stage_id, as the web client sends it) runs the
    transition of its button: same guards, same effects, once."""

    def test_drag_accepts_like_the_button(self):
        case = self._new_case(
            department_id=self.dept_sales.id, user_id=self.sales_user.id
        )
        # 受理裁定: the head of the unit decides, as with the button.
        case.with_user(self.sales_manager_user).write(
            {"stage_id": self.stage_accept.id}
        )
        self.assertEqual(case.stage_step, "accept")
        self.assertTrue(case.date_accepted)
        self.assertEqual(case.decided_by_id, self.sales_manager_user)
        self.assertEqual(
            case.stage_log_ids.stage_id.mapped("step"), ["register", "accept"]
        )

    def test_drag_to_reply_mails_the_letter(self):
        case = self._to_solution(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        subject = f"Reply to your complaint {case.name}"
        self.assertFalse(self._mails(case, subject))
        case.with_user(self.quality_user).write({"stage_id": self._stage("reply").id})
        reply = self._mails(case, subject)
        self.assertEqual(len(reply), 1)
        self.assertTrue(reply.attachment_ids.name.startswith(f"Reply - {case.name}."))
        self.assertRecordValues(
            case,
            [{"stage_step": "reply", "customer_response": "pending"}],
        )
        self.assertTrue(case.date_replied)
        self.assertEqual(case.reply_sent, case.reply_text)

    def test_drag_to_closed_stamps_the_closure(self):
        case = self._to_followup(self._new_case())
        case.followup_ids = [
            Command.create({"method": "phone", "satisfaction": "4"}),
            Command.create({"method": "visit", "satisfaction": "5"}),
        ]
        case.with_user(self.quality_user).write({"stage_id": self.stage_closed.id})
        self.assertEqual(case.stage_step, "closed")
        self.assertTrue(case.date_closed)
        self.assertTrue(case.closed_on_time)
        self.assertTrue(case.line_ids.evidence_snapshot)

    def test_drag_runs_the_gate(self):
        case = self._to_followup(self._new_case())
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Closed yet:\n"
            "- record 2 follow-up visits (0 so far)",
        ):
            case.write({"stage_id": self.stage_closed.id})
        self.assertFalse(case.date_closed)

    def test_gate_sees_the_values_of_the_same_write(self):
        case = self._new_case(
            department_id=self.dept_sales.id, user_id=self.sales_user.id
        )
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Accepted yet:\n"
            "- set the responsible department",
        ):
            case.write({"stage_id": self.stage_accept.id, "department_id": False})
        self.assertEqual(case.department_id, self.dept_sales)
        self.assertEqual(case.stage_step, "register")

    def test_drag_needing_a_reason_is_refused(self):
        case = self._new_case()
        for step, field, button in (
            ("rejected", "Reject Reason", "Do Not Accept"),
            ("cancel", "Cancel Reason", "Cancel Complaint"),
        ):
            stage = self._stage(step)
            with self.assertRaisesMessage(
                UserError,
                f"Complaint {case.name} cannot be moved to {stage.name} this way: "
                f"it needs {field}. Use the button {button}.",
            ):
                case.write({"stage_id": stage.id})
        replied = self._to_reply(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {replied.name} cannot be moved to Investigation this way: "
            "it needs Customer's Reason. Use the button Customer Refuses.",
        ):
            replied.write({"stage_id": self.stage_investigate.id})
        self.assertEqual(replied.stage_step, "reply")

    def test_rpc_write_with_the_reason_runs_the_transition(self):
        case = self._new_case()
        case.write(
            {
                "stage_id": self._stage("rejected").id,
                "reject_reason": "Stored in the rain by the customer.",
            }
        )
        self.assertEqual(case.stage_step, "rejected")
        self.assertEqual(case.reject_reason, "Stored in the rain by the customer.")
        self.assertEqual(len(self._mails(case, f"Your complaint {case.name}")), 1)

    def test_inputs_only_with_their_move(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            "Reject Reason of a complaint are set by the complaint process, not by "
            "hand: use the process buttons.",
        ):
            case.write({"reject_reason": "Written ahead, dragged later."})
        with self.assertRaisesMessage(
            UserError,
            f"Cancel Reason of complaint {case.name} can only be given with the move "
            "that needs it.",
        ):
            case.write(
                {"stage_id": self.stage_accept.id, "cancel_reason": "Not this one."}
            )

    def test_steps_cannot_be_skipped(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot go from stage Registered to stage Closed.",
        ):
            case.write({"stage_id": self.stage_closed.id})
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot go from stage Registered to stage Reply.",
        ):
            case.action_send_reply()

    def test_going_back_is_for_officers(self):
        case = self._closed(self._new_case())
        with self.assertRaisesMessage(
            AccessError,
            f"Only Complaint Officers can send complaint {case.name} back from "
            "Closed to Investigation.",
        ):
            case.with_user(self.quality_user).write(
                {"stage_id": self.stage_investigate.id}
            )
        case.with_user(self.officer).write({"stage_id": self.stage_investigate.id})
        self.assertRecordValues(
            case,
            [{"stage_step": "investigate", "reopen_count": 1, "date_closed": False}],
        )
        self.assertFalse(case.line_ids.evidence_snapshot)

    def test_another_stage_of_the_same_step(self):
        lab = self.env["complaint.stage"].create(
            {"name": "Lab Test", "step": "investigate", "sequence": 35}
        )
        case = self._accepted(self._new_case())
        case.with_user(self.quality_user).write({"stage_id": lab.id})
        self.assertRecordValues(
            case, [{"stage_id": lab.id, "stage_step": "investigate", "reopen_count": 0}]
        )

    def test_import_runs_the_transition(self):
        case = self._new_case(
            department_id=self.dept_sales.id, user_id=self.sales_user.id
        )
        result = (
            self.env["complaint.case"]
            .with_user(self.sales_manager_user)
            .load([".id", "stage_id/.id"], [[case.id, self.stage_accept.id]])
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(case.stage_step, "accept")
        self.assertTrue(case.date_accepted)
        # An import that jumps ahead is refused like a drag.
        result = (
            self.env["complaint.case"]
            .with_user(self.sales_user)
            .load([".id", "stage_id/.id"], [[case.id, self.stage_closed.id]])
        )
        self.assertEqual(
            [m["message"] for m in result["messages"]],
            [
                f"Complaint {case.name} cannot go from stage Accepted to stage "
                "Closed."
            ],
        )

    def test_registered_in_the_first_step_only(self):
        with self.assertRaisesMessage(
            UserError,
            "A complaint is registered in a stage of the step Registration; it moves "
            "on through the process.",
        ):
            self._new_case(stage_id=self.stage_closed.id)


class TestOnce(ProcessCommon):
    """A second click, or a second user, finds the transition done."""

    def test_send_reply_twice_mails_once(self):
        case = self._to_solution(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        with freeze_time("2026-11-27 10:00:00"):
            case.action_send_reply()
        with freeze_time("2026-11-27 10:05:00"):
            case.with_user(self.quality_user).action_send_reply()
            case.write({"stage_id": self._stage("reply").id})
        self.assertEqual(
            len(self._mails(case, f"Reply to your complaint {case.name}")), 1
        )
        self.assertEqual(str(case.date_replied), "2026-11-27 10:00:00")

    def test_accept_and_close_twice_keep_their_dates(self):
        case = self._new_case(
            department_id=self.dept_sales.id, user_id=self.sales_user.id
        )
        with freeze_time("2026-11-27 10:00:00"):
            case.action_accept()
        with freeze_time("2026-11-27 11:00:00"):
            case.action_accept()
        self.assertEqual(str(case.date_accepted), "2026-11-27 10:00:00")
        case = self._to_followup(self._new_case())
        case.followup_ids = [
            Command.create({"method": "phone", "satisfaction": "4"}),
            Command.create({"method": "visit", "satisfaction": "5"}),
        ]
        with freeze_time("2026-11-27 12:00:00"):
            case.action_close()
        with freeze_time("2026-11-27 13:00:00"):
            case.action_close()
        self.assertEqual(str(case.date_closed), "2026-11-27 12:00:00")

    def test_approve_twice_and_contact_twice(self):
        self.company.complaint_approval_limit = 10.0
        case = self._to_solution(
            self._accepted(self._new_case()),
            [{"remedy_type": "compensation", "amount": 50.0}],
        )
        with freeze_time("2026-11-27 10:00:00"):
            case.with_user(self.officer).action_approve()
        with freeze_time("2026-11-27 10:30:00"):
            case.with_user(self.manager).action_approve()
        self.assertEqual(case.approved_by_id, self.officer)
        self.assertEqual(str(case.date_approved), "2026-11-27 10:00:00")
        with freeze_time("2026-11-27 11:00:00"):
            case.action_log_contact()
        with freeze_time("2026-11-27 12:00:00"):
            case.action_log_contact()
        self.assertEqual(str(case.date_first_contact), "2026-11-27 11:00:00")


class TestViewsReadTheProcess(ProcessCommon):
    def test_buttons_follow_the_step_and_the_group(self):
        case = self._new_case()
        as_user = case.with_user(self.quality_user)
        self.assertRecordValues(
            as_user,
            [
                {
                    "can_accept": True,
                    "can_reject": True,
                    "can_send_reply": False,
                    "can_reopen": False,
                    "can_edit_lines": True,
                    "is_locked": False,
                }
            ],
        )
        self._closed(case)
        self.assertRecordValues(
            case.with_user(self.quality_user),
            [
                {
                    "can_accept": False,
                    "can_cancel": False,
                    "can_reopen": False,
                    "can_edit_lines": False,
                    "is_locked": True,
                }
            ],
        )
        self.assertTrue(case.with_user(self.officer).can_reopen)
