from odoo.exceptions import UserError
from odoo.tests import Form

from .test_process import ProcessCommon


class TestReportReview(ProcessCommon):
    """审核: Quality Management reviews the investigation report and the
    supervisor approves it before the solution; either refuses it with a
    reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_review_department_id = cls.dept_quality
        cls.dept_quality.manager_id = cls.officer.employee_ids[:1]

    def _investigated(self):
        case = self._accepted(self._new_case(department_id=self.dept_sales.id))
        case.department_id = self.dept_sales
        self._fill_report(case, approve=False)
        return case

    def test_on_by_default(self):
        self.assertTrue(self.company.complaint_report_review)
        company = self.env["res.company"].create({"name": "New Company"})
        self.assertTrue(company.complaint_report_review)

    def test_reviewed_and_approved_before_the_solution(self):
        case = self._investigated()
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Solution yet:\n"
            "- the report is reviewed by Quality Management and approved by its "
            "supervisor first",
        ):
            case.with_user(self.quality_user).action_submit_report()
        # The supervisor cannot approve before the review.
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name}: Approve Report is not possible yet:\n"
            "- the report is reviewed by Quality Management first",
        ):
            case.with_user(self.sales_manager_user).action_approve_report()
        # Only Quality Management reviews.
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name}: Review Report is not possible yet:\n"
            "- the report is reviewed by Quality Management",
        ):
            case.with_user(self.sales_user).action_review_report()
        self.assertTrue(case.with_user(self.quality_user).can_review_report)
        case.with_user(self.quality_user).action_review_report()
        self.assertEqual(case.report_reviewed_by_id, self.quality_user)
        self.assertTrue(case.date_report_reviewed)
        # Pressed twice: nothing more.
        case.with_user(self.quality_user).action_review_report()
        # Only the head of the responsible department (or a manager) approves.
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name}: Approve Report is not possible yet:\n"
            "- the report is approved by the head of Sales Unit East or a "
            "Complaint Manager",
        ):
            case.with_user(self.quality_user).action_approve_report()
        case.with_user(self.sales_manager_user).action_approve_report()
        self.assertEqual(case.report_approved_by_id, self.sales_manager_user)
        case.with_user(self.quality_user).action_submit_report()
        self.assertEqual(case.stage_step, "solution")
        # Both on the investigation report.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.action_report_complaint_investigation", case.ids
            )[0]
            .decode()
        )
        self.assertIn(self.quality_user.name, html)
        self.assertIn(self.sales_manager_user.name, html)

    def test_refused_with_a_reason_and_a_changed_report_is_reviewed_again(self):
        case = self._investigated()
        case.with_user(self.quality_user).action_review_report()
        action = case.with_user(self.sales_manager_user).action_refuse_review()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.sales_manager_user)
            .with_context(**action["context"])
        )
        wizard.reason = "The course of events does not say who packed the flanges."
        wizard.save().action_confirm()
        self.assertFalse(case.report_reviewed_by_id)
        self.assertFalse(case.report_approved_by_id)
        self.assertEqual(
            case.review_refusal_note,
            "The course of events does not say who packed the flanges.",
        )
        note = case.message_ids.filtered(
            lambda m: "Investigation report refused by" in (m.body or "")
        )
        self.assertIn(self.quality_user.partner_id, note.partner_ids)
        self.assertEqual(case.stage_step, "investigate")
        # Refused twice (a second click): one note.
        case.with_user(self.sales_manager_user)._run_transition(
            "refuse_review", review_refusal_note="Again"
        )
        self.assertEqual(
            len(
                case.message_ids.filtered(
                    lambda m: "Investigation report refused by" in (m.body or "")
                )
            ),
            1,
        )
        self.assertEqual(
            case.review_refusal_note,
            "The course of events does not say who packed the flanges.",
        )
        case.with_user(self.quality_user).action_review_report()
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name}: Refuse Report is not possible yet:\n"
            "- give the reason the report is refused",
        ):
            case.with_user(self.quality_user)._run_transition(
                "refuse_review", review_refusal_note=" "
            )
        # Reviewed and approved, then the report changes: reviewed again.
        case.with_user(self.quality_user).action_review_report()
        case.with_user(self.sales_manager_user).action_approve_report()
        case.with_user(self.quality_user).write(
            {"course_of_events": "Packed by the night shift on line 3."}
        )
        self.assertFalse(case.report_reviewed_by_id)
        self.assertFalse(case.report_approved_by_id)
        with self.assertRaises(UserError):
            case.with_user(self.quality_user).action_submit_report()

    def test_the_review_fields_are_the_process_s(self):
        case = self._investigated()
        with self.assertRaises(UserError):
            case.with_user(self.officer).write(
                {"report_reviewed_by_id": self.officer.id}
            )

    def test_without_the_setting_nothing_changes(self):
        self.company.complaint_report_review = False
        case = self._investigated()
        self.assertFalse(case.can_review_report)
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name}: Review Report is not possible yet:\n"
            f"- {self.company.name} does not review investigation reports (Settings)",
        ):
            case.with_user(self.quality_user).action_review_report()
        case.with_user(self.quality_user).action_submit_report()
        self.assertEqual(case.stage_step, "solution")
