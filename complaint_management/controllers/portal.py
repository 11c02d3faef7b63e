from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager


def _text(value):
    """A form's text value; a file sent under a text field's name, or
    nothing, is the empty text."""
    return value if isinstance(value, str) else ""


def _acting_partner(customer):
    """Who acts on the customer's order or case: the logged-in user when it
    is a contact of that customer, else the customer itself (a visitor with
    the document's link, or a user of another company holding it)."""
    user = request.env.user
    if (
        not user._is_public()
        and user.partner_id.commercial_partner_id == customer.commercial_partner_id
    ):
        return user.partner_id
    return customer


class ComplaintPortal(portal.CustomerPortal):
    """Customers follow their own complaints: list, detail, reply letter and
    messages with the handler. Access goes through the record rules."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Case = request.env["complaint.case"]
            values["complaint_count"] = (
                Case.search_count([]) if Case.has_access("read") else 0
            )
        return values

    # Both pages only read (readonly=True: served from a read-only cursor,
    # on the replica when Odoo has one). The one write they may do is
    # portal.mixin's: the links carry the case's access token, made on the
    # first view of a case that has none (cases mailed to the customer got
    # theirs at registration). That write fails on the read-only cursor and
    # Odoo runs the request again on a read/write one (http.py
    # _transactioning), once per case.
    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, **kw):
        Case = request.env["complaint.case"]
        sortings = {
            "date": {
                "label": request.env._("Newest"),
                "order": "date_received desc, id desc",
            },
            "name": {"label": request.env._("Number"), "order": "name desc"},
            "stage": {"label": request.env._("Stage"), "order": "stage_id, id desc"},
        }
        sortby = sortby if sortby in sortings else "date"
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby},
            total=Case.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        cases = Case.search(
            [],
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = cases.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "cases": cases,
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("complaint_management.portal_my_complaints", values)

    @http.route(
        ["/my/complaints/<int:case_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_my_complaint(self, case_id, access_token=None, report_type=None, **kw):
        try:
            case_sudo = self._document_check_access(
                "complaint.case", case_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf") and case_sudo.reply_published:
            return self._show_report(
                model=case_sudo,
                report_type=report_type,
                report_ref="complaint_management.action_report_complaint_reply",
                download=kw.get("download"),
            )
        return self._complaint_page(
            case_sudo, access_token, registered=bool(kw.get("registered"))
        )

    def _complaint_page(self, case_sudo, access_token, **extra):
        values = self._get_page_view_values(
            case_sudo,
            access_token,
            {"case": case_sudo, "page_name": "complaint", **extra},
            "my_complaints_history",
            False,
        )
        return request.render("complaint_management.portal_my_complaint", values)

    @http.route(
        ["/my/complaints/<int:case_id>/answer"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_answer(
        self, case_id, access_token=None, decision=None, reason=None, **kw
    ):
        """The customer agrees with the reply or refuses it with a reason
        (CSRF-checked form). Another customer's case, with or without a
        token, goes back to /my as an unknown one would."""
        try:
            case_sudo = self._document_check_access(
                "complaint.case", case_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        partner = _acting_partner(case_sudo.partner_id)
        decision, reason = _text(decision), _text(reason)
        try:
            with request.env.cr.savepoint():
                case_sudo._portal_answer(decision, reason, partner)
        except (UserError, AccessError) as error:
            case_sudo.invalidate_recordset()
            return self._complaint_page(
                case_sudo,
                access_token,
                answer_error=error.args[0],
                answer_reason=reason or "",
            )
        return request.redirect(case_sudo.get_portal_url(anchor="complaint_answer"))

    @http.route(
        ["/my/complaints/<int:case_id>/survey"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_complaint_survey(
        self, case_id, access_token=None, rating=None, comment=None, **kw
    ):
        """回访: the satisfaction survey mailed at the follow-up, answered once
        per follow-up round (CSRF-checked form)."""
        try:
            case_sudo = self._document_check_access(
                "complaint.case", case_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = {
            "case": case_sudo,
            "access_token": access_token,
            "page_name": "complaint",
            "survey_open": case_sudo._survey_open(),
        }
        if request.httprequest.method == "POST":
            partner = _acting_partner(case_sudo.partner_id)
            rating, comment = _text(rating), _text(comment)
            try:
                with request.env.cr.savepoint():
                    case_sudo._portal_survey(rating, comment, partner)
            except (UserError, AccessError) as error:
                case_sudo.invalidate_recordset()
                values.update(
                    survey_error=error.args[0],
                    survey_comment=comment or "",
                    survey_open=case_sudo._survey_open(),
                )
            else:
                values.update(survey_done=True, survey_open=False)
        return request.render("complaint_management.portal_complaint_survey", values)

    # ------------------------------------------------------------------
    # 网上投诉: complain about one's own confirmed order
    # ------------------------------------------------------------------
    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_new_complaint(self, **kw):
        """Pick the order to complain about among one's confirmed orders
        (the sale order's record rules decide which)."""
        orders = request.env["sale.order"].search(
            [("state", "=", "sale")], order="date_order desc, id desc", limit=80
        )
        values = self._prepare_portal_layout_values()
        values.update({"orders": orders, "page_name": "complaint"})
        return request.render("complaint_management.portal_new_complaint", values)

    @http.route(
        ["/my/orders/<int:order_id>/complaint"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_order_complaint(self, order_id, access_token=None, **post):
        """The complaint form of a confirmed order (CSRF-checked POST). The
        server applies the backend's verification and refusals and shows
        them; another customer's order, with or without a token, goes back
        to /my as an unknown one would."""
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        Case = request.env["complaint.case"].sudo()
        lines, lots = Case._portal_order_lines(order_sudo)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "order": order_sudo,
                "order_lines": lines,
                "lots": lots,
                "access_token": access_token,
                "page_name": "complaint",
                "types": Case._fields["complaint_type"]._description_selection(
                    request.env
                ),
                "requests": Case._fields["customer_request"]._description_selection(
                    request.env
                ),
                "post": {key: _text(value) for key, value in post.items()},
                "error": False,
                "closed": False,
            }
        )
        if order_sudo.state != "sale":
            values["error"] = request.env._(
                "%(order)s is not a confirmed order: a complaint concerns a "
                "confirmed order.",
                order=order_sudo.name,
            )
            values["closed"] = True
        elif request.httprequest.method == "POST":
            partner = _acting_partner(order_sudo.partner_id)
            uploads = [
                (upload.filename or "file", upload.read())
                for upload in request.httprequest.files.getlist("attachments")
                if upload.filename
            ]
            form = {
                "complaint_type": _text(post.get("complaint_type")),
                "customer_request": _text(post.get("customer_request")),
                "description": _text(post.get("description")),
                "lines": [
                    {
                        "sale_line_id": line.id,
                        "claimed_qty": _text(post.get(f"qty_{line.id}")),
                        "lot_id": _text(post.get(f"lot_{line.id}")),
                    }
                    for line in lines
                ],
            }
            try:
                with request.env.cr.savepoint():
                    case = Case._portal_register(order_sudo, partner, form, uploads)
            except (UserError, ValidationError, AccessError) as error:
                values["error"] = error.args[0]
            else:
                return request.redirect(
                    case.get_portal_url(query_string="&registered=1")
                )
        return request.render("complaint_management.portal_order_complaint", values)
