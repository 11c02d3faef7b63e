from odoo import Command

from .common import ComplaintCommon


class TestVerificationQueries(ComplaintCommon):
    """Verifying a case reads the order data in batches: its cost in queries
    does not grow with the number of lines."""

    def _case_with_lines(self, count):
        products = [self._create_product(f"Bolt M{count}-{i}") for i in range(count)]
        for product in products:
            self._put_in_stock(product, 100)
        order = self._create_order([(product, 10) for product in products])
        self._deliver(order.picking_ids, {product: 8 for product in products})
        return self._create_case(
            order, "quantity", [(product, 8) for product in products]
        )

    def _verification_queries(self, case):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        case.action_reverify()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_query_count_independent_of_line_count(self):
        small = self._case_with_lines(2)
        large = self._case_with_lines(20)
        self.assertEqual(
            large.line_ids.mapped("verification_state"), ["confirmed"] * 20
        )
        small_queries = self._verification_queries(small)
        large_queries = self._verification_queries(large)
        self.assertEqual(small_queries, large_queries)
        self.env.invalidate_all()
        with self.assertQueryCount(small_queries):
            large.action_reverify()
            self.env.flush_all()


class TestQueryBudgets(ComplaintCommon):
    """What registering a case, moving it and opening the board cost in
    queries: a budget that does not grow with the lines of a case nor with
    the cases in the database (bench/ measures the time)."""

    # Registering a case as a Complaints user, tracking on: the number, the
    # case, its lines and their verdict against the order, the follower,
    # the creation note, the time limits, the handler's activity, the stage
    # history and the acknowledgement's place in the queue.
    CREATE_BUDGET = 39
    ACCEPT_BUDGET = 72
    KANBAN_BUDGET = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = [cls._create_product(f"Bolt M{i}") for i in range(5)]
        for product in cls.products:
            cls._put_in_stock(product, 100)
        cls.order = cls._create_order([(product, 10) for product in cls.products])
        cls._deliver(cls.order.picking_ids, {p: 10 for p in cls.products})
        cls.customer.email = "purchasing@huayuan.example.com"
        cls.Case = cls.env["complaint.case"].with_user(cls.sales_user)

    def _vals(self, count):
        return {
            "partner_id": self.customer.id,
            "sale_order_id": self.order.id,
            "department_id": self.dept_sales.id,
            "complaint_type": "quantity",
            "line_ids": [
                Command.create({"product_id": product.id, "claimed_qty": 2})
                for product in self.products[:count]
            ],
        }

    def _create_queries(self, count):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        case = self.Case.create(self._vals(count))
        self.env.flush_all()
        return self.cr.sql_log_count - before, case

    def test_create(self):
        for count in (1, 3, 5):
            self._create_queries(count)  # caches of the first registrations
        one, _case = self._create_queries(1)
        three, _case = self._create_queries(3)
        five, case = self._create_queries(5)
        # Each line was checked against the deliveries.
        self.assertEqual(case.line_ids.mapped("delivered_qty"), [10.0] * 5)
        self.assertEqual(one, three)
        self.assertEqual(three, five)
        self.env.invalidate_all()
        with self.assertQueryCount(self.CREATE_BUDGET):
            self.Case.create(self._vals(3))
            self.env.flush_all()

    def test_accept(self):
        first, *cases = self.Case.create([self._vals(1), self._vals(1), self._vals(5)])
        first.with_user(self.officer).action_accept()  # caches
        cases = self.env["complaint.case"].union(*cases)
        counts = []
        for case in cases:
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            case.with_user(self.officer).action_accept()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(cases.mapped("stage_step"), ["accept", "accept"])
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], self.ACCEPT_BUDGET)

    def _kanban(self):
        """The board's first load as the web client asks it."""
        Case = self.env["complaint.case"].with_user(self.sales_user)
        order = "priority desc, date_received desc, id desc"
        spec = {
            "name": {},
            "priority": {},
            "partner_id": {"fields": {"display_name": {}}},
            "complaint_type": {},
            "sale_order_id": {"fields": {"display_name": {}}},
            "verification_state": {},
            "is_overdue": {},
            "escalation_level": {},
            "activity_state": {},
            "activity_ids": {},
            "user_id": {"fields": {"display_name": {}}},
            "color": {},
        }
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        groups = Case.web_read_group([], ["stage_id"], ["stage_id"], lazy=True)
        Case.read_progress_bar(
            [],
            "stage_id",
            {"field": "escalation_level", "colors": {"0": "success"}},
        )
        for group in groups["groups"]:
            if not group.get("__fold"):
                Case.web_search_read(
                    [("stage_id", "=", group["stage_id"][0])],
                    spec,
                    order=order,
                    limit=40,
                )
        return self.cr.sql_log_count - before

    def test_kanban_is_flat(self):
        self.Case.create([self._vals(2) for _ in range(5)])
        self._kanban()  # caches
        few = self._kanban()
        self.Case.create([self._vals(2) for _ in range(30)])
        many = self._kanban()
        self.assertEqual(few, many)
        self.assertLessEqual(many, self.KANBAN_BUDGET)
