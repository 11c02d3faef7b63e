from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import ComplaintCommon


class ProcessCommon(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "purchasing@huayuan.example.com"
        cls.manager = cls._create_employee_user(
            "complaint_manager",
            cls.dept_quality,
            "sales_team.group_sale_salesman_all_leads,"
            "complaint_management.group_complaint_manager",
        )
        cls.order = cls._create_order([(cls.product, 10), (cls.product_b, 6)])
        cls.delivery = cls.order.picking_ids
        cls._deliver(cls.delivery, {cls.product: 10, cls.product_b: 6})
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.cause = cls.env.ref("complaint_management.complaint_cause_process")

    def _new_case(self, complaint_type="quality", lines=None, **vals):
        return self._create_case(
            self.order,
            complaint_type,
            lines or [(self.product, 4)],
            **vals,
        )

    def _accepted(self, case):
        case.write(
            {"department_id": self.dept_quality.id, "user_id": self.quality_user.id}
        )
        case.action_accept()
        case.action_start_investigation()
        return case

    def _fill_report(self, case, approve=True):
        """Write the investigation report; ``approve``: then have it reviewed
        and approved (审核), as the company's process wants by default."""
        case.write(
            {
                "cause_id": self.cause.id,
                "cause_detail": "Flange faces not machined flat on line 3.",
                "course_of_events": "Produced on 2026-11-02, shipped on 2026-11-05.",
                "responsible_department_ids": [Command.set(self.dept_sales.ids)],
                "conclusion": "confirmed",
                "countermeasures": "Replace the 4 flanges.",
                "preventive_measures": "Flatness check added to final inspection.",
                "action_ids": [
                    Command.create(
                        {
                            "name": "Add flatness gauge to final inspection",
                            "action_type": "preventive",
                            "user_id": self.quality_user.id,
                            "date_deadline": "2026-12-15",
                        }
                    )
                ],
            }
        )
        if approve and case.company_id.complaint_report_review:
            case.action_review_report()
            case.action_approve_report()

    def _to_solution(self, case, remedies):
        self._fill_report(case)
        case.action_submit_report()
        case.write(
            {
                "remedy_ids": [Command.create(vals) for vals in remedies],
                "reply_text": "<p>We confirm the defect and will take the 4 flanges "
                "back and credit you.</p>",
            }
        )
        return case

    def _to_reply(self, case, remedies):
        self._to_solution(case, remedies)
        case.action_send_reply()
        return case

    def _to_followup(self, case):
        """An accepted case with an apology, carried out, its actions done:
        in Follow-up."""
        self._to_reply(self._accepted(case), [{"remedy_type": "apology"}])
        case.action_customer_accepts()
        case.action_execute_remedies()
        case.action_start_followup()
        case.action_ids.action_done()
        return case

    def _closed(self, case):
        self._to_followup(case)
        case.followup_ids = [
            Command.create({"method": "phone", "satisfaction": "4"}),
            Command.create({"method": "visit", "satisfaction": "5"}),
        ]
        case.action_close()
        return case

    def _stage(self, step):
        return self.env["complaint.stage"].search([("step", "=", step)], limit=1)

    def _mails(self, case, subject):
        return case.message_ids.filtered(lambda m: m.subject == subject)


class TestHappyPath(ProcessCommon):
    def test_accepted_to_closed(self):
        case = self._new_case()
        # 登记: the customer is told the number, the process and when to expect us
        # (queued by the registration, mailed by the cron).
        self.env["complaint.case"]._cron_send_acknowledgements()
        ack = case.message_ids.filtered(
            lambda m: m.subject == f"We have registered your complaint {case.name}"
        )
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.partner_ids, self.customer)
        self.assertIn(case.name, ack.body)
        self.assertIn("You will receive our answer by", ack.body)
        self.assertTrue(case.date_reply_expected > case.date_received)
        self.assertEqual(case.stage_log_ids.stage_id, self.stage_register)

        # 受理: department and handler first.
        case.department_id = False
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Accepted yet:\n"
            "- set the responsible department",
        ):
            case.action_accept()
        self._accepted(case)
        self.assertTrue(case.date_accepted)
        self.assertEqual(case.stage_step, "investigate")

        # 调查: the report must be complete before a solution is proposed.
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Solution yet:\n"
            "- complete the investigation report: Cause, Course of Events, "
            "Responsible Departments, Conclusion, Countermeasures, Preventive "
            "Measures\n"
            "- the report is reviewed by a Complaint Officer and approved by its "
            "supervisor first",
        ):
            case.action_submit_report()
        self._fill_report(case)
        case.action_submit_report()

        # 处理方案 → 答复: remedies and the reply text first.
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Reply yet:\n"
            "- propose at least one remedy\n- write the reply to the customer",
        ):
            case.action_send_reply()
        line = case.line_ids
        case.write(
            {
                "remedy_ids": [
                    Command.create(
                        {
                            "remedy_type": "return",
                            "case_line_id": line.id,
                            "quantity": 4,
                        }
                    ),
                    Command.create({"remedy_type": "price_reduction", "amount": 30.0}),
                ],
                "reply_text": "<p>We take back the 4 flanges and credit you.</p>",
            }
        )
        self.assertEqual(case.remedy_amount_total, 4 * 25.0 + 30.0)
        self.assertFalse(case.approval_required)
        case.action_send_reply()
        reply = case.message_ids.filtered(
            lambda m: m.subject == f"Reply to your complaint {case.name}"
        )
        self.assertEqual(len(reply), 1)
        # The letter is attached (as HTML in test mode, see test_reports for the PDF).
        self.assertTrue(reply.attachment_ids.name.startswith(f"Reply - {case.name}."))
        self.assertEqual(case.customer_response, "pending")

        # 执行: only once the customer accepted.
        self.assertEqual(case.reply_sent, case.reply_text)
        with self.assertRaisesMessage(
            UserError,
            f"Remedies of {case.name} are executed once the customer has accepted "
            "the solution (stage now: Reply).",
        ):
            case.remedy_ids[0].action_execute()
        case.action_customer_accepts()
        self.assertEqual(case.stage_step, "execute")
        case.action_execute_remedies()
        return_remedy, credit_remedy = case.remedy_ids
        return_picking = return_remedy.picking_ids
        self.assertEqual(return_picking.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(return_picking.origin, case.name)
        self.assertRecordValues(
            return_picking.move_ids,
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 4,
                    "origin_returned_move_id": self.delivery.move_ids.filtered(
                        lambda m: m.product_id == self.product
                    ).id,
                    "location_id": self.env.ref("stock.stock_location_customers").id,
                }
            ],
        )
        credit_note = credit_remedy.invoice_id
        self.assertRecordValues(
            credit_note,
            [
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer.id,
                    "amount_untaxed": 30.0,
                    "reversed_entry_id": self.invoice.id,
                    "journal_id": self.invoice.journal_id.id,
                    "state": "draft",
                }
            ],
        )
        # The credit carries the taxes of the order line it reduces.
        self.assertEqual(
            credit_note.invoice_line_ids.tax_ids, self.order.order_line[0].tax_id
        )
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Follow-up yet:\n"
            "- finish the remedies: Return, Price Reduction / Credit",
        ):
            case.action_start_followup()
        return_picking.move_ids.write({"quantity": 4, "picked": True})
        return_picking.button_validate()
        credit_note.action_post()
        self.assertTrue(case.remedies_done)
        # The return shows in the evidence: 4 of the 10 came back.
        self.assertRecordValues(line, [{"returned_qty": 4, "delivered_qty": 6}])
        case.action_start_followup()
        case.action_ids.action_done()  # the report's actions

        # 回访: two visits for a product complaint, the last one satisfied.
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Closed yet:\n"
            "- record 2 follow-up visits (0 so far)",
        ):
            case.action_close()
        case.followup_ids = [
            Command.create({"method": "phone", "satisfaction": "4"}),
            Command.create({"method": "visit", "satisfaction": "5"}),
        ]
        case.action_close()
        self.assertEqual(case.stage_step, "closed")
        self.assertTrue(case.date_closed)
        self.assertTrue(case.closed_on_time)
        self.assertTrue(line.evidence_snapshot)
        self.assertEqual(
            case.stage_log_ids.stage_id.mapped("step"),
            [
                "register",
                "accept",
                "investigate",
                "solution",
                "reply",
                "execute",
                "followup",
                "closed",
            ],
        )
        self.assertTrue(all(case.stage_log_ids[:-1].mapped("on_time")))

    def test_stages_cannot_be_skipped(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot go from stage Registered to stage Closed.",
        ):
            case.stage_id = self.stage_closed
        self.assertEqual(case.stage_id, self.stage_register)

    def test_replacement_delivery_for_exchange(self):
        case = self._accepted(self._new_case())
        self._to_reply(
            case,
            [
                {
                    "remedy_type": "exchange",
                    "case_line_id": self._line(case).id,
                    "quantity": 3,
                }
            ],
        )
        case.action_customer_accepts()
        case.action_execute_remedies()
        replacement = case.remedy_ids.picking_ids
        self.assertRecordValues(
            replacement,
            [
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "partner_id": self.customer.id,
                    "origin": case.name,
                    "state": "assigned",
                }
            ],
        )
        self.assertRecordValues(
            replacement.move_ids,
            [{"product_id": self.product.id, "product_uom_qty": 3}],
        )
        self.assertEqual(case.remedy_ids.state, "in_progress")
        self._deliver(replacement, {self.product: 3})
        self.assertEqual(case.remedy_ids.state, "done")
        # Replacements are not sold again: the order's delivered quantity holds.
        self.assertEqual(self.order.order_line[0].qty_delivered, 10)

    def _line(self, case):
        return case.line_ids[:1]


