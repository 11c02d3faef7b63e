from odoo import api, models
from odoo.tools import float_is_zero


class ComplaintCaseLine(models.Model):
    """A kit sold through a phantom bill of materials never moves itself: its
    components do. Its shipped, returned and delivered quantities are counted
    in whole kits from the component moves, by the rules of sale_mrp, so that
    the evidence agrees with the order line's delivered quantity."""

    _inherit = "complaint.case.line"

    # What sale_mrp reads on the component moves besides what the evidence of
    # complaint_management already depends on.
    @api.depends(
        "sale_line_id.move_ids.bom_line_id",
        "sale_line_id.move_ids.picked",
        "sale_line_id.move_ids.product_uom",
        "sale_line_id.move_ids.scrapped",
        "sale_line_id.move_ids.to_refund",
    )
    def _compute_evidence(self):
        return super()._compute_evidence()

    def _get_evidence(self):
        evidence = super()._get_evidence()
        bom = self._get_kit_bom()
        if bom:
            kits = self._get_kit_quantities(bom)
            for key in ("shipped_qty", "returned_qty", "delivered_qty"):
                evidence[key] += kits[key]
        return evidence

    def _get_kit_bom(self):
        """The kit bill of materials of the order line's product, found as
        sale_mrp finds it: the phantom BoM of the product on the line's moves,
        else the one Odoo would explode it with today (a kit of kits)."""
        self.ensure_one()
        sale_line = self.sale_line_id
        product = sale_line.product_id
        if not sale_line or self.product_id != product:
            return self.env["mrp.bom"]
        boms = sale_line.move_ids.filtered(
            lambda m: m.state != "cancel"
        ).bom_line_id.bom_id
        if not boms:
            # No component move: no kit delivered (_compute_kit_quantities
            # counts 0 then), and no BoM search per line of ordinary products.
            return boms
        bom = boms.filtered(
            lambda b: b.type == "phantom"
            and (
                b.product_id == product
                or (b.product_tmpl_id == product.product_tmpl_id and not b.product_id)
            )
        )
        if not bom:
            bom = boms._bom_find(
                product, company_id=sale_line.company_id.id, bom_type="phantom"
            )[product]
        return bom[:1]

    def _get_kit_quantities(self, bom):
        """Whole kits shipped, returned and delivered (net), in the line's
        unit. A kit counts once all its components reached the customer (the
        lowest ratio over the components); components sent back unmake the
        kits they belonged to: returned = shipped - delivered."""
        self.ensure_one()
        sale_line = self.sale_line_id
        moves = sale_line.move_ids.filtered(
            lambda m: m.state == "done" and not m.scrapped
        )
        order_qty = sale_line.product_uom._compute_quantity(
            sale_line.product_uom_qty, bom.product_uom_id
        )
        filters = self._get_kit_moves_filters()
        shipped = moves._compute_kit_quantities(
            sale_line.product_id,
            order_qty,
            bom,
            dict(filters, outgoing_moves=lambda m: False),
        )
        delivered = moves._compute_kit_quantities(
            sale_line.product_id, order_qty, bom, filters
        )
        shipped = bom.product_uom_id._compute_quantity(shipped, self.product_uom_id)
        delivered = bom.product_uom_id._compute_quantity(delivered, self.product_uom_id)
        return {
            "shipped_qty": shipped,
            "returned_qty": shipped - delivered,
            "delivered_qty": delivered,
        }

    def _get_expected_products(self):
        """A kit ships its components: a delivery of any of them is what was
        ordered, only another product confirms a specification complaint."""
        expected = super()._get_expected_products()
        bom = self._get_kit_bom()
        if bom:
            expected |= self._get_kit_components(bom)
        return expected

    def _get_kit_components(self, bom):
        """The products the kit is made of, kits of kits exploded as Odoo
        explodes them on the order's deliveries."""
        self.ensure_one()
        product = self.sale_line_id.product_id
        _boms, lines = bom.explode(product, 1.0)
        return self.env["product.product"].union(
            *(bom_line.product_id for bom_line, _data in lines)
        )

    def _get_kit_component_quantities(self, bom, kit_qty):
        """{BoM line: quantity of its component, in the component's unit} that
        ``kit_qty`` kits (in the line's unit) are made of: the BoM's quantity
        per kit of each line, converted from the line's unit of measure, the
        kits of kits exploded as on the deliveries. Services and optional lines
        (quantity 0) are left out, as sale_mrp leaves them out of the delivered
        kits."""
        self.ensure_one()
        product = self.sale_line_id.product_id
        kits = self.product_uom_id._compute_quantity(
            kit_qty, bom.product_uom_id, round=False
        )
        _boms, lines = bom.explode(product, kits / bom.product_qty)
        quantities = {}
        for bom_line, data in lines:
            component = bom_line.product_id
            if component.type == "service" or float_is_zero(
                data["qty"], precision_rounding=bom_line.product_uom_id.rounding
            ):
                continue
            qty = bom_line.product_uom_id._compute_quantity(
                data["qty"], component.uom_id
            )
            quantities[bom_line] = quantities.get(bom_line, 0.0) + qty
        return quantities

    def _get_kit_moves_filters(self):
        """The component moves that deliver kits and those that take them back,
        as sale_mrp's ``_compute_qty_delivered`` filters them."""
        return {
            "incoming_moves": lambda m: m.location_dest_id.usage == "customer"
            and (not m.origin_returned_move_id or m.to_refund),
            "outgoing_moves": lambda m: m.location_dest_id.usage != "customer"
            and m.to_refund,
        }
