from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager


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
        values = self._get_page_view_values(
            case_sudo,
            access_token,
            {"case": case_sudo, "page_name": "complaint"},
            "my_complaints_history",
            False,
        )
        return request.render("complaint_management.portal_my_complaint", values)
