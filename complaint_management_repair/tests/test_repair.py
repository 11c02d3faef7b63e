from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from odoo.addons.complaint_management.tests.test_process import ProcessCommon


class TestRepairRemedy(ProcessCommon):
    """A repair remedy goes through the real process and is carried out by a
    repair order that the repair team runs with Odoo's own buttons."""

    def _executed(self, remedies, case=None):
        case = case or self._accepted(self._new_case())
        self._to_reply(case, remedies)
        case.action_customer_accepts()
        case.action_execute_remedies()
        return case

    def _repair_vals(self, case, **vals):
        return {
            "remedy_type": "repair",
            "case_line_id": case.line_ids[:1].id,
            "quantity": 3,
            **vals,
        }

    def test_remedy_follows_its_repair_order(self):
        case = self._accepted(self._new_case())
        self._executed(
            [self._repair_vals(case, description="Re-machine the flange faces.")],
            case,
        )
        remedy = case.remedy_ids
        repair = remedy.repair_id
        self.assertRecordValues(
            repair,
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product.id,
                    "product_qty": 3,
                    "product_uom": self.product.uom_id.id,
                    "lot_id": False,
                    "under_warranty": True,
                    "company_id": self.company.id,
                    "picking_type_id": self.warehouse.repair_type_id.id,
                    "picking_id": False,
                    "sale_order_id": False,
                    "state": "draft",
                }
            ],
        )
        self.assertIn(
            f"Repair or Rework for complaint {case.name}: Re-machine the flange "
            "faces.",
            repair.internal_notes,
        )
        self.assertIn("Repair or Rework executed:", case.message_ids[0].body)
        self.assertIn(repair.name, case.message_ids[0].body)
        self.assertEqual(remedy.state, "in_progress")
        with self.assertRaisesMessage(
            UserError,
            f"Complaint {case.name} cannot move to Follow-up yet:\n"
            "- finish the remedies: Repair or Rework",
        ):
            case.action_start_followup()

        repair.action_validate()
        self.assertEqual(repair.state, "confirmed")
        self.assertEqual(remedy.state, "in_progress")
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
        self.assertEqual(remedy.state, "in_progress")
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(remedy.state, "done")
        self.assertTrue(case.remedies_done)
        case.action_start_followup()
        self.assertEqual(case.stage_step, "followup")

    def test_cancelled_repair_cancels_the_remedy(self):
        case = self._accepted(self._new_case())
        self._executed([self._repair_vals(case)], case)
        remedy = case.remedy_ids
        remedy.repair_id.action_validate()
        remedy.repair_id.action_repair_cancel()
        self.assertEqual(remedy.state, "cancel")
        self.assertFalse(case.remedies_done)
        remedy.repair_id.action_repair_cancel_draft()
        self.assertEqual(remedy.state, "in_progress")

    def test_repair_executed_once(self):
        case = self._accepted(self._new_case())
        self._executed([self._repair_vals(case)], case)
        remedy = case.remedy_ids
        with self.assertRaisesMessage(
            UserError,
            f"The Repair or Rework of {case.name} has already been executed "
            f"({remedy.repair_id.name}).",
        ):
            remedy.action_execute()
        case.action_execute_remedies()
        self.assertEqual(
            self.env["repair.order"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_lot_and_returned_goods(self):
        order = self._create_order([(self.product_lot, 5)])
        self._deliver(
            order.picking_ids,
            {self.product_lot: 5},
            lots={self.product_lot: self.lot_1},
        )
        case = self._accepted(
            self._create_case(
                order, "quality", [(self.product_lot, 2, {"lot_id": self.lot_1.id})]
            )
        )
        line = case.line_ids
        self._executed(
            [
                {"remedy_type": "return", "case_line_id": line.id, "quantity": 2},
                {"remedy_type": "repair", "case_line_id": line.id, "quantity": 2},
            ],
            case,
        )
        return_remedy, repair_remedy = case.remedy_ids
        returned = return_remedy.picking_ids
        repair = repair_remedy.repair_id
        self.assertRecordValues(
            repair,
            [
                {
                    "product_id": self.product_lot.id,
                    "lot_id": self.lot_1.id,
                    "product_qty": 2,
                    "picking_id": returned.id,
                    "is_returned": False,
                }
            ],
        )
        self._deliver(
            returned, {self.product_lot: 2}, lots={self.product_lot: self.lot_1}
        )
        self.assertTrue(repair.is_returned)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(case.remedy_ids.mapped("state"), ["done", "done"])

    def test_handler_proposes_a_repair_in_the_case_form(self):
        case = self._accepted(self._new_case())
        form = Form(case.with_user(self.quality_user))
        # The line is asked for a repair as for a return: required, visible.
        with (
            self.assertRaisesMessage(
                AssertionError, "'case_line_id' is a required field"
            ),
            form.remedy_ids.new() as remedy,
        ):
            remedy.remedy_type = "repair"
        with form.remedy_ids.new() as remedy:
            remedy.remedy_type = "repair"
            remedy.case_line_id = case.line_ids
            remedy.quantity = 2
        form.save()
        self.assertRecordValues(
            case.remedy_ids,
            [
                {
                    "remedy_type": "repair",
                    "case_line_id": case.line_ids.id,
                    "quantity": 2,
                    "repair_id": False,
                    "state": "draft",
                }
            ],
        )

    def test_repair_needs_a_line_and_a_delivered_quantity(self):
        case = self._accepted(self._new_case())
        with self.assertRaisesMessage(
            ValidationError,
            "A Repair or Rework needs the complaint line of the product concerned.",
        ):
            case.remedy_ids = [Command.create({"remedy_type": "repair", "quantity": 1})]
        with self.assertRaisesMessage(
            ValidationError,
            "The quantity of the Repair or Rework of Steel Flange DN50 must be "
            "greater than zero (0).",
        ):
            case.remedy_ids = [Command.create(self._repair_vals(case, quantity=0))]
        with self.assertRaisesMessage(
            ValidationError,
            "Cannot plan a Repair or Rework of 12 Steel Flange DN50: only 10 were "
            "delivered to the customer.",
        ):
            case.remedy_ids = [Command.create(self._repair_vals(case, quantity=12))]
        self.assertFalse(case.remedy_ids)

    def test_line_of_a_planned_repair_stays(self):
        case = self._accepted(
            self._new_case(lines=[(self.product, 4), (self.product_b, 2)])
        )
        line_b = case.line_ids[1]
        case.remedy_ids = [
            Command.create(self._repair_vals(case, case_line_id=line_b.id))
        ]
        with self.assertRaisesMessage(
            UserError,
            f"{line_b.display_name} carry remedies (Repair or Rework): withdraw the "
            "remedies first.",
        ):
            line_b.unlink()
        self.assertTrue(line_b.exists())

    def test_repair_order_is_set_by_the_process_only(self):
        case = self._accepted(self._new_case())
        handler = self.quality_user
        other_repair = self.env["repair.order"].create(
            {"product_id": self.product.id, "partner_id": self.customer.id}
        )
        message = (
            "Repair Order of Complaint Remedy are set by the complaint process, not "
            "by hand."
        )
        with self.assertRaisesMessage(UserError, message):
            case.with_user(handler).remedy_ids = [
                Command.create(self._repair_vals(case, repair_id=other_repair.id))
            ]
        case.with_user(handler).remedy_ids = [Command.create(self._repair_vals(case))]
        remedy = case.remedy_ids
        with self.assertRaisesMessage(UserError, message):
            remedy.with_user(handler).repair_id = other_repair
        # Done by hand is for remedies without a document.
        self._to_reply(case, [])
        case.action_customer_accepts()
        case.action_execute_remedies()
        with self.assertRaisesMessage(
            UserError,
            "Done of Complaint Remedy are set by the complaint process, not by hand.",
        ):
            remedy.with_user(handler).manual_done = True
        self.assertRecordValues(
            remedy, [{"manual_done": False, "state": "in_progress"}]
        )
