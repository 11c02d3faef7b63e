import base64
from ast import literal_eval

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user

from odoo.addons.mail.tests.common import MailCase

from .common import ComplaintCommon

# A customer's mail with one attachment, as an MTA delivers it.
RAW_MAIL = """Return-Path: <{address}>
From: {sender}
To: {to}
Subject: {subject}
Message-ID: {msg_id}
Date: Tue, 03 Nov 2026 09:30:00 +0800
MIME-Version: 1.0
{extra}Content-Type: multipart/mixed; boundary="=_complaint_boundary"

--=_complaint_boundary
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

{body}
--=_complaint_boundary
Content-Type: application/pdf; name="{filename}"
Content-Disposition: attachment; filename="{filename}"
Content-Transfer-Encoding: base64

{content}
--=_complaint_boundary--
"""
PDF = b"%PDF-1.4 photos of the cracked flanges"
ALIAS = "complaints@test.mycompany.com"


class TestMailIntake(ComplaintCommon, MailCase):
    """A complaint mailed to the company's alias becomes a case of the
    sender's customer, about their order, waiting in Registered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._init_mail_gateway()
        cls._init_mail_servers()
        cls.company.write(
            {
                "alias_domain_id": cls.mail_alias_domain.id,
                "email": "service@huayuan-steel.example.com",
            }
        )
        cls.company._complaint_alias_update("complaints")
        cls.customer_contact.email = "wang.jingli@huayuan.example.com"
        cls.order = cls._create_order([(cls.product, 10)])
        cls._deliver(cls.order.picking_ids, {cls.product: 10})
        cls.other_order = cls._create_order(
            [(cls.product_b, 4)], partner=cls.other_customer
        )
        cls.Case = cls.env["complaint.case"]

    def _receive(self, sender, subject, body, to=ALIAS, extra="", msg_id=None):
        """The case the gateway files ``body`` in (one PDF attached), as the
        mail fetcher does it."""
        msg_id = msg_id or f"<{subject.replace(' ', '.')}@huayuan.example.com>"
        raw = RAW_MAIL.format(
            address=sender.split("<")[-1].strip(">"),
            sender=sender,
            to=to,
            subject=subject,
            msg_id=msg_id,
            extra=extra,
            body=body,
            filename="cracks.pdf",
            content=base64.b64encode(PDF).decode(),
        )
        case_id = self.env["mail.thread"].sudo().message_process(None, raw)
        return self.Case.browse(case_id)

    def _acknowledge(self):
        """The mails of the acknowledgement cron, run after the
        registration."""
        with self.mock_mail_gateway():
            self.Case._cron_send_acknowledgements()
        return self._new_mails

    def test_known_customer_with_order(self):
        """(a) A contact of a customer names its order in the subject."""
        case = self._receive(
            "Wang Jingli <wang.jingli@huayuan.example.com>",
            f"Cracked flanges in order {self.order.name}",
            "<p>Three flanges of the last delivery arrived cracked.</p>",
            msg_id="<flanges-1@huayuan.example.com>",
        )
        self.assertEqual(len(case), 1)
        self.assertTrue(case.name.startswith("KS"))
        self.assertEqual(case.company_id, self.company)
        self.assertEqual(case.partner_id, self.customer_contact)
        self.assertEqual(case.commercial_partner_id, self.customer)
        self.assertEqual(case.sale_order_id, self.order)
        self.assertEqual(case.channel, "email")
        self.assertEqual(case.stage_id, self.stage_register)
        self.assertEqual(case.complaint_type, "quality")
        self.assertFalse(case.partner_to_check)
        self.assertFalse(case.line_ids)
        # Waits for a person: nobody received it, nobody handles it yet.
        self.assertFalse(case.user_id)
        self.assertFalse(case.receiving_department_id)
        self.assertIn(
            "Three flanges of the last delivery arrived cracked.", case.description
        )
        # The mail and its attachment stay on the case.
        message = case.message_ids.filtered(
            lambda m: m.message_id == "<flanges-1@huayuan.example.com>"
        )
        self.assertEqual(message.author_id, self.customer_contact)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.case"), ("res_id", "=", case.id)]
        )
        self.assertEqual(attachment.mapped("name"), ["cracks.pdf"])
        self.assertEqual(attachment.raw, PDF)
        self.assertEqual(message.attachment_ids, attachment)
        # The customer has the normal acknowledgement, once.
        mail = self._acknowledge()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"We have registered your complaint {case.name}")
        self.assertEqual(mail.recipient_ids, self.customer_contact)
        self.assertFalse(case.acknowledgement_pending)

    def test_unknown_sender(self):
        """(b) A sender no contact has: a new contact, flagged, answered
        courteously instead of acknowledged as a customer."""
        partners_before = self.env["res.partner"].search_count([])
        case = self._receive(
            "Li Wei <li.wei@newbuyer.example.com>",
            "Broken valve",
            "<p>The valve we bought leaks.</p>",
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 1)
        contact = case.partner_id
        self.assertEqual(contact.name, "Li Wei")
        self.assertEqual(contact.email, "li.wei@newbuyer.example.com")
        self.assertEqual(contact.lang, self.company.partner_id.lang)
        self.assertTrue(case.partner_to_check)
        self.assertFalse(case.sale_order_id)
        self.assertEqual(case.channel, "email")
        self.assertEqual(case.stage_id, self.stage_register)
        self.assertEqual(case.message_ids[:1].author_id, contact)
        mail = self._acknowledge()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"We have received your complaint {case.name}")
        self.assertEqual(mail.recipient_ids, contact)
        self.assertIn("will contact you shortly", mail.body_html)
        self.assertSentEmail(
            self.company.partner_id.email_formatted,
            [contact],
            subject=f"We have received your complaint {case.name}",
        )
        self.assertFalse(case.acknowledgement_pending)

    def test_order_of_another_customer_ignored(self):
        """(c) A customer cannot link, nor learn about, another's order."""
        case = self._receive(
            "Wang Jingli <wang.jingli@huayuan.example.com>",
            f"Wrong flanges in order {self.other_order.name}",
            f"<p>Order {self.other_order.name} had the wrong size.</p>",
        )
        self.assertEqual(case.partner_id, self.customer_contact)
        self.assertFalse(case.sale_order_id)
        self.assertFalse(case.partner_to_check)
        mail = self._acknowledge()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"We have registered your complaint {case.name}")
        self.assertNotIn(self.other_order.name, mail.body_html)
        self.assertNotIn(self.other_customer.name, mail.body_html)

    def test_own_order_in_body_first_mentioned(self):
        """The customer's own order, written in the body in lower case, is
        linked even after another customer's order number."""
        case = self._receive(
            "wang.jingli@huayuan.example.com",
            "Complaint",
            f"<p>Not {self.other_order.name} but "
            f"订单{self.order.name.lower()}有问题。</p>",
        )
        self.assertEqual(case.partner_id, self.customer_contact)
        self.assertEqual(case.sale_order_id, self.order)

    def test_reply_goes_to_the_case(self):
        """(d) The customer's answer to the acknowledgement is posted on the
        same case."""
        case = self._receive(
            "Wang Jingli <wang.jingli@huayuan.example.com>",
            f"Cracked flanges in order {self.order.name}",
            "<p>Three flanges arrived cracked.</p>",
        )
        ack = self._acknowledge().mail_message_id
        cases_before = self.Case.search_count([])
        replied = self._receive(
            "Wang Jingli <wang.jingli@huayuan.example.com>",
            f"Re: {ack.subject}",
            "<p>Here are the lot numbers: LOT-2026-001.</p>",
            to=self.mail_alias_domain.catchall_email,
            extra=f"In-Reply-To: {ack.message_id}\n",
            msg_id="<reply-1@huayuan.example.com>",
        )
        self.assertEqual(replied, case)
        self.assertEqual(self.Case.search_count([]), cases_before)
        reply = case.message_ids.filtered(
            lambda m: m.message_id == "<reply-1@huayuan.example.com>"
        )
        self.assertEqual(reply.author_id, self.customer_contact)
        self.assertIn("Here are the lot numbers", reply.body)
        self.assertEqual(len(reply.attachment_ids), 1)
        # The description and the order are the first mail's.
        self.assertEqual(case.sale_order_id, self.order)
        self.assertNotIn("lot numbers", case.description)

    def test_contact_with_orders_preferred(self):
        """Two contacts share the sender's address: the one whose company
        has confirmed orders is the customer."""
        self.env["res.partner"].create(
            {"name": "Zhang (trade fair)", "email": "zhang@shared.example.com"}
        )
        buyer = self.env["res.partner"].create(
            {
                "name": "Zhang (buyer)",
                "email": "zhang@shared.example.com",
                "parent_id": self.other_customer.id,
            }
        )
        case = self._receive(
            "Zhang <zhang@shared.example.com>",
            f"Order {self.other_order.name}: late",
            "<p>Late.</p>",
        )
        self.assertEqual(case.partner_id, buyer)
        self.assertEqual(case.sale_order_id, self.other_order)
        self.assertFalse(case.partner_to_check)

    def test_portal_customer_registered_by_the_gateway(self):
        """A customer with a portal account: the case is the gateway's, and
        the acknowledgement reaches the customer."""
        new_test_user(
            self.env,
            "wang_portal",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
            email=self.customer_contact.email,
        )
        case = self._receive(
            "Wang Jingli <wang.jingli@huayuan.example.com>",
            f"Flanges of {self.order.name}",
            "<p>Cracked.</p>",
        )
        self.assertEqual(case.create_uid, self.env.ref("base.user_root"))
        self.assertEqual(case.partner_id, self.customer_contact)
        self.assertEqual(case.sale_order_id, self.order)
        mail = self._acknowledge()
        self.assertEqual(mail.recipient_ids, self.customer_contact)

    def test_partner_to_check_cleared_with_the_customer(self):
        """Choosing the customer in the form clears the flag; a person may
        also untick it."""
        case = self._receive(
            "Li Wei <li.wei@newbuyer.example.com>", "Broken valve", "<p>Leaks.</p>"
        )
        form = Form(case.with_user(self.officer))
        self.assertTrue(form.partner_to_check)
        form.partner_id = self.customer
        self.assertFalse(form.partner_to_check)
        case.with_user(self.officer).write({"partner_to_check": False})
        self.assertFalse(case.partner_to_check)

    def test_settings_alias(self):
        """The alias is set, renamed and switched off from Settings; it
        creates complaints of the company."""
        alias = self.company.complaint_alias_id
        self.assertEqual(
            self.env["res.config.settings"].create({}).complaint_alias_name,
            "complaints",
        )
        self.env["res.config.settings"].create(
            {"complaint_alias_name": "Klachten"}
        ).execute()
        self.assertEqual(self.company.complaint_alias_id, alias)
        self.assertEqual(alias.alias_name, "klachten")
        self.assertEqual(alias.alias_full_name, "klachten@test.mycompany.com")
        self.assertEqual(alias.alias_model_id.model, "complaint.case")
        self.assertEqual(alias.alias_contact, "everyone")
        self.assertEqual(
            literal_eval(alias.alias_defaults), {"company_id": self.company.id}
        )
        self.env["res.config.settings"].create(
            {"complaint_alias_name": False}
        ).execute()
        self.assertEqual(self.company.complaint_alias_id, alias)
        self.assertFalse(alias.alias_name)
        # A company without an alias: Settings create it.
        self.company.complaint_alias_id = False
        self.env["res.config.settings"].create(
            {"complaint_alias_name": "complaints"}
        ).execute()
        new_alias = self.company.complaint_alias_id
        self.assertNotEqual(new_alias, alias)
        self.assertEqual(new_alias.alias_full_name, ALIAS)
        case = self._receive(
            "Wang Jingli <wang.jingli@huayuan.example.com>", "Late", "<p>Late.</p>"
        )
        self.assertEqual(case.company_id, self.company)

    def test_settings_alias_needs_a_domain(self):
        company = self.env["res.company"].create({"name": "华远 Tianjin Branch"})
        company.alias_domain_id = False
        with self.assertRaisesMessage(
            UserError,
            "Complaints by e-mail need an alias domain for 华远 Tianjin Branch: set "
            "one in Settings (General Settings, Alias Domain) before the complaint "
            "alias complaints.",
        ):
            company._complaint_alias_update("complaints")
        self.assertFalse(company.complaint_alias_id)

    def test_alias_taken(self):
        """Another record's alias of the same name is refused by Odoo's
        check, with its message."""
        company = self.env["res.company"].create(
            {
                "name": "华远 Tianjin Branch",
                "alias_domain_id": self.mail_alias_domain.id,
            }
        )
        with self.assertRaises(UserError):
            company._complaint_alias_update("complaints")

    def test_mail_loop_bounced(self):
        """An address opening complaint after complaint (an auto-responder
        answering our acknowledgements) is stopped by the gateway."""
        self.env["ir.config_parameter"].set_param("mail.gateway.loop.threshold", 2)
        for number in range(3):
            self._receive(
                "Auto Reply <robot@newbuyer.example.com>",
                f"Out of office {number}",
                "<p>I am away.</p>",
            )
        cases = self.Case.search(
            [("partner_id.email_normalized", "=", "robot@newbuyer.example.com")]
        )
        self.assertEqual(len(cases), 2)
