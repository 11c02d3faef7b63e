"""The ways around the process a hostile RPC run found, each closed."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .test_process import ProcessCommon


class TestContextDefaults(ProcessCommon):
    """``default_<field>`` keys of the context are values like the others."""

    def test_case_defaults(self):
        Case = self.env["complaint.case"].with_user(self.quality_user)
        vals = {"partner_id": self.customer.id, "complaint_type": "service"}
        with self.assertRaisesMessage(
            UserError,
            "A complaint is registered in a stage of the step Registration; it moves "
            "on through the process.",
        ):
            Case.with_context(default_stage_id=self.stage_closed.id).create(vals)
        for fname, value in (
            ("reply_sent", "<p>Forged reply</p>"),
            ("date_closed", "2026-11-01 10:00:00"),
            ("approved_amount", 50000.0),
            ("reopen_count", 7),
        ):
            with self.subTest(field=fname), self.assertRaises(UserError):
                Case.with_context(**{f"default_{fname}": value}).create(vals)
        with self.assertRaisesMessage(
            AccessError,
            "Only Complaint Officers who are not complained about edit the persons "
            "complained about.",
        ):
            Case.with_context(
                default_complained_user_ids=[Command.set(self.officer.ids)]
            ).create(vals)
        with self.assertRaisesMessage(
            AccessError, "Only Complaint Managers can archive or restore complaints."
        ):
            Case.with_context(default_active=False).create(vals)
        with self.assertRaisesMessage(
            UserError,
            "The reply to a complaint is written during the investigation and the "
            "solution, not at registration.",
        ):
            Case.create({**vals, "reply_text": "<p>Already decided.</p>"})

    def test_child_defaults(self):
        closed = self._closed(self._new_case())
        Remedy = self.env["complaint.remedy"].with_user(self.quality_user)
        with self.assertRaisesMessage(UserError, closed._locked_message()):
            Remedy.with_context(default_case_id=closed.id).create(
                {"remedy_type": "compensation", "amount": 999.0}
            )
        solution = self._to_solution(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        with self.assertRaisesMessage(
            UserError,
            "Done of Complaint Remedy are set by the complaint process, not by hand.",
        ):
            Remedy.with_context(
                default_case_id=solution.id, default_manual_done=True
            ).create({"remedy_type": "apology"})
        with self.assertRaisesMessage(UserError, closed._locked_message()):
            self.env["complaint.action"].with_user(self.quality_user).with_context(
                default_case_id=closed.id
            ).create({"name": "Late action", "date_deadline": "2026-12-31"})

    def test_copy_of_a_case(self):
        case = self._new_case(user_id=self.quality_user.id)
        copy = case.with_user(self.quality_user).copy()
        self.assertNotEqual(copy.name, case.name)
        self.assertEqual(copy.stage_step, "register")


class TestApprovalHoles(ProcessCommon):
    def test_currency_is_the_orders(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            "Currency of a complaint are set by the complaint process, not by hand: "
            "use the process buttons.",
        ):
            case.with_user(self.quality_user).write(
                {"currency_id": self.env.ref("base.EUR").id}
            )

    def test_approver_does_not_become_handler(self):
        self.company.complaint_approval_limit = 10.0
        case = self._to_solution(
            self._accepted(self._new_case()),
            [{"remedy_type": "compensation", "amount": 50.0}],
        )
        case.with_user(self.officer).action_approve()
        with self.assertRaisesMessage(
            ValidationError,
            f"{self.officer.name} approved the solution of {case.name} and may not "
            "handle it.",
        ):
            case.user_id = self.officer

    def test_goods_are_valued_at_the_order_price(self):
        case = self._accepted(self._new_case())
        with self.assertRaisesMessage(
            UserError,
            "The value of a Return is its quantity at the order's price (5 × "
            "$\xa025.00): it is not entered by hand.",
        ):
            case.write(
                {
                    "remedy_ids": [
                        Command.create(
                            {
                                "remedy_type": "return",
                                "case_line_id": case.line_ids.id,
                                "quantity": 5,
                                "amount": 0.01,
                            }
                        )
                    ]
                }
            )
        with self.assertRaisesMessage(
            ValidationError,
            "The quantity of the Compensation cannot be negative (-50).",
        ):
            case.write(
                {
                    "remedy_ids": [
                        Command.create(
                            {
                                "remedy_type": "compensation",
                                "amount": 10.0,
                                "quantity": -50,
                            }
                        )
                    ]
                }
            )


class TestRecusalHoles(ProcessCommon):
    def test_complained_person_does_not_act(self):
        case = self._new_case(
            department_id=self.dept_sales.id,
            complained_user_ids=[Command.set(self.sales_user.ids)],
        )
        message = (
            f"{self.sales_user.name} is a person complained about in {case.name} and "
            "may not act on it."
        )
        as_complained = case.with_user(self.sales_user)
        with self.assertRaisesMessage(AccessError, message):
            as_complained._run_transition("cancel", cancel_reason="Go away.")
        with self.assertRaisesMessage(AccessError, message):
            as_complained.write({"user_id": self.quality_user.id})
        with self.assertRaisesMessage(AccessError, message):
            as_complained.write({"sales_opinion": "Nothing to see."})
        with self.assertRaisesMessage(AccessError, message):
            as_complained.line_ids.write({"claimed_qty": 1})
        self.assertEqual(case.stage_step, "register")


class TestDataHoles(ProcessCommon):
    def test_case_checks_follow_type_and_move(self):
        case = self._create_case(self.order, "quantity", [(self.product, 50)])
        with self.assertRaisesMessage(
            ValidationError,
            "50 Units of Steel Flange DN50 are claimed defective, but only 10 Units "
            "were delivered to 上海华远机械有限公司.",
        ):
            case.complaint_type = "quality"
        loose = self._create_case(None, "service", [(self.product, 1)])
        move = self.delivery.move_ids[:1]
        with self.assertRaisesMessage(
            ValidationError,
            f"Stock move {move.reference} is not a delivery of complaint "
            f"{loose.name}, which has no sale order.",
        ):
            loose.line_ids.move_id = move

    def test_onchange_shows_nothing_of_another_order(self):
        foreign = self._create_order([(self.product, 7)], partner=self.other_customer)
        self._deliver(foreign.picking_ids, {self.product: 7})
        case = self._new_case()
        result = (
            self.env["complaint.case.line"]
            .with_user(self.quality_user)
            .onchange(
                {
                    "case_id": case.id,
                    "sale_line_id": foreign.order_line.id,
                    "claimed_qty": 1,
                },
                ["sale_line_id"],
                {
                    "case_id": {},
                    "sale_line_id": {},
                    "claimed_qty": {},
                    "ordered_qty": {},
                    "delivered_qty": {},
                    "verification_note": {},
                },
            )
        )
        value = result["value"]
        self.assertFalse(value.get("ordered_qty"))
        self.assertFalse(value.get("delivered_qty"))
        self.assertFalse(value.get("verification_note"))

    def test_receipt_date_is_corrected_while_registered(self):
        case = self._accepted(self._new_case())
        with self.assertRaisesMessage(
            UserError,
            f"The receipt date of complaint {case.name} is corrected while it is "
            "registered: the time limits count from it (stage now: Investigation).",
        ):
            case.date_received = "2026-11-20 09:00:00"

    def test_stage_step_with_cases_does_not_change(self):
        case = self._new_case()
        count = self.env["complaint.case"].search_count(
            [("stage_id", "=", self.stage_register.id)]
        )
        with self.assertRaisesMessage(
            UserError,
            f"Stage {self.stage_register.name} holds {count} complaints: its process "
            "step cannot change (move them first, or create another stage).",
        ):
            self.stage_register.step = "closed"
        self.assertEqual(case.stage_step, "register")
        with self.assertRaisesMessage(
            ValidationError,
            "The time limit of stage Registered is not plausible: 1000000000000.0 "
            "(at most 8760).",
        ):
            self.stage_register.time_limit = 1e12

    def test_access_token_is_the_portals(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            "Security Token of a complaint are set by the complaint process, not by "
            "hand: use the process buttons.",
        ):
            case.with_user(self.quality_user).write({"access_token": "known-123"})
        token = case._portal_ensure_token()
        self.assertEqual(case.access_token, token)

    def test_unsatisfied_visit_changed_later_reopens(self):
        case = self._to_followup(self._new_case())
        case.followup_ids = [Command.create({"method": "phone", "satisfaction": "4"})]
        case.followup_ids.satisfaction = "1"
        self.assertEqual(case.stage_step, "investigate")


class TestRawErrors(ProcessCommon):
    """Absurd input: a clear message, never a raw Python error."""

    def test_clear_messages(self):
        case = self._new_case()
        with self.assertRaisesMessage(UserError, "There is no complaint stage abc."):
            case.write({"stage_id": "abc"})
        with self.assertRaisesMessage(
            UserError, f"Reject Reason of complaint {case.name} must be a text."
        ):
            case.write({"stage_id": self._stage("rejected").id, "reject_reason": 123})
        with self.assertRaisesMessage(
            ValidationError,
            "The date 9999-12-15 of Received On is not plausible: it must be between "
            "2000-01-01 and 2100-12-31.",
        ):
            self._new_case(date_received="9999-12-15 00:00:00")
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Complaint Approval Limit is not plausible: 1e+308 (at most "
            "1,000,000,000,000).",
        ):
            self.company.complaint_approval_limit = 1e308
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Sequence is not plausible: 1.09951e+12 (at most "
            "2,147,483,647).",
        ):
            case.line_ids.write({"sequence": 2**40})


class TestOwnWizardsAndButtons(ProcessCommon):
    def test_reason_wizard_is_its_authors(self):
        case = self._new_case(user_id=self.officer.id)
        wizard = (
            self.env["complaint.case.reason"]
            .with_user(self.officer)
            .create({"case_id": case.id, "mode": "cancel", "reason": "Twice."})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.quality_user).action_confirm()
        self.assertEqual(case.stage_step, "register")

    def test_portal_cannot_press_buttons_or_search_internal_fields(self):
        portal = new_test_user(
            self.env,
            "portal_button_presser",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
        )
        case = self._new_case()
        with self.assertRaises(AccessError):
            case.with_user(portal).action_reverify()
        Case = self.env["complaint.case"].with_user(portal)
        for domain in (
            [("complained_user_ids", "in", [self.officer.id])],
            [("remedy_ids", "!=", False)],
            [("activity_user_id", "=", self.quality_user.id)],
        ):
            with self.subTest(domain=domain), self.assertRaises(AccessError):
                Case.search(domain)


class TestSecondRound(ProcessCommon):
    """What a second hostile run found."""

    def test_goods_value_cannot_be_lowered(self):
        case = self._accepted(self._new_case())
        line = case.line_ids
        message = (
            "The value of a Return is its quantity at the order's price (5 × "
            "$\xa025.00): it is not entered by hand."
        )
        vals = {
            "case_id": case.id,
            "remedy_type": "return",
            "case_line_id": line.id,
            "quantity": 5,
        }
        with self.assertRaisesMessage(UserError, message):
            self.env["complaint.remedy"].create({**vals, "amount": 0})
        with self.assertRaisesMessage(UserError, message):
            self.env["complaint.remedy"].with_context(default_amount=0.01).create(vals)
        # A line counted in dozens: its goods are valued by the dozen.
        line.product_uom_id = self.env.ref("uom.product_uom_dozen")
        remedy = self.env["complaint.remedy"].create({**vals, "quantity": 0.5})
        self.assertEqual(remedy.amount, 0.5 * 12 * 25.0)

    def test_returns_of_a_line_add_up(self):
        case = self._accepted(self._new_case())
        line = case.line_ids
        case.remedy_ids = [
            Command.create(
                {"remedy_type": "return", "case_line_id": line.id, "quantity": 6}
            )
        ]
        with self.assertRaisesMessage(
            ValidationError,
            f"The returns and exchanges of Steel Flange DN50 on {case.name} add up to "
            "12: only 10 were delivered to the customer.",
        ):
            case.remedy_ids = [
                Command.create(
                    {"remedy_type": "exchange", "case_line_id": line.id, "quantity": 6}
                )
            ]

    def test_changed_line_clears_the_approval(self):
        self.company.complaint_approval_limit = 10.0
        case = self._accepted(self._new_case())
        self._to_solution(
            case,
            [
                {
                    "remedy_type": "exchange",
                    "case_line_id": case.line_ids.id,
                    "quantity": 0.5,
                }
            ],
        )
        case.with_user(self.officer).action_approve()
        self.assertEqual(case.approved_amount, 12.5)
        # Half a unit becomes half a dozen: the approval no longer holds.
        case.line_ids.product_uom_id = self.env.ref("uom.product_uom_dozen")
        self.assertFalse(case.approved_by_id)
        self.assertEqual(case.remedy_amount_total, 0.5 * 12 * 25.0)
        # Four dozen would be more than was delivered.
        with self.assertRaisesMessage(
            ValidationError,
            "Cannot plan a Exchange of 4 Steel Flange DN50: only 0.84 were "
            "delivered to the customer.",
        ):
            case.remedy_ids.quantity = 4

    def test_proposer_does_not_approve(self):
        self.company.complaint_approval_limit = 10.0
        case = self._accepted(self._new_case())
        self._fill_report(case)
        case.action_submit_report()
        case.with_user(self.officer).write(
            {
                "remedy_ids": [
                    Command.create({"remedy_type": "compensation", "amount": 500.0})
                ]
            }
        )
        with self.assertRaisesMessage(
            AccessError,
            f"{self.officer.name} proposed or changed remedies of {case.name} and may "
            "not approve them: another person approves them.",
        ):
            case.with_user(self.officer).action_approve()

    def test_handler_is_a_complaint_user(self):
        portal = new_test_user(
            self.env,
            "portal_handler",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
        )
        case = self._new_case()
        with self.assertRaisesMessage(
            ValidationError,
            f"{portal.name} cannot handle complaint {case.name}: the handler is an "
            "employee with access to the Complaints app.",
        ):
            case.user_id = portal

    def test_complexity_is_decided_before_the_solution(self):
        case = self._to_solution(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        with self.assertRaisesMessage(
            UserError,
            f"The complexity of complaint {case.name} is decided during the "
            "investigation: the closing time limit follows it (stage now: Solution).",
        ):
            case.complexity = "special"

    def test_cancelled_documents_are_not_done(self):
        case = self._accepted(self._new_case())
        self._to_reply(
            case,
            [
                {
                    "remedy_type": "return",
                    "case_line_id": case.line_ids.id,
                    "quantity": 2,
                }
            ],
        )
        case.action_customer_accepts()
        case.action_execute_remedies()
        remedy = case.remedy_ids
        remedy.picking_ids.action_cancel()
        self.assertEqual(remedy.state, "cancel")
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Follow-up yet:\n"
            "- the documents of Return were cancelled: execute them again, or revise "
            "the solution",
        ):
            case.action_start_followup()
        # Executed again: a new return, the cancelled one kept in the history.
        case.action_execute_remedies()
        self.assertEqual(len(remedy.picking_ids), 2)
        new_return = remedy.picking_ids.filtered(lambda p: p.state != "cancel")
        new_return.move_ids.write({"quantity": 2, "picked": True})
        new_return.button_validate()
        self.assertEqual(remedy.state, "done")
        case.action_start_followup()

    def test_portal_sees_the_letter_sent_not_the_next_draft(self):
        portal = new_test_user(
            self.env,
            "portal_letter_reader",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
        )
        case = self._to_reply(
            self._accepted(self._new_case()), [{"remedy_type": "apology"}]
        )
        self.assertTrue(case.with_user(portal).reply_published)
        case._run_transition(
            "customer_refuses", customer_response_note="We want new flanges."
        )
        self.assertFalse(case.with_user(portal).reply_published)
        # The customer writes to us on its complaint.
        message = case.with_user(portal).message_post(
            body="We still wait for the flanges.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(message.author_id, self.customer_contact)
        with self.assertRaises(AccessError):
            self.env["complaint.case"].with_user(portal).search(
                [("message_ids.body", "ilike", "flanges")]
            )

    def test_complained_person_neither_executes_nor_writes(self):
        case = self._to_followup(self._new_case())
        case.user_id = self.officer
        case.complained_user_ids = [Command.link(self.quality_user.id)]
        as_complained = case.with_user(self.quality_user)
        message = (
            f"{self.quality_user.name} is a person complained about in {case.name} "
            "and may not act on it."
        )
        with self.assertRaisesMessage(AccessError, message):
            as_complained.remedy_ids.action_execute()
        with self.assertRaisesMessage(AccessError, message):
            as_complained.action_reverify()
        with self.assertRaisesMessage(AccessError, message):
            as_complained.message_post(body="It was not my fault.")

    def test_clear_messages(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            f"Approve Solution is not possible on complaint {case.name} in stage "
            "Registered.",
        ):
            case.action_approve()
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Claimed Qty is not plausible: 1e+308 (at most "
            "1,000,000,000,000).",
        ):
            self.env["complaint.case.line"].onchange(
                {"case_id": case.id, "claimed_qty": 1e308},
                ["claimed_qty"],
                {"case_id": {}, "claimed_qty": {}},
            )
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Complaint Officer Approval Limit is not plausible: 1e+308 "
            "(at most 1,000,000,000,000).",
        ):
            self.env["res.config.settings"].create(
                {"complaint_officer_approval_limit": 1e308}
            )
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Sequence is not plausible: 1.09951e+12 (at most "
            "2,147,483,647).",
        ):
            self.stage_accept.sequence = 2**40

    def test_stage_holding_cases_stays(self):
        self._new_case()
        count = self.env["complaint.case"].search_count(
            [("stage_id", "=", self.stage_register.id)]
        )
        with self.assertRaisesMessage(
            UserError,
            f"Stage Registered cannot be archived: it holds {count} complaints, or it "
            "is the last stage of its process step.",
        ):
            self.stage_register.active = False

    def test_import_reports_one_error(self):
        result = self.env["complaint.case"].load(
            ["partner_id/.id", "complaint_type", "stage_id/.id"],
            [[str(self.customer.id), "service", str(self.stage_closed.id)]],
        )
        self.assertEqual(
            [m["message"] for m in result["messages"]],
            [
                "A complaint is registered in a stage of the step Registration; it "
                "moves on through the process."
            ],
        )
