from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ComplaintCommon


class TestRefusals(ComplaintCommon):
    """Bad input: a clear error naming the problem and the numbers, nothing saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order([(cls.product, 10)])
        cls.delivery = cls.order.picking_ids
        cls._deliver(cls.delivery, {cls.product: 10})

    def _count_cases(self):
        return (
            self.env["complaint.case"].with_context(active_test=False).search_count([])
        )

    def test_claimed_quantity_must_be_positive(self):
        before = self._count_cases()
        for qty in (0, -3):
            with self.assertRaisesMessage(
                ValidationError,
                "The claimed quantity of Steel Flange DN50 must be greater than "
                f"zero ({qty}).",
            ):
                self._create_case(self.order, "quantity", [(self.product, qty)])
        with self.assertRaisesMessage(
            ValidationError,
            "The claimed quantity of Steel Flange DN50 cannot be negative (-1).",
        ):
            self._create_case(self.order, "delivery_date", [(self.product, -1)])
        self.assertEqual(self._count_cases(), before)

    def test_order_of_another_customer(self):
        with self.assertRaisesMessage(
            ValidationError,
            f"Sale order {self.order.name} belongs to customer 上海华远机械有限公司, "
            "not to Northwind Trading Ltd.",
        ):
            self._create_case(
                self.order,
                "quantity",
                [(self.product, 5)],
                partner_id=self.other_customer.id,
            )
        # A contact of the customer complains: same commercial entity, accepted.
        case = self._create_case(
            self.order,
            "quantity",
            [(self.product, 10)],
            partner_id=self.customer_contact.id,
        )
        self.assertEqual(case.commercial_partner_id, self.customer)

    def test_quotation_is_not_a_contract(self):
        quotation = self._create_order([(self.product, 5)], confirm=False)
        with self.assertRaisesMessage(
            ValidationError,
            f"Sale order {quotation.name} is not confirmed (status: Quotation): a "
            "quotation is not a contract, a complaint needs a confirmed order.",
        ):
            self._create_case(quotation, "quantity", [(self.product, 5)])
        with self.assertRaisesMessage(
            UserError,
            f"Sale order {quotation.name} is not confirmed: a quotation is not a "
            "contract, confirm it before registering a complaint.",
        ):
            quotation.action_new_complaint()

    def test_picking_not_a_delivery_of_the_order(self):
        other_order = self._create_order([(self.product, 2)])
        other_delivery = other_order.picking_ids
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock_location.id,
            }
        )
        for picking in (other_delivery, receipt):
            with self.assertRaisesMessage(
                ValidationError,
                f"Transfer {picking.name} is not an outgoing delivery of sale order "
                f"{self.order.name}.",
            ):
                self._create_case(
                    self.order,
                    "quantity",
                    [(self.product, 5)],
                    picking_ids=[Command.set(picking.ids)],
                )
        case = self._create_case(
            self.order,
            "quantity",
            [(self.product, 10)],
            picking_ids=[Command.set(self.delivery.ids)],
        )
        self.assertEqual(self.delivery.complaint_count, 1)
        self.assertEqual(case.picking_ids, self.delivery)

    def test_product_not_on_the_order(self):
        with self.assertRaisesMessage(
            ValidationError,
            f"Product Steel Flange DN80 is not on sale order {self.order.name}.",
        ):
            self._create_case(self.order, "quantity", [(self.product_b, 5)])

    def test_move_of_another_order_line(self):
        other_order = self._create_order([(self.product, 2)])
        self._deliver(other_order.picking_ids, {self.product: 2})
        move = other_order.picking_ids.move_ids
        with self.assertRaisesMessage(
            ValidationError,
            f"Stock move {move.reference} is not a done delivery of order line "
            f"{self.order.order_line.display_name}.",
        ):
            self._create_case(
                self.order, "quantity", [(self.product, 5, {"move_id": move.id})]
            )

    def test_case_in_another_company_than_its_order(self):
        other_company = self.env["res.company"].create({"name": "华远 Shenzhen Branch"})
        # The number in the message is given at creation: match it by pattern.
        with self.assertRaises(ValidationError) as caught:
            self._create_case(
                self.order, "quantity", [(self.product, 5)], company_id=other_company.id
            )
        message = str(caught.exception)
        self.assertRegex(
            message,
            rf"^Complaint KS\d{{6}}-\d{{4}} is in company 华远 Shenzhen Branch but its "
            rf"sale order {self.order.name} is in company {self.company.name}\.$",
        )

    def test_registered_case_cannot_be_deleted(self):
        case = self._create_case(
            self.order,
            "quantity",
            [(self.product, 10)],
            department_id=self.dept_sales.id,
            user_id=self.officer.id,
        )
        for user in (self.sales_user, self.officer, self.env.user):
            with self.assertRaisesMessage(
                UserError,
                f"Registered complaints cannot be deleted ({case.name}): move them to "
                "the stage 'Not Accepted' instead; managers may archive them.",
            ):
                case.with_user(user).unlink()
        self.assertTrue(case.exists())

    def test_only_managers_archive(self):
        case = self._create_case(
            self.order, "quantity", [(self.product, 10)], user_id=self.officer.id
        )
        with self.assertRaisesMessage(
            AccessError, "Only Complaint Managers can archive or restore complaints."
        ):
            case.with_user(self.officer).action_archive()
        self.assertTrue(case.active)
        case.action_archive()  # the administrator is a Complaint Manager
        self.assertFalse(case.active)
        self.assertEqual(
            self.env["complaint.case"].search([("id", "=", case.id)]),
            self.env["complaint.case"],
        )
