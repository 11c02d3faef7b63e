"""Recall scope (追溯范围): the other customers and deliveries that received
the lot a complaint is about, read from Odoo's customer lot report
(stock.lot.report), and the lot's own traceability upstream."""

from odoo import api, fields, models

from .complaint_case import INTERNAL


class ComplaintCaseLine(models.Model):
    _inherit = "complaint.case.line"

    recall_customer_count = fields.Integer(
        string="Other Customers of the Lot",
        compute="_compute_recall",
        groups=INTERNAL,
        help="The other customers that received this lot.",
    )
    recall_delivery_count = fields.Integer(
        string="Other Deliveries of the Lot",
        compute="_compute_recall",
        groups=INTERNAL,
    )

    def _recall_domain(self):
        """The deliveries of these lines' lots to the other customers."""
        return [
            ("lot_id", "in", self.lot_id.ids),
            (
                "partner_id.commercial_partner_id",
                "not in",
                self.case_id.commercial_partner_id.ids,
            ),
        ]

    def _recall_rows(self):
        """The customer lot report's rows of those deliveries."""
        lines = self.filtered("lot_id")
        # sudo: who else received a lot is read for the complaint, not browsed.
        Report = self.env["stock.lot.report"].sudo()
        return Report.search(lines._recall_domain()) if lines else Report

    @api.depends("lot_id", "case_id.commercial_partner_id")
    def _compute_recall(self):
        for line in self:
            rows = line._recall_rows()
            line.recall_customer_count = len(rows.partner_id.commercial_partner_id)
            line.recall_delivery_count = len(rows.picking_id)

    def action_view_lot_traceability(self):
        """Odoo's traceability of the lot: upstream, the receipt and its
        purchase order or the manufacturing order it came from."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("stock.action_stock_report")
        action["context"] = {
            "active_id": self.lot_id.id,
            "active_model": "stock.lot",
            "model": "stock.traceability.report",
            "url": "/stock/output_format/stock?active_id=:active_id"
            "&active_model=:active_model",
        }
        return action


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    recall_customer_count = fields.Integer(
        string="Recall Scope",
        compute="_compute_recall_customer_count",
        groups=INTERNAL,
        help="The other customers that received the lots of this complaint.",
    )

    @api.depends("line_ids.lot_id", "commercial_partner_id")
    def _compute_recall_customer_count(self):
        Report = self.env["stock.lot.report"].sudo()
        for case in self:
            lines = case.line_ids.filtered("lot_id")
            case.recall_customer_count = (
                len(
                    Report.search(
                        lines._recall_domain()
                    ).partner_id.commercial_partner_id
                )
                if lines
                else 0
            )

    def action_view_recall_scope(self):
        """The deliveries of the complaint's lots to the other customers, to
        contact them (Odoo's customer lot report)."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "complaint_management.complaint_recall_scope_action"
        )
        action["domain"] = self.line_ids.filtered("lot_id")._recall_domain()
        action["display_name"] = self.env._("Recall Scope of %(case)s", case=self.name)
        return action
