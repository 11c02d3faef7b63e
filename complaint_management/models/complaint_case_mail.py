"""E-mail intake: a complaint mailed to the company's complaint alias
(Settings, res_company.py) becomes a case through Odoo's mail gateway. The
sender is matched to a customer contact (or a new contact is made and
flagged for a person to check), an order number of that customer found in
the mail is linked, and the case waits in Registered for a person; replies
to the thread go to the case (mail.thread). The registration acknowledges
the case as any other (complaint_case_acknowledgement.py); a sender nobody
knows gets a courteous answer instead of the letter to a customer."""

import re

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.exceptions import UserError

from .complaint_case import INTERNAL
from .complaint_case_acknowledgement import ACK_TEMPLATE

RECEIPT_TEMPLATE = "complaint_management.mail_template_complaint_mail_receipt"
# A word of the mail that may be an order number (S00042, SO/2026/0042): ASCII
# letters, digits and separators, so that Chinese text around it (订单S00042有
# 问题) is not part of the word.
ORDER_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9/._-]*[A-Za-z0-9])?")
# The first words of a long mail (quoted threads, signatures) are enough.
MAX_ORDER_WORDS = 200
MAX_ORDER_WORD_LENGTH = 64


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    partner_to_check = fields.Boolean(
        string="Customer to Check",
        copy=False,
        tracking=True,
        groups=INTERNAL,
        help="Sender not known: check the customer. The complaint came by e-mail "
        "from an address no contact had; a new contact was made from the "
        "sender's name and address. Untick it once the customer is checked.",
    )

    @api.onchange("partner_id")
    def _onchange_partner_to_check(self):
        """The form: a customer chosen by a person needs no check."""
        if self.partner_to_check and self.partner_id != self._origin.partner_id:
            self.partner_to_check = False

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new complaint by e-mail, in the company of the alias (its
        defaults): the sender's contact is the customer, an order of that
        customer named in the mail is the contract complained about, the mail
        is the description. The case is registered like any other (number,
        routing, time limits, acknowledgement) and waits in the first stage
        for a person: nobody is its handler unless the routing rule names one.

        The gateway posts the mail on the case afterwards, with its
        attachments, authored by the contact found here (``author_id`` of
        ``msg_dict``)."""
        if self.env.user.share:
            # A customer with a portal account mailed us: the case is
            # registered by the gateway, so that the acknowledgement is the
            # company's letter to the customer, not a message of their own.
            self = self.with_user(SUPERUSER_ID)
        values = dict(custom_values or {})
        company = (
            self.env["res.company"].browse(values.get("company_id")).exists()
            or self.env.company
        )
        self = self.with_company(company)
        partner, known = self._mail_intake_partner(msg_dict, company)
        msg_dict["author_id"] = partner.id
        order = (
            self._mail_intake_order(msg_dict, partner, company)
            if known
            else self.env["sale.order"]
        )
        vals = {
            # The number is the registration's, not the subject.
            "name": self.env._("New"),
            "company_id": company.id,
            "partner_id": partner.id,
            "sale_order_id": order.id,
            "partner_to_check": not known,
            "channel": "email",
            "description": msg_dict.get("body") or False,
            # Nobody of the company registered it: no receiving unit, and the
            # department and handler are the routing rule's, if any.
            "user_id": False,
            "receiving_department_id": False,
            "department_id": False,
        }
        return super().message_new(msg_dict, {**vals, **values})

    @api.model
    def _mail_intake_partner(self, msg_dict, company):
        """(contact, known) of the sender of ``msg_dict``: a contact of the
        company (or shared) with the sender's address, preferably one whose
        commercial entity has confirmed orders of the company, then the
        author the gateway found; else a new contact made from the sender's
        name and address (not known)."""
        sender = msg_dict.get("email_from") or ""
        name, email = tools.parse_contact_from_email(sender)
        email = tools.email_normalize(email)
        if not email:
            raise UserError(
                self.env._(
                    "A complaint by e-mail needs the sender's address to answer "
                    "it: %(sender)s is not an e-mail address.",
                    sender=sender or self.env._("(no sender)"),
                )
            )
        Partner = self.env["res.partner"]
        partners = Partner.search(
            [
                ("email_normalized", "=", email),
                ("company_id", "in", [False, company.id]),
            ],
            order="id",
        )
        if partners:
            customers = self._mail_intake_customers(
                partners.commercial_partner_id, company
            )
            author_id = msg_dict.get("author_id")
            partner = partners.sorted(
                lambda p: (p.commercial_partner_id not in customers, p.id != author_id)
            )[:1]
            return partner, True
        partner = Partner.create(
            {
                "name": name or email,
                "email": email,
                # The language of the company's customers is the best guess
                # for the answer's.
                "lang": company.partner_id.lang or self.env.lang,
            }
        )
        return partner, False

    @api.model
    def _mail_intake_customers(self, partners, company):
        """The commercial entities among ``partners`` with confirmed orders
        of ``company``."""
        groups = self.env["sale.order"]._read_group(
            [
                ("partner_id.commercial_partner_id", "in", partners.ids),
                ("state", "=", "sale"),
                ("company_id", "=", company.id),
            ],
            ["partner_id"],
        )
        return (
            self.env["res.partner"]
            .union(*(partner for (partner,) in groups))
            .commercial_partner_id
        )

    @api.model
    def _mail_intake_order(self, msg_dict, partner, company):
        """The confirmed order of ``partner``'s commercial entity in
        ``company`` whose number comes first in the subject, then the body, of
        ``msg_dict``. An order of another customer is never found: a mail
        tells nothing of it, nor links it."""
        rank, candidates = {}, set()
        text = "\n".join(
            (
                msg_dict.get("subject") or "",
                tools.html2plaintext(msg_dict.get("body") or ""),
            )
        )
        for match in ORDER_WORD.finditer(text):
            word = match.group()
            if len(word) > MAX_ORDER_WORD_LENGTH or not any(
                char.isdigit() for char in word
            ):
                continue
            # As written, and in capitals (s00042 for S00042).
            candidates.update((word, word.upper()))
            rank.setdefault(word.upper(), len(rank))
            if len(rank) >= MAX_ORDER_WORDS:
                break
        if not candidates:
            return self.env["sale.order"]
        orders = self.env["sale.order"].search(
            [
                ("name", "in", list(candidates)),
                ("state", "=", "sale"),
                ("company_id", "=", company.id),
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    partner.commercial_partner_id.id,
                ),
            ]
        )
        return min(
            orders,
            key=lambda o: rank.get(o.name.upper(), MAX_ORDER_WORDS),
            default=self.env["sale.order"],
        )

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        """The gateway's guard against mail loops: an address that opened too
        many complaints by e-mail lately (an auto-responder answering our
        acknowledgements) is bounced instead of opening more."""
        return [
            ("channel", "=", "email"),
            ("partner_id.email_normalized", "=", email_from_normalized),
        ]

    # ------------------------------------------------------------------
    # Answer
    # ------------------------------------------------------------------
    def _send_template(self, xmlid):
        """The acknowledgement of a case whose customer is still to check
        (its sender was not known) is a courteous answer that the complaint
        was received and that someone will contact them: the letter to a
        customer (process, reply date, handler) waits for the customer."""
        if xmlid != ACK_TEMPLATE:
            return super()._send_template(xmlid)
        unknown = self.filtered("partner_to_check")
        super(ComplaintCase, self - unknown)._send_template(xmlid)
        return super(ComplaintCase, unknown)._send_template(RECEIPT_TEMPLATE)
