"""投诉统计表: the monthly statement of a company's complaints.

The rulebook wants Quality Management to fill the statistics table of a
month within the first five days of the next one. A statement is one record
per company and month (the marker that it was sent); its figures are read
from the complaint analysis (complaint.report) when it is printed, never
stored: the PDF (QWeb) and the spreadsheet (xlsxwriter) say the same in the
reader's language.
"""

import base64
import io
import logging
from datetime import date

import xlsxwriter
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from .complaint_process import MANAGER

_logger = logging.getLogger(__name__)

TOP = 10
# The days of a month on which the cron sends the statement of the month
# before (第十九条: within the first five days).
SEND_DAYS = range(1, 6)


class ComplaintMonthlyStatement(models.Model):
    _name = "complaint.monthly.statement"
    _description = "Monthly Complaint Statement"
    _order = "date_month desc, company_id"
    _rec_names_search = ["date_month"]

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_month = fields.Date(
        string="Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1)
        - relativedelta(months=1),
        help="Any day of the month; kept as its first day.",
    )
    date_sent = fields.Datetime(
        string="Sent On",
        readonly=True,
        help="When the statement was mailed to the Complaint Managers.",
    )

    _sql_constraints = [
        (
            "company_month_uniq",
            "unique(company_id, date_month)",
            "A company has one statement per month.",
        )
    ]

    @api.depends("date_month", "company_id")
    def _compute_display_name(self):
        for statement in self:
            statement.display_name = self.env._(
                "Complaint Statement %(month)s",
                month=statement.date_month.strftime("%Y-%m")
                if statement.date_month
                else "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_month"):
                vals["date_month"] = fields.Date.to_date(vals["date_month"]).replace(
                    day=1
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date_month"):
            vals["date_month"] = fields.Date.to_date(vals["date_month"]).replace(day=1)
        return super().write(vals)

    @api.constrains("date_month")
    def _check_month(self):
        today = fields.Date.context_today(self)
        for statement in self:
            if statement.date_month > today:
                raise ValidationError(
                    self.env._(
                        "The statement of %(month)s cannot be made before the "
                        "month begins.",
                        month=statement.date_month.strftime("%Y-%m"),
                    )
                )

    # ------------------------------------------------------------------
    # Figures (read when printed)
    # ------------------------------------------------------------------
    def _domain(self, month=None):
        start = month or self.date_month
        return [
            ("company_id", "=", self.company_id.id),
            ("date_received", ">=", fields.Datetime.to_datetime(start)),
            (
                "date_received",
                "<",
                fields.Datetime.to_datetime(start + relativedelta(months=1)),
            ),
        ]

    def _totals(self, month=None):
        Report = self.env["complaint.report"].sudo()
        measures = (
            "case_count",
            "line_count",
            "confirmed_count",
            "partial_count",
            "unfounded_count",
            "major_count",
            "regulator_count",
            "repeat_count",
            "replied_count",
            "replied_on_time_count",
            "closed_count",
            "closed_on_time_count",
            "claimed_amount",
            "remedy_amount",
        )
        [values] = Report._read_group(
            self._domain(month), [], [f"{m}:sum" for m in measures]
        )
        totals = {m: value or 0 for m, value in zip(measures, values, strict=True)}
        totals["reply_rate"] = (
            100.0 * totals["replied_on_time_count"] / totals["replied_count"]
            if totals["replied_count"]
            else None
        )
        totals["close_rate"] = (
            100.0 * totals["closed_on_time_count"] / totals["closed_count"]
            if totals["closed_count"]
            else None
        )
        return totals

    def _by(self, groupby, limit=None, domain=()):
        """[(label, complaints, confirmed or partly, claimed quantity)]"""
        Report = self.env["complaint.report"].sudo()
        groups = Report._read_group(
            self._domain() + list(domain),
            [groupby],
            [
                "case_count:sum",
                "confirmed_count:sum",
                "partial_count:sum",
                "claimed_qty:sum",
            ],
            order="case_count:sum desc",
            limit=limit,
        )
        field = Report._fields[groupby]
        rows = []
        for key, cases, confirmed, partial, qty in groups:
            if not cases and not qty:
                continue
            if field.type == "selection":
                label = dict(field._description_selection(self.env)).get(key, "")
            else:
                label = key.display_name if key else self.env._("None")
            rows.append((label, cases, confirmed + partial, qty))
        return rows

    def _remedies(self):
        """[(remedy type, count, amount)] of the month's complaints."""
        Remedy = self.env["complaint.remedy"].sudo()
        case_domain = [
            (f"case_id.{fname}", op, value) for fname, op, value in self._domain()
        ]
        groups = Remedy._read_group(
            case_domain, ["remedy_type"], ["__count", "amount:sum"]
        )
        labels = dict(Remedy._fields["remedy_type"]._description_selection(self.env))
        return [(labels.get(key, key), count, amount) for key, count, amount in groups]

    def _figures(self):
        """Everything the PDF and the spreadsheet show, in the env's language."""
        self.ensure_one()
        previous = self.date_month - relativedelta(months=1)
        return {
            "month": self.date_month.strftime("%Y-%m"),
            "previous_month": previous.strftime("%Y-%m"),
            "totals": self._totals(),
            "previous": self._totals(previous),
            "by_type": self._by("complaint_type"),
            "by_department": self._by("department_id"),
            "by_product": self._by("product_id", limit=TOP),
            "repeat_customers": self._by(
                "commercial_partner_id", limit=TOP, domain=[("is_repeat", "=", True)]
            ),
            "remedies": self._remedies(),
        }

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def _total_rows(self, figures):
        totals, previous = figures["totals"], figures["previous"]
        labels = (
            ("case_count", self.env._("Complaints")),
            ("line_count", self.env._("Lines")),
            ("confirmed_count", self.env._("Confirmed")),
            ("partial_count", self.env._("Partly Confirmed")),
            ("unfounded_count", self.env._("Unfounded")),
            ("major_count", self.env._("Major Complaints")),
            ("regulator_count", self.env._("Forwarded by Regulators")),
            ("repeat_count", self.env._("Repeat Complaints")),
            ("replied_count", self.env._("Replied")),
            ("replied_on_time_count", self.env._("Replied on Time")),
            ("reply_rate", self.env._("Replied on Time (%)")),
            ("closed_count", self.env._("Closed")),
            ("closed_on_time_count", self.env._("Closed on Time")),
            ("close_rate", self.env._("Closed on Time (%)")),
            ("claimed_amount", self.env._("Claimed Amount")),
            ("remedy_amount", self.env._("Remedy Value")),
        )
        return [(label, totals[key], previous[key]) for key, label in labels]

    def _xlsx(self):
        """The statement as a spreadsheet (bytes)."""
        self.ensure_one()
        figures = self._figures()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
        number = book.add_format({"num_format": "#,##0.##", "border": 1})
        cell = book.add_format({"border": 1})
        sheet = book.add_worksheet(self.env._("Statement"))
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 3, 16)
        sheet.write(
            0,
            0,
            self.env._(
                "Complaint Statement %(month)s — %(company)s",
                month=figures["month"],
                company=self.company_id.name,
            ),
            bold,
        )
        row = 2

        def table(title, header, rows):
            nonlocal row
            sheet.write(row, 0, title, bold)
            row += 1
            for col, text in enumerate(header):
                sheet.write(row, col, text, head)
            row += 1
            for values in rows:
                for col, value in enumerate(values):
                    if isinstance(value, int | float):
                        sheet.write_number(row, col, value, number)
                    else:
                        sheet.write(row, col, value if value is not None else "", cell)
                row += 1
            row += 1

        table(
            self.env._("Totals"),
            ["", figures["month"], figures["previous_month"]],
            self._total_rows(figures),
        )
        header = [
            "",
            self.env._("Complaints"),
            self.env._("Confirmed"),
            self.env._("Claimed Quantity"),
        ]
        table(self.env._("By Type"), header, figures["by_type"])
        table(self.env._("By Department"), header, figures["by_department"])
        table(self.env._("By Product"), header, figures["by_product"])
        table(
            self.env._("Repeat Customers"),
            header,
            figures["repeat_customers"],
        )
        table(
            self.env._("Remedies"),
            ["", self.env._("Remedies"), self.env._("Amount")],
            figures["remedies"],
        )
        book.close()
        return output.getvalue()

    def _attachments(self):
        """The PDF and the spreadsheet of the statement, as attachments."""
        self.ensure_one()
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(
            "complaint_management.action_report_complaint_monthly", self.ids
        )
        name = self.env._(
            "Complaint Statement %(month)s", month=self.date_month.strftime("%Y-%m")
        )
        Attachment = self.env["ir.attachment"]
        return Attachment.create(
            [
                {
                    "name": f"{name}.pdf",
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                },
                {
                    "name": f"{name}.xlsx",
                    "raw": self._xlsx(),
                    "mimetype": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                    "res_model": self._name,
                    "res_id": self.id,
                },
            ]
        )

    def action_download_xlsx(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Complaint Statement %(month)s",
                    month=self.date_month.strftime("%Y-%m"),
                )
                + ".xlsx",
                "datas": base64.b64encode(self._xlsx()),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Cron: the month before, on day 1-5, once per company
    # ------------------------------------------------------------------
    @api.model
    def _cron_send(self):
        today = fields.Date.context_today(self)
        if today.day not in SEND_DAYS:
            return 0
        month = date(today.year, today.month, 1) - relativedelta(months=1)
        sent = 0
        # Every company, a handful.
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            statement = self.search(
                [("company_id", "=", company.id), ("date_month", "=", month)]
            ) or self.create({"company_id": company.id, "date_month": month})
            if statement.date_sent:
                continue
            try:
                with self.env.cr.savepoint():
                    statement._send()
                sent += 1
            except Exception:
                _logger.exception(
                    "Complaints: the statement %s of %s could not be sent",
                    month,
                    company.name,
                )
        return sent

    def _send(self):
        """Mail the statement to the company's Complaint Managers and mark it
        sent (the marker: never twice)."""
        self.ensure_one()
        managers = (
            self.env.ref(MANAGER)
            .users.filtered(lambda u: u.active and not u.share)
            .filtered_domain([("company_ids", "in", self.company_id.ids)])
        )
        lang = self.company_id.partner_id.lang or self.env.lang
        statement = self.with_context(lang=lang)
        attachments = statement._attachments()
        statement._mail_to(managers, attachments)
        self.date_sent = fields.Datetime.now()

    def _mail_to(self, users, attachments):
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._(
                    "%(statement)s — %(company)s",
                    statement=self.display_name,
                    company=self.company_id.name,
                ),
                "body_html": Markup("<p>%s</p>")
                % self.env._(
                    "The complaint statement of %(month)s for %(company)s is "
                    "attached, as a PDF and as a spreadsheet.",
                    month=self.date_month.strftime("%Y-%m"),
                    company=self.company_id.name,
                ),
                "email_from": self.company_id.email_formatted
                or self.env.user.email_formatted,
                "recipient_ids": [Command.set(users.partner_id.ids)],
                "attachment_ids": [Command.set(attachments.ids)],
                "model": self._name,
                "res_id": self.id,
                "auto_delete": False,
            }
        )
