from collections import Counter

from freezegun import freeze_time

from .test_process import ProcessCommon


class TestComplaintAnalysis(ProcessCommon):
    """投诉统计: the SQL view's figures are the ones the ORM counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Case = cls.env["complaint.case"]
        cls.existing = Case.search([])
        cls.october = cls._create_case(
            cls.order,
            "quality",
            [(cls.product, 4), (cls.product_b, 2)],
            date_received="2026-10-05 09:00:00",
            claimed_amount=300.0,
        )
        cls.service = Case.create(
            {
                "partner_id": cls.customer.id,
                "complaint_type": "service",
                "date_received": "2026-11-03 10:00:00",
                "severity": "major",
            }
        )
        cls.november = cls._create_case(
            cls.order,
            "quality",
            [(cls.product, 3)],
            date_received="2026-11-10 09:00:00",
        )
        cls.quantity = cls._create_case(
            cls.order,
            "quantity",
            [(cls.product_b, 1)],
            date_received="2026-11-12 09:00:00",
        )
        cls.cases = cls.october | cls.service | cls.november | cls.quantity

    def _report(self, domain=(), user=None):
        Report = self.env["complaint.report"]
        if user:
            Report = Report.with_user(user)
        return Report.search([("case_id", "in", self.cases.ids), *domain])

    def test_figures_equal_the_orm(self):
        self._closed(self.october)  # received in October: closed late
        # Received today and closed at once: on time.
        on_time = self._closed(self._new_case())
        self.assertTrue(on_time.closed_on_time)
        self.assertFalse(self.october.closed_on_time)
        self.cases |= on_time
        self.october.flush_recordset()
        self.november.write({"conclusion": "unfounded"})
        self.env.flush_all()
        rows = self._report()
        # One row per line, one for a case without lines.
        self.assertEqual(len(rows), 2 + 1 + 1 + 1 + 1)
        self.assertEqual(sum(rows.mapped("case_count")), 5)
        self.assertEqual(sum(rows.mapped("line_count")), 5)
        self.assertEqual(
            sum(rows.mapped("claimed_qty")),
            sum(self.cases.line_ids.mapped("claimed_qty")),
        )
        # By month and type, as the pivot asks it.
        groups = self.env["complaint.report"]._read_group(
            [("case_id", "in", self.cases.ids)],
            ["date_received:month", "complaint_type"],
            ["case_count:sum", "line_count:sum", "major_count:sum"],
        )
        got = {
            (month.strftime("%Y-%m"), ctype): (cases, lines, major)
            for month, ctype, cases, lines, major in groups
        }
        expected = Counter()
        for case in self.cases:
            key = (case.date_received.strftime("%Y-%m"), case.complaint_type)
            expected[key] += 1
        self.assertEqual({key: value[0] for key, value in got.items()}, dict(expected))
        self.assertEqual(got[("2026-10", "quality")][1], 2)
        self.assertEqual(got[("2026-11", "service")], (1, 0, 1))
        # Verdicts, times and amounts, counted once per case.
        for measure, orm in (
            (
                "confirmed_count",
                self.cases.filtered(lambda c: c.conclusion == "confirmed"),
            ),
            (
                "unfounded_count",
                self.cases.filtered(lambda c: c.conclusion == "unfounded"),
            ),
            ("closed_count", self.cases.filtered("date_closed")),
            (
                "closed_on_time_count",
                self.cases.filtered(lambda c: c.date_closed and c.closed_on_time),
            ),
            ("replied_count", self.cases.filtered("date_replied")),
            ("major_count", self.cases.filtered(lambda c: c.severity == "major")),
        ):
            with self.subTest(measure=measure):
                self.assertEqual(sum(rows.mapped(measure)), len(orm))
        self.assertEqual(sum(rows.mapped("confirmed_count")), 2)
        self.assertEqual(sum(rows.mapped("closed_count")), 2)
        self.assertEqual(sum(rows.mapped("closed_on_time_count")), 1)
        self.assertEqual(
            sum(rows.mapped("remedy_amount")),
            sum(self.cases.mapped("remedy_amount_total")),
        )
        self.assertEqual(sum(rows.mapped("claimed_amount")), 300.0)
        # Average days to close: over the closed cases only.
        [(days,)] = self.env["complaint.report"]._read_group(
            [("case_id", "in", self.cases.ids)], [], ["days_to_close:avg"]
        )
        closed = self.october | on_time
        self.assertAlmostEqual(
            days, sum(closed.mapped("close_working_days")) / 2, places=3
        )
        self.assertGreater(self.october.close_working_days, 30)
        # Product categories come from the lines' products.
        self.assertEqual(
            set(rows.filtered("line_id").mapped("product_categ_id")),
            {self.product.categ_id, self.product_b.categ_id},
        )

    def test_working_days_to_reply(self):
        self.company.resource_calendar_id.tz = "UTC"
        with freeze_time("2026-11-30 09:00:00"):  # a Monday
            case = self._new_case(date_received="2026-11-30 09:00:00")
        with freeze_time("2026-12-02 09:00:00"):  # the Wednesday after
            self._to_reply(self._accepted(case), [{"remedy_type": "apology"}])
        self.assertEqual(case.reply_working_days, 2.0)
        self.assertFalse(case.close_working_days)
        [(days,)] = self.env["complaint.report"]._read_group(
            [("case_id", "=", case.id)], [], ["days_to_reply:avg"]
        )
        self.assertEqual(days, 2.0)

    def test_users_see_the_rows_of_their_complaints(self):
        self.october.department_id = self.dept_quality
        self.quantity.department_id = self.dept_sales
        for user in (self.sales_user, self.quality_user, self.officer):
            with self.subTest(user=user.login):
                visible = (
                    self.env["complaint.case"]
                    .with_user(user)
                    .search([("id", "in", self.cases.ids)])
                )
                self.assertEqual(self._report(user=user).mapped("case_id"), visible)
        self.assertIn(self.october, self._report(user=self.quality_user).case_id)
        self.assertLess(
            len(self._report(user=self.quality_user).case_id),
            len(self._report(user=self.officer).case_id),
        )

    def test_archived_complaints_are_left_out(self):
        self.quantity.with_user(self.manager).write({"active": False})
        self.assertNotIn(self.quantity, self._report().case_id)
        self.assertEqual(sum(self._report().mapped("case_count")), 3)
