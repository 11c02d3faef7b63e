from markupsafe import Markup

from odoo import Command, models
from odoo.exceptions import UserError

from .complaint_remedy import MONETARY_REMEDIES


class ComplaintRemedy(models.Model):
    """Execution of the remedies: the real documents that carry them out
    (return through Odoo's return wizard, replacement delivery, credit note),
    created once, under the lock of the case."""

    _inherit = "complaint.remedy"

    def action_execute(self):
        """Create the documents that carry out the remedies."""
        for remedy in self:
            remedy.case_id.check_access("write")
            remedy.case_id._check_not_complained()
            remedy.case_id._lock_for_process()
            remedy.invalidate_recordset()
            remedy._check_executable()
            remedy._process_write(remedy._execute())
            documents = remedy._documents()
            remedy.case_id._message_log(
                body=Markup(self.env._("%(remedy)s executed: %(document)s"))
                % {
                    "remedy": remedy._type_label(),
                    "document": Markup(", ").join(
                        document._get_html_link() for document in documents
                    )
                    if documents
                    else self.env._("done"),
                }
            )
        return True

    def _check_executable(self):
        self.ensure_one()
        case = self.case_id
        if case.stage_step not in ("execute", "followup"):
            raise UserError(
                self.env._(
                    "Remedies of %(case)s are executed once the customer has "
                    "accepted the solution (stage now: %(stage)s).",
                    case=case.name,
                    stage=case.stage_id.name,
                )
            )
        if self._is_executed():
            raise UserError(
                self.env._(
                    "The %(remedy)s of %(case)s has already been executed "
                    "(%(document)s).",
                    remedy=self._type_label(),
                    case=case.name,
                    document=", ".join(d.display_name for d in self._documents())
                    or self.env._("done"),
                )
            )

    def _execute(self):
        """Carry out the remedy; the values recording what was done."""
        self.ensure_one()
        # Transfers are linked: a cancelled one stays in the remedy's history.
        if self.remedy_type == "return":
            return {
                "picking_ids": [
                    Command.link(p.id) for p in self._create_return_pickings()
                ]
            }
        if self.remedy_type == "exchange":
            return {
                "picking_ids": [Command.link(self._create_replacement_picking().id)]
            }
        if self.remedy_type in MONETARY_REMEDIES:
            return {"invoice_id": self._create_credit_note().id}
        # Nothing in Odoo carries it out: done when recorded.
        return {"manual_done": True}

    def _documents(self):
        self.ensure_one()
        return list(self.picking_ids) + list(self.invoice_id)

    def _moves_to_return(self):
        """The delivered moves the goods come back from, latest first."""
        moves = self._get_delivered_moves().sorted(
            lambda m: (m.date, m.id), reverse=True
        )
        if not moves:
            raise UserError(
                self.env._(
                    "Nothing of %(product)s was delivered on order %(order)s: "
                    "nothing to return.",
                    product=self.product_id.display_name,
                    order=self.case_id.sale_order_id.name,
                )
            )
        return moves

    def _get_delivered_moves(self):
        outgoing, _returns = self.case_line_id._get_delivery_moves()
        if self.case_line_id.move_id:
            outgoing = self.case_line_id.move_id
        return outgoing.filtered(lambda m: m.product_id == self.product_id)

    def _create_return_pickings(self):
        """A return of the delivered goods through Odoo's return wizard, taken
        from the complained deliveries, latest first."""
        self.ensure_one()
        product_uom = self.product_id.uom_id
        to_return = self.case_line_id.product_uom_id._compute_quantity(
            self.quantity, product_uom
        )
        moves = self._moves_to_return()
        returns, left = self._return_through_wizard(
            moves, {self.product_id: to_return}, lambda move: move.product_id
        )
        if left[self.product_id] > 0:
            raise UserError(
                self.env._(
                    "Only %(returnable)s of the %(qty)s %(product)s to return can "
                    "still be returned.",
                    returnable=to_return - left[self.product_id],
                    qty=to_return,
                    product=self.product_id.display_name,
                )
            )
        return returns

    def _returnable_qty(self, move, uom):
        """What of the done delivery ``move`` is neither returned nor being
        returned (a return not cancelled), in ``uom``."""
        return move.product_uom._compute_quantity(move.quantity, uom) - sum(
            returned.product_uom._compute_quantity(returned.quantity, uom)
            for returned in move.returned_move_ids
            if returned.state != "cancel"
        )

    def _return_through_wizard(self, moves, quantities, key):
        """Return pickings made by Odoo's return wizard (``stock.return.picking``)
        taking ``quantities`` back from the delivered ``moves``: one return per
        delivery, the deliveries in the order of ``moves``, each move giving
        back at most what is still returnable of it.

        ``quantities``: {key: quantity to return, in the unit of the product
        of the moves of that key}, ``key(move)`` telling which quantity a move
        gives back (the remedy's product here; a bridge may return several
        products at once, e.g. the components of a kit per BoM line).

        Returns the return pickings and {key: quantity that could not be
        returned}."""
        self.ensure_one()
        to_return = dict(quantities)
        returns = self.env["stock.picking"]
        for picking in moves.picking_id:
            if all(qty <= 0 for qty in to_return.values()):
                break
            wizard = self.env["stock.return.picking"].create({"picking_id": picking.id})
            taken = False
            for line in wizard.product_return_moves:
                move = line.move_id
                remaining = to_return.get(key(move), 0.0) if move in moves else 0.0
                returnable = (
                    self._returnable_qty(move, move.product_id.uom_id)
                    if remaining > 0
                    else 0.0
                )
                if remaining > 0 and returnable > 0:
                    qty = min(returnable, remaining)
                    line.quantity = qty
                    to_return[key(move)] = remaining - qty
                    taken = True
                else:
                    line.quantity = 0
            if not taken:
                continue
            new_picking = wizard._create_return()
            new_picking.origin = self.case_id.name
            returns |= new_picking
        return returns, to_return

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
        """A customer credit note for the amount (before taxes) with the taxes
        of the order lines it reduces, in the journal of the order's posted
        invoice, reversing it when there is one."""
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
        journal = invoice.journal_id or self.env["account.journal"].search(
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
                    Command.create(vals) for vals in self._credit_note_lines(label)
                ],
            }
        )

    def _credit_note_lines(self, label):
        """One line per tax combination of the order lines reduced: the
        remedy's line, else the complained lines, else the whole order; the
        amount is spread over them by their untaxed value."""
        sale_lines = (
            self.case_line_id.sale_line_id
            or self.case_id.line_ids.sale_line_id
            or self.case_id.sale_order_id.order_line.filtered(
                lambda sol: not sol.display_type
            )
        )
        if not sale_lines:
            return [
                {
                    "name": label,
                    "quantity": 1,
                    "price_unit": self.amount,
                    "tax_ids": [Command.clear()],
                }
            ]
        by_taxes = {}
        for sol in sale_lines:
            by_taxes.setdefault(sol.tax_id, []).append(sol)
        total = sum(sol.price_subtotal for sol in sale_lines)
        vals_list = []
        remaining = self.amount
        groups = list(by_taxes.items())
        for index, (taxes, sols) in enumerate(groups):
            if index == len(groups) - 1:
                amount = remaining
            else:
                share = sum(sol.price_subtotal for sol in sols)
                amount = self.currency_id.round(
                    self.amount * share / total if total else 0.0
                )
            remaining -= amount
            vals_list.append(
                {
                    "name": label,
                    "quantity": 1,
                    "price_unit": amount,
                    "tax_ids": [Command.set(taxes.ids)],
                }
            )
        return vals_list
