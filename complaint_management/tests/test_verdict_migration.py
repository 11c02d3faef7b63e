import importlib.util
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tools.misc import file_path

from .common import ComplaintCommon

MIGRATION = "complaint_management/migrations/18.0.2.1.0/post-migrate.py"


def _migration():
    spec = importlib.util.spec_from_file_location(
        "complaint_management_migrate_18_0_2_1_0", file_path(MIGRATION)
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestVerdictMigration(ComplaintCommon):
    """Upgrading from 18.0.2.0.0, where a line stored its verdict as a
    sentence: open lines are verified again, frozen snapshots get the code and
    the facts, told as they were when the case was frozen."""

    def _to_old_shape(self, line, **changes):
        """The line as 18.0.2.0.0 left it: the sentence in the snapshot, no
        code nor facts. Returns the sentence."""
        note = line.with_context(lang="en_US").verification_note
        snapshot = dict(line.evidence_snapshot, verification_note=note, **changes)
        del snapshot["verification_code"], snapshot["verification_args"]
        line._process_write({"evidence_snapshot": snapshot})
        self.assertFalse(line.verification_code)
        self.assertFalse(line.verification_note)
        return note

    def _migrate(self):
        _migration().migrate(self.env.cr, "18.0.2.0.0")
        self.env.invalidate_all()

    def _cancel(self, case):
        case._run_transition("cancel", cancel_reason="Settled by phone.")

    def test_open_lines_verified_again(self):
        order = self._create_order([(self.product, 10)])
        self._deliver(order.picking_ids, {self.product: 10})
        line = self._create_case(order, "quantity", [(self.product, 7)]).line_ids
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE complaint_case_line SET verification_code = NULL, "
            "verification_args = NULL WHERE id = %s",
            [line.id],
        )
        self.env.invalidate_all()
        self.assertFalse(line.verification_note)
        self._migrate()
        self.assertEqual(line.verification_code, "qty_received_less")
        self.assertEqual(
            line.verification_note,
            f"Ordered 10 Units, delivered 10 on {order.picking_ids.name}, 0 "
            "returned; the customer received 7: our documents say 10 delivered: "
            "transit loss or miscount of 3 to check.",
        )

    def test_frozen_shortage_told_as_when_frozen(self):
        with freeze_time("2099-03-02 09:00:00"):
            order = self._create_order([(self.product, 100)])
            first = order.picking_ids
            self._deliver(first, {self.product: 80})
            backorder = order.picking_ids - first
            case = self._create_case(order, "quantity", [(self.product, 80)])
        with freeze_time("2099-03-05 09:00:00"):
            self._cancel(case)
        line = case.line_ids
        note = self._to_old_shape(line)
        # After the case was frozen the backorder leaves: today's documents
        # show no shortage and nothing open.
        with freeze_time("2099-03-09 09:00:00"):
            self._deliver(backorder, {self.product: 20})
        self._migrate()
        self.assertNotIn("verification_note", line.evidence_snapshot)
        self.assertRecordValues(
            line,
            [
                {
                    "verification_state": "confirmed",
                    "verification_code": "qty_shortage_confirmed",
                    "verification_args": {
                        "ordered": 100.0,
                        "delivered": 80.0,
                        "returned": 0.0,
                        "claimed": 80.0,
                        "uom_id": self.product.uom_id.id,
                        "picking_ids": first.ids,
                        "backorder_ids": backorder.ids,
                    },
                }
            ],
        )
        self.assertEqual(
            note,
            f"Ordered 100 Units, delivered 80 on {first.name}, 0 returned; the "
            f"customer received 80: shortage of 20 confirmed. Still open for "
            f"delivery: {backorder.name}.",
        )
        self.assertEqual(line.verification_note, note)

    def test_frozen_in_the_second_of_a_delivery(self):
        """Dates are to the second: a backorder delivered in the second the
        case was cancelled is told by the quantities the snapshot kept."""
        with freeze_time("2099-03-02 09:00:00"):
            order = self._create_order([(self.product, 100)])
            first = order.picking_ids
            self._deliver(first, {self.product: 80})
            backorder = order.picking_ids - first
            case = self._create_case(order, "quantity", [(self.product, 80)])
            self._cancel(case)
            note = self._to_old_shape(case.line_ids)
            self._deliver(backorder, {self.product: 20})
        self.assertEqual(case.date_stage, backorder.date_done)
        self._migrate()
        self.assertEqual(case.line_ids.verification_note, note)
        self.assertIn(f"Still open for delivery: {backorder.name}.", note)

    def test_frozen_delays_counted_until_frozen(self):
        promised = datetime(2099, 11, 20, 10, 0)
        with freeze_time("2099-11-25 09:00:00"):
            waiting = self._create_order([(self.product, 10)], commitment_date=promised)
            late = self._create_order([(self.product, 10)], commitment_date=promised)
            self._deliver(late.picking_ids, {self.product: 10})
            late.picking_ids.date_done = promised + timedelta(days=3)
            cases = self._create_case(
                waiting, "delivery_date", [(self.product, 10)]
            ) | self._create_case(late, "delivery_date", [(self.product, 10)])
            for case in cases:
                self._cancel(case)
        notes = [self._to_old_shape(line) for line in cases.line_ids]
        self.assertEqual(
            notes,
            [
                "Promised on 2099-11-20, still not fully delivered on 2099-11-25: "
                "5 days late and counting, confirmed.",
                f"Promised on 2099-11-20, delivered on 2099-11-23 "
                f"({late.picking_ids.name}): 3 days late, confirmed.",
            ],
        )
        # Migrated today, long before the promised day: still the days late
        # when the cases were frozen.
        self._migrate()
        self.assertEqual(
            cases.line_ids.mapped("verification_code"), ["date_late_open", "date_late"]
        )
        self.assertEqual(cases.line_ids.mapped("verification_note"), notes)

    def test_contradicting_snapshot_keeps_numbers_and_verdict(self):
        order = self._create_order([(self.product, 10)])
        self._deliver(order.picking_ids, {self.product: 10})
        case = self._create_case(order, "specification", [(self.product, 10)])
        self._cancel(case)
        line = case.line_ids
        # Frozen as a mismatch, while the documents show the product ordered.
        self._to_old_shape(line, verification_state="confirmed")
        self._migrate()
        self.assertRecordValues(
            line,
            [{"verification_state": "confirmed", "verification_code": "recorded"}],
        )
        self.assertEqual(
            line.verification_note,
            "Evidence recorded: ordered 10 Units, delivered 10, 0 returned; "
            "verdict: Confirmed.",
        )

    def test_new_snapshot_left_alone(self):
        order = self._create_order([(self.product, 10)])
        self._deliver(order.picking_ids, {self.product: 10})
        case = self._create_case(order, "quality", [(self.product, 4)])
        self._cancel(case)
        line = case.line_ids
        snapshot = line.evidence_snapshot
        self._migrate()
        self.assertEqual(line.evidence_snapshot, snapshot)
        self.assertEqual(line.verification_code, "defect_within_delivered")
