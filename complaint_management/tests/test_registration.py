from datetime import date
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .test_process import ProcessCommon


class TestNumbering(ProcessCommon):
    """编号: KS + year + month + serial, per company, restarting each month."""

    def test_new_company_gets_its_sequence(self):
        company = self.env["res.company"].create({"name": "华远 Tianjin Branch"})
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "complaint.case"), ("company_id", "=", company.id)]
        )
        self.assertEqual(len(sequence), 1)
        # Months are made ahead: concurrent registrations never create one.
        this_month = date.today().replace(day=1)
        self.assertIn(this_month, sequence.date_range_ids.mapped("date_from"))
        self.assertGreaterEqual(len(sequence.date_range_ids), 24)

    def test_month_not_made_ahead(self):
        with freeze_time("2026-11-28 10:00:00"):
            case = self._new_case(date_received="2019-03-04 09:00:00")
        self.assertEqual(case.name, "KS201903-0001")
        with freeze_time("2026-11-28 10:00:00"):
            second = self._new_case(date_received="2019-03-20 09:00:00")
        self.assertEqual(second.name, "KS201903-0002")


class TestBadInput(ProcessCommon):
    """Bad input: a clear error naming the problem and the numbers."""

    def test_amounts_dates_and_quantities(self):
        with self.assertRaises(ValidationError) as caught:
            self._new_case(claimed_amount=-5.0)
        self.assertRegex(
            str(caught.exception),
            r"^The claimed amount of complaint KS\d{6}-\d{4} must be between 0 and "
            r"1,000,000,000,000 \(-5.0\)\.$",
        )
        with freeze_time("2026-11-28 10:00:00"):
            with self.assertRaises(ValidationError) as caught:
                self._new_case(date_received="2026-12-24 10:00:00")
            self.assertEqual(
                str(caught.exception),
                "A complaint cannot have been received in the future (2026-12-24 "
                "10:00:00).",
            )
            with self.assertRaisesMessage(
                ValidationError,
                "The date 1900-01-01 of Received On is not plausible: it must be "
                "between 2000-01-01 and 2100-12-31.",
            ):
                self._new_case(date_received="1900-01-01 00:00:00")
            with self.assertRaisesMessage(
                ValidationError, "Received On: 'not a date' is not a date."
            ):
                self._new_case(date_received="not a date")
        with self.assertRaisesMessage(
            ValidationError,
            "The claimed quantity of Steel Flange DN50 is not plausible (20000000000): "
            "at most 1000000000.",
        ):
            self._new_case(lines=[(self.product, 2e10)])
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Claimed Qty is not plausible: 1e+308 (at most "
            "1,000,000,000,000).",
        ):
            self._new_case(lines=[(self.product, 1e308)])
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Claimed Amount is not plausible: inf (at most "
            "1,000,000,000,000).",
        ):
            self._new_case(claimed_amount=float("inf"))

    def test_absurd_remedy(self):
        case = self._accepted(self._new_case())
        with self.assertRaisesMessage(
            ValidationError,
            "The value of Amount is not plausible: 1e+30 (at most 1,000,000,000,000).",
        ):
            case.write(
                {
                    "remedy_ids": [
                        Command.create({"remedy_type": "compensation", "amount": 1e30})
                    ]
                }
            )

    def test_absurd_settings(self):
        with self.assertRaisesMessage(
            ValidationError,
            "Escalation Delay (working days) must be between 0 and 365 (-1).",
        ):
            self.company.complaint_escalation_delay = -1


