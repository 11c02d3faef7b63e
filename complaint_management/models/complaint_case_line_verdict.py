"""The verdict of a complaint line: stored as facts, told in the reader's words.

``_verify`` decides the verdict from the evidence of the line: its state
(``verification_state``), which case of the verification it is
(``verification_code``, one per sentence) and the facts that sentence is made
of (``verification_args``: quantities as numbers, days as ISO dates, records as
ids). Those are stored, and frozen with the evidence when the case is closed.

``verification_note`` is not stored: it is rendered from the code and the facts
in the language of whoever reads it, with the names of products and units of
measure in that language too. A stored sentence would keep the language of
whoever happened to trigger its computation.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare

from .complaint_case import INTERNAL
from .complaint_case_line import _fmt

QUANTITY_VERDICTS = [
    ("qty_over_confirmed", "Over-Delivery Confirmed"),
    ("qty_over_partial", "Over-Delivery Partly Confirmed"),
    ("qty_over_unproven", "Over-Delivery Not in Our Documents"),
    ("qty_shortage_confirmed", "Shortage Confirmed"),
    ("qty_no_shortage", "Delivered Quantity Matches the Order"),
    ("qty_shortage_partial", "Shortage Partly Confirmed"),
    ("qty_received_less", "Received Less than Delivered"),
    ("qty_received_more", "Received More than Delivered"),
]
SPECIFICATION_VERDICTS = [
    ("spec_not_delivered", "Not Delivered Yet"),
    ("spec_mismatch", "Specification Mismatch Confirmed"),
    ("spec_as_ordered", "Delivered as Ordered"),
]
DELIVERY_DATE_VERDICTS = [
    ("date_no_promise", "No Promised Date"),
    ("date_late", "Delivered Late"),
    ("date_on_time", "Delivered on Time"),
    ("date_late_open", "Late, Still Not Fully Delivered"),
    ("date_not_due", "Not Due Yet"),
]
OTHER_VERDICTS = [
    ("no_order_line", "No Order Line"),
    ("defect_no_data", "Not Decided by Order Data"),
    ("defect_within_delivered", "Within the Delivered Quantity"),
    # Evidence frozen before version 18.0.2.1.0 whose case could not be told
    # again (migrations/18.0.2.1.0): its numbers and its verdict.
    ("recorded", "Recorded Evidence"),
]
VERDICT_CODES = (
    QUANTITY_VERDICTS + SPECIFICATION_VERDICTS + DELIVERY_DATE_VERDICTS + OTHER_VERDICTS
)
QUANTITY_CODES = {code for code, _label in QUANTITY_VERDICTS}
SPECIFICATION_CODES = {code for code, _label in SPECIFICATION_VERDICTS}
DELIVERY_DATE_CODES = {code for code, _label in DELIVERY_DATE_VERDICTS}

# Facts naming records: stored as ids, shown by name in the reader's language
# (products and units of measure have translated names).
# key in verification_args: (model, name field, key of the name in the sentence)
RECORD_ARGS = {
    "uom_id": ("uom.uom", "name", "uom"),
    "product_id": ("product.product", "display_name", "product"),
    "delivered_product_ids": ("product.product", "display_name", "delivered_products"),
    "order_id": ("sale.order", "name", "order"),
    "picking_ids": ("stock.picking", "name", "pickings"),
    "backorder_ids": ("stock.picking", "name", "backorders"),
    "lot_ids": ("stock.lot", "name", "lots"),
}


class ComplaintCaseLine(models.Model):
    _inherit = "complaint.case.line"

    verification_code = fields.Selection(
        VERDICT_CODES,
        string="Verdict Case",
        compute="_compute_evidence",
        store=True,
        help="Which case of the verification against the order data the line is "
        "in; the Verification column says it in a sentence.",
        groups=INTERNAL,
    )
    verification_args = fields.Json(
        string="Verdict Facts",
        compute="_compute_evidence",
        store=True,
        help="Technical: the quantities, days and records the verification "
        "sentence is made of.",
        groups=INTERNAL,
    )
    # Superuser: the sentence names deliveries, lots and orders that a reader
    # of the line may not be allowed to open (it named them when it was stored).
    verification_note = fields.Text(
        string="Verification",
        compute="_compute_verification_note",
        compute_sudo=True,
        groups=INTERNAL,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("verification_code", "verification_args")
    @api.depends_context("lang")
    def _compute_verification_note(self):
        records = self._verdict_records()
        for line in self:
            code = line.verification_code
            line.verification_note = code and line._render_verdict(
                code, line._verdict_values(records)
            )

    # ------------------------------------------------------------------
    # The verdict
    # ------------------------------------------------------------------
    def _verify(self, ev):
        """The verdict from the evidence ``ev``: its state, its code and the
        facts of its sentence (see ``_render_verdict``)."""
        self.ensure_one()
        if not self.sale_line_id:
            return self._verdict("to_check", "no_order_line")
        method = {
            "quantity": self._verify_quantity,
            "specification": self._verify_specification,
            "delay": self._verify_delivery_date,
            "defect": self._verify_defect,
        }.get(self._type_info().verification, self._verify_defect)
        return method(ev)

    def _verdict(self, state, code, **args):
        return {
            "verification_state": state,
            "verification_code": code,
            "verification_args": args,
        }

    def _verify_quantity(self, ev):
        claimed, ordered, delivered = (
            self.claimed_qty,
            ev["ordered_qty"],
            ev["delivered_qty"],
        )
        state, code = self._quantity_verdict(claimed, ordered, delivered)
        args = {
            "ordered": float(ordered),
            "delivered": float(delivered),
            "returned": float(ev["returned_qty"]),
            "claimed": float(claimed),
            "uom_id": self.product_uom_id.id,
            "picking_ids": ev["outgoing"].picking_id.ids,
        }
        if code == "qty_shortage_confirmed":
            args["backorder_ids"] = self.sale_line_id.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            ).picking_id.ids
        return self._verdict(state, code, **args)

    def _quantity_verdict(self, claimed, ordered, delivered):
        """(state, code) of a quantity complaint: the customer says it
        received ``claimed``, our documents say ``delivered`` of ``ordered``."""
        rounding = self.product_uom_id.rounding or 0.01

        def cmp(a, b):
            return float_compare(a, b, precision_rounding=rounding)

        if cmp(claimed, ordered) > 0:
            if cmp(delivered, claimed) >= 0:
                return "confirmed", "qty_over_confirmed"
            if cmp(delivered, ordered) > 0:
                return "partial", "qty_over_partial"
            return "to_check", "qty_over_unproven"
        if cmp(claimed, delivered) == 0:
            if cmp(delivered, ordered) < 0:
                return "confirmed", "qty_shortage_confirmed"
            return "unfounded", "qty_no_shortage"
        if cmp(claimed, delivered) < 0:
            if cmp(delivered, ordered) < 0:
                return "partial", "qty_shortage_partial"
            return "to_check", "qty_received_less"
        return "to_check", "qty_received_more"

    def _verify_specification(self, ev):
        ordered_product = self.sale_line_id.product_id
        outgoing = ev["outgoing"]
        if not outgoing:
            return self._verdict(
                "to_check",
                "spec_not_delivered",
                product_id=ordered_product.id,
                order_id=self.sale_line_id.order_id.id,
            )
        expected = self._get_expected_products()
        wrong = outgoing.filtered(lambda m: m.product_id not in expected)
        if wrong:
            return self._verdict(
                "confirmed",
                "spec_mismatch",
                product_id=ordered_product.id,
                delivered_product_ids=wrong.product_id.ids,
                picking_ids=wrong.picking_id.ids,
            )
        return self._verdict(
            "to_check",
            "spec_as_ordered",
            product_id=ordered_product.id,
            picking_ids=outgoing.picking_id.ids,
            lot_ids=outgoing.move_line_ids.lot_id.ids,
        )

    def _get_expected_products(self):
        """The products whose delivery on the order line is what was ordered:
        the order line's product. A hook for products that never move
        themselves (a kit ships its components, see complaint_management_mrp):
        a delivery of any other product confirms a specification complaint."""
        return self.sale_line_id.product_id

    def _verify_delivery_date(self, ev):
        promised, done = ev["promised_date"], ev["delivery_date"]
        order = self.sale_line_id.order_id
        if not promised:
            return self._verdict("to_check", "date_no_promise", order_id=order.id)
        promised_day = fields.Date.context_today(self, promised)
        remaining = float_compare(
            ev["ordered_qty"],
            ev["shipped_qty"],
            precision_rounding=self.product_uom_id.rounding or 0.01,
        )
        promised_on = fields.Date.to_string(promised_day)
        pickings = ev["outgoing"].picking_id.ids
        if done:
            done_day = fields.Date.context_today(self, done)
            delay = (done_day - promised_day).days
            done_on = fields.Date.to_string(done_day)
            if delay > 0:
                return {
                    "delay_days": delay,
                    **self._verdict(
                        "confirmed",
                        "date_late",
                        promised=promised_on,
                        done=done_on,
                        delay=delay,
                        picking_ids=pickings,
                    ),
                }
            if remaining <= 0:
                return {
                    "delay_days": 0,
                    **self._verdict(
                        "unfounded",
                        "date_on_time",
                        promised=promised_on,
                        done=done_on,
                        picking_ids=pickings,
                    ),
                }
        today = fields.Date.context_today(self)
        delay = (today - promised_day).days
        if delay > 0:
            return {
                "delay_days": delay,
                **self._verdict(
                    "confirmed",
                    "date_late_open",
                    promised=promised_on,
                    today=fields.Date.to_string(today),
                    delay=delay,
                ),
            }
        return {
            "delay_days": 0,
            **self._verdict(
                "unfounded", "date_not_due", promised=promised_on, order_id=order.id
            ),
        }

    def _verify_defect(self, ev):
        if not self._type_info().goods:
            return self._verdict("to_check", "defect_no_data")
        return self._verdict(
            "to_check",
            "defect_within_delivered",
            claimed=float(self.claimed_qty),
            delivered=float(ev["delivered_qty"]),
            uom_id=self.product_uom_id.id,
            picking_ids=ev["outgoing"].picking_id.ids,
        )

    # ------------------------------------------------------------------
    # The sentence
    # ------------------------------------------------------------------
    def _verdict_records(self):
        """{model: the existing records named by the facts of ``self``}, read
        together for all the lines."""
        ids = defaultdict(set)
        for args in self.mapped("verification_args"):
            for key, value in (args or {}).items():
                if key in RECORD_ARGS and value:
                    model = RECORD_ARGS[key][0]
                    ids[model].update(value if isinstance(value, list) else [value])
        # exists(): a record deleted since (a cancelled order) is left out of
        # the sentence instead of failing it.
        return {
            model: self.env[model].browse(sorted(model_ids)).exists()
            for model, model_ids in ids.items()
        }

    def _verdict_values(self, records):
        """The facts of the line's verdict as its sentence uses them: numbers
        and days as stored, records by their names in the reader's language."""
        self.ensure_one()
        args = self.verification_args or {}
        values = dict(args)
        for key, (model, fname, name_key) in RECORD_ARGS.items():
            if key not in args:
                continue
            known = records.get(model, self.env[model])
            wanted = args[key] if isinstance(args[key], list) else [args[key]]
            found = known.browse([rid for rid in wanted if rid in known._ids])
            values[name_key] = ", ".join(
                found.with_prefetch(known._prefetch_ids).mapped(fname)
            )
        if "picking_ids" in args:
            values["pickings"] = values["pickings"] or self.env._("no delivery")
        return values

    def _render_verdict(self, code, values):
        """The sentence of verdict ``code`` from its facts ``values`` (see
        ``_verdict_values``), in the language of the environment."""
        if code in QUANTITY_CODES:
            return self._render_quantity_verdict(code, values)
        if code in SPECIFICATION_CODES:
            return self._render_specification_verdict(code, values)
        if code in DELIVERY_DATE_CODES:
            return self._render_delivery_date_verdict(code, values)
        return self._render_other_verdict(code, values)

    def _render_quantity_verdict(self, code, v):
        claimed, ordered, delivered = v["claimed"], v["ordered"], v["delivered"]
        facts = self.env._(
            "Ordered %(ordered)s %(uom)s, delivered %(delivered)s on %(pickings)s, "
            "%(returned)s returned; the customer received %(claimed)s: ",
            ordered=_fmt(ordered),
            delivered=_fmt(delivered),
            claimed=_fmt(claimed),
            returned=_fmt(v["returned"]),
            pickings=v["pickings"],
            uom=v["uom"],
        )
        if code == "qty_over_confirmed":
            verdict = self.env._(
                "over-delivery of %(excess)s confirmed.",
                excess=_fmt(claimed - ordered),
            )
        elif code == "qty_over_partial":
            verdict = self.env._(
                "over-delivery of %(excess)s confirmed by our documents, the "
                "remaining %(rest)s to check.",
                excess=_fmt(delivered - ordered),
                rest=_fmt(claimed - delivered),
            )
        elif code == "qty_over_unproven":
            verdict = self.env._("our documents show no over-delivery: to check.")
        elif code == "qty_shortage_confirmed":
            verdict = self.env._(
                "shortage of %(short)s confirmed.", short=_fmt(ordered - delivered)
            )
            if v.get("backorders"):
                verdict += self.env._(
                    " Still open for delivery: %(backorders)s.",
                    backorders=v["backorders"],
                )
        elif code == "qty_no_shortage":
            verdict = self.env._(
                "the quantity delivered matches the order, no shortage."
            )
        elif code == "qty_shortage_partial":
            verdict = self.env._(
                "shortage of %(short)s confirmed by our documents; the other "
                "%(rest)s claimed were delivered according to our documents: "
                "transit loss or miscount to check.",
                short=_fmt(ordered - delivered),
                rest=_fmt(delivered - claimed),
            )
        elif code == "qty_received_less":
            verdict = self.env._(
                "our documents say %(delivered)s delivered: transit loss or "
                "miscount of %(missing)s to check.",
                delivered=_fmt(delivered),
                missing=_fmt(delivered - claimed),
            )
        else:
            verdict = self.env._(
                "the customer reports %(more)s more than our documents show "
                "delivered: to check.",
                more=_fmt(claimed - delivered),
            )
        return facts + verdict

    def _render_specification_verdict(self, code, v):
        if code == "spec_not_delivered":
            return self.env._(
                "Nothing of %(product)s has been delivered yet on order "
                "%(order)s: to check.",
                product=v["product"],
                order=v["order"],
            )
        if code == "spec_mismatch":
            return self.env._(
                "Ordered %(ordered)s, delivered %(delivered)s on %(pickings)s: "
                "specification mismatch confirmed.",
                ordered=v["product"],
                delivered=v["delivered_products"],
                pickings=v["pickings"],
            )
        note = self.env._(
            "Our documents show %(product)s delivered as ordered on %(pickings)s",
            product=v["product"],
            pickings=v["pickings"],
        )
        if v.get("lots"):
            note += self.env._(" (lots %(lots)s)", lots=v["lots"])
        return note + self.env._(
            ": possible picking error, to check against the goods."
        )

    def _render_delivery_date_verdict(self, code, v):
        if code == "date_no_promise":
            return self.env._(
                "Order %(order)s has no promised date: to check.", order=v["order"]
            )
        if code == "date_late":
            return self.env._(
                "Promised on %(promised)s, delivered on %(done)s "
                "(%(pickings)s): %(delay)s days late, confirmed.",
                promised=v["promised"],
                done=v["done"],
                pickings=v["pickings"],
                delay=v["delay"],
            )
        if code == "date_on_time":
            return self.env._(
                "Promised on %(promised)s, delivered on %(done)s "
                "(%(pickings)s): on time.",
                promised=v["promised"],
                done=v["done"],
                pickings=v["pickings"],
            )
        if code == "date_late_open":
            return self.env._(
                "Promised on %(promised)s, still not fully delivered on "
                "%(today)s: %(delay)s days late and counting, confirmed.",
                promised=v["promised"],
                today=v["today"],
                delay=v["delay"],
            )
        return self.env._(
            "Promised on %(promised)s, not due yet (order %(order)s): not late.",
            promised=v["promised"],
            order=v["order"],
        )

    def _render_other_verdict(self, code, v):
        if code == "no_order_line":
            return self.env._("No order line to check against: to be investigated.")
        if code == "defect_no_data":
            return self.env._(
                "No order data decides this type of complaint: to be investigated."
            )
        if code == "defect_within_delivered":
            return self.env._(
                "%(claimed)s of %(delivered)s %(uom)s delivered on %(pickings)s "
                "are claimed: within the delivered quantity, to be investigated.",
                claimed=_fmt(v["claimed"]),
                delivered=_fmt(v["delivered"]),
                uom=v["uom"],
                pickings=v["pickings"],
            )
        verdicts = dict(
            self._fields["verification_state"]._description_selection(self.env)
        )
        return self.env._(
            "Evidence recorded: ordered %(ordered)s %(uom)s, delivered "
            "%(delivered)s, %(returned)s returned; verdict: %(verdict)s.",
            ordered=_fmt(v["ordered"]),
            delivered=_fmt(v["delivered"]),
            returned=_fmt(v["returned"]),
            uom=v["uom"],
            verdict=verdicts.get(v.get("verdict"), ""),
        )
