from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

MONETARY_REMEDIES = ("price_reduction", "compensation")
GOODS_REMEDIES = ("return", "exchange")


class ComplaintRemedy(models.Model):
    _name = "complaint.remedy"
    _description = "Complaint Remedy"
    _order = "case_id, sequence, id"

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
        help="Value of the remedy: the credit or compensation, or the value of "
        "the goods returned or exchanged at the order's price.",
    )
    description = fields.Char()
    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", readonly=True, copy=False
    )
    invoice_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False
    )
    manual_done = fields.Boolean(string="Done", copy=False)
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

    @api.depends("remedy_type", "quantity", "case_line_id.sale_line_id.price_unit")
    def _compute_amount(self):
        for remedy in self:
            if remedy.remedy_type in GOODS_REMEDIES:
                remedy.amount = (
                    remedy.quantity * remedy.case_line_id.sale_line_id.price_unit
                )
            elif remedy.remedy_type == "apology":
                remedy.amount = 0.0

    @api.depends("manual_done", "picking_id.state", "invoice_id.state", "remedy_type")
    def _compute_state(self):
        for remedy in self:
            document = remedy.picking_id or remedy.invoice_id
            if document:
                done_state = "done" if remedy.picking_id else "posted"
                if document.state == done_state:
                    remedy.state = "done"
                elif document.state == "cancel":
                    remedy.state = "cancel"
                else:
                    remedy.state = "in_progress"
            else:
                remedy.state = "done" if remedy.manual_done else "draft"

    @api.constrains("remedy_type", "quantity", "amount", "case_line_id")
    def _check_values(self):
        for remedy in self:
            if remedy.remedy_type in GOODS_REMEDIES:
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
                            qty=remedy.quantity,
                        )
                    )
                delivered = remedy.case_line_id.delivered_qty
                if remedy.quantity > delivered:
                    raise ValidationError(
                        self.env._(
                            "Cannot plan a %(remedy)s of %(qty)s %(product)s: only "
                            "%(delivered)s were delivered to the customer.",
                            remedy=remedy._type_label(),
                            qty=remedy.quantity,
                            product=remedy.product_id.display_name,
                            delivered=delivered,
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

    def _type_label(self):
        return dict(self._fields["remedy_type"]._description_selection(self.env))[
            self.remedy_type
        ]

    # ------------------------------------------------------------------
    # Execution: the real documents
    # ------------------------------------------------------------------
    def _check_executable(self):
        for remedy in self:
            if remedy.case_id.stage_step not in ("execute", "followup"):
                raise UserError(
                    self.env._(
                        "Remedies of %(case)s are executed once the customer has "
                        "accepted the solution (stage now: %(stage)s).",
                        case=remedy.case_id.name,
                        stage=remedy.case_id.stage_id.name,
                    )
                )
            if remedy.picking_id or remedy.invoice_id:
                raise UserError(
                    self.env._(
                        "The %(remedy)s of %(case)s has already been executed "
                        "(%(document)s).",
                        remedy=remedy._type_label(),
                        case=remedy.case_id.name,
                        document=(remedy.picking_id or remedy.invoice_id).display_name,
                    )
                )

    def action_execute(self):
        """Create the document that carries out the remedy."""
        self._check_executable()
        for remedy in self:
            if remedy.remedy_type == "return":
                remedy.picking_id = remedy._create_return_picking()
            elif remedy.remedy_type == "exchange":
                remedy.picking_id = remedy._create_replacement_picking()
            elif remedy.remedy_type in MONETARY_REMEDIES:
                remedy.invoice_id = remedy._create_credit_note()
            else:
                remedy.manual_done = True
            document = remedy.picking_id or remedy.invoice_id
            remedy.case_id.message_post(
                body=Markup(self.env._("%(remedy)s executed: %(document)s"))
                % {
                    "remedy": remedy._type_label(),
                    "document": document._get_html_link()
                    if document
                    else self.env._("done"),
                }
            )
        return True

    def _get_delivered_moves(self):
        outgoing, _returns = self.case_line_id._get_delivery_moves()
        if self.case_line_id.move_id:
            outgoing = self.case_line_id.move_id
        return outgoing.filtered(lambda m: m.product_id == self.product_id)

    def _create_return_picking(self):
        """A return of the delivered goods through Odoo's return wizard, taken
        from the complained deliveries, latest first."""
        self.ensure_one()
        product_uom = self.product_id.uom_id
        to_return = self.case_line_id.product_uom_id._compute_quantity(
            self.quantity, product_uom
        )
        total = to_return
        moves = self._get_delivered_moves().sorted("date", reverse=True)
        if not moves:
            raise UserError(
                self.env._(
                    "Nothing of %(product)s was delivered on order %(order)s: "
                    "nothing to return.",
                    product=self.product_id.display_name,
                    order=self.case_id.sale_order_id.name,
                )
            )
        returns = self.env["stock.picking"]
        for picking in moves.picking_id:
            if to_return <= 0:
                break
            wizard = self.env["stock.return.picking"].create({"picking_id": picking.id})
            remaining = to_return
            for line in wizard.product_return_moves:
                move = line.move_id
                returnable = move.product_uom._compute_quantity(
                    move.quantity, product_uom
                ) - sum(
                    returned.product_uom._compute_quantity(
                        returned.quantity, product_uom
                    )
                    for returned in move.returned_move_ids
                    if returned.state != "cancel"
                )
                if move in moves and remaining > 0 and returnable > 0:
                    qty = min(returnable, remaining)
                    line.quantity = qty
                    remaining -= qty
                else:
                    line.quantity = 0
            if remaining == to_return:
                continue
            new_picking = wizard._create_return()
            new_picking.origin = self.case_id.name
            returns |= new_picking
            to_return = remaining
        if to_return > 0:
            raise UserError(
                self.env._(
                    "Only %(returnable)s of the %(qty)s %(product)s to return can "
                    "still be returned.",
                    returnable=total - to_return,
                    qty=total,
                    product=self.product_id.display_name,
                )
            )
        return returns[:1]

    def _create_replacement_picking(self):
        """A new delivery of the same product to the customer, in the order's
        procurement group so that it shows on the order."""
        self.ensure_one()
        order = self.case_id.sale_order_id
        warehouse = order.warehouse_id
        picking_type = warehouse.out_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": order.partner_shipping_id.id,
                "origin": self.case_id.name,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "group_id": order.procurement_group_id.id,
                "company_id": order.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.env._(
                                "Replacement for %(case)s", case=self.case_id.name
                            ),
                            "product_id": self.product_id.id,
                            "product_uom_qty": self.quantity,
                            "product_uom": self.case_line_id.product_uom_id.id,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                            "group_id": order.procurement_group_id.id,
                            "partner_id": order.partner_shipping_id.id,
                            "company_id": order.company_id.id,
                        }
                    )
                ],
            }
        )
        # No sale line on the replacement move: it is not sold again, so the
        # order's delivered quantity stays what the customer paid for.
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _create_credit_note(self):
        """A customer credit note for the amount, reversing the order's posted
        invoice when there is one."""
        self.ensure_one()
        case = self.case_id
        order = case.sale_order_id
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        label = self.env._(
            "%(remedy)s for complaint %(case)s",
            remedy=self._type_label(),
            case=case.name,
        )
        if self.description:
            label = f"{label}: {self.description}"
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(case.company_id),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "Company %(company)s has no sales journal for the credit note.",
                    company=case.company_id.name,
                )
            )
        return self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": (
                    invoice.partner_id or order.partner_invoice_id or case.partner_id
                ).id,
                "currency_id": case.currency_id.id,
                "journal_id": journal.id,
                "company_id": case.company_id.id,
                "invoice_origin": case.name,
                "ref": label,
                "reversed_entry_id": invoice.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "quantity": 1,
                            "price_unit": self.amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
