from odoo import Command
from odoo.exceptions import UserError

from odoo.addons.complaint_management.tests.test_process import ProcessCommon

from .common import create_valve_kit


class KitProcessCommon(ProcessCommon):
    """A kit of two components (2 bodies and 1 seal each) sold 10 times; the
    components of 8 complete kits left on the first delivery (17 bodies: the
    17th makes no kit), the rest waits on a backorder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_valve_kit(cls)
        cls.kit_order = cls._create_order([(cls.kit, 10)])
        cls.kit_line = cls.kit_order.order_line
        cls.kit_delivery = cls.kit_order.picking_ids
        cls._deliver(cls.kit_delivery, {cls.body: 17, cls.seal: 8})
        cls.kit_backorder = cls.kit_order.picking_ids - cls.kit_delivery
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def _kit_case(self, complaint_type="quality", qty=3, order=None, product=None):
        return self._create_case(
            order or self.kit_order, complaint_type, [(product or self.kit, qty)]
        )

    def _kit_return_accepted(self, kits, case=None):
        """A case on the kit whose return of ``kits`` kits the customer
        accepted: in Execution, the remedy not executed yet."""
        case = self._accepted(case or self._kit_case(qty=kits))
        self._to_reply(
            case,
            [
                {
                    "remedy_type": "return",
                    "case_line_id": case.line_ids.id,
                    "quantity": kits,
                }
            ],
        )
        case.action_customer_accepts()
        return case

    def _validate(self, pickings):
        for picking in pickings:
            for move in picking.move_ids:
                move.write({"quantity": move.product_uom_qty, "picked": True})
            picking.button_validate()

    def _delivered_move(self, picking, product):
        return picking.move_ids.filtered(lambda m: m.product_id == product)


class TestKitReturn(KitProcessCommon):
    def test_return_of_kits_returns_their_components(self):
        case = self._kit_return_accepted(3)
        line, remedy = case.line_ids, case.remedy_ids
        case.action_execute_remedies()
        returned = remedy.picking_ids
        self.assertRecordValues(
            returned,
            [
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "origin": case.name,
                    "return_id": self.kit_delivery.id,
                    "location_id": self.customers.id,
                }
            ],
        )
        self.assertRecordValues(
            returned.move_ids.sorted(lambda m: m.product_id.name),
            [
                {
                    "product_id": self.body.id,
                    "product_uom_qty": 6,
                    "product_uom": self.body.uom_id.id,
                    "origin_returned_move_id": self._delivered_move(
                        self.kit_delivery, self.body
                    ).id,
                    "sale_line_id": self.kit_line.id,
                    "to_refund": True,
                },
                {
                    "product_id": self.seal.id,
                    "product_uom_qty": 3,
                    "product_uom": self.seal.uom_id.id,
                    "origin_returned_move_id": self._delivered_move(
                        self.kit_delivery, self.seal
                    ).id,
                    "sale_line_id": self.kit_line.id,
                    "to_refund": True,
                },
            ],
        )
        self.assertIn("Return executed:", case.message_ids[0].body)
        self.assertIn(returned.name, case.message_ids[0].body)
        self.assertEqual(remedy.state, "in_progress")
        # Nothing changes until the goods are back.
        self.assertEqual(self.kit_line.qty_delivered, 8)
        self.assertRecordValues(line, [{"delivered_qty": 8, "returned_qty": 0}])

        self._validate(returned)
        self.assertEqual(remedy.state, "done")
        self.assertTrue(case.remedies_done)
        # 11 bodies and 5 seals stay with the customer: 5 kits, as the order says.
        self.assertEqual(self.kit_line.qty_delivered, 5)
        self.assertRecordValues(line, [{"delivered_qty": 5, "returned_qty": 3}])
        self.assertEqual(line._get_evidence()["shipped_qty"], 8)
        case.action_start_followup()
        self.assertEqual(case.stage_step, "followup")

    def test_return_takes_the_latest_delivery_first(self):
        # The backorder leaves: 3 bodies and 2 seals more, 10 kits delivered.
        self._deliver(self.kit_backorder, {self.body: 3, self.seal: 2})
        self.assertEqual(self.kit_line.qty_delivered, 10)
        case = self._kit_return_accepted(3)
        remedy = case.remedy_ids
        case.action_execute_remedies()
        # 6 bodies and 3 seals: all of the backorder's (3 and 2), the rest
        # (3 bodies and 1 seal) from the first delivery.
        self.assertEqual(len(remedy.picking_ids), 2)
        from_backorder = remedy.picking_ids.filtered(
            lambda p: p.return_id == self.kit_backorder
        )
        from_delivery = remedy.picking_ids.filtered(
            lambda p: p.return_id == self.kit_delivery
        )
        for returned, delivery, quantities in (
            (from_backorder, self.kit_backorder, {self.body: 3, self.seal: 2}),
            (from_delivery, self.kit_delivery, {self.body: 3, self.seal: 1}),
        ):
            self.assertRecordValues(
                returned.move_ids.sorted(lambda m: m.product_id.name),
                [
                    {
                        "product_id": product.id,
                        "product_uom_qty": qty,
                        "origin_returned_move_id": self._delivered_move(
                            delivery, product
                        ).id,
                    }
                    for product, qty in quantities.items()
                ],
            )
        self.assertEqual(
            self.env["stock.picking"].search([("origin", "=", case.name)]),
            remedy.picking_ids,
        )
        self._validate(remedy.picking_ids)
        self.assertEqual(remedy.state, "done")
        self.assertEqual(self.kit_line.qty_delivered, 7)
        self.assertRecordValues(
            case.line_ids, [{"delivered_qty": 7, "returned_qty": 3}]
        )

    def test_return_refused_when_fewer_complete_kits_can_come_back(self):
        case = self._kit_return_accepted(5)
        remedy = case.remedy_ids
        # Meanwhile 4 of the 8 seals came back by hand: 4 kits are left.
        self._return(self.kit_delivery, {self.seal: 4})
        self.assertEqual(self.kit_line.qty_delivered, 4)
        with self.assertRaisesMessage(
            UserError,
            "Only 4 of the 5 Units of kit Valve Repair Kit VK-20 to return can "
            "still be returned complete (Valve Seal VS-20: 4 of 5 Units).",
        ):
            case.action_execute_remedies()
        self.assertFalse(remedy.picking_ids)
        self.assertEqual(remedy.state, "draft")
        self.assertFalse(
            self.env["stock.picking"].search_count([("origin", "=", case.name)])
        )

    def test_return_being_made_counts_as_returned(self):
        """A return not validated yet already takes its components."""
        case = self._kit_return_accepted(8)
        wizard = self.env["stock.return.picking"].create(
            {"picking_id": self.kit_delivery.id}
        )
        for line in wizard.product_return_moves:
            line.quantity = 3 if line.product_id == self.body else 0
        wizard._create_return()
        # 14 bodies can still come back: 7 kits.
        with self.assertRaisesMessage(
            UserError,
            "Only 7 of the 8 Units of kit Valve Repair Kit VK-20 to return can "
            "still be returned complete (Valve Body VB-20: 14 of 16 Units).",
        ):
            case.action_execute_remedies()

    def test_return_of_the_complained_delivery_only(self):
        """A line naming a move of a delivery returns from that delivery."""
        self._deliver(self.kit_backorder, {self.body: 3, self.seal: 2})
        seal_move = self._delivered_move(self.kit_delivery, self.seal)
        case = self._create_case(
            self.kit_order,
            "quality",
            [(self.kit, 3, {"move_id": seal_move.id})],
        )
        case = self._kit_return_accepted(3, case)
        case.action_execute_remedies()
        returned = case.remedy_ids.picking_ids
        self.assertEqual(returned.return_id, self.kit_delivery)
        self.assertEqual(
            sorted(returned.move_ids.mapped("product_uom_qty")), [3.0, 6.0]
        )

    def test_return_of_a_kit_of_kits(self):
        """A set of 2 kits returns the components of the kits it holds."""
        kit_set = self._create_product("Valve Service Set VS-2", is_storable=False)
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": kit_set.product_tmpl_id.id,
                "type": "phantom",
                "bom_line_ids": [
                    Command.create({"product_id": self.kit.id, "product_qty": 2})
                ],
            }
        )
        order = self._create_order([(kit_set, 3)])
        # 2 sets = 4 kits = 8 bodies and 4 seals; the 9th body makes nothing.
        self._deliver(order.picking_ids, {self.body: 9, self.seal: 4})
        self.assertEqual(order.order_line.qty_delivered, 2)
        case = self._kit_return_accepted(
            1, self._kit_case(qty=1, order=order, product=kit_set)
        )
        case.action_execute_remedies()
        returned = case.remedy_ids.picking_ids
        self.assertRecordValues(
            returned.move_ids.sorted(lambda m: m.product_id.name),
            [
                {"product_id": self.body.id, "product_uom_qty": 4},
                {"product_id": self.seal.id, "product_uom_qty": 2},
            ],
        )
        self._validate(returned)
        self.assertEqual(order.order_line.qty_delivered, 1)
        self.assertRecordValues(
            case.line_ids, [{"delivered_qty": 1, "returned_qty": 1}]
        )

    def test_return_in_the_units_of_the_bill_of_materials(self):
        """A BoM for 2 kits with a component counted in dozens: 6 bolts and 1
        gasket per kit; the return is in the bolts' own unit."""
        bolt = self._create_product("Flange Bolt M16")
        gasket = self._create_product("Flange Gasket DN50")
        self._put_in_stock(bolt, 100)
        self._put_in_stock(gasket, 100)
        kit = self._create_product("Flange Fitting Kit FK-50", is_storable=False)
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": kit.product_tmpl_id.id,
                "product_qty": 2,
                "type": "phantom",
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": bolt.id,
                            "product_qty": 1,
                            "product_uom_id": self.env.ref("uom.product_uom_dozen").id,
                        }
                    ),
                    Command.create({"product_id": gasket.id, "product_qty": 2}),
                ],
            }
        )
        order = self._create_order([(kit, 4)])
        # 2 dozen bolts (moved in their own unit: 24) and 4 gaskets: 4 kits.
        self._deliver(order.picking_ids, {bolt: 24, gasket: 4})
        self.assertEqual(order.order_line.qty_delivered, 4)
        case = self._kit_return_accepted(
            3, self._kit_case(qty=3, order=order, product=kit)
        )
        case.action_execute_remedies()
        returned = case.remedy_ids.picking_ids
        self.assertRecordValues(
            returned.move_ids.sorted(lambda m: m.product_id.name),
            [
                {
                    "product_id": bolt.id,
                    "product_uom_qty": 18,
                    "product_uom": bolt.uom_id.id,
                },
                {
                    "product_id": gasket.id,
                    "product_uom_qty": 3,
                    "product_uom": gasket.uom_id.id,
                },
            ],
        )
        self._validate(returned)
        # 6 bolts and 1 gasket stay: 1 kit.
        self.assertEqual(order.order_line.qty_delivered, 1)
        self.assertRecordValues(
            case.line_ids, [{"delivered_qty": 1, "returned_qty": 3}]
        )

    def test_return_of_an_ordinary_product_unchanged(self):
        """Next to a kit, an ordinary product returns as before."""
        case = self._accepted(self._new_case())
        self._to_reply(
            case,
            [
                {
                    "remedy_type": "return",
                    "case_line_id": case.line_ids.id,
                    "quantity": 4,
                }
            ],
        )
        case.action_customer_accepts()
        case.action_execute_remedies()
        self.assertRecordValues(
            case.remedy_ids.picking_ids.move_ids,
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 4,
                    "origin_returned_move_id": self._delivered_move(
                        self.delivery, self.product
                    ).id,
                }
            ],
        )


