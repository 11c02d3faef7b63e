from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user


class TestComplaintStage(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "stage_manager",
            groups="complaint_management.group_complaint_manager",
        )
        cls.user = new_test_user(
            cls.env, "stage_user", groups="complaint_management.group_complaint_user"
        )

    def test_default_process_stages(self):
        stages = self.env["complaint.stage"].search([])
        self.assertEqual(
            stages.mapped("step"),
            [
                "register",
                "accept",
                "investigate",
                "solution",
                "reply",
                "execute",
                "followup",
                "closed",
                "rejected",
                "cancel",
            ],
        )
        register = self.env.ref("complaint_management.complaint_stage_register")
        self.assertEqual(
            (register.time_limit, register.time_limit_unit), (24, "clock_hours")
        )
        self.assertTrue(
            self.env.ref("complaint_management.complaint_stage_rejected").fold
        )

    def test_manager_creates_stage(self):
        stage = (
            self.env["complaint.stage"]
            .with_user(self.manager)
            .create({"name": "Mediation", "step": "solution", "time_limit": 10})
        )
        self.assertEqual(
            self.env["complaint.stage"].search([("name", "=", "Mediation")]), stage
        )
        self.assertEqual(stage.time_limit_unit, "days")

    def test_negative_time_limit_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["complaint.stage"].create({"name": "Late", "time_limit": -2})
        self.assertEqual(
            str(caught.exception),
            "The time limit of stage Late cannot be negative (-2.0).",
        )

    def test_user_cannot_configure_stages(self):
        with self.assertRaises(AccessError):
            self.env["complaint.stage"].with_user(self.user).create({"name": "Mine"})
