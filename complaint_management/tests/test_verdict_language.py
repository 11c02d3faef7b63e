import io
from datetime import datetime

import PyPDF2
from freezegun import freeze_time

from odoo import Command

from .test_process import ProcessCommon

INVESTIGATION = "complaint_management.action_report_complaint_investigation"


def _squash(text):
    """``text`` without whitespace: wkhtmltopdf wraps long lines, Chinese
    ones anywhere."""
    return "".join(text.split())


class TestVerdictLanguage(ProcessCommon):
    """The verdict of a line is stored as facts; its sentence comes in the
    language of whoever reads it, with product and unit names in that
    language too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # The names of the units of measure are translated by the uom module.
        cls.env["ir.module.module"]._load_module_terms(
            ["uom", "complaint_management"], ["zh_CN"], overwrite=True
        )
        # The terms are written in SQL: drop what the ORM cached.
        cls.env.invalidate_all()
        cls.product.with_context(lang="zh_CN").name = "钢制法兰 DN50"
        cls.product_b.with_context(lang="zh_CN").name = "钢制法兰 DN80"

    def _shortage_case(self):
        """100 ordered, 80 delivered, 20 in a backorder; the customer says 80
        arrived."""
        order = self._create_order([(self.product, 100)])
        delivery = order.picking_ids
        self._deliver(delivery, {self.product: 80})
        backorder = order.picking_ids - delivery
        case = self._create_case(order, "quantity", [(self.product, 80)])
        return case, delivery, backorder

    def _notes(self, line):
        return (
            line.with_context(lang="en_US").verification_note,
            line.with_context(lang="zh_CN").verification_note,
        )

    def test_same_line_read_in_english_and_chinese(self):
        case, delivery, backorder = self._shortage_case()
        line = case.line_ids
        self.assertEqual(line.verification_code, "qty_shortage_confirmed")
        self.assertEqual(
            line.verification_args,
            {
                "ordered": 100.0,
                "delivered": 80.0,
                "returned": 0.0,
                "claimed": 80.0,
                "uom_id": self.product.uom_id.id,
                "picking_ids": delivery.ids,
                "backorder_ids": backorder.ids,
            },
        )
        self.assertEqual(
            self._notes(line),
            (
                f"Ordered 100 Units, delivered 80 on {delivery.name}, 0 returned; "
                f"the customer received 80: shortage of 20 confirmed. Still open "
                f"for delivery: {backorder.name}.",
                f"订购 100 单位，已通过 {delivery.name} 交货 80，退货 0；客户称收到 "
                f"80：短缺 20 属实。尚待交货：{backorder.name}。",
            ),
        )
        # A Chinese quality engineer, who may not open deliveries, reads the
        # sentence in Chinese with the names of the deliveries.
        reader = self._create_employee_user(
            "quality_zh", self.dept_quality, "complaint_management.group_complaint_user"
        )
        reader.lang = "zh_CN"
        case.department_id = self.dept_quality
        self.assertFalse(self.env["stock.picking"].with_user(reader).has_access("read"))
        self.assertEqual(
            line.with_user(reader).with_context(lang=reader.lang).verification_note,
            self._notes(line)[1],
        )
        # The case is open: the sentence follows the documents.
        self._deliver(backorder, {self.product: 20})
        self.assertEqual(line.verification_code, "qty_received_less")
        self.assertEqual(
            self._notes(line),
            (
                f"Ordered 100 Units, delivered 100 on {delivery.name}, "
                f"{backorder.name}, 0 returned; the customer received 80: our "
                "documents say 100 delivered: transit loss or miscount of 20 to "
                "check.",
                f"订购 100 单位，已通过 {delivery.name}, {backorder.name} 交货 100，"
                "退货 0；客户称收到 80：我方单据显示已交货 100：20 的运输途中丢失或"
                "点数差错待核实。",
            ),
        )

    def test_product_names_in_reader_language(self):
        order = self._create_order([(self.product, 10)])
        delivery = order.picking_ids
        # Picking error: the warehouse ships DN80 on the DN50 order line.
        delivery.move_ids.product_id = self.product_b
        self._deliver(delivery, {self.product_b: 10})
        line = self._create_case(order, "specification", [(self.product, 10)]).line_ids
        self.assertEqual(
            self._notes(line),
            (
                f"Ordered Steel Flange DN50, delivered Steel Flange DN80 on "
                f"{delivery.name}: specification mismatch confirmed.",
                f"订购的是 钢制法兰 DN50，{delivery.name} 交付的却是 钢制法兰 DN80："
                "规格不符属实。",
            ),
        )

    def test_verified_again_case_and_sentence_follow(self):
        promised = datetime(2026, 11, 20, 10, 0)
        with freeze_time("2026-11-18 09:00:00"):
            order = self._create_order([(self.product, 10)], commitment_date=promised)
            case = self._create_case(order, "delivery_date", [(self.product, 10)])
            line = case.line_ids
            self.assertEqual(case.verification_state, "unfounded")
            self.assertEqual(
                self._notes(line)[1],
                f"承诺交期 2026-11-20，尚未到期（订单 {order.name}）：未延误。",
            )
        with freeze_time("2026-11-25 09:00:00"):
            case.action_reverify()
            self.assertEqual(case.verification_state, "confirmed")
            self.assertEqual(
                self._notes(line),
                (
                    "Promised on 2026-11-20, still not fully delivered on "
                    "2026-11-25: 5 days late and counting, confirmed.",
                    "承诺交期 2026-11-20，截至 2026-11-25 仍未交齐："
                    "已延误 5 天且仍在延误，属实。",
                ),
            )

    def test_closed_case_keeps_its_verdict_in_any_language(self):
        case, delivery, backorder = self._shortage_case()
        self._accepted(case)
        self._to_reply(case, [{"remedy_type": "apology"}])
        case.action_customer_accepts()
        case.action_execute_remedies()
        case.action_start_followup()
        case.action_ids.action_done()  # the report's actions
        case.followup_ids = [
            Command.create({"method": "phone", "satisfaction": "4"}),
            Command.create({"method": "visit", "satisfaction": "5"}),
        ]
        case.action_close()
        self.assertEqual(case.stage_step, "closed")
        line = case.line_ids
        before = self._notes(line)
        # The snapshot keeps the facts, not a sentence in one language.
        self.assertEqual(
            line.evidence_snapshot["verification_code"], "qty_shortage_confirmed"
        )
        self.assertNotIn("verification_note", line.evidence_snapshot)

        # After closing, the backorder leaves and 30 come back.
        self._deliver(backorder, {self.product: 20})
        self._return(delivery, {self.product: 30})
        self.assertEqual(case.sale_order_id.order_line.qty_delivered, 70)
        self.env.invalidate_all()
        self.assertRecordValues(
            line,
            [
                {
                    "delivered_qty": 80,
                    "returned_qty": 0,
                    "verification_state": "confirmed",
                    "verification_code": "qty_shortage_confirmed",
                }
            ],
        )
        self.assertEqual(self._notes(line), before)
        self.assertEqual(
            before[1],
            f"订购 100 单位，已通过 {delivery.name} 交货 80，退货 0；客户称收到 "
            f"80：短缺 20 属实。尚待交货：{backorder.name}。",
        )

    def test_investigation_report_in_customer_language(self):
        case, delivery, backorder = self._shortage_case()
        english, chinese = self._notes(case.line_ids)
        for lang, note, other in (
            ("en_US", english, chinese),
            ("zh_CN", chinese, english),
        ):
            with self.subTest(lang=lang):
                self.customer.lang = lang
                text = self._pdf_text(case)
                self.assertIn(_squash(note), text)
                self.assertNotIn(_squash(other), text)
        # Both name the deliveries and the numbers.
        self.assertIn(delivery.name, chinese)
        self.assertIn(backorder.name, chinese)

    def _pdf_text(self, case):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(INVESTIGATION, case.ids)
        )
        self.assertEqual(report_type, "pdf")
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        return _squash("".join(page.extract_text() for page in reader.pages))
