from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, float_round

from .complaint_case import INTERNAL, TYPES, VERIFICATION_STATES
from .complaint_input import check_search_access
from .complaint_process import FROZEN_STEPS

# Bound of what a person can mean (no raw overflow on absurd input).
MAX_QTY = 1e9

EVIDENCE_FIELDS = (
    "ordered_qty",
    "delivered_qty",
    "returned_qty",
    "promised_date",
    "delivery_date",
    "delay_days",
    "verification_state",
    "verification_code",
    "verification_args",
)


class ComplaintCaseLine(models.Model):
    _name = "complaint.case.line"
    _inherit = ["complaint.case.child.mixin"]
    _description = "Customer Complaint Line"
    _order = "case_id, sequence, id"
    _check_company_auto = True
    _complaint_part = "lines"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    complaint_type = fields.Selection(related="case_id.complaint_type")
    sale_order_id = fields.Many2one(related="case_id.sale_order_id")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        index="btree_not_null",
        domain="[('order_id', '=', sale_order_id), ('display_type', '=', False)]",
        groups=INTERNAL,
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    move_id = fields.Many2one(
        "stock.move",
        string="Delivered Move",
        index="btree_not_null",
        domain="[('sale_line_id', '=', sale_line_id), ('state', '=', 'done')]",
        help="The delivery move the customer complains about.",
        groups=INTERNAL,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
    )
    claimed_qty = fields.Float(
        digits="Product Unit of Measure",
        help="Quality, tolerance and damage complaints: the quantity concerned. "
        "Quantity complaints: the quantity the customer says it received.",
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    description = fields.Text(groups=INTERNAL)

    # Evidence from the order, its deliveries and returns (stored, frozen when
    # the case is closed). The verdict's code and facts, and the sentence
    # rendered from them: complaint_case_line_verdict.py.
    ordered_qty = fields.Float(
        digits="Product Unit of Measure",
        compute="_compute_evidence",
        store=True,
        groups=INTERNAL,
    )
    delivered_qty = fields.Float(
        digits="Product Unit of Measure",
        compute="_compute_evidence",
        store=True,
        help="Done deliveries to the customer net of done returns, in the line's unit.",
        groups=INTERNAL,
    )
    returned_qty = fields.Float(
        digits="Product Unit of Measure",
        compute="_compute_evidence",
        store=True,
        groups=INTERNAL,
    )
    promised_date = fields.Datetime(
        compute="_compute_evidence", store=True, groups=INTERNAL
    )
    delivery_date = fields.Datetime(
        string="Delivered On",
        compute="_compute_evidence",
        store=True,
        groups=INTERNAL,
    )
    delay_days = fields.Integer(
        string="Days Late",
        compute="_compute_evidence",
        store=True,
        groups=INTERNAL,
    )
    verification_state = fields.Selection(
        VERIFICATION_STATES,
        string="Verdict",
        compute="_compute_evidence",
        store=True,
        groups=INTERNAL,
    )
    evidence_snapshot = fields.Json(
        copy=False,
        help="Technical: the evidence as it was when the case was closed.",
        groups=INTERNAL,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("product_id", "claimed_qty", "product_uom_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(product)s (%(qty)s %(uom)s)",
                product=line.product_id.display_name,
                qty=_fmt(line.claimed_qty),
                uom=line.product_uom_id.name,
            )

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for line in self:
            if line.sale_line_id:
                line.product_id = line.sale_line_id.product_id

    @api.depends("sale_line_id", "product_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = (
                line.sale_line_id.product_uom or line.product_id.uom_id
            )

    @api.depends(
        "claimed_qty",
        "product_uom_id",
        "product_id",
        "lot_id",
        "move_id",
        "case_id.complaint_type",
        "case_id.picking_ids",
        "sale_line_id.product_id",
        "sale_line_id.product_uom_qty",
        "sale_line_id.product_uom",
        "sale_line_id.order_id.commitment_date",
        "sale_line_id.move_ids.state",
        "sale_line_id.move_ids.quantity",
        "sale_line_id.move_ids.product_id",
        "sale_line_id.move_ids.date_deadline",
        "sale_line_id.move_ids.picking_id.date_done",
        "sale_line_id.move_ids.move_line_ids.lot_id",
        "evidence_snapshot",
    )
    def _compute_evidence(self):
        for line in self:
            if line.evidence_snapshot and line.case_id.stage_step in FROZEN_STEPS:
                line._load_snapshot()
                continue
            if not line.id and not line._may_see_evidence():
                # A line being edited (onchange) with an order line of another
                # order or customer: show nothing of that order's data.
                for fname in EVIDENCE_FIELDS:
                    line[fname] = False
                line.verification_state = "to_check"
                continue
            values = line._get_evidence()
            values.update(line._verify(values))
            for fname in EVIDENCE_FIELDS:
                line[fname] = values.get(fname, False)

    def _may_see_evidence(self):
        """Whether the evidence of this line can be shown to the user: its
        order line is on the case's order, of the case's customer, and the
        user may read that order (the evidence is computed as superuser)."""
        order = self.case_id.sale_order_id
        if not self.sale_line_id:
            return not self.move_id
        return bool(
            self.sale_line_id.order_id == order
            and order.partner_id.commercial_partner_id
            == self.case_id.partner_id.commercial_partner_id
            and order.with_user(self.env.uid).has_access("read")
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("claimed_qty")
    def _check_claimed_qty(self):
        for line in self:
            if line.claimed_qty > MAX_QTY:
                raise ValidationError(
                    self.env._(
                        "The claimed quantity of %(product)s is not plausible "
                        "(%(qty)s): at most %(max)s.",
                        product=line.product_id.display_name,
                        qty=_fmt(line.claimed_qty),
                        max=_fmt(MAX_QTY),
                    )
                )
            if line.claimed_qty <= 0 and line._type_info().needs_qty:
                raise ValidationError(
                    self.env._(
                        "The claimed quantity of %(product)s must be greater than "
                        "zero (%(qty)s).",
                        product=line.product_id.display_name,
                        qty=_fmt(line.claimed_qty),
                    )
                )
            if line.claimed_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The claimed quantity of %(product)s cannot be negative "
                        "(%(qty)s).",
                        product=line.product_id.display_name,
                        qty=_fmt(line.claimed_qty),
                    )
                )

    @api.constrains("product_id", "sale_line_id", "move_id")
    def _check_order_links(self):
        for line in self:
            order = line.case_id.sale_order_id
            if not order and line.sale_line_id:
                raise ValidationError(
                    self.env._(
                        "Order line %(line)s is not on complaint %(case)s, which has "
                        "no sale order.",
                        line=line.sale_line_id.display_name,
                        case=line.case_id.name,
                    )
                )
            if not order and line.move_id:
                raise ValidationError(
                    self.env._(
                        "Stock move %(move)s is not a delivery of complaint %(case)s, "
                        "which has no sale order.",
                        move=line.move_id.reference or line.move_id.display_name,
                        case=line.case_id.name,
                    )
                )
            if not order:
                continue
            if line.sale_line_id.order_id != order:
                raise ValidationError(
                    self.env._(
                        "Product %(product)s is not on sale order %(order)s.",
                        product=line.product_id.display_name,
                        order=order.name,
                    )
                )
            move = line.move_id
            if move and (
                move.sale_line_id != line.sale_line_id
                or move.state != "done"
                or not self._is_customer_side(move.location_dest_id)
            ):
                raise ValidationError(
                    self.env._(
                        "Stock move %(move)s is not a done delivery of order line "
                        "%(line)s.",
                        move=move.reference or move.display_name,
                        line=line.sale_line_id.display_name,
                    )
                )

    @api.constrains("lot_id", "product_id", "case_id")
    def _check_lot_delivered(self):
        for line in self.filtered("lot_id"):
            customer = line.case_id.commercial_partner_id
            delivered = self.env["stock.move.line"].search_count(
                [
                    ("lot_id", "=", line.lot_id.id),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("picking_id.partner_id.commercial_partner_id", "=", customer.id),
                ],
                limit=1,
            )
            if not delivered:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s of %(product)s was never delivered to "
                        "%(customer)s.",
                        lot=line.lot_id.name,
                        product=line.product_id.display_name,
                        customer=customer.display_name,
                    )
                )

    @api.constrains("claimed_qty", "lot_id", "product_id", "sale_line_id")
    def _check_defect_qty(self):
        for line in self:
            if not line._type_info().goods:
                continue
            delivered = line._get_lot_delivered_qty() if line.lot_id else None
            if delivered is None:
                delivered = line.delivered_qty
            rounding = line.product_uom_id.rounding or 0.01
            if (
                float_compare(line.claimed_qty, delivered, precision_rounding=rounding)
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(claimed)s %(uom)s of %(product)s%(lot)s are claimed "
                        "defective, but only %(delivered)s %(uom)s were delivered "
                        "to %(customer)s.",
                        claimed=_fmt(line.claimed_qty),
                        uom=line.product_uom_id.name,
                        product=line.product_id.display_name,
                        lot=self.env._(" (lot %s)", line.lot_id.name)
                        if line.lot_id
                        else "",
                        delivered=_fmt(delivered),
                        customer=line.case_id.commercial_partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_child_create(vals_list)
        cases = self.env["complaint.case"].browse(
            {vals["case_id"] for vals in vals_list if vals.get("case_id")}
        )
        for vals in vals_list:
            if vals.get("product_id") and not vals.get("sale_line_id"):
                case = cases.browse(vals.get("case_id"))
                vals["sale_line_id"] = case._find_sale_line(vals["product_id"]).id
        return super().create(vals_list)

    def write(self, vals):
        self._check_child_write(vals)
        if {"product_id", "product_uom_id", "sale_line_id"} & set(vals):
            # What the remedies of the line are worth may change.
            self.case_id._clear_approval(self.env._("a complained product changed."))
        if vals.get("product_id") and "sale_line_id" not in vals:
            for line in self:
                line_vals = dict(
                    vals,
                    sale_line_id=line.case_id._find_sale_line(vals["product_id"]).id,
                )
                super(ComplaintCaseLine, line).write(line_vals)
            return True
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_check_case(self):
        self._check_case_change(self.case_id)
        remedies = self.env["complaint.remedy"].search(
            [("case_line_id", "in", self.ids)]
        )
        if remedies:
            raise UserError(
                self.env._(
                    "%(lines)s carry remedies (%(remedies)s): withdraw the remedies "
                    "first.",
                    lines=", ".join(remedies.case_line_id.mapped("display_name")),
                    remedies=", ".join(r._type_label() for r in remedies),
                )
            )

    def _process_fields(self):
        return ("evidence_snapshot",)

    @api.model
    def _search(self, domain, *args, **kwargs):
        check_search_access(self, domain)
        return super()._search(domain, *args, **kwargs)

    def _type_info(self):
        return TYPES.get(self.complaint_type) or TYPES["other"]

    def _evidence_fields(self):
        return EVIDENCE_FIELDS

    # ------------------------------------------------------------------
    # Evidence
    # ------------------------------------------------------------------
    def _get_delivery_moves(self):
        """Done outgoing moves and done return moves of the line's order line,
        in any product (a wrong variant shipped is still its delivery)."""
        self.ensure_one()
        moves = self.sale_line_id.move_ids.filtered(
            lambda m: m.state == "done" and not m.scrapped
        )
        # Both ends of the moves in one read.
        (moves.location_id | moves.location_dest_id).mapped("usage")
        outgoing = moves.filtered(
            lambda m: self._is_customer_side(m.location_dest_id)
            and (not m.origin_returned_move_id or m.to_refund)
        )
        returns = moves.filtered(
            lambda m: self._is_customer_side(m.location_id)
            and m.origin_returned_move_id
        )
        return outgoing, returns

    def _is_customer_side(self, location):
        """Customer location, or the shared inter-company transit location
        (what sale_stock counts as delivered), without a query per move."""
        return location.usage == "customer" or (
            location.usage == "transit" and not location.company_id
        )

    def _qty_in_line_uom(self, moves):
        uom = self.product_uom_id
        return sum(m.product_uom._compute_quantity(m.quantity, uom) for m in moves)

    def _get_evidence(self):
        self.ensure_one()
        sale_line = self.sale_line_id
        uom = self.product_uom_id
        outgoing, returns = self._get_delivery_moves()
        right = outgoing.filtered(lambda m: m.product_id == self.product_id)
        right_returns = returns.filtered(lambda m: m.product_id == self.product_id)
        shipped = self._qty_in_line_uom(right)
        returned = self._qty_in_line_uom(right_returns)
        ordered = (
            sale_line.product_uom._compute_quantity(sale_line.product_uom_qty, uom)
            if sale_line and uom
            else 0.0
        )
        concerned = self.move_id or outgoing.filtered(
            lambda m: not self.case_id.picking_ids
            or m.picking_id in self.case_id.picking_ids
        )
        delivery_dates = concerned.mapped("picking_id.date_done") or concerned.mapped(
            "date"
        )
        order = sale_line.order_id
        promised = (
            order.commitment_date
            or order.expected_date
            or min(sale_line.move_ids.mapped("date_deadline") or [False], default=False)
            or min(
                sale_line.move_ids.mapped("picking_id.scheduled_date") or [False],
                default=False,
            )
        )
        return {
            "ordered_qty": ordered,
            "delivered_qty": shipped - returned,
            "shipped_qty": shipped,
            "returned_qty": returned,
            "promised_date": promised or False,
            "delivery_date": max(delivery_dates) if delivery_dates else False,
            "outgoing": outgoing,
            "returns": returns,
            "pickings": ", ".join(outgoing.picking_id.mapped("name"))
            or self.env._("no delivery"),
        }

    def _get_lot_delivered_qty(self):
        """Net quantity of the line's lot delivered to the customer, in the
        line's unit (on the order line's moves when there is one)."""
        self.ensure_one()
        if self.sale_line_id:
            outgoing, returns = self._get_delivery_moves()
            out_lines = outgoing.move_line_ids
            back_lines = returns.move_line_ids
        else:
            customer = self.case_id.commercial_partner_id
            MoveLine = self.env["stock.move.line"]
            base = [
                ("lot_id", "=", self.lot_id.id),
                ("state", "=", "done"),
                ("picking_id.partner_id.commercial_partner_id", "=", customer.id),
            ]
            out_lines = MoveLine.search(
                base + [("location_dest_id.usage", "=", "customer")]
            )
            back_lines = MoveLine.search(
                base + [("location_id.usage", "=", "customer")]
            )
        uom = self.product_uom_id

        def qty(move_lines):
            return sum(
                ml.product_uom_id._compute_quantity(ml.quantity, uom)
                for ml in move_lines
                if ml.lot_id == self.lot_id
            )

        return qty(out_lines) - qty(back_lines)

    def _freeze_evidence(self):
        for line in self:
            line._process_write(
                {
                    "evidence_snapshot": {
                        fname: _json_value(line[fname]) for fname in EVIDENCE_FIELDS
                    }
                }
            )

    def _unfreeze_evidence(self):
        self._process_write({"evidence_snapshot": False})

    def _load_snapshot(self):
        for fname in EVIDENCE_FIELDS:
            value = self.evidence_snapshot.get(fname)
            if value and self._fields[fname].type == "datetime":
                value = fields.Datetime.to_datetime(value)
            self[fname] = value


def _fmt(qty):
    """A quantity as people write it: 20, 2.5 (no trailing zeros)."""
    if abs(qty) >= 1e15:
        return f"{qty:g}"
    qty = float_round(qty, precision_digits=4)
    if float_is_zero(qty, precision_digits=4):
        return "0"
    return f"{qty:f}".rstrip("0").rstrip(".")


def _json_value(value):
    if isinstance(value, datetime):
        return fields.Datetime.to_string(value)
    return value