class TestAcknowledgement(ProcessCommon):
    """Registering never fails because a mail cannot be sent; the
    acknowledgement goes out from the company's address."""

    def test_from_the_company(self):
        self.company.email = "service@huayuan-steel.example.com"
        clerk = new_test_user(
            self.env,
            "clerk_without_email",
            groups="sales_team.group_sale_salesman_all_leads,"
            "complaint_management.group_complaint_officer",
            email=False,
        )
        self.assertFalse(clerk.email)
        case = (
            self.env["complaint.case"]
            .with_user(clerk)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "complaint_type": "quality",
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "claimed_qty": 1}
                        )
                    ],
                }
            )
        )
        subject = f"We have registered your complaint {case.name}"
        # The letter's portal link exists from the registration on: mailing it
        # writes nothing on the case.
        self.assertTrue(case.access_token)
        # Registering does not render the letter: it queues it and wakes the cron.
        self.assertFalse(self._mails(case, subject))
        self.assertTrue(case.acknowledgement_pending)
        self.env["complaint.case"]._cron_send_acknowledgements()
        ack = self._mails(case, subject)
        self.assertEqual(len(ack), 1)
        self.assertIn("service@huayuan-steel.example.com", ack.email_from)
        # Written as the clerk who registered it, to the customer.
        self.assertEqual(ack.create_uid, clerk)
        self.assertEqual(ack.partner_ids, self.customer)
        self.assertFalse(case.acknowledgement_pending)
        # The cron runs again: nothing is mailed twice.
        self.env["complaint.case"]._cron_send_acknowledgements()
        self.assertEqual(len(self._mails(case, subject)), 1)

    def test_nobody_has_an_address(self):
        self.company.email = False
        clerk = new_test_user(
            self.env,
            "clerk_nowhere",
            groups="complaint_management.group_complaint_officer",
            email=False,
        )
        case = (
            self.env["complaint.case"]
            .with_user(clerk)
            .create(
                {
                    "partner_id": self.customer.id,
                    "complaint_type": "service",
                    "user_id": clerk.id,
                }
            )
        )
        self.assertTrue(case.name.startswith("KS"))
        self.env["complaint.case"]._cron_send_acknowledgements()
        self.assertFalse(
            self._mails(case, f"We have registered your complaint {case.name}")
        )
        self.assertIn(
            "was not e-mailed to the customer: neither the company, the handler nor "
            "you have an e-mail address.",
            case.message_ids[0].body,
        )

    def test_batch_of_authors_and_languages(self):
        """An import of cases by two users: one batch per author, each letter
        in its customer's language, each case mailed once; the registration
        triggers the cron."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        self.company.email = "service@huayuan-steel.example.com"
        chinese = self.env["res.partner"].create(
            {"name": "苏州客户", "email": "su@example.com", "lang": "zh_CN"}
        )
        cron = self.env.ref("complaint_management.complaint_case_cron_acknowledgement")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        cases = self.env["complaint.case"]
        for user, partner in (
            (self.officer, self.customer),
            (self.officer, chinese),
            (self.sales_user, self.customer),
        ):
            cases |= (
                self.env["complaint.case"]
                .with_user(user)
                .create({"partner_id": partner.id, "complaint_type": "service"})
            )
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            len(triggers),
        )
        self.assertEqual(self.env["complaint.case"]._cron_send_acknowledgements(), 3)
        for case, author in zip(
            cases, (self.officer, self.officer, self.sales_user), strict=True
        ):
            acks = case.message_ids.filtered(
                lambda m, name=case.name: name in (m.subject or "")
            )
            self.assertEqual(len(acks), 1, case.name)
            self.assertEqual(acks.create_uid, author)
        chinese_ack = cases[1].message_ids.filtered(lambda m: m.subject)
        self.assertEqual(chinese_ack.subject, f"您的投诉 {cases[1].name} 已登记")
        self.assertFalse(cases.filtered("acknowledgement_pending"))

    def test_a_concurrent_update_keeps_it_queued(self):
        """A user moves the case while the cron mails it: the letter stays
        queued and the cron runs again; any other failure is logged once."""
        self.company.email = "service@huayuan-steel.example.com"
        case = (
            self.env["complaint.case"]
            .with_user(self.officer)
            .create({"partner_id": self.customer.id, "complaint_type": "service"})
        )
        cron = self.env.ref("complaint_management.complaint_case_cron_acknowledgement")
        Case = type(self.env["complaint.case"])
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

        def conflict(cases, xmlid):
            raise psycopg2.errors.SerializationFailure("simulated")

        with patch.object(Case, "_send_template", conflict):
            self.env["complaint.case"]._cron_send_acknowledgements()
        self.assertTrue(case.acknowledgement_pending)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
        )

        def broken(cases, xmlid):
            raise ValueError("simulated")

        with (
            patch.object(Case, "_send_template", broken),
            self.assertLogs(
                "odoo.addons.complaint_management.models.complaint_case_acknowledgement"
            ) as logs,
        ):
            self.env["complaint.case"]._cron_send_acknowledgements()
        self.assertFalse(case.acknowledgement_pending)
        self.assertIn(
            f"The acknowledgements of {case.name} could not be mailed", logs.output[0]
        )

    def test_a_user_cannot_skip_or_repeat_it(self):
        case = (
            self.env["complaint.case"]
            .with_user(self.officer)
            .create(
                {
                    "partner_id": self.customer.id,
                    "complaint_type": "service",
                    "acknowledgement_pending": False,
                }
            )
        )
        self.assertTrue(case.acknowledgement_pending)
        with self.assertRaisesMessage(
            UserError,
            "Acknowledgement to Send of a complaint are set by the complaint "
            "process, not by hand: use the process buttons.",
        ):
            case.with_user(self.officer).write({"acknowledgement_pending": False})


class TestFollowupRounds(ProcessCommon):
    """Only the visits since the case last went back count toward closing."""

    def test_visits_before_a_reopening_do_not_count(self):
        case = self._to_followup(self._new_case())
        case.followup_ids = [Command.create({"method": "phone", "satisfaction": "4"})]
        self.assertEqual(case.followup_count, 1)
        case.with_user(self.officer).action_reopen()
        self.assertEqual(case.followup_count, 0)
        self._fill_report(case)
        case.action_submit_report()
        case.action_send_reply()
        case.action_customer_accepts()
        case.action_start_followup()
        case.action_ids.action_done()  # the report's actions
        case.followup_ids = [Command.create({"method": "visit", "satisfaction": "5"})]
        with self.assertRaisesMessage(
            Exception,
            f"Complaint {case.name} cannot move to Closed yet:\n"
            "- record 2 follow-up visits (1 so far)",
        ):
            case.action_close()
        case.followup_ids = [Command.create({"method": "phone", "satisfaction": "5"})]
        case.action_close()
        self.assertEqual(len(case.followup_ids), 3)


class TestTracking(ProcessCommon):
    """The chatter shows the changes of the report, the reply, the remedies
    and the follow-ups."""

    def test_changes_in_the_chatter(self):
        case = self._accepted(self._new_case())
        # A later request (Odoo does not track a record in the transaction
        # that created it).
        self.env.cr.precommit.run()
        case.countermeasures = "Replace the 4 flanges."
        # Tracking is written when the transaction commits.
        self.env.cr.precommit.run()
        case.invalidate_recordset(["message_ids"])
        tracked = case.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "countermeasures"
        )
        self.assertEqual(tracked.new_value_text, "Replace the 4 flanges.")
        case.reply_text = "<p>We replace the flanges.</p>"
        self.assertIn("Reply to the customer updated:", case.message_ids[0].body)
        self.assertIn("We replace the flanges.", case.message_ids[0].body)
        case.remedy_ids = [Command.create({"remedy_type": "apology"})]
        self.assertIn("Remedy proposed:", case.message_ids[0].body)
        case.remedy_ids.description = "By the sales director"
        self.assertIn("Remedy changed:", case.message_ids[0].body)
        self.assertIn("By the sales director", case.message_ids[0].body)
        case.remedy_ids.unlink()
        self.assertIn("Remedy withdrawn:", case.message_ids[0].body)
        followup_case = self._to_followup(self._new_case())
        followup_case.followup_ids = [
            Command.create(
                {
                    "method": "phone",
                    "satisfaction": "4",
                    "comment": "Flanges fit now.",
                }
            )
        ]
        self.assertIn("Follow-up visit recorded:", followup_case.message_ids[0].body)
        self.assertIn(
            f"{fields.Date.today()} · Phone · Quite Satisfied · Flanges fit now.",
            followup_case.message_ids[0].body,
        )
