from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

REPAIR_STATES = {"done": "done", "cancel": "cancel"}


class ComplaintRemedy(models.Model):
    """A repair remedy is carried out by a repair order of Odoo's Repairs app:
    executing the remedy creates it, and the remedy is done when the repair
    is."""

    _inherit = "complaint.remedy"

    repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The repair order that carries out the repair.",
    )

    @api.depends("repair_id.state")
    def _compute_state(self):
        return super()._compute_state()

    @api.constrains("remedy_type", "case_line_id")
    def _check_repair_values(self):
        for remedy in self.filtered(lambda r: r.remedy_type == "repair"):
            remedy._check_repair_line()

    # ------------------------------------------------------------------
    # Hooks of complaint_management
    # ------------------------------------------------------------------
    def _concerns_goods(self):
        # The goods repaired: a line, a quantity, at most what was delivered.
        return self.remedy_type == "repair" or super()._concerns_goods()

    def _document_states(self):
        states = super()._document_states()
        if self.repair_id:
            states.append(REPAIR_STATES.get(self.repair_id.state, "running"))
        return states

    def _documents(self):
        return super()._documents() + list(self.repair_id)

    def _process_fields(self):
        return (*super()._process_fields(), "repair_id")

    def _execute(self):
        if self.remedy_type == "repair":
            return {"repair_id": self._create_repair_order().id}
        return super()._execute()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _check_repair_line(self):
        self.ensure_one()
        if not self.case_line_id:
            raise ValidationError(
                self.env._(
                    "A %(remedy)s needs the complaint line of the product "
                    "concerned.",
                    remedy=self._type_label(),
                )
            )

    def _create_repair_order(self):
        self.ensure_one()
        # The line may have been deleted since the remedy was planned.
        self._check_repair_line()
        return (
            self.env["repair.order"]
            .with_company(self.case_id.company_id)
            .create(self._prepare_repair_order_vals())
        )

    def _prepare_repair_order_vals(self):
        """A free repair (under warranty) of the complained product for the
        customer. Not linked to the sale order: Odoo links a repair to the
        order that sold the repair, adds the parts to it and empties its line
        when the repair is cancelled."""
        self.ensure_one()
        case = self.case_id
        line = self.case_line_id
        note = self.env._(
            "%(remedy)s for complaint %(case)s",
            remedy=self._type_label(),
            case=case.name,
        )
        if self.description:
            note = f"{note}: {self.description}"
        vals = {
            "company_id": case.company_id.id,
            "partner_id": case.partner_id.id,
            "product_id": line.product_id.id,
            "product_qty": self.quantity,
            "product_uom": line.product_uom_id.id,
            "lot_id": line.lot_id.id,
            "picking_id": self._get_returned_picking().id,
            "under_warranty": True,
            "internal_notes": Markup("<p>%s</p>") % note,
        }
        repair_type = case.sale_order_id.warehouse_id.repair_type_id
        if repair_type:
            vals["picking_type_id"] = repair_type.id
        return vals

    def _get_returned_picking(self):
        """The latest return of the complained product made by a return
        remedy of the same complaint line: the goods to repair came back
        with it."""
        self.ensure_one()
        remedies = (self.case_id.remedy_ids - self).filtered(
            lambda r: r.case_line_id == self.case_line_id
        )
        return remedies.picking_ids.filtered(
            lambda p: p.return_id
            and p.state != "cancel"
            and self.product_id in p.move_ids.product_id
        ).sorted("id")[-1:]
