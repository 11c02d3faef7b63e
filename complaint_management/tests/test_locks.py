from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .test_process import ProcessCommon


class TestProcessFields(ProcessCommon):
    """Process fields are written by the process only, whoever writes."""

    def test_users_cannot_write_process_fields(self):
        case = self._closed(self._new_case())
        open_case = self._new_case(user_id=self.quality_user.id)
        values = {
            "name": "KS209901-9999",
            "customer_response": "accepted",
            "date_accepted": "2026-01-01 00:00:00",
            "date_closed": "2026-01-01 00:00:00",
            "reopen_count": 7,
            "approved_by_id": self.manager.id,
            "approved_amount": 1.0,
            "date_replied": "2026-01-01 00:00:00",
            "reply_sent": "<p>forged</p>",
            "escalation_level": "2",
            "date_deadline": "2099-01-01 00:00:00",
            "closed_on_time": True,
            "verification_state": "unfounded",
            "remedy_amount_total": 99.0,
            "is_overdue": True,
            "stage_step": "closed",
            "commercial_partner_id": self.other_customer.id,
        }
        for fname, value in values.items():
            with self.subTest(field=fname):
                label = open_case._fields[fname].get_description(self.env)["string"]
                with self.assertRaisesMessage(
                    UserError,
                    f"{label} of a complaint are set by the complaint process, not "
                    "by hand: use the process buttons.",
                ):
                    open_case.with_user(self.quality_user).write({fname: value})
        # The administrator is a user too.
        with self.assertRaises(UserError):
            open_case.write({"reopen_count": 3})
        self.assertEqual(open_case.reopen_count, 0)
        self.assertEqual(case.reopen_count, 0)

    def test_rpc_context_cannot_pretend_to_be_the_process(self):
        case = self._new_case()
        with self.assertRaises(UserError):
            case.with_context(complaint_process=True).write({"reopen_count": 5})
        with self.assertRaises(UserError):
            case.with_context(complaint_process="<complaint process>").write(
                {"date_closed": "2026-01-01 00:00:00"}
            )

    def test_process_records_are_kept_by_the_process(self):
        case = self._new_case(user_id=self.quality_user.id)
        limit = case.deadline_ids[:1].with_user(self.quality_user)
        with self.assertRaisesMessage(
            UserError,
            "Complaint Time Limit are kept by the complaint process, not by hand.",
        ):
            limit.write({"date_due": "2099-01-01 00:00:00"})
        with self.assertRaisesMessage(
            UserError,
            "Complaint Stage History are kept by the complaint process, not by hand.",
        ):
            case.stage_log_ids.with_user(self.quality_user).write({"date_out": False})
        with self.assertRaises(UserError):
            self.env["complaint.deadline"].with_user(self.quality_user).create(
                {"case_id": case.id, "kind": "close"}
            )
        with self.assertRaises(UserError):
            case.with_user(self.quality_user).write(
                {"deadline_ids": [Command.unlink(limit.id)]}
            )


class TestFrozenCases(ProcessCommon):
    """Closed, rejected or cancelled: read-only, children included, until an
    officer reopens it."""

    def test_closed_case_and_its_records_are_read_only(self):
        case = self._closed(self._new_case())
        message = (
            f"Complaint {case.name} is Closed: it is read-only until a Complaint "
            "Officer reopens it."
        )
        as_user = case.with_user(self.quality_user)
        with self.assertRaisesMessage(UserError, message):
            as_user.write({"priority": "2"})
        with self.assertRaisesMessage(UserError, message):
            as_user.line_ids.write({"claimed_qty": 1})
        with self.assertRaisesMessage(UserError, message):
            as_user.line_ids.unlink()
        with self.assertRaisesMessage(UserError, message):
            self.env["complaint.case.line"].with_user(self.quality_user).create(
                {"case_id": case.id, "product_id": self.product_b.id, "claimed_qty": 1}
            )
        with self.assertRaisesMessage(UserError, message):
            as_user.remedy_ids.unlink()
        with self.assertRaisesMessage(UserError, message):
            as_user.followup_ids[:1].write({"comment": "Rewritten later."})
        with self.assertRaisesMessage(UserError, message):
            as_user.action_ids.write({"name": "Never mind."})
        with self.assertRaisesMessage(UserError, message):
            as_user.write({"reply_text": "<p>Another letter</p>"})
        # Archiving and the kanban colour still work.
        case.with_user(self.manager).action_archive()
        self.assertFalse(case.active)
        case.with_user(self.manager).action_unarchive()
        # Reopened by an officer: editable again.
        case.with_user(self.officer).action_reopen()
        as_user.action_ids.write({"name": "Flatness gauge on line 3"})
        self.assertEqual(case.action_ids.name, "Flatness gauge on line 3")

    def test_rejected_and_cancelled_are_frozen_too(self):
        rejected = self._new_case()
        rejected._run_transition("reject", reject_reason="Welded by the customer.")
        cancelled = self._new_case()
        cancelled._run_transition("cancel", cancel_reason="Registered twice.")
        for case in rejected | cancelled:
            with self.assertRaisesMessage(UserError, case._locked_message()):
                case.write({"complaint_type": "service"})


