import io

import openpyxl
import PyPDF2
from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .test_process import ProcessCommon


class TestMonthlyStatement(ProcessCommon):
    """投诉统计表: mailed on day 1-5 for the month before, once per company;
    on demand for any month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Statement = cls.env["complaint.monthly.statement"]
        cls.cron = cls.env.ref("complaint_management.complaint_monthly_statement_cron")
        cls.october = cls._create_case(
            cls.order,
            "quality",
            [(cls.product, 4), (cls.product_b, 2)],
            date_received="2026-10-05 09:00:00",
        )
        cls.november = cls._create_case(
            cls.order,
            "quality",
            [(cls.product, 3)],
            date_received="2026-11-10 09:00:00",
        )
        cls.service = cls.env["complaint.case"].create(
            {
                "partner_id": cls.customer.id,
                "complaint_type": "service",
                "date_received": "2026-11-12 10:00:00",
            }
        )

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "complaint.monthly.statement")]
        )

    def _run_cron(self, when):
        with freeze_time(when):
            self.cron.method_direct_trigger()

    def test_the_cron_sends_once_per_month_and_company(self):
        self._run_cron("2026-12-02 06:00:00")
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertIn(self.manager.partner_id, mail.recipient_ids)
        self.assertEqual(
            sorted(mail.attachment_ids.mapped("name")),
            ["Complaint Statement 2026-11.pdf", "Complaint Statement 2026-11.xlsx"],
        )
        statement = self.Statement.search(
            [
                ("company_id", "=", self.env.company.id),
                ("date_month", "=", "2026-11-01"),
            ]
        )
        self.assertTrue(statement.date_sent)
        # The next days of the window: nothing more.
        self._run_cron("2026-12-03 06:00:00")
        self._run_cron("2026-12-05 06:00:00")
        self.assertEqual(self._mails(), mail)
        # The spreadsheet, opened as a user would.
        xlsx = mail.attachment_ids.filtered(lambda a: a.name.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(xlsx.raw))
        sheet = book.active
        cells = {
            row[0].value: [cell.value for cell in row[1:]]
            for row in sheet.iter_rows()
            if row[0].value
        }
        # November: 2 complaints; October: 1.
        self.assertEqual(cells["Complaints"][:2], [2, 1])
        self.assertEqual(cells["Lines"][:2], [1, 2])
        self.assertEqual(cells["Service Attitude"][0], 1)

    def test_outside_days_one_to_five_nothing_is_sent(self):
        self._run_cron("2026-12-06 06:00:00")
        self._run_cron("2026-11-28 06:00:00")
        self.assertFalse(self._mails())

    def test_the_pdf_of_any_month(self):
        statement = self.Statement.create({"date_month": "2026-10-17"})
        self.assertEqual(str(statement.date_month), "2026-10-01")
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "complaint_management.action_report_complaint_monthly", statement.ids
            )
        )
        self.assertEqual(report_type, "pdf")
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        self.assertIn("Complaint Statement 2026-10", text)
        self.assertIn("Quality Defect 1 0 6", text)
        self.assertIn(self.product_b.name, text)
        # A month that has not begun yet: refused.
        with self.assertRaisesMessage(
            ValidationError,
            "The statement of 2027-01 cannot be made before the month begins.",
        ):
            with freeze_time("2026-12-10"):
                self.Statement.create({"date_month": "2027-01-01"})
        # Made on demand before the cron: the cron sends it, once.
        self._run_cron("2026-11-02 06:00:00")
        self.assertEqual(len(self._mails()), 1)
        self.assertTrue(statement.date_sent)
