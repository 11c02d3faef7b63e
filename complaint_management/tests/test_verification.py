from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .common import ComplaintCommon


class TestQuantityVerification(ComplaintCommon):
    def test_shortage_with_open_backorder_confirmed(self):
        order = self._create_order([(self.product, 100)])
        delivery = order.picking_ids
        self._deliver(delivery, {self.product: 80})
        backorder = order.picking_ids - delivery
        self.assertEqual(backorder.state, "assigned")

        case = self._create_case(order, "quantity", [(self.product, 80)])
        line = case.line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "sale_line_id": order.order_line.id,
                    "ordered_qty": 100,
                    "delivered_qty": 80,
                    "returned_qty": 0,
                    "verification_state": "confirmed",
                }
            ],
        )
        self.assertEqual(
            line.verification_note,
            f"Ordered 100 Units, delivered 80 on {delivery.name}, 0 returned; the "
            f"customer received 80: shortage of 20 confirmed. Still open for "
            f"delivery: {backorder.name}.",
        )
        self.assertEqual(case.verification_state, "confirmed")

    def test_exact_delivery_is_unfounded(self):
        order = self._create_order([(self.product, 10)])
        self._deliver(order.picking_ids, {self.product: 10})
        case = self._create_case(order, "quantity", [(self.product, 10)])
        self.assertEqual(case.line_ids.verification_state, "unfounded")
        self.assertIn("no shortage", case.line_ids.verification_note)
        self.assertEqual(case.verification_state, "unfounded")

    def test_received_less_than_delivered_is_to_check(self):
        order = self._create_order([(self.product, 10)])
        self._deliver(order.picking_ids, {self.product: 10})
        case = self._create_case(order, "quantity", [(self.product, 7)])
        self.assertEqual(case.line_ids.verification_state, "to_check")
        self.assertIn(
            "our documents say 10 delivered: transit loss or miscount of 3 to check.",
            case.line_ids.verification_note,
        )

    def test_claimed_shortage_larger_than_documents_is_partial(self):
        order = self._create_order([(self.product, 100)])
        self._deliver(order.picking_ids, {self.product: 80}, backorder=False)
        case = self._create_case(order, "quantity", [(self.product, 70)])
        self.assertEqual(case.line_ids.verification_state, "partial")
        self.assertIn(
            "shortage of 20 confirmed by our documents; the other 10 claimed",
            case.line_ids.verification_note,
        )
        self.assertEqual(case.verification_state, "partial")

    def test_over_delivery(self):
        order = self._create_order([(self.product, 10)])
        self._deliver(order.picking_ids, {self.product: 12})
        confirmed = self._create_case(order, "quantity", [(self.product, 12)])
        self.assertEqual(confirmed.line_ids.verification_state, "confirmed")
        self.assertIn(
            "over-delivery of 2 confirmed.", confirmed.line_ids.verification_note
        )
        # The customer says 15 arrived: our documents show 12 shipped.
        partial = self._create_case(order, "quantity", [(self.product, 15)])
        self.assertEqual(partial.line_ids.verification_state, "partial")
        exact_order = self._create_order([(self.product, 10)])
        self._deliver(exact_order.picking_ids, {self.product: 10})
        to_check = self._create_case(exact_order, "quantity", [(self.product, 11)])
        self.assertEqual(to_check.line_ids.verification_state, "to_check")
        self.assertIn("no over-delivery", to_check.line_ids.verification_note)

    def test_quantity_in_other_unit(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self._create_order([(self.product, 24)])
        self._deliver(order.picking_ids, {self.product: 24})
        case = self._create_case(
            order, "quantity", [(self.product, 2, {"product_uom_id": dozen.id})]
        )
        self.assertRecordValues(
            case.line_ids,
            [{"ordered_qty": 2, "delivered_qty": 2, "verification_state": "unfounded"}],
        )

    def test_evidence_follows_backorder_and_return_until_closed(self):
        order = self._create_order([(self.product, 100)])
        first = order.picking_ids
        self._deliver(first, {self.product: 80})
        case = self._create_case(order, "quantity", [(self.product, 80)])
        line = case.line_ids
        self.assertEqual(line.verification_state, "confirmed")

        # The backorder leaves: documents now say 100 delivered.
        backorder = order.picking_ids - first
        self._deliver(backorder, {self.product: 20})
        self.assertEqual(line.delivered_qty, 100)
        self.assertEqual(line.verification_state, "to_check")

        # The customer sends 20 back: net delivered 80 again, 20 returned.
        return_picking = self._return(backorder, {self.product: 20})
        self.assertEqual(return_picking.state, "done")
        self.assertRecordValues(
            line,
            [
                {
                    "delivered_qty": 80,
                    "returned_qty": 20,
                    "verification_state": "confirmed",
                }
            ],
        )

        # Cancelled (like closed or rejected): the evidence is frozen, whatever
        # happens to the deliveries.
        case._run_transition("cancel", cancel_reason="Customer withdrew it.")
        self._return(first, {self.product: 10})
        self.assertEqual(order.order_line.qty_delivered, 70)
        self.assertRecordValues(
            line,
            [
                {
                    "delivered_qty": 80,
                    "returned_qty": 20,
                    "verification_state": "confirmed",
                }
            ],
        )
        # Reopened: recomputed from today's documents.
        case.action_reopen()
        self.assertRecordValues(line, [{"delivered_qty": 70, "returned_qty": 30}])


class TestSpecificationVerification(ComplaintCommon):
    def test_wrong_variant_shipped_is_confirmed(self):
        order = self._create_order([(self.product, 10)])
        delivery = order.picking_ids
        # Picking error: the warehouse ships DN80 on the DN50 order line.
        delivery.move_ids.product_id = self.product_b
        self._deliver(delivery, {self.product_b: 10})
        case = self._create_case(order, "specification", [(self.product, 10)])
        self.assertEqual(case.line_ids.verification_state, "confirmed")
        self.assertEqual(
            case.line_ids.verification_note,
            f"Ordered {self.product.display_name}, delivered "
            f"{self.product_b.display_name} on {delivery.name}: specification "
            "mismatch confirmed.",
        )

    def test_right_product_shipped_is_to_check(self):
        order = self._create_order([(self.product_lot, 5)])
        delivery = order.picking_ids
        self._deliver(
            delivery, {self.product_lot: 5}, lots={self.product_lot: self.lot_1}
        )
        case = self._create_case(
            order, "specification", [(self.product_lot, 5, {"lot_id": self.lot_1.id})]
        )
        self.assertEqual(case.line_ids.verification_state, "to_check")
        self.assertEqual(
            case.line_ids.verification_note,
            f"Our documents show {self.product_lot.display_name} delivered as "
            f"ordered on {delivery.name} (lots LOT-2026-001): possible picking "
            "error, to check against the goods.",
        )

    def test_lot_never_delivered_to_customer_refused(self):
        order = self._create_order([(self.product_lot, 5)])
        self._deliver(
            order.picking_ids,
            {self.product_lot: 5},
            lots={self.product_lot: self.lot_1},
        )
        with self.assertRaisesMessage(
            ValidationError,
            "Lot LOT-2026-002 of Hydraulic Valve HV-20 was never delivered to "
            "上海华远机械有限公司.",
        ):
            self._create_case(
                order,
                "specification",
                [(self.product_lot, 5, {"lot_id": self.lot_2.id})],
            )
        self.assertFalse(
            self.env["complaint.case"].search([("sale_order_id", "=", order.id)])
        )


class TestDeliveryDateVerification(ComplaintCommon):
    def test_late_delivery_confirmed(self):
        promised = datetime(2026, 11, 10, 10, 0)
        order = self._create_order([(self.product, 10)], commitment_date=promised)
        delivery = order.picking_ids
        self._deliver(delivery, {self.product: 10})
        delivery.date_done = promised + timedelta(days=3)
        case = self._create_case(order, "delivery_date", [(self.product, 10)])
        self.assertRecordValues(
            case.line_ids,
            [
                {
                    "promised_date": promised,
                    "delivery_date": promised + timedelta(days=3),
                    "delay_days": 3,
                    "verification_state": "confirmed",
                }
            ],
        )
        self.assertEqual(
            case.line_ids.verification_note,
            f"Promised on 2026-11-10, delivered on 2026-11-13 ({delivery.name}): "
            "3 days late, confirmed.",
        )

    def test_on_time_delivery_unfounded(self):
        promised = datetime(2026, 11, 10, 10, 0)
        order = self._create_order([(self.product, 10)], commitment_date=promised)
        delivery = order.picking_ids
        self._deliver(delivery, {self.product: 10})
        delivery.date_done = promised - timedelta(days=1)
        case = self._create_case(order, "delivery_date", [(self.product, 10)])
        self.assertRecordValues(
            case.line_ids, [{"delay_days": 0, "verification_state": "unfounded"}]
        )
        self.assertIn("on time", case.line_ids.verification_note)

    def test_not_delivered_past_promise_confirmed_and_counting(self):
        promised = datetime(2026, 11, 20, 10, 0)
        with freeze_time("2026-11-18 09:00:00"):
            order = self._create_order([(self.product, 10)], commitment_date=promised)
            case = self._create_case(order, "delivery_date", [(self.product, 10)])
            self.assertEqual(case.line_ids.verification_state, "unfounded")
            self.assertIn("not due yet", case.line_ids.verification_note)
        with freeze_time("2026-11-25 09:00:00"):
            case.action_reverify()
            self.assertRecordValues(
                case.line_ids, [{"delay_days": 5, "verification_state": "confirmed"}]
            )
            self.assertEqual(
                case.line_ids.verification_note,
                "Promised on 2026-11-20, still not fully delivered on 2026-11-25: "
                "5 days late and counting, confirmed.",
            )

    def test_partial_delivery_late_backorder_confirmed(self):
        promised = datetime(2026, 11, 20, 10, 0)
        with freeze_time("2026-11-19 09:00:00"):
            order = self._create_order([(self.product, 10)], commitment_date=promised)
            self._deliver(order.picking_ids, {self.product: 6})
        with freeze_time("2026-11-23 09:00:00"):
            case = self._create_case(order, "delivery_date", [(self.product, 10)])
            self.assertRecordValues(
                case.line_ids, [{"delay_days": 3, "verification_state": "confirmed"}]
            )


class TestDefectVerification(ComplaintCommon):
    def test_defect_within_delivered_quantity_to_check(self):
        order = self._create_order([(self.product, 10)])
        delivery = order.picking_ids
        self._deliver(delivery, {self.product: 10})
        for complaint_type in (
            "quality",
            "tolerance",
            "transport_damage",
            "packaging_damage",
        ):
            case = self._create_case(order, complaint_type, [(self.product, 4)])
            self.assertEqual(case.line_ids.verification_state, "to_check")
            self.assertEqual(
                case.line_ids.verification_note,
                f"4 of 10 Units delivered on {delivery.name} are claimed: within the "
                "delivered quantity, to be investigated.",
            )

    def test_defect_above_delivered_refused(self):
        order = self._create_order([(self.product, 10)])
        self._deliver(order.picking_ids, {self.product: 6})
        with self.assertRaisesMessage(
            ValidationError,
            "8 Units of Steel Flange DN50 are claimed defective, but only 6 Units "
            "were delivered to 上海华远机械有限公司.",
        ):
            self._create_case(order, "quality", [(self.product, 8)])

    def test_defect_of_lot_above_lot_delivered_refused(self):
        order = self._create_order([(self.product_lot, 8)])
        delivery = order.picking_ids
        self._deliver(
            delivery, {self.product_lot: 8}, lots={self.product_lot: self.lot_1}
        )
        self._return(delivery, {self.product_lot: 3})
        with self.assertRaisesMessage(
            ValidationError,
            "6 Units of Hydraulic Valve HV-20 (lot LOT-2026-001) are claimed "
            "defective, but only 5 Units were delivered to 上海华远机械有限公司.",
        ):
            self._create_case(
                order, "quality", [(self.product_lot, 6, {"lot_id": self.lot_1.id})]
            )
        case = self._create_case(
            order, "quality", [(self.product_lot, 5, {"lot_id": self.lot_1.id})]
        )
        self.assertEqual(case.line_ids.delivered_qty, 5)
