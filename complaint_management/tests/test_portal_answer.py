from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .test_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestPortalAnswer(ProcessCommon, HttpCase):
    """The customer agrees with the reply, or refuses it with a reason, on
    its complaint's page: the same transitions as the staff's buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_contact.email = "wang@huayuan.example.com"
        cls.portal_user = new_test_user(
            cls.env,
            "huayuan_answer",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.other_portal_user = new_test_user(
            cls.env, "rival_answer", groups="base.group_portal"
        )
        cls.other_portal_user.partner_id.parent_id = cls.other_customer
        cls.case = cls._create_case(cls.order, "quality", [(cls.product, 3)])

    def setUp(self):
        super().setUp()
        self._to_reply(self._accepted(self.case), [{"remedy_type": "apology"}])
        self.assertEqual(self.case.customer_response, "pending")

    def _answer(self, data, token=None, csrf=True):
        data = dict(data)
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        if token:
            data["access_token"] = token
        return self.url_open(
            f"/my/complaints/{self.case.id}/answer", data=data, allow_redirects=False
        )

    def test_the_customer_agrees(self):
        self.authenticate("huayuan_answer", "huayuan_answer")
        response = self._answer({"decision": "accept"})
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            f"/my/complaints/{self.case.id}?access_token=", response.headers["Location"]
        )
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_step": "execute",
                    "customer_response": "accepted",
                    "customer_response_partner_id": self.customer_contact.id,
                }
            ],
        )
        self.assertTrue(self.case.date_customer_response)
        message = self.case.message_ids.filtered(
            lambda m: m.author_id == self.customer_contact
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.message_type, "comment")
        self.assertIn("I agree with the solution.", message.body)
        # Pressed twice (a second tab, the back button): nothing more.
        page = self._answer({"decision": "accept"})
        self.assertEqual(page.status_code, 200)
        self.assertIn(
            f"Complaint {self.case.name} is not waiting for your answer.", page.text
        )
        self.assertEqual(self.case.stage_step, "execute")

    def test_a_refusal_needs_a_reason(self):
        self.authenticate("huayuan_answer", "huayuan_answer")
        page = self._answer({"decision": "refuse", "reason": "   "})
        self.assertEqual(page.status_code, 200)
        self.assertIn(
            "Please tell us why you do not agree with the solution of complaint "
            f"{self.case.name}.",
            page.text,
        )
        self.assertEqual(self.case.stage_step, "reply")
        response = self._answer(
            {"decision": "refuse", "reason": "An apology does not replace 3 flanges."}
        )
        self.assertEqual(response.status_code, 303)
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_step": "investigate",
                    "customer_response": "refused",
                    "customer_response_note": "An apology does not replace 3 flanges.",
                    "customer_response_partner_id": self.customer_contact.id,
                }
            ],
        )
        page = self.url_open(self.case.get_portal_url())
        self.assertIn("An apology does not replace 3 flanges.", page.text)
        self.assertIn("We are looking into your complaint again.", page.text)

    def test_the_mailed_link_answers_without_login(self):
        reply = self.case.message_ids.filtered(
            lambda m: m.subject == f"Reply to your complaint {self.case.name}"
        )
        self.assertEqual(len(reply), 1)
        self.assertIn(f"access_token={self.case.access_token}", reply.body)
        self.authenticate(None, None)
        response = self._answer({"decision": "accept"}, token=self.case.access_token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.case.customer_response, "accepted")
        # Without login, the case's customer answered.
        self.assertEqual(self.case.customer_response_partner_id, self.customer)

    def test_refusals_reveal_nothing(self):
        # A bad token, not logged in.
        self.authenticate(None, None)
        response = self._answer({"decision": "accept"}, token="not-the-token")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        # Another customer, logged in, with or without a token of its own.
        self.authenticate("rival_answer", "rival_answer")
        for token in (None, "not-the-token"):
            response = self._answer({"decision": "refuse", "reason": "x"}, token=token)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my"))
            self.assertNotIn(self.case.name, response.text)
        # No CSRF token: refused before anything runs.
        self.authenticate("huayuan_answer", "huayuan_answer")
        response = self._answer({"decision": "accept"}, csrf=False)
        self.assertEqual(response.status_code, 400)
        # A decision that is neither.
        page = self._answer({"decision": "maybe"})
        self.assertIn("Choose whether you agree with the solution or not.", page.text)
        self.assertRecordValues(
            self.case, [{"stage_step": "reply", "customer_response": "pending"}]
        )

    def test_another_customer_with_the_token_answers_for_the_customer(self):
        """A user of another company holding the case's link acts for the
        case's customer: it is not recorded, nor made a follower."""
        self.authenticate("rival_answer", "rival_answer")
        response = self._answer({"decision": "accept"}, token=self.case.access_token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.case.customer_response_partner_id, self.customer)
        self.assertNotIn(
            self.other_portal_user.partner_id, self.case.message_partner_ids
        )

    def test_not_waiting_is_said(self):
        self.case.action_customer_accepts()
        self.authenticate("huayuan_answer", "huayuan_answer")
        page = self._answer({"decision": "refuse", "reason": "Changed my mind."})
        self.assertIn(
            f"Complaint {self.case.name} is not waiting for your answer.", page.text
        )

    def test_staff_answer_records_who(self):
        self.case.with_user(self.quality_user).action_customer_accepts()
        self.assertEqual(
            self.case.customer_response_partner_id, self.quality_user.partner_id
        )

    def test_refuse_tour(self):
        """Browser: the customer refuses the reply with a reason on its page
        (static/src/js/tours/complaint_portal_answer_tour.js)."""
        self.start_tour(
            f"/my/complaints/{self.case.id}",
            "complaint_management_portal_refuse_tour",
            login="huayuan_answer",
        )
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_step": "investigate",
                    "customer_response": "refused",
                    "customer_response_note": "The flanges are still not flat: "
                    "replace them.",
                }
            ],
        )
