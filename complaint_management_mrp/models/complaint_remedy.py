from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from odoo.addons.complaint_management.models.complaint_case_line import _fmt


class ComplaintRemedy(models.Model):
    """A return of kits gives back their components: N kits return N times
    the quantity of each component per kit, taken from the component moves of
    the complained deliveries, and only complete kits are returned."""

    _inherit = "complaint.remedy"

    def _get_kit_bom(self):
        self.ensure_one()
        return self.case_line_id._get_kit_bom()

    def _get_delivered_moves(self):
        """The component moves that delivered the kit: those of its BoM lines
        (kits of kits exploded), on the complained delivery when the line
        names a move of it."""
        bom = self._get_kit_bom()
        if not bom:
            return super()._get_delivered_moves()
        line = self.case_line_id
        outgoing, _returns = line._get_delivery_moves()
        if line.move_id:
            outgoing = outgoing.filtered(
                lambda m: m.picking_id == line.move_id.picking_id
            )
        bom_lines = line._get_kit_component_quantities(bom, 1.0).keys()
        return outgoing.filtered(lambda m: m.bom_line_id in bom_lines)

    def _create_return_pickings(self):
        bom = self._get_kit_bom()
        if not bom:
            return super()._create_return_pickings()
        return self._create_kit_return_pickings(bom)

    def _create_kit_return_pickings(self, bom):
        """Return pickings of the components of ``quantity`` kits through
        Odoo's return wizard, per BoM line, from the complained deliveries,
        latest first; refused unless that many complete kits can still be
        returned."""
        self.ensure_one()
        needed = self.case_line_id._get_kit_component_quantities(bom, self.quantity)
        moves = self._moves_to_return()
        self._check_kits_returnable(bom, moves, needed)
        returns, _left = self._return_through_wizard(
            moves, needed, lambda move: move.bom_line_id
        )
        return returns

    def _check_kits_returnable(self, bom, moves, needed):
        """Refuse to return fewer than ``quantity`` complete kits: every
        component must still be returnable (delivered, neither returned nor
        being returned) in the quantity ``needed`` for them."""
        returnable = {
            bom_line: sum(
                self._returnable_qty(move, bom_line.product_id.uom_id)
                for move in moves
                if move.bom_line_id == bom_line
            )
            for bom_line in needed
        }
        short = [
            bom_line
            for bom_line, qty in needed.items()
            if float_compare(
                returnable[bom_line],
                qty,
                precision_rounding=bom_line.product_id.uom_id.rounding,
            )
            < 0
        ]
        if not short:
            return
        line_uom = self.case_line_id.product_uom_id
        kits = line_uom._compute_quantity(
            self.quantity, bom.product_uom_id, round=False
        )
        # Whole kits, counted as sale_mrp counts the delivered ones: the lowest
        # ratio over the components, rounded down.
        complete = min(
            float_round(
                max(returnable[bom_line], 0.0) * kits / qty,
                precision_rounding=bom_line.product_id.uom_id.rounding,
            )
            for bom_line, qty in needed.items()
        )
        complete = bom.product_uom_id._compute_quantity(complete // 1, line_uom)
        components = "; ".join(
            self.env._(
                "%(component)s: %(returnable)s of %(needed)s %(uom)s",
                component=bom_line.product_id.display_name,
                returnable=_fmt(max(returnable[bom_line], 0.0)),
                needed=_fmt(needed[bom_line]),
                uom=bom_line.product_id.uom_id.name,
            )
            for bom_line in short
        )
        raise UserError(
            self.env._(
                "Only %(returnable)s of the %(qty)s %(uom)s of kit %(product)s to "
                "return can still be returned complete (%(components)s).",
                returnable=_fmt(complete),
                qty=_fmt(self.quantity),
                uom=line_uom.name,
                product=self.product_id.display_name,
                components=components,
            )
        )
