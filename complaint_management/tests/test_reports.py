import io

import PyPDF2

from odoo import Command

from .test_process import ProcessCommon

RECORD_CARD = "complaint_management.action_report_complaint_record_card"
INVESTIGATION = "complaint_management.action_report_complaint_investigation"
REPLY = "complaint_management.action_report_complaint_reply"


class TestReports(ProcessCommon):
    """The three PDF documents of a case (客户投诉记录卡, 投诉调查报告, 答复函)
    are rendered by wkhtmltopdf and carry the case's data."""

    def _reply_case(self):
        """A case at the reply stage: opinions on the card, a full
        investigation report, a return and a price reduction."""
        self.customer.write(
            {
                "street": "88 Jiangchang Road",
                "city": "Shanghai",
                "zip": "200436",
                "country_id": self.env.ref("base.cn").id,
                "phone": "+86 21 5555 0188",
            }
        )
        case = self._accepted(
            self._new_case(
                description="<p>4 flanges leak at the sealing face.</p>",
                customer_request="return",
                picking_ids=[Command.set(self.delivery.ids)],
                sales_opinion="Customer is a key account: settle quickly.",
                quality_opinion="Sealing faces out of flatness tolerance.",
                handling_opinion="Take the flanges back and grant a credit.",
            )
        )
        self._to_reply(
            case,
            [
                {
                    "remedy_type": "return",
                    "case_line_id": case.line_ids.id,
                    "quantity": 4,
                },
                {
                    "remedy_type": "price_reduction",
                    "amount": 30.0,
                    "description": "Credit for the downtime",
                },
            ],
        )
        self.assertEqual(case.stage_step, "reply")
        return case

    def _pdf_text(self, report_ref, case):
        """Render ``report_ref`` for ``case`` as a real PDF and return its
        text, whitespace normalised (wkhtmltopdf wraps long values)."""
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, case.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:100])
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        text = "\n".join(page.extract_text() for page in reader.pages)
        return " ".join(text.split())

    def _assertContainsAll(self, text, values):
        for value in values:
            with self.subTest(value=value):
                self.assertIn(" ".join(value.split()), text)

    def test_record_card(self):
        case = self._reply_case()
        text = self._pdf_text(RECORD_CARD, case)
        self._assertContainsAll(
            text,
            [
                case.name,
                self.customer.name,
                self.order.name,
                self.product.name,
                case.sales_opinion,
                case.quality_opinion,
                case.handling_opinion,
                self.dept_quality.name,
                "88 Jiangchang Road",
                "+86 21 5555 0188",
                self.delivery.name,
                "4 flanges leak at the sealing face.",
                "Complaint Record Card",
            ],
        )

    def test_investigation_report(self):
        case = self._reply_case()
        text = self._pdf_text(INVESTIGATION, case)
        self._assertContainsAll(
            text,
            [
                case.name,
                self.customer.name,
                self.order.name,
                self.cause.name,
                case.cause_detail,
                case.course_of_events,
                self.dept_sales.name,
                case.countermeasures,
                case.preventive_measures,
                case.action_ids.name,
                "Investigation Report",
            ],
        )

    def test_reply_letter(self):
        case = self._reply_case()
        text = self._pdf_text(REPLY, case)
        self._assertContainsAll(
            text,
            [
                case.name,
                self.customer.name,
                self.order.name,
                "We confirm the defect and will take the 4 flanges back and credit "
                "you.",
                "Price Reduction / Credit",
                "Credit for the downtime",
                self.product.name,
                case.preventive_measures,
            ],
        )

    def test_record_card_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        # The terms are written in SQL: drop what the ORM cached.
        self.env.invalidate_all()
        self.customer.lang = "zh_CN"
        case = self._reply_case()
        text = self._pdf_text(RECORD_CARD, case)
        self._assertContainsAll(
            text,
            [
                case.name,
                self.customer.name,
                self.order.name,
                case.handling_opinion,
                # Field values come in the customer's language (zh_CN.po).
                "质量缺陷",
                "电话",
            ],
        )
