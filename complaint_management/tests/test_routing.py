from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .test_process import ProcessCommon


class RoutingCommon(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dept_management = cls.env["hr.department"].create(
            {"name": "General Management"}
        )
        cls.Rule = cls.env["complaint.routing.rule"]
        cls.quality_rule = cls.Rule.create(
            {
                "complaint_type": "quality",
                "department_id": cls.dept_quality.id,
                "user_id": cls.quality_user.id,
            }
        )
        cls.contract_rule = cls.Rule.create(
            {"complaint_type": "contract", "department_id": cls.dept_management.id}
        )

    def _register_as(self, user, complaint_type="quality", **vals):
        return (
            self.env["complaint.case"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "complaint_type": complaint_type,
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "claimed_qty": 2}
                        )
                    ]
                    if complaint_type == "quality"
                    else [],
                    **vals,
                }
            )
        )


class TestRouting(RoutingCommon):
    """分类转办: the type of a complaint names its responsible department."""

    def test_registration_applies_the_rule_of_the_type(self):
        case = self._register_as(self.sales_user)
        self.assertRecordValues(
            case.sudo(),
            [
                {
                    "receiving_department_id": self.dept_sales.id,
                    "department_id": self.dept_quality.id,
                    "user_id": self.quality_user.id,
                }
            ],
        )
        # The person registering it keeps seeing it (a follower).
        self.assertTrue(case.with_user(self.sales_user).name)
        # A contract dispute goes to management; no default handler: the
        # person registering it handles it.
        dispute = self._register_as(self.sales_user, "contract")
        self.assertRecordValues(
            dispute.sudo(),
            [
                {
                    "receiving_department_id": self.dept_sales.id,
                    "department_id": self.dept_management.id,
                    "user_id": self.sales_user.id,
                }
            ],
        )
        # No rule for the type: the receiving unit handles it.
        service = self._register_as(self.sales_user, "service")
        self.assertEqual(service.sudo().department_id, self.dept_sales)

    def test_the_form_shows_the_route(self):
        form = Form(self.env["complaint.case"].with_user(self.sales_user))
        form.partner_id = self.customer
        form.complaint_type = "contract"
        self.assertEqual(form.department_id, self.dept_management)
        form.complaint_type = "quality"
        self.assertEqual(form.department_id, self.dept_quality)
        self.assertEqual(form.user_id, self.quality_user)
        self.assertEqual(form.receiving_department_id, self.dept_sales)

    def test_only_officers_send_a_case_elsewhere(self):
        with self.assertRaisesMessage(
            UserError,
            "Complaints of type Quality Defect go to Quality Management (routing "
            "rule); only a Complaint Officer sends one to another department.",
        ):
            self._register_as(self.sales_user, department_id=self.dept_sales.id)
        # Naming the routed department is fine.
        case = self._register_as(self.sales_user, department_id=self.dept_quality.id)
        with self.assertRaisesMessage(
            UserError,
            f"Only a Complaint Officer changes the Responsible Department of "
            f"complaint {case.name} (now Quality Management).",
        ):
            case.with_user(self.quality_user).write(
                {"department_id": self.dept_sales.id}
            )
        with self.assertRaisesMessage(
            UserError,
            f"Only a Complaint Officer changes the Receiving Unit of complaint "
            f"{case.name} (now Sales Unit East).",
        ):
            case.with_user(self.quality_user).write(
                {"receiving_department_id": self.dept_quality.id}
            )
        # Giving back the same value (an import) changes nothing.
        case.with_user(self.quality_user).write({"department_id": self.dept_quality.id})
        # The officer overrides, at registration and after.
        elsewhere = self._register_as(self.officer, department_id=self.dept_sales.id)
        self.assertEqual(elsewhere.department_id, self.dept_sales)
        case.with_user(self.officer).write({"department_id": self.dept_management.id})
        self.assertEqual(case.department_id, self.dept_management)

    def test_a_case_without_department_gets_one_from_anyone(self):
        case = self._register_as(self.sales_user, "service")
        case.sudo().department_id = False
        case.with_user(self.sales_user).write({"department_id": self.dept_sales.id})
        self.assertEqual(case.sudo().department_id, self.dept_sales)

    def test_one_rule_per_type_and_company(self):
        with self.assertRaisesMessage(
            ValidationError,
            f"{self.env.company.name} already routes complaints of type Quality "
            "Defect: one rule per type (archive the other one first).",
        ):
            self.Rule.create(
                {"complaint_type": "quality", "department_id": self.dept_sales.id}
            )
        # Archived, it makes room for another; registration follows at once.
        self.quality_rule.active = False
        self.Rule.create(
            {"complaint_type": "quality", "department_id": self.dept_sales.id}
        )
        case = self._register_as(self.quality_user)
        self.assertEqual(case.sudo().department_id, self.dept_sales)
        self.assertEqual(case.sudo().receiving_department_id, self.dept_quality)

    def test_rules_are_kept_by_officers(self):
        rule = self.Rule.with_user(self.officer).create(
            {"complaint_type": "service", "department_id": self.dept_sales.id}
        )
        self.assertEqual(rule.display_name, "Service Attitude → Sales Unit East")
        self.assertEqual(self.Rule.with_user(self.sales_user).search_count([]), 3)
        with self.assertRaises(UserError):
            self.Rule.with_user(self.sales_user).create(
                {"complaint_type": "other", "department_id": self.dept_sales.id}
            )
        with self.assertRaises(UserError):
            rule.with_user(self.officer).unlink()
        rule.with_user(self.officer).active = False
        self.assertFalse(rule.active)


