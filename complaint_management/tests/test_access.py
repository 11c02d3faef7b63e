from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

from .common import ComplaintCommon


class TestAccess(ComplaintCommon):
    """Record rules by department, officers, multi-company, sales users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order([(cls.product, 10), (cls.product_b, 5)])
        cls._deliver(cls.order.picking_ids, {cls.product: 10, cls.product_b: 5})
        cls.case_sales = cls._create_case(
            cls.order,
            "quantity",
            [(cls.product, 10)],
            department_id=cls.dept_sales.id,
            user_id=cls.sales_manager_user.id,
        )
        cls.case_quality = cls._create_case(
            cls.order,
            "quality",
            [(cls.product_b, 2)],
            department_id=cls.dept_quality.id,
            user_id=cls.officer.id,
        )
        cls.Case = cls.env["complaint.case"]

    def _visible(self, user):
        return self.Case.with_user(user).search([("sale_order_id", "=", self.order.id)])

    def test_user_sees_own_department_only(self):
        self.assertEqual(self._visible(self.sales_user), self.case_sales)
        self.assertEqual(self._visible(self.quality_user), self.case_quality)
        with self.assertRaises(AccessError):
            self.case_quality.with_user(self.sales_user).read(["name"])
        with self.assertRaises(AccessError):
            self.case_quality.with_user(self.sales_user).write({"priority": "1"})
        with self.assertRaises(AccessError):
            self.case_quality.line_ids.with_user(self.sales_user).read(["claimed_qty"])
        # Own department: read and write.
        self.case_sales.with_user(self.sales_user).write({"priority": "2"})
        self.assertEqual(self.case_sales.priority, "2")

    def test_handler_and_follower_see_the_case(self):
        self.case_quality.user_id = self.sales_user
        self.assertEqual(
            self._visible(self.sales_user), self.case_sales | self.case_quality
        )
        self.case_sales.message_subscribe(partner_ids=self.quality_user.partner_id.ids)
        self.assertEqual(
            self._visible(self.quality_user), self.case_sales | self.case_quality
        )

    def test_department_change_moves_visibility(self):
        self.sales_user.employee_ids.department_id = self.dept_quality
        self.assertEqual(self._visible(self.sales_user), self.case_quality)

    def test_officer_sees_all_cases_of_the_company(self):
        self.assertEqual(
            self._visible(self.officer), self.case_sales | self.case_quality
        )
        self.case_sales.with_user(self.officer).stage_id = self.stage_accept
        self.assertEqual(self.case_sales.stage_id, self.stage_accept)

    def test_user_registers_case_from_order(self):
        action = self.order.with_user(self.sales_user).action_new_complaint()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.sales_user)
            .with_context(**action["context"])
        )
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.sale_order_id, self.order)
        self.assertEqual(len(form.line_ids), 2)
        form.complaint_type = "quantity"
        with form.line_ids.edit(0) as line:
            line.claimed_qty = 10
        form.line_ids.remove(1)
        case = form.save()
        self.assertRecordValues(
            case,
            [
                {
                    "department_id": self.dept_sales.id,
                    "user_id": self.sales_user.id,
                    "stage_id": self.stage_register.id,
                    "verification_state": "unfounded",
                }
            ],
        )
        self.assertRegex(case.name, r"^KS\d{6}-\d{4}$")
        self.assertEqual(self.order.complaint_count, 3)

    def test_salesperson_without_complaint_group(self):
        salesman = new_test_user(
            self.env, "plain_salesman", groups="sales_team.group_sale_salesman"
        )
        self.order.user_id = salesman
        order = self.order.with_user(salesman)
        self.assertEqual(order.complaint_count, 2)
        self.assertEqual(self.customer.with_user(salesman).complaint_count, 2)
        message = (
            "You are not allowed to open complaints: ask your manager for access to "
            "the Complaints app."
        )
        with self.assertRaisesMessage(AccessError, message):
            order.action_view_complaints()
        with self.assertRaisesMessage(AccessError, message):
            order.action_new_complaint()
        with self.assertRaises(AccessError):
            self.Case.with_user(salesman).search([])

    def test_multi_company_isolation(self):
        company_2 = self.env["res.company"].create({"name": "华远 Shenzhen Branch"})
        self.env.user.company_ids |= company_2
        stock_2 = self.env["stock.warehouse"].search(
            [("company_id", "=", company_2.id)]
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product, stock_2.lot_stock_id, 100
        )
        order_2 = self._create_order([(self.product, 4)], company=company_2)
        self._deliver(order_2.picking_ids, {self.product: 4})
        case_2 = (
            self.env["complaint.case"]
            .with_company(company_2)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": order_2.id,
                    "complaint_type": "quantity",
                    "company_id": company_2.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "claimed_qty": 4}
                        )
                    ],
                }
            )
        )
        # Numbering is per company: both companies have their own sequence.
        self.assertEqual(case_2.name[-4:], "0001")
        officer_2 = self._create_employee_user(
            "officer_two_companies",
            self.dept_quality,
            "complaint_management.group_complaint_officer",
        )
        officer_2.company_ids |= company_2
        Case = self.Case.with_user(officer_2)
        only_1 = Case.with_context(allowed_company_ids=self.company.ids)
        self.assertEqual(
            only_1.search([("partner_id", "=", self.customer.id)]),
            self.case_sales | self.case_quality,
        )
        with self.assertRaises(AccessError):
            case_2.with_user(self.officer).read(["name"])
        both = Case.with_context(allowed_company_ids=[self.company.id, company_2.id])
        self.assertEqual(
            both.search([("partner_id", "=", self.customer.id)]),
            self.case_sales | self.case_quality | case_2,
        )

    def test_customer_counts_its_contacts_cases(self):
        self._create_case(
            self.order,
            "quantity",
            [(self.product, 10)],
            partner_id=self.customer_contact.id,
        )
        self.assertEqual(self.customer.complaint_count, 3)
        self.assertEqual(self.customer_contact.complaint_count, 3)
        self.assertEqual(self.other_customer.complaint_count, 0)
        action = self.customer.with_user(self.officer).action_view_complaints()
        self.assertEqual(
            self.Case.with_user(self.officer)
            .search(action["domain"])
            .commercial_partner_id,
            self.customer,
        )
