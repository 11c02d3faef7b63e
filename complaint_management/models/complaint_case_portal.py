"""The customer's own acts, from the portal or a mailed link: register a
complaint about its order, agree with the reply or refuse it with a reason,
rate the follow-up. They run the same create and transitions as the staff's
forms and buttons; the controller has checked that the visitor may open the
order or the case (its own, or with the document's access token)."""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

SURVEY_RATINGS = ("1", "2", "3", "4", "5")
# The types a customer may attach, with the extension the file is stored
# under (the customer's own extension could make a photo a script).
PORTAL_UPLOAD_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
PORTAL_MAX_TEXT = 10000
PORTAL_MAX_UPLOADS = 5
PORTAL_MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    def _portal_answer(self, decision, reason, partner):
        """The customer's answer to the reply, given on the portal by
        ``partner``. ``self`` is the case in sudo (the portal user has no
        write access); the transition's guards still apply."""
        self.ensure_one()
        reason = (reason or "").strip()
        if decision not in ("accept", "refuse"):
            raise UserError(
                self.env._("Choose whether you agree with the solution or not.")
            )
        if not (
            self.reply_published
            and self.stage_step == "reply"
            and self.customer_response == "pending"
        ):
            raise UserError(
                self.env._(
                    "Complaint %(case)s is not waiting for your answer.",
                    case=self.name,
                )
            )
        self._portal_check_length(reason)
        if decision == "refuse" and not reason:
            raise UserError(
                self.env._(
                    "Please tell us why you do not agree with the solution of "
                    "complaint %(case)s.",
                    case=self.name,
                )
            )
        self.with_context(complaint_answer_partner_id=partner.id)._run_transition(
            "customer_accepts" if decision == "accept" else "customer_refuses",
            **({"customer_response_note": reason} if reason else {}),
        )
        body = Markup("<p>%s</p>") % (
            self.env._("I agree with the solution.")
            if decision == "accept"
            else self.env._("I do not agree with the solution.")
        )
        if reason:
            body += Markup("<p>%s</p>") % reason
        self.message_post(
            author_id=partner.id,
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return True

    def _survey_open(self):
        """The online survey of the current follow-up round is open: the
        case is in follow-up and the customer has not answered it yet."""
        self.ensure_one()
        return self.stage_step == "followup" and not self.sudo().followup_ids.filtered(
            lambda f: f.method == "survey" and f.process_round == self.reopen_count
        )

    def _portal_survey(self, rating, comment, partner):
        """The customer's answer to the satisfaction survey (1-5 and a
        comment), recorded as a follow-up visit "online survey". An unsatisfied
        answer sends the case back to investigation, as a visit recorded by
        staff does. ``self`` is the case in sudo."""
        self.ensure_one()
        # Two answers at the same moment (a double click, two tabs): the
        # first updates the case's row; the other waits, fails to serialize,
        # is run again by Odoo and finds the survey answered.
        self.env.cr.execute(
            SQL(
                "UPDATE complaint_case SET write_date = write_date WHERE id = %s",
                self.id,
            )
        )
        comment = (comment or "").strip()
        self._portal_check_length(comment)
        if rating not in SURVEY_RATINGS:
            raise UserError(self.env._("Choose a rating from 1 to 5."))
        if not self._survey_open():
            raise UserError(
                self.env._(
                    "The survey of complaint %(case)s is closed or was answered "
                    "already. Thank you!",
                    case=self.name,
                )
            )
        self.env["complaint.followup"].create(
            {
                "case_id": self.id,
                "date": fields.Date.context_today(self),
                "method": "survey",
                "user_id": False,
                "satisfaction": rating,
                "comment": comment or False,
            }
        )
        labels = dict(
            self.env["complaint.followup"]
            ._fields["satisfaction"]
            ._description_selection(self.env)
        )
        body = Markup("<p>%s</p>") % self.env._(
            "Satisfaction survey: %(rating)s / 5 (%(label)s).",
            rating=rating,
            label=labels[rating],
        )
        if comment:
            body += Markup("<p>%s</p>") % comment
        self.message_post(
            author_id=partner.id,
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return True

    # ------------------------------------------------------------------
    # 网上投诉: a customer registers a complaint about its own order
    # ------------------------------------------------------------------
    def _portal_order_lines(self, order):
        """The lines of ``order`` a customer may complain about: products
        delivered to it, with the lots delivered on each line."""
        lines = order.order_line.filtered(
            lambda line: not line.display_type and line.qty_delivered > 0
        )
        lots = {}
        for line in lines:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
            )
            lots[line.id] = moves.move_line_ids.lot_id
        return lines, lots

    def _portal_check_rate(self, commercial_partner, company):
        limit = company.complaint_portal_hourly_limit
        if not limit:
            return
        # Registrations of one customer at the same moment: the first to
        # update the customer's row goes on, the others wait for it and then
        # fail to serialize; Odoo runs them again, and they count its case.
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id = %s",
                commercial_partner.id,
            )
        )
        since = fields.Datetime.subtract(fields.Datetime.now(), hours=1)
        count = self.sudo().search_count(
            [
                ("commercial_partner_id", "=", commercial_partner.id),
                ("channel", "=", "portal"),
                ("create_date", ">=", since),
            ]
        )
        if count >= limit:
            raise UserError(
                self.env._(
                    "Online, we accept at most %(limit)s complaints of a customer "
                    "in an hour. Please try again later or call us.",
                    limit=limit,
                )
            )

    def _portal_check_length(self, text):
        if len(text) > PORTAL_MAX_TEXT:
            raise UserError(
                self.env._(
                    "Your text is too long (%(length)s characters): at most "
                    "%(max)s.",
                    length=len(text),
                    max=PORTAL_MAX_TEXT,
                )
            )

    def _portal_check_uploads(self, uploads):
        """``uploads``: (file name, content) pairs. Images and PDF only, the
        type read from the content (not the browser's word for it); returns
        the pairs with each name ending in its type's extension."""
        if len(uploads) > PORTAL_MAX_UPLOADS:
            raise UserError(
                self.env._(
                    "Attach at most %(max)s files (you sent %(count)s).",
                    max=PORTAL_MAX_UPLOADS,
                    count=len(uploads),
                )
            )
        for name, content in uploads:
            if len(content) > PORTAL_MAX_UPLOAD_BYTES:
                size = f"{len(content) / 1024 / 1024:.1f}"
                maximum = PORTAL_MAX_UPLOAD_BYTES // 1024 // 1024
                raise UserError(
                    self.env._(
                        "%(file)s is too large (%(size)s MB): at most %(max)s MB "
                        "per file.",
                        file=name,
                        size=size,
                        max=maximum,
                    )
                )
            if guess_mimetype(content) not in PORTAL_UPLOAD_TYPES:
                raise UserError(
                    self.env._(
                        "%(file)s is not a photo or a PDF: attach images (JPEG, "
                        "PNG, GIF, WebP) or PDF files only.",
                        file=name,
                    )
                )
        safe = []
        for name, content in uploads:
            extension = PORTAL_UPLOAD_TYPES[guess_mimetype(content)]
            stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
            stem = stem.rsplit(".", 1)[0] if "." in stem else stem
            safe.append((f"{stem or 'file'}.{extension}", content))
        return safe

    @api.model
    def _portal_register(self, order, partner, values, uploads=()):
        """Register the complaint a customer makes on the portal about its
        ``order`` (sudo). ``values``: complaint_type, customer_request,
        description (text) and lines, a list of {sale_line_id, claimed_qty,
        lot_id} as the form sent them (text). The case goes through the same
        create, verification and refusals as one registered by staff."""
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not a confirmed order: a complaint concerns a "
                    "confirmed order.",
                    order=order.name,
                )
            )
        commercial = order.partner_id.commercial_partner_id
        self._portal_check_rate(commercial, order.company_id)
        uploads = self._portal_check_uploads(uploads)
        types = dict(self._fields["complaint_type"]._description_selection(self.env))
        if values.get("complaint_type") not in types:
            raise UserError(self.env._("Choose the type of your complaint."))
        requests = dict(
            self._fields["customer_request"]._description_selection(self.env)
        )
        customer_request = values.get("customer_request") or False
        if customer_request and customer_request not in requests:
            raise UserError(self.env._("Choose what you ask for from the list."))
        order_lines, lots = self._portal_order_lines(order)
        line_commands = []
        for given in values.get("lines") or ():
            qty_text = (given.get("claimed_qty") or "").strip()
            if not qty_text:
                continue
            try:
                sale_line_id = int(given.get("sale_line_id"))
            except (TypeError, ValueError):
                sale_line_id = 0
            sale_line = order_lines & order_lines.browse(sale_line_id)
            if not sale_line:
                raise UserError(
                    self.env._(
                        "A product you complain about was not delivered on %(order)s.",
                        order=order.name,
                    )
                )
            try:
                qty = float(qty_text.replace(",", "."))
            except ValueError:
                raise UserError(
                    self.env._(
                        "The quantity of %(product)s is not a number (%(qty)s).",
                        product=sale_line.product_id.display_name,
                        qty=qty_text,
                    )
                ) from None
            lot = self.env["stock.lot"]
            if given.get("lot_id"):
                try:
                    lot_id = int(given["lot_id"])
                except (TypeError, ValueError):
                    lot_id = 0
                lot = lots[sale_line.id] & lot.browse(lot_id)
                if not lot:
                    raise UserError(
                        self.env._(
                            "The lot you chose was not delivered with %(product)s.",
                            product=sale_line.product_id.display_name,
                        )
                    )
            line_commands.append(
                Command.create(
                    {
                        "sale_line_id": sale_line.id,
                        "product_id": sale_line.product_id.id,
                        "claimed_qty": qty,
                        "lot_id": lot.id,
                    }
                )
            )
        if not line_commands:
            raise UserError(
                self.env._("Give the quantity of at least one product concerned.")
            )
        description = (values.get("description") or "").strip()
        if not description:
            raise UserError(self.env._("Describe the problem."))
        self._portal_check_length(description)
        handler = order.user_id if not order.user_id.share else self.env["res.users"]
        case = self.create(
            {
                "partner_id": partner.id,
                "sale_order_id": order.id,
                "company_id": order.company_id.id,
                "complaint_type": values["complaint_type"],
                "customer_request": customer_request,
                "channel": "portal",
                "description": plaintext2html(description),
                "user_id": handler.id,
                "receiving_department_id": self._user_department_id(
                    handler.id, order.company_id.id
                )
                or False,
                "line_ids": line_commands,
            }
        )
        if uploads:
            # Posted by the customer with its files (message_post makes the
            # attachments: a portal user may not link attachments it did
            # not upload through the chatter).
            case.message_post(
                author_id=partner.id,
                body=self.env._("Photos and documents of the complaint."),
                attachments=list(uploads),
                message_type="comment",
                # A message of the customer's own: shown on its portal page.
                subtype_xmlid="mail.mt_comment",
            )
        return case