class TestAcceptanceDecision(RoutingCommon):
    """受理裁定: the receiving unit's manager, or an officer, decides."""

    def test_a_plain_user_does_not_decide(self):
        case = self._register_as(self.sales_user)
        for user in (self.sales_user, self.quality_user):
            with self.subTest(user=user.login):
                with self.assertRaisesMessage(
                    UserError,
                    f"Complaint {case.name} cannot move to Accepted yet:\n"
                    "- the acceptance is decided by the manager of Sales Unit "
                    "East or a Complaint Officer",
                ):
                    case.with_user(user).action_accept()
                with self.assertRaisesMessage(
                    UserError,
                    f"Complaint {case.name} cannot move to Not Accepted yet:\n"
                    "- the acceptance is decided by the manager of Sales Unit "
                    "East or a Complaint Officer",
                ):
                    case.with_user(user)._run_transition(
                        "reject", reject_reason="Not ours"
                    )
        # Nor by dragging the card.
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Accepted yet:\n"
            "- the acceptance is decided by the manager of Sales Unit East or a "
            "Complaint Officer",
        ):
            case.with_user(self.quality_user).write({"stage_id": self.stage_accept.id})
        self.assertEqual(case.stage_id, self.stage_register)
        self.assertFalse(case.decided_by_id)

    def test_the_receiving_units_manager_decides(self):
        case = self._register_as(self.sales_user)
        # The unit's manager sees the case it received, handled by Quality.
        case.with_user(self.sales_manager_user).action_accept()
        self.assertEqual(case.stage_step, "accept")
        self.assertEqual(case.decided_by_id, self.sales_manager_user)
        self.assertEqual(case.date_decided, case.date_accepted)

    def test_a_manager_above_the_unit_decides(self):
        team = self.env["hr.department"].create(
            {"name": "Sales Unit East / Team 2", "parent_id": self.dept_sales.id}
        )
        member = self._create_employee_user(
            "east_team_2",
            team,
            "sales_team.group_sale_salesman_all_leads,"
            "complaint_management.group_complaint_user",
        )
        case = self._register_as(member)
        self.assertEqual(case.sudo().receiving_department_id, team)
        # The head of the parent unit is not in the team: told of the case.
        case.sudo().message_subscribe(self.sales_manager_user.partner_id.ids)
        case.with_user(self.sales_manager_user).action_accept()
        self.assertEqual(case.decided_by_id, self.sales_manager_user)

    def test_an_officer_decides_not_to_accept(self):
        case = self._register_as(self.sales_user)
        case.with_user(self.officer)._run_transition(
            "reject", reject_reason="A contract dispute: see management."
        )
        self.assertEqual(case.stage_step, "rejected")
        self.assertEqual(case.decided_by_id, self.officer)
        self.assertTrue(case.date_decided)

    def test_the_decision_is_the_process_s(self):
        case = self._register_as(self.sales_user)
        with self.assertRaises(UserError):
            case.with_user(self.officer).write({"decided_by_id": self.officer.id})