class TestReplySent(ProcessCommon):
    """Once the reply is sent, the solution it announced is frozen; changing
    it goes back to Solution and clears the approval."""

    def test_remedies_lines_and_reply_are_frozen(self):
        self.company.complaint_approval_limit = 10.0
        case = self._to_solution(
            self._accepted(self._new_case()),
            [{"remedy_type": "compensation", "amount": 50.0}],
        )
        case.with_user(self.officer).action_approve()
        case.action_send_reply()
        message = (
            f"The reply of complaint {case.name} has been sent: its lines, remedies, "
            "reply and investigation report are frozen. Use Revise Solution to go "
            "back to Solution (this clears the approval)."
        )
        with self.assertRaisesMessage(UserError, message):
            case.write({"reply_text": "<p>Better offer</p>"})
        with self.assertRaisesMessage(UserError, message):
            case.remedy_ids.write({"amount": 5000.0})
        with self.assertRaisesMessage(UserError, message):
            case.write(
                {
                    "remedy_ids": [
                        Command.create({"remedy_type": "compensation", "amount": 9.0})
                    ]
                }
            )
        with self.assertRaisesMessage(UserError, message):
            case.line_ids.write({"claimed_qty": 1})
        self.assertTrue(case.is_approved)
        with self.assertRaisesMessage(
            AccessError,
            f"Only Complaint Officers can send complaint {case.name} back from Reply "
            "to Solution.",
        ):
            case.with_user(self.quality_user).action_revise_solution()
        case.with_user(self.officer).action_revise_solution()
        self.assertRecordValues(
            case,
            [{"stage_step": "solution", "approved_by_id": False, "is_approved": False}],
        )
        self.assertIn(
            "The approval of the solution is cleared: The solution is revised after "
            "the reply was sent.",
            case.message_ids[0].body,
        )
        case.remedy_ids.write({"amount": 60.0})
        self.assertEqual(case.remedy_amount_total, 60.0)


