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
