from odoo.exceptions import ValidationError

from .common import ComplaintCommon


class TestThreeStepDelivery(ComplaintCommon):
    """Pick, pack, then ship: only the ship step, which reaches the customer,
    delivers anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse.delivery_steps = "pick_pack_ship"
        cls.order = cls._create_order([(cls.product, 10)])
        cls.sale_line = cls.order.order_line
        cls.pick = cls.order.picking_ids
        cls._deliver(cls.pick, {cls.product: 10})
        cls.pack = cls.order.picking_ids - cls.pick
        cls._deliver(cls.pack, {cls.product: 10})
        cls.ship = cls.order.picking_ids - cls.pick - cls.pack

    def test_the_chain(self):
        self.assertRecordValues(
            self.pick | self.pack | self.ship,
            [
                {
                    "picking_type_id": self.warehouse.pick_type_id.id,
                    "state": "done",
                },
                {
                    "picking_type_id": self.warehouse.pack_type_id.id,
                    "state": "done",
                },
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "state": "assigned",
                },
            ],
        )
        self.assertEqual(
            self.ship.location_dest_id, self.env.ref("stock.stock_location_customers")
        )

    def test_nothing_delivered_before_the_ship_step(self):
        self.assertEqual(self.sale_line.qty_delivered, 0)
        case = self._create_case(self.order, "quantity", [(self.product, 10)])
        line = case.line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "ordered_qty": 10,
                    "delivered_qty": 0,
                    "returned_qty": 0,
                    "verification_state": "to_check",
                }
            ],
        )
        self.assertIn(
            "the customer reports 10 more than our documents show delivered",
            line.verification_note,
        )
        with self.assertRaisesMessage(
            ValidationError,
            "1 Units of Steel Flange DN50 are claimed defective, but only 0 Units "
            "were delivered to 上海华远机械有限公司.",
        ):
            self._create_case(self.order, "quality", [(self.product, 1)])

        # The ship step leaves: 10 delivered, the claim of 10 matches the order.
        self._deliver(self.ship, {self.product: 10})
        self.assertEqual(self.sale_line.qty_delivered, 10)
        self.assertRecordValues(
            line, [{"delivered_qty": 10, "verification_state": "unfounded"}]
        )
        self.assertIn(self.ship.name, line.verification_note)
        self.assertNotIn(self.pick.name, line.verification_note)
        self.assertNotIn(self.pack.name, line.verification_note)

    def test_partial_ship_is_a_shortage(self):
        self._deliver(self.ship, {self.product: 7})
        backorder = self.order.picking_ids - self.pick - self.pack - self.ship
        self.assertEqual(backorder.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(self.sale_line.qty_delivered, 7)
        case = self._create_case(self.order, "quantity", [(self.product, 7)])
        line = case.line_ids
        self.assertRecordValues(
            line, [{"delivered_qty": 7, "verification_state": "confirmed"}]
        )
        self.assertIn("shortage of 3 confirmed.", line.verification_note)
        self.assertIn(backorder.name, line.verification_note)
        quality = self._create_case(self.order, "quality", [(self.product, 7)])
        self.assertEqual(quality.line_ids.delivered_qty, 7)