class TestRemedies(ProcessCommon):
    def test_executed_remedy_cannot_change_or_go(self):
        case = self._closed(self._new_case())
        remedy = case.remedy_ids
        self.assertRecordValues(remedy, [{"state": "done", "manual_done": True}])
        # Reopened, the case is investigated again; what was done stays done.
        case.with_user(self.officer).action_reopen()
        message = (
            f"The Apology Only of {case.name} has been executed: it can no longer "
            "change or be withdrawn."
        )
        with self.assertRaisesMessage(UserError, message):
            remedy.unlink()
        with self.assertRaisesMessage(UserError, message):
            remedy.write({"description": "changed"})
        self.assertTrue(remedy.exists())

    def test_manual_done_is_not_for_users(self):
        case = self._to_solution(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        with self.assertRaisesMessage(
            UserError,
            "Done of Complaint Remedy are set by the complaint process, not by hand.",
        ):
            case.remedy_ids.write({"manual_done": True})
        with self.assertRaisesMessage(
            UserError,
            "Transfers of Complaint Remedy are set by the complaint process, not by "
            "hand.",
        ):
            self.env["complaint.remedy"].create(
                {
                    "case_id": case.id,
                    "remedy_type": "return",
                    "case_line_id": case.line_ids.id,
                    "quantity": 1,
                    "picking_ids": [Command.set(self.delivery.ids)],
                }
            )

    def test_remedy_line_belongs_to_its_case(self):
        case = self._accepted(self._new_case())
        other = self._accepted(self._new_case())
        with self.assertRaisesMessage(
            ValidationError,
            f"The Return of {case.name} is for a line of another complaint "
            f"({other.name}).",
        ):
            case.write(
                {
                    "remedy_ids": [
                        Command.create(
                            {
                                "remedy_type": "return",
                                "case_line_id": other.line_ids.id,
                                "quantity": 1,
                            }
                        )
                    ]
                }
            )

    def test_line_with_remedies_stays(self):
        case = self._to_solution(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        line = case.line_ids
        case.remedy_ids = [
            Command.create(
                {"remedy_type": "exchange", "case_line_id": line.id, "quantity": 2}
            )
        ]
        with self.assertRaisesMessage(
            UserError,
            f"{line.display_name} carry remedies (Exchange): withdraw the remedies "
            "first.",
        ):
            line.unlink()
        self.assertTrue(line.exists())

    def test_return_over_two_deliveries_tracks_both(self):
        order = self._create_order([(self.product, 10)])
        first = order.picking_ids
        self._deliver(first, {self.product: 6})
        second = order.picking_ids - first
        self._deliver(second, {self.product: 4})
        case = self._accepted(self._create_case(order, "quality", [(self.product, 8)]))
        self._to_reply(
            case,
            [
                {
                    "remedy_type": "return",
                    "case_line_id": case.line_ids.id,
                    "quantity": 8,
                }
            ],
        )
        case.action_customer_accepts()
        case.action_execute_remedies()
        remedy = case.remedy_ids
        self.assertEqual(len(remedy.picking_ids), 2)
        self.assertEqual(
            sorted(remedy.picking_ids.move_ids.mapped("product_uom_qty")), [4.0, 4.0]
        )
        latest, earlier = remedy.picking_ids.sorted("id")
        latest.move_ids.write({"quantity": 4, "picked": True})
        latest.button_validate()
        self.assertEqual(remedy.state, "in_progress")
        earlier.move_ids.write({"quantity": 4, "picked": True})
        earlier.button_validate()
        self.assertEqual(remedy.state, "done")
        self.assertEqual(case.line_ids.returned_qty, 8)


class TestChildren(ProcessCommon):
    """Records stay with their case; the case's data are checked again when
    its order or customer changes."""

    def test_children_never_change_case(self):
        case = self._accepted(self._new_case())
        self._fill_report(case)
        other = self._new_case()
        records = {
            "Customer Complaint Line": case.line_ids,
            "Complaint Corrective or Preventive Action": case.action_ids,
        }
        for description, records_ in records.items():
            with self.subTest(model=description):
                with self.assertRaisesMessage(
                    UserError,
                    f"{description} cannot move to another complaint: they stay "
                    f"with {case.name}.",
                ):
                    records_.with_user(self.quality_user).write({"case_id": other.id})

    def test_lines_checked_again_when_the_order_changes(self):
        case = self._new_case()
        other_order = self._create_order([(self.product_b, 3)])
        with self.assertRaisesMessage(
            ValidationError,
            f"Product Steel Flange DN50 is not on sale order {other_order.name}.",
        ):
            case.write({"sale_order_id": other_order.id})
        foreign = self._create_order([(self.product, 3)], partner=self.other_customer)
        with self.assertRaisesMessage(
            ValidationError,
            f"Sale order {self.order.name} belongs to customer 上海华远机械有限公司, "
            "not to Northwind Trading Ltd.",
        ):
            case.write({"partner_id": self.other_customer.id})
        # Without an order, a line cannot point to another customer's order line.
        loose = self._create_case(None, "service", [(self.product, 1)])
        with self.assertRaisesMessage(
            ValidationError,
            f"Order line {foreign.order_line.display_name} is not on complaint "
            f"{loose.name}, which has no sale order.",
        ):
            loose.line_ids.write({"sale_line_id": foreign.order_line.id})

    def test_no_child_on_a_case_the_user_cannot_write(self):
        case = self._new_case(
            department_id=self.dept_quality.id, user_id=self.officer.id
        )
        with self.assertRaises(AccessError):
            self.env["complaint.case.line"].with_user(self.sales_user).create(
                {"case_id": case.id, "product_id": self.product_b.id, "claimed_qty": 1}
            )


class TestComplainedPersons(ProcessCommon):
    """被投诉人应当回避: listed by officers only; they neither handle, approve,
    edit the investigation report nor receive escalations."""

    def test_list_edited_by_officers_only(self):
        case = self._new_case(user_id=self.quality_user.id)
        message = (
            "Only Complaint Officers who are not complained about edit the persons "
            "complained about."
        )
        with self.assertRaisesMessage(AccessError, message):
            case.with_user(self.quality_user).write(
                {"complained_user_ids": [Command.link(self.sales_user.id)]}
            )
        with self.assertRaisesMessage(AccessError, message):
            self.env["complaint.case"].with_user(self.quality_user).create(
                {
                    "partner_id": self.customer.id,
                    "complaint_type": "service",
                    "complained_user_ids": [Command.set(self.sales_user.ids)],
                }
            )
        case.with_user(self.officer).write(
            {"complained_user_ids": [Command.link(self.officer.id)]}
        )
        # The officer complained about cannot take himself off the list.
        with self.assertRaisesMessage(
            AccessError,
            f"{self.officer.name} is a person complained about in {case.name} and "
            "may not act on it.",
        ):
            case.with_user(self.officer).write(
                {"complained_user_ids": [Command.unlink(self.officer.id)]}
            )

    def test_complained_person_cannot_edit_the_report(self):
        case = self._accepted(self._new_case())
        case.complained_user_ids = [Command.link(self.sales_user.id)]
        case.message_subscribe(partner_ids=self.sales_user.partner_id.ids)
        message = (
            f"{self.sales_user.name} is a person complained about in {case.name} and "
            "may not act on it."
        )
        with self.assertRaisesMessage(AccessError, message):
            case.with_user(self.sales_user).write(
                {"course_of_events": "Nothing happened."}
            )
        with self.assertRaisesMessage(AccessError, message):
            self.env["complaint.action"].with_user(self.sales_user).create(
                {
                    "case_id": case.id,
                    "name": "Nothing to do",
                    "date_deadline": "2026-12-31",
                }
            )
        with self.assertRaisesMessage(
            ValidationError,
            f"{self.sales_user.name} is a person complained about in {case.name} and "
            "may not handle it.",
        ):
            case.user_id = self.sales_user