class TestOtherPaths(ProcessCommon):
    def test_rejected_with_courteous_reply_and_reopened_by_officer(self):
        case = self._new_case(department_id=self.dept_sales.id)
        # 受理裁定: the unit's manager decides.
        action = case.with_user(self.sales_manager_user).action_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.sales_manager_user)
            .with_context(**action["context"])
        )
        wizard.reason = "The flanges were welded by the customer before the test."
        wizard.save().action_confirm()
        self.assertEqual(case.stage_step, "rejected")
        rejection = case.message_ids.filtered(
            lambda m: m.subject == f"Your complaint {case.name}"
        )
        self.assertIn("welded by the customer", rejection.body)
        with self.assertRaisesMessage(
            AccessError,
            f"Only Complaint Officers can send complaint {case.name} back from "
            "Not Accepted to Registered.",
        ):
            case.with_user(self.sales_user).action_reopen()
        case.with_user(self.officer).action_reopen()
        self.assertEqual(case.stage_id, self.stage_register)
        self.assertEqual(case.reopen_count, 1)

    def test_reject_needs_a_reason(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Not Accepted yet:\n"
            "- give the reason for not accepting it",
        ):
            case._run_transition("reject", reject_reason=" ")
        self.assertEqual(case.stage_step, "register")

    def test_cancel_with_reason_keeps_the_case(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Cancelled yet:\n"
            "- give the reason for cancelling it",
        ):
            case._run_transition("cancel", cancel_reason="")
        case._run_transition(
            "cancel", cancel_reason="Registered twice: see the other case."
        )
        self.assertEqual(case.cancel_reason, "Registered twice: see the other case.")
        self.assertEqual(case.stage_step, "cancel")
        self.assertTrue(case.exists())

    def test_reply_refused_reopens_investigation(self):
        case = self._accepted(self._new_case())
        self._to_reply(case, [{"remedy_type": "apology"}])
        action = case.with_user(self.quality_user).action_customer_refuses()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.quality_user)
            .with_context(**action["context"])
        )
        wizard.reason = "A credit is not enough: we want new flanges."
        wizard.save().action_confirm()
        self.assertEqual(case.stage_step, "investigate")
        self.assertEqual(case.customer_response, "refused")
        self.assertEqual(
            case.customer_response_note, "A credit is not enough: we want new flanges."
        )
        self.assertEqual(case.reopen_count, 1)
        self.assertIn(
            "The customer refused the solution: back to investigation.",
            case.message_ids.mapped("body")[0],
        )
        # The next round goes through the gates again.
        case.action_submit_report()
        case.action_send_reply()
        case.action_customer_accepts()
        self.assertEqual(case.stage_step, "execute")

    def test_unsatisfied_followup_reopens(self):
        case = self._accepted(self._new_case())
        self._to_reply(case, [{"remedy_type": "apology"}])
        case.action_customer_accepts()
        case.action_execute_remedies()
        self.assertEqual(case.remedy_ids.state, "done")
        case.action_start_followup()
        case.followup_ids = [Command.create({"method": "phone", "satisfaction": "2"})]
        self.assertEqual(case.stage_step, "investigate")
        self.assertEqual(case.reopen_count, 1)

    def test_approval_above_limit(self):
        self.company.write(
            {
                "complaint_approval_limit": 100.0,
                "complaint_officer_approval_limit": 200.0,
            }
        )
        case = self._accepted(self._new_case())
        self._fill_report(case)
        case.action_submit_report()
        case.write(
            {
                "remedy_ids": [
                    Command.create({"remedy_type": "compensation", "amount": 500})
                ],
                "reply_text": "<p>We compensate the downtime.</p>",
            }
        )
        self.assertTrue(case.approval_required)
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Reply yet:\n"
            "- have the solution approved by Complaint Managers: remedies worth "
            "$\xa0500.00 exceed the approval limit of $\xa0100.00",
        ):
            case.action_send_reply()
        with self.assertRaisesMessage(
            AccessError,
            "Remedies worth $\xa0500.00 are approved by Complaint Managers (officers "
            "approve up to $\xa0200.00).",
        ):
            case.with_user(self.officer).action_approve()
        case.with_user(self.manager).action_approve()
        self.assertRecordValues(
            case,
            [
                {
                    "approved_by_id": self.manager.id,
                    "approved_amount": 500.0,
                    "is_approved": True,
                }
            ],
        )
        self.assertTrue(case.date_approved)
        case.action_send_reply()
        self.assertEqual(case.stage_step, "reply")

    def test_recusal(self):
        case = self._new_case(complained_user_ids=[Command.set(self.sales_user.ids)])
        with self.assertRaisesMessage(
            ValidationError,
            f"{self.sales_user.name} is a person complained about in {case.name} "
            "and may not handle it.",
        ):
            case.user_id = self.sales_user
        self.company.complaint_approval_limit = 10.0
        case.complained_user_ids = [Command.link(self.manager.id)]
        self._accepted(case)
        self._fill_report(case)
        case.action_submit_report()
        case.remedy_ids = [
            Command.create({"remedy_type": "compensation", "amount": 50})
        ]
        with self.assertRaisesMessage(
            AccessError,
            f"{self.manager.name} is a person complained about in {case.name} and "
            "may not act on it.",
        ):
            case.with_user(self.manager).action_approve()
        self.assertFalse(case.approved_by_id)

    def test_remedy_refusals(self):
        case = self._accepted(self._new_case())
        line = case.line_ids
        with self.assertRaisesMessage(
            ValidationError,
            "Cannot plan a Return of 12 Steel Flange DN50: only 10 were "
            "delivered to the customer.",
        ):
            case.remedy_ids = [
                Command.create(
                    {"remedy_type": "return", "case_line_id": line.id, "quantity": 12}
                )
            ]
        with self.assertRaisesMessage(
            ValidationError,
            "The amount of the Compensation must be greater than zero (0.0).",
        ):
            case.remedy_ids = [Command.create({"remedy_type": "compensation"})]


class TestGateRefusals(ProcessCommon):
    def test_execution_needs_the_customers_agreement(self):
        case = self._accepted(self._new_case())
        self._to_reply(case, [{"remedy_type": "apology"}])
        registered = self._new_case()
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {registered.name} cannot go from stage Registered to stage "
            "Execution.",
        ):
            registered.action_customer_accepts()
        case.action_customer_accepts()
        self.assertEqual(case.customer_response, "accepted")

    def test_remedy_executed_once(self):
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
        with self.assertRaisesMessage(
            UserError,
            f"The Return of {case.name} has already been executed "
            f"({remedy.picking_ids.display_name}).",
        ):
            remedy.action_execute()
        self.assertEqual(
            self.env["stock.picking"].search_count([("origin", "=", case.name)]), 1
        )

    def test_reason_wizard_refuses_blank_reason(self):
        case = self._new_case()
        wizard = self.env["complaint.case.reason"].create(
            {"case_id": case.id, "mode": "cancel", "reason": "   "}
        )
        with self.assertRaisesMessage(UserError, "Give the reason."):
            wizard.action_confirm()
        self.assertEqual(case.stage_id, self.stage_register)
