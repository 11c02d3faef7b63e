from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .test_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestPortalSurvey(ProcessCommon, HttpCase):
    """回访: the follow-up mails a satisfaction survey; the customer's answer
    is a follow-up visit "online survey", and an unsatisfied one sends the
    case back to investigation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "service@huayuan.example.com"
        cls.portal_user = new_test_user(
            cls.env,
            "huayuan_survey",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.other_portal_user = new_test_user(
            cls.env, "rival_survey", groups="base.group_portal"
        )
        cls.case = cls._create_case(cls.order, "quality", [(cls.product, 3)])

    def setUp(self):
        super().setUp()
        self._to_followup(self.case)
        self.assertEqual(self.case.stage_step, "followup")

    def _survey(self, data=None, token=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        if token:
            data["access_token"] = token
        return self.url_open(
            f"/my/complaints/{self.case.id}/survey", data=data, allow_redirects=False
        )

    def test_mailed_and_answered_satisfied(self):
        mail = self.case.message_ids.filtered(
            lambda m: m.subject
            == f"How satisfied are you with the handling of complaint {self.case.name}?"
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(
            f"/my/complaints/{self.case.id}/survey?access_token={self.case.access_token}",
            mail.body,
        )
        self.assertEqual(mail.partner_ids, self.customer)
        # The link works without login.
        self.authenticate(None, None)
        page = self.url_open(
            f"/my/complaints/{self.case.id}/survey?access_token={self.case.access_token}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("How satisfied are you with the handling", page.text)
        response = self._survey(
            {"rating": "4", "comment": "Quick and polite."},
            token=self.case.access_token,
        )
        self.assertIn("Thank you for your answer.", response.text)
        self.assertRecordValues(
            self.case.followup_ids,
            [
                {
                    "method": "survey",
                    "satisfaction": "4",
                    "satisfied": True,
                    "comment": "Quick and polite.",
                    "user_id": False,
                }
            ],
        )
        self.assertEqual(self.case.stage_step, "followup")
        post = self.case.message_ids.filtered(lambda m: m.author_id == self.customer)
        self.assertIn("Satisfaction survey: 4 / 5 (Quite Satisfied).", post.body)
        # Answered once per round.
        again = self._survey({"rating": "5"}, token=self.case.access_token)
        self.assertIn(
            f"The survey of complaint {self.case.name} is closed or was answered "
            "already. Thank you!",
            again.text,
        )
        self.assertEqual(len(self.case.followup_ids), 1)

    def test_unsatisfied_reopens_the_investigation(self):
        self.authenticate("huayuan_survey", "huayuan_survey")
        self._survey({"rating": "2", "comment": "Still leaking."})
        self.assertRecordValues(
            self.case.followup_ids, [{"method": "survey", "satisfied": False}]
        )
        self.assertEqual(self.case.stage_step, "investigate")
        # Staff may still record phone visits in the next round.
        self.assertEqual(self.case.reopen_count, 1)

    def test_refusals(self):
        self.authenticate("huayuan_survey", "huayuan_survey")
        page = self._survey({"rating": "9"})
        self.assertIn("Choose a rating from 1 to 5.", page.text)
        self.assertIn("Choose a rating from 1 to 5.", self._survey({}).text)
        self.assertEqual(self._survey({"rating": "5"}, csrf=False).status_code, 400)
        self.assertFalse(self.case.followup_ids)
        # Another customer, with or without a token; a bad token.
        self.authenticate("rival_survey", "rival_survey")
        for token in (None, "not-the-token"):
            response = self._survey({"rating": "1"}, token=token)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my"))
        self.authenticate(None, None)
        response = self._survey({"rating": "1"}, token="not-the-token")
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self.case.followup_ids)
        self.assertEqual(self.case.stage_step, "followup")
