from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .test_process import ProcessCommon


class TestApproval(ProcessCommon):
    """核决权限: who approves, what was approved, and that any later change of
    the remedies voids the approval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "complaint_approval_limit": 100.0,
                "complaint_officer_approval_limit": 1000.0,
            }
        )

    def _solution(self, amount):
        return self._to_solution(
            self._accepted(self._new_case()),
            [{"remedy_type": "compensation", "amount": amount}],
        )

    def test_tiers(self):
        below = self._solution(80.0)
        self.assertRecordValues(
            below, [{"approval_tier": "none", "approval_required": False}]
        )
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {below.name}: Approve Solution is not possible yet:\n"
            "- remedies worth $\xa080.00 need no approval (limit $\xa0100.00)",
        ):
            below.with_user(self.manager).action_approve()
        below.action_send_reply()

        officer_tier = self._solution(500.0)
        self.assertEqual(officer_tier.approval_tier, "officer")
        self.assertTrue(officer_tier.with_user(self.officer).can_approve)
        self.assertFalse(officer_tier.with_user(self.quality_user).can_approve)
        with self.assertRaisesMessage(
            AccessError,
            "Remedies worth $\xa0500.00 are approved by Complaint Officers (officers "
            "approve up to $\xa01,000.00).",
        ):
            officer_tier.with_user(self.quality_user).action_approve()
        officer_tier.with_user(self.officer).action_approve()
        self.assertRecordValues(
            officer_tier,
            [
                {
                    "approved_by_id": self.officer.id,
                    "approved_amount": 500.0,
                    "is_approved": True,
                }
            ],
        )

        manager_tier = self._solution(5000.0)
        self.assertEqual(manager_tier.approval_tier, "manager")
        self.assertFalse(manager_tier.with_user(self.officer).can_approve)
        with self.assertRaisesMessage(
            AccessError,
            "Remedies worth $\xa05,000.00 are approved by Complaint Managers "
            "(officers approve up to $\xa01,000.00).",
        ):
            manager_tier.with_user(self.officer).action_approve()
        manager_tier.with_user(self.manager).action_approve()
        manager_tier.action_send_reply()
        self.assertEqual(manager_tier.stage_step, "reply")

    def test_nobody_approves_a_case_they_handle(self):
        case = self._solution(500.0)
        case.user_id = self.officer
        with self.assertRaisesMessage(
            AccessError,
            f"{self.officer.name} handles {case.name} and may not approve its "
            "solution: another person approves it.",
        ):
            case.with_user(self.officer).action_approve()
        self.assertFalse(case.approved_by_id)

    def test_changed_remedies_clear_the_approval(self):
        case = self._solution(500.0)
        case.with_user(self.officer).action_approve()
        case.with_user(self.quality_user).write(
            {
                "remedy_ids": [
                    Command.create({"remedy_type": "compensation", "amount": 300.0})
                ]
            }
        )
        self.assertRecordValues(
            case, [{"approved_by_id": False, "approved_amount": 0.0}]
        )
        bodies = case.message_ids.mapped("body")
        self.assertIn(
            "The approval of the solution is cleared: the remedies changed.",
            bodies[0],
        )
        self.assertIn("Remedy proposed:", bodies[1])
        self.assertIn("Compensation · $&nbsp;300.00", bodies[1])
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Reply yet:\n"
            "- have the solution approved by Complaint Officers: remedies worth "
            "$\xa0800.00 exceed the approval limit of $\xa0100.00",
        ):
            case.action_send_reply()

    def test_approved_value_does_not_move_with_the_order(self):
        """Goods are valued when the remedy is proposed: a later change of the
        order's price does not rewrite the solution that was approved."""
        case = self._accepted(self._new_case())
        self._to_solution(
            case,
            [
                {
                    "remedy_type": "return",
                    "case_line_id": case.line_ids.id,
                    "quantity": 8,
                }
            ],
        )
        self.assertEqual(case.remedy_amount_total, 200.0)
        case.with_user(self.officer).action_approve()
        self.order.order_line[0].price_unit = 30.0
        self.assertEqual(case.remedy_amount_total, 200.0)
        self.assertTrue(case.is_approved)
        with self.assertRaisesMessage(
            UserError,
            "The value of a Return is its quantity at the order's price (8 × "
            "$\xa030.00): it is not entered by hand.",
        ):
            case.remedy_ids.write({"amount": 1.0})

    def test_limits_are_consistent(self):
        with self.assertRaisesMessage(
            ValidationError,
            f"The approval limits of {self.company.name} must satisfy 0 ≤ approval "
            "needed above (2000.0) ≤ officers approve up to (1000.0).",
        ):
            self.company.complaint_approval_limit = 2000.0
