from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_case import MAX_AMOUNT
from .complaint_case_line import MAX_QTY, _fmt
from .complaint_input import context_defaults
from .complaint_process import in_process

MONETARY_REMEDIES = ("price_reduction", "compensation")
GOODS_REMEDIES = ("return", "exchange")


class ComplaintRemedy(models.Model):
    _name = "complaint.remedy"
    _inherit = ["complaint.case.child.mixin"]
    _description = "Complaint Remedy"
    _order = "case_id, sequence, id"
    _complaint_part = "remedies"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    remedy_type = fields.Selection(
        [
            ("price_reduction", "Price Reduction / Credit"),
            ("return", "Return"),
            ("exchange", "Exchange"),
            ("repair", "Repair or Rework"),
            ("compensation", "Compensation"),
            ("apology", "Apology Only"),
        ],
        string="Remedy",
        required=True,
        default="return",
    )
    case_line_id = fields.Many2one(
        "complaint.case.line",
        string="Complaint Line",
        domain="[('case_id', '=', case_id)]",
        help="The complained product the remedy is for.",
    )
    product_id = fields.Many2one(related="case_line_id.product_id")
    quantity = fields.Float(digits="Product Unit of Measure")
    amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        help="Value of the remedy, before taxes: the credit or compensation, or "
        "the value of the goods returned or exchanged at the order's price.",
    )
    description = fields.Char()
    picking_ids = fields.Many2many(
        "stock.picking",
        "complaint_remedy_stock_picking_rel",
        "remedy_id",
        "picking_id",
        string="Transfers",
        readonly=True,
        copy=False,
        help="Every return or replacement transfer the remedy created.",
    )
    invoice_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False
    )
    manual_done = fields.Boolean(
        string="Done",
        readonly=True,
        copy=False,
        help="Carried out without a document (an apology, a repair recorded "
        "by hand).",
    )
    state = fields.Selection(
        [
            ("draft", "To Execute"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
    )

    # The value of goods is taken at the order's price when the remedy is
    # proposed or changed: a later change of the order does not rewrite the
    # solution that was approved and sent.
    @api.depends(
        "remedy_type", "quantity", "case_line_id", "case_line_id.product_uom_id"
    )
    def _compute_amount(self):
        for remedy in self:
            if remedy.remedy_type in GOODS_REMEDIES:
                remedy.amount = remedy.quantity * remedy._unit_price()
            elif remedy.remedy_type == "apology":
                remedy.amount = 0.0

    def _unit_price(self, line=None):
        """The order's price of one unit of the complaint line (its unit may
        be another than the order line's: dozens against units)."""
        line = line if line is not None else self.case_line_id
        # sudo: the value of goods is the order's price, read for users who
        # work the complaint without access to the order's lines.
        sale_line = line.sale_line_id.sudo()
        if not sale_line or not line.product_uom_id:
            return sale_line.price_unit
        return sale_line.product_uom._compute_price(
            sale_line.price_unit, line.product_uom_id
        )

    @api.depends("manual_done", "picking_ids.state", "invoice_id.state", "remedy_type")
    def _compute_state(self):
        for remedy in self:
            states = remedy._document_states()
            if not states:
                remedy.state = "done" if remedy.manual_done else "draft"
            elif all(state == "cancel" for state in states):
                remedy.state = "cancel"
            elif all(state in ("done", "cancel") for state in states):
                remedy.state = "done"
            else:
                remedy.state = "in_progress"

    def _document_states(self):
        """The state of each document carrying out the remedy, as done /
        cancel / running."""
        self.ensure_one()
        states = ["done" if p.state == "done" else p.state for p in self.picking_ids]
        if self.invoice_id:
            states.append(
                {"posted": "done", "cancel": "cancel"}.get(
                    self.invoice_id.state, "running"
                )
            )
        return states

    def _is_executed(self):
        """Carried out, or being carried out: a document that is not
        cancelled, or done by hand. A remedy whose documents were all
        cancelled is to execute again."""
        self.ensure_one()
        return self.manual_done or any(
            state != "cancel" for state in self._document_states()
        )

    @api.constrains("case_id", "case_line_id")
    def _check_case_line(self):
        for remedy in self:
            if remedy.case_line_id and remedy.case_line_id.case_id != remedy.case_id:
                raise ValidationError(
                    self.env._(
                        "The %(remedy)s of %(case)s is for a line of another "
                        "complaint (%(other)s).",
                        remedy=remedy._type_label(),
                        case=remedy.case_id.name,
                        other=remedy.case_line_id.case_id.name,
                    )
                )

    @api.constrains("remedy_type", "quantity", "amount", "case_line_id")
    def _check_values(self):
        for remedy in self:
            if abs(remedy.quantity) > MAX_QTY or abs(remedy.amount) > MAX_AMOUNT:
                raise ValidationError(
                    self.env._(
                        "The %(remedy)s of %(case)s is not plausible: quantity "
                        "%(qty)s, amount %(amount)s.",
                        remedy=remedy._type_label(),
                        case=remedy.case_id.name,
                        qty=_fmt(remedy.quantity),
                        amount=_fmt(remedy.amount),
                    )
                )
            if remedy._concerns_goods():
                if not remedy.case_line_id:
                    raise ValidationError(
                        self.env._(
                            "A %(remedy)s needs the complaint line of the product "
                            "concerned.",
                            remedy=remedy._type_label(),
                        )
                    )
                if remedy.quantity <= 0:
                    raise ValidationError(
                        self.env._(
                            "The quantity of the %(remedy)s of %(product)s must be "
                            "greater than zero (%(qty)s).",
                            remedy=remedy._type_label(),
                            product=remedy.product_id.display_name,
                            qty=_fmt(remedy.quantity),
                        )
                    )
                delivered = remedy.case_line_id.delivered_qty
                planned = sum(
                    remedy.case_id.remedy_ids.filtered(
                        lambda r, line=remedy.case_line_id: r.case_line_id == line
                        and r.remedy_type in GOODS_REMEDIES
                    ).mapped("quantity")
                )
                if remedy.remedy_type not in GOODS_REMEDIES:
                    planned = remedy.quantity
                if remedy.quantity <= delivered < planned:
                    raise ValidationError(
                        self.env._(
                            "The returns and exchanges of %(product)s on %(case)s "
                            "add up to %(planned)s: only %(delivered)s were delivered "
                            "to the customer.",
                            product=remedy.product_id.display_name,
                            case=remedy.case_id.name,
                            planned=_fmt(planned),
                            delivered=_fmt(delivered),
                        )
                    )
                if remedy.quantity > delivered:
                    raise ValidationError(
                        self.env._(
                            "Cannot plan a %(remedy)s of %(qty)s %(product)s: only "
                            "%(delivered)s were delivered to the customer.",
                            remedy=remedy._type_label(),
                            qty=_fmt(remedy.quantity),
                            product=remedy.product_id.display_name,
                            delivered=_fmt(delivered),
                        )
                    )
            if remedy.remedy_type in MONETARY_REMEDIES and remedy.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "The amount of the %(remedy)s must be greater than zero "
                        "(%(amount)s).",
                        remedy=remedy._type_label(),
                        amount=remedy.amount,
                    )
                )
            if remedy.quantity < 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of the %(remedy)s cannot be negative (%(qty)s).",
                        remedy=remedy._type_label(),
                        qty=_fmt(remedy.quantity),
                    )
                )
            if remedy.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The value of the %(remedy)s cannot be negative (%(amount)s).",
                        remedy=remedy._type_label(),
                        amount=remedy.amount,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: the remedies change before the reply only, never once executed
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_child_create(vals_list)
        defaults = context_defaults(self)
        for vals in vals_list:
            self._check_remedy_vals({**defaults, **vals}, self.browse())
        self._lock_cases(
            self.env["complaint.case"].browse(
                {vals["case_id"] for vals in vals_list if vals.get("case_id")}
            )
        )
        remedies = super().create(vals_list)
        remedies._solution_changed(self.env._("Remedy proposed:"))
        return remedies

    def write(self, vals):
        self._check_child_write(vals)
        self._check_not_executed()
        for remedy in self:
            self._check_remedy_vals(vals, remedy)
        self._lock_cases(self.case_id)
        res = super().write(vals)
        self._solution_changed(self.env._("Remedy changed:"))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_check_case(self):
        self._check_case_change(self.case_id)
        self._check_not_executed()
        self._lock_cases(self.case_id)
        self._solution_changed(self.env._("Remedy withdrawn:"))

    def _lock_cases(self, cases):
        """A change of the remedies waits for an approval running on the same
        case (and the reverse), so that no approval outlives a change."""
        if not in_process(self.env) and cases:
            cases._lock_for_process()

    def _process_fields(self):
        return ("picking_ids", "invoice_id", "manual_done")

    def _check_remedy_vals(self, vals, remedy):
        """Goods are valued at the order's price, not typed in."""
        if in_process(self.env) or vals.get("amount") is None:
            return
        remedy_type = vals.get("remedy_type", remedy.remedy_type)
        if remedy_type not in GOODS_REMEDIES:
            return
        line = (
            self.env["complaint.case.line"].browse(vals["case_line_id"])
            if "case_line_id" in vals
            else remedy.case_line_id
        )
        quantity = vals.get("quantity", remedy.quantity) or 0.0
        price = self._unit_price(line)
        currency = line.case_id.currency_id
        if currency.compare_amounts(float(vals["amount"] or 0.0), quantity * price):
            raise UserError(
                self.env._(
                    "The value of a %(remedy)s is its quantity at the order's price "
                    "(%(qty)s × %(price)s): it is not entered by hand.",
                    remedy=dict(
                        self._fields["remedy_type"]._description_selection(self.env)
                    )[remedy_type],
                    qty=_fmt(quantity),
                    price=line.case_id._format_amount(price),
                )
            )

    def _check_not_executed(self):
        if in_process(self.env):
            return
        for remedy in self:
            if remedy._is_executed():
                raise UserError(
                    self.env._(
                        "The %(remedy)s of %(case)s has been executed: it can no "
                        "longer change or be withdrawn.",
                        remedy=remedy._type_label(),
                        case=remedy.case_id.name,
                    )
                )

    def _solution_changed(self, title):
        """A user changed remedies: a note on the case, and the approval
        given for the former remedies no longer holds."""
        if in_process(self.env) or not self:
            return
        self._log_on_case(
            title,
            {
                case.id: [r._summary() for r in self if r.case_id == case]
                for case in self.case_id
            },
        )
        self.case_id._clear_approval(self.env._("the remedies changed."))

    def _summary(self):
        self.ensure_one()
        parts = [self._type_label()]
        if self.case_line_id:
            parts.append(
                f"{_fmt(self.quantity)} {self.case_line_id.product_uom_id.name} "
                f"{self.product_id.display_name}"
            )
        if self.amount:
            parts.append(self.case_id._format_amount(self.amount))
        if self.description:
            parts.append(self.description)
        return " · ".join(parts)

    def _concerns_goods(self):
        """The remedy acts on goods the customer received: it needs their
        complaint line and a quantity, at most what was delivered."""
        return self.remedy_type in GOODS_REMEDIES

    def _type_label(self):
        return dict(self._fields["remedy_type"]._description_selection(self.env))[
            self.remedy_type
        ]
