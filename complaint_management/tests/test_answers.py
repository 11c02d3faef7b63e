from odoo.exceptions import AccessError, UserError

from .test_process import ProcessCommon


class TestAnswerLibrary(ProcessCommon):
    """常见问题解答库: suggested by type and product category, inserted into
    the reply in one click, usage counted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.flanges = Category.create({"name": "Flanges"})
        cls.valves = Category.create({"name": "Valves"})
        cls.steel_flanges = Category.create(
            {"name": "Steel Flanges", "parent_id": cls.flanges.id}
        )
        (cls.product | cls.product_b).categ_id = cls.steel_flanges
        cls.type_quality = cls.env.ref("complaint_management.complaint_type_quality")
        cls.type_tolerance = cls.env.ref(
            "complaint_management.complaint_type_tolerance"
        )
        cls.type_service = cls.env.ref("complaint_management.complaint_type_service")
        Answer = cls.env["complaint.answer"].with_user(cls.officer)
        cls.flatness = Answer.create(
            {
                "question": "Why is the flange face not flat?",
                "answer": "<p>Flange faces are machined to 0.1 mm.</p>",
                "complaint_type_ids": [
                    (6, 0, (cls.type_quality | cls.type_tolerance).ids)
                ],
                "product_categ_ids": [(6, 0, cls.flanges.ids)],
            }
        )
        cls.general = Answer.create(
            {
                "question": "How long does a complaint take?",
                "answer": "<p>We answer within 5 working days.</p>",
            }
        )
        cls.driver = Answer.create(
            {
                "question": "The driver was rude",
                "answer": "<p>We apologise.</p>",
                "complaint_type_ids": [(6, 0, cls.type_service.ids)],
            }
        )
        cls.valve = Answer.create(
            {
                "question": "Why does the valve leak?",
                "answer": "<p>Seals are tested at 1.5 times the rated pressure.</p>",
                "complaint_type_ids": [(6, 0, cls.type_quality.ids)],
                "product_categ_ids": [(6, 0, cls.valves.ids)],
            }
        )
        cls.old = Answer.create(
            {"question": "Old answer", "answer": "<p>Old.</p>", "active": False}
        )

    def test_suggested_by_type_and_category(self):
        case = self._new_case()
        self.assertEqual(case.suggested_answer_ids, self.flatness | self.general)
        service = self.env["complaint.case"].create(
            {"partner_id": self.customer.id, "complaint_type": "service"}
        )
        self.assertEqual(service.suggested_answer_ids, self.driver | self.general)
        # An answer of several types is suggested on each of them.
        tolerance = self._new_case("tolerance")
        self.assertEqual(tolerance.suggested_answer_ids, self.flatness | self.general)

    def test_one_type_record_per_code(self):
        Type = self.env["complaint.type"]
        codes = [code for code, _label in Type._fields["code"].selection]
        self.assertEqual(sorted(Type.search([]).mapped("code")), sorted(codes))
        case_codes = [
            code
            for code, _label in self.env["complaint.case"]
            ._fields["complaint_type"]
            .selection
        ]
        self.assertEqual(codes, case_codes)

    def test_inserted_into_the_reply_and_counted(self):
        case = self._accepted(self._new_case())
        case.write({"reply_text": "<p>Dear customer,</p>"})
        self.flatness.with_user(self.quality_user).with_context(
            complaint_case_id=case.id
        ).action_insert_into_reply()
        self.assertIn("Dear customer", case.reply_text)
        self.assertIn("Flange faces are machined to 0.1 mm.", case.reply_text)
        self.assertEqual(self.flatness.use_count, 1)
        # Most used first.
        self.assertEqual(case.suggested_answer_ids[0], self.flatness)

    def test_the_case_rules_decide(self):
        registered = self._new_case()
        with self.assertRaises(UserError) as refused:
            self.general.with_user(self.quality_user).with_context(
                complaint_case_id=registered.id
            ).action_insert_into_reply()
        self.assertIn(registered.name, str(refused.exception))
        self.assertEqual(self.general.use_count, 0)
        with self.assertRaisesMessage(
            UserError, "Open the answer from a complaint to insert it."
        ):
            self.general.with_user(self.quality_user).action_insert_into_reply()

    def test_kept_by_officers(self):
        with self.assertRaises(AccessError):
            self.env["complaint.answer"].with_user(self.quality_user).create(
                {"question": "Q", "answer": "<p>A</p>"}
            )
        with self.assertRaises(AccessError):
            self.general.with_user(self.quality_user).write({"question": "Changed"})
        self.assertEqual(
            self.env["complaint.answer"].with_user(self.quality_user).search_count([]),
            4,
        )
