from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from .test_routing import RoutingCommon


class TestMajorComplaints(RoutingCommon):
    """重大投诉: set at registration or by an officer; the Complaint Managers
    are told at once."""

    def _major_notes(self, case):
        return case.message_ids.filtered(lambda m: "Major complaint" in (m.body or ""))

    def test_registered_major_tells_the_managers(self):
        case = self._register_as(self.sales_user, severity="major")
        self.assertEqual(case.severity, "major")
        note = self._major_notes(case)
        self.assertEqual(len(note), 1)
        self.assertIn(
            f"Major complaint {case.name} from {self.customer.name}: the Complaint "
            "Managers decide on it.",
            note.body,
        )
        self.assertIn(self.manager.partner_id, note.partner_ids)
        self.assertIn(self.manager.partner_id, case.message_partner_ids)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        # Listed apart.
        action = self.env.ref("complaint_management.complaint_case_action_major")
        self.assertEqual(
            self.env["complaint.case"].search(safe_eval(action.domain)), case
        )

    def test_a_general_complaint_tells_nobody(self):
        case = self._register_as(self.sales_user)
        self.assertEqual(case.severity, "general")
        self.assertFalse(self._major_notes(case))
        self.assertNotIn(self.manager.partner_id, case.message_partner_ids)

    def test_only_an_officer_makes_it_major_later(self):
        case = self._register_as(self.sales_user)
        with self.assertRaisesMessage(
            UserError,
            f"Only a Complaint Officer changes the Severity of complaint "
            f"{case.name} (now General).",
        ):
            case.with_user(self.sales_user).write({"severity": "major"})
        self.assertFalse(self._major_notes(case))
        case.with_user(self.officer).write({"severity": "major"})
        self.assertEqual(len(self._major_notes(case)), 1)
        # Writing major again tells nobody twice.
        case.with_user(self.officer).write({"severity": "major"})
        self.assertEqual(len(self._major_notes(case)), 1)

    def test_a_manager_complained_about_is_not_told(self):
        case = self._register_as(
            self.officer,
            severity="major",
            complained_user_ids=[(6, 0, self.manager.ids)],
        )
        self.assertNotIn(self.manager.partner_id, case.message_partner_ids)
        self.assertNotIn(self.manager.partner_id, self._major_notes(case).partner_ids)