class TestKitSpecification(KitProcessCommon):
    def test_components_delivered_as_ordered(self):
        line = self._kit_case("specification", 8).line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "verification_state": "to_check",
                    "verification_code": "spec_as_ordered",
                }
            ],
        )
        self.assertEqual(
            line.verification_note,
            "Our documents show Valve Repair Kit VK-20 delivered as ordered on "
            f"{self.kit_delivery.name}: possible picking error, to check against "
            "the goods.",
        )

    def test_other_product_shipped_confirms_the_mismatch(self):
        wrong_seal = self._create_product("Valve Seal VS-25")
        self._put_in_stock(wrong_seal, 10)
        order = self._create_order([(self.kit, 2)])
        picking = order.picking_ids
        seal_move = self._delivered_move(picking, self.seal)
        picking.do_unreserve()
        seal_move.product_id = wrong_seal
        picking.action_assign()
        self._deliver(picking, {self.body: 4, wrong_seal: 2})
        line = self._kit_case("specification", 2, order=order).line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "verification_state": "confirmed",
                    "verification_code": "spec_mismatch",
                    "verification_args": {
                        "product_id": self.kit.id,
                        "delivered_product_ids": wrong_seal.ids,
                        "picking_ids": picking.ids,
                    },
                }
            ],
        )
        self.assertEqual(
            line.verification_note,
            f"Ordered Valve Repair Kit VK-20, delivered Valve Seal VS-25 on "
            f"{picking.name}: specification mismatch confirmed.",
        )

    def test_kit_not_delivered_yet(self):
        order = self._create_order([(self.kit, 2)])
        line = self._kit_case("specification", 2, order=order).line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "verification_state": "to_check",
                    "verification_code": "spec_not_delivered",
                }
            ],
        )
        self.assertEqual(
            line.verification_note,
            f"Nothing of Valve Repair Kit VK-20 has been delivered yet on order "
            f"{order.name}: to check.",
        )
