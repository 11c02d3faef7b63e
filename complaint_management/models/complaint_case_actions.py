"""Complaints opened from where they come from: the "New Complaint" button
of a confirmed order or a delivery, and the smart buttons counting the
complaints of an order, a delivery or a customer."""

from odoo import Command, api, models


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    @api.model
    def _count_cases_by(self, fname, records):
        """{record id: number of cases} for the smart buttons of orders,
        deliveries and customers. sudo: everyone who sees the record sees how
        many complaints it has; opening them goes through the record rules."""
        groups = self.sudo()._read_group(
            [(fname, "in", records._origin.ids)], [fname], ["__count"]
        )
        return {record.id: count for record, count in groups}

    @api.model
    def _action_new_case(self, order, pickings=None, sale_lines=None):
        order._check_complaint_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Complaint"),
            "res_model": "complaint.case",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._prepare_default_context(order, pickings, sale_lines),
        }

    @api.model
    def _action_view_cases(self, domain, context):
        self.env["sale.order"]._check_complaint_access()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_case_action"
        )
        action.update(domain=domain, context=context)
        return action

    @api.model
    def _prepare_default_context(self, order, pickings=None, sale_lines=None):
        """Defaults of a new case opened from an order or a delivery."""
        sale_lines = sale_lines or order.order_line.filtered(
            lambda sol: not sol.display_type and sol.product_id.type == "consu"
        )
        return {
            "default_partner_id": order.partner_id.id,
            "default_sale_order_id": order.id,
            "default_company_id": order.company_id.id,
            "default_picking_ids": [Command.set(pickings.ids if pickings else [])],
            "default_line_ids": [
                Command.create(
                    {"sale_line_id": sol.id, "product_id": sol.product_id.id}
                )
                for sol in sale_lines
            ],
        }
