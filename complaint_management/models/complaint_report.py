"""投诉统计: the analysis of complaints, one row per complaint line (a case
without lines has one row), read by pivot and graph views.

Counts of cases, verdicts, times and amounts are case measures: they sit on
the first row of each case only, so that summing them over any grouping
counts each case once, while line measures (lines, claimed quantities)
sum over every row."""

from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .complaint_case import COMPLAINT_TYPES, VERIFICATION_STATES


def _case_selection(fname):
    def selection(model):
        return (
            model.env["complaint.case"]._fields[fname]._description_selection(model.env)
        )

    return selection


class ComplaintReport(models.Model):
    _name = "complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "case_id"
    _order = "date_received desc, case_id desc, id"
    # What the view reads: flushed before it is queried.
    _depends = {
        "complaint.case": [
            "active",
            "company_id",
            "date_received",
            "complaint_type",
            "channel",
            "severity",
            "regulator_body",
            "stage_id",
            "verification_state",
            "conclusion",
            "cause_id",
            "department_id",
            "receiving_department_id",
            "user_id",
            "commercial_partner_id",
            "product_id",
            "is_repeat",
            "claimed_amount",
            "remedy_amount_total",
            "date_replied",
            "date_closed",
            "closed_on_time",
            "reply_working_days",
            "close_working_days",
        ],
        "complaint.case.line": ["case_id", "product_id", "lot_id", "claimed_qty"],
        "complaint.deadline": ["case_id", "kind", "state", "on_time"],
        "complaint.action": ["case_id", "state", "date_deadline"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    case_id = fields.Many2one("complaint.case", string="Complaint", readonly=True)
    line_id = fields.Many2one("complaint.case.line", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_received = fields.Datetime(string="Received", readonly=True)
    complaint_type = fields.Selection(
        [(t.code, t.label) for t in COMPLAINT_TYPES], string="Type", readonly=True
    )
    channel = fields.Selection(_case_selection("channel"), readonly=True)
    severity = fields.Selection(_case_selection("severity"), readonly=True)
    regulator_body = fields.Selection(
        _case_selection("regulator_body"), string="Forwarded By", readonly=True
    )
    stage_id = fields.Many2one("complaint.stage", readonly=True)
    verification_state = fields.Selection(
        VERIFICATION_STATES, string="Verdict (Order Data)", readonly=True
    )
    conclusion = fields.Selection(
        _case_selection("conclusion"), string="Investigation Verdict", readonly=True
    )
    cause_id = fields.Many2one("complaint.cause", readonly=True)
    department_id = fields.Many2one(
        "hr.department", string="Responsible Department", readonly=True
    )
    receiving_department_id = fields.Many2one(
        "hr.department", string="Receiving Unit", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True
    )
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    lot_id = fields.Many2one("stock.lot", readonly=True)
    is_repeat = fields.Boolean(string="Repeat Complaint", readonly=True)
    # Measures
    case_count = fields.Integer(string="Complaints", readonly=True)
    line_count = fields.Integer(string="Lines", readonly=True)
    claimed_qty = fields.Float(string="Claimed Quantity", readonly=True)
    claimed_amount = fields.Float(readonly=True)
    remedy_amount = fields.Float(string="Remedy Value", readonly=True)
    confirmed_count = fields.Integer(string="Confirmed", readonly=True)
    partial_count = fields.Integer(string="Partly Confirmed", readonly=True)
    unfounded_count = fields.Integer(string="Unfounded", readonly=True)
    major_count = fields.Integer(string="Major Complaints", readonly=True)
    regulator_count = fields.Integer(string="Forwarded by Regulators", readonly=True)
    repeat_count = fields.Integer(string="Repeat Complaints", readonly=True)
    replied_count = fields.Integer(string="Replied", readonly=True)
    replied_on_time_count = fields.Integer(string="Replied on Time", readonly=True)
    closed_count = fields.Integer(string="Closed", readonly=True)
    closed_on_time_count = fields.Integer(string="Closed on Time", readonly=True)
    open_action_count = fields.Integer(string="Open Actions", readonly=True)
    overdue_action_count = fields.Integer(string="Overdue Actions", readonly=True)
    days_to_reply = fields.Float(
        string="Working Days to Reply",
        aggregator="avg",
        readonly=True,
        help="Working days from receipt to the reply, averaged over the "
        "replied complaints.",
    )
    days_to_close = fields.Float(
        string="Working Days to Close",
        aggregator="avg",
        readonly=True,
        help="Working days from receipt to closing, averaged over the closed "
        "complaints.",
    )

    def init(self):
        res = super().init()
        # The query below groups lines and time limits per case once; these
        # indexes let it read them alone (index-only scans), not the tables:
        # the first line of each case, the answer limits met or missed.
        create_index(
            self.env.cr,
            "complaint_case_line_case_first_idx",
            "complaint_case_line",
            ["case_id", "id"],
        )
        create_index(
            self.env.cr,
            "complaint_deadline_answer_done_idx",
            "complaint_deadline",
            ["case_id", "on_time"],
            where="kind = 'answer' AND state = 'done'",
        )
        return res

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT COALESCE(c.line_id * 2, c.id * 2 + 1) AS id,
                   c.id AS case_id,
                   c.line_id,
                   c.company_id,
                   c.date_received,
                   c.complaint_type,
                   c.channel,
                   c.severity,
                   c.regulator_body,
                   c.stage_id,
                   c.verification_state,
                   c.conclusion,
                   c.cause_id,
                   c.department_id,
                   c.receiving_department_id,
                   c.user_id,
                   c.commercial_partner_id,
                   c.row_product_id AS product_id,
                   pt.categ_id AS product_categ_id,
                   c.lot_id,
                   COALESCE(c.is_repeat, FALSE) AS is_repeat,
                   CASE WHEN c.line_id IS NULL THEN 0 ELSE 1 END AS line_count,
                   COALESCE(c.claimed_qty, 0) AS claimed_qty,
                   -- case measures: on the first row of each case only
                   CASE WHEN c.first THEN 1 ELSE 0 END AS case_count,
                   CASE WHEN c.first THEN COALESCE(c.claimed_amount, 0)
                        ELSE 0 END AS claimed_amount,
                   CASE WHEN c.first THEN COALESCE(c.remedy_amount_total, 0)
                        ELSE 0 END AS remedy_amount,
                   CASE WHEN c.first AND c.conclusion = 'confirmed'
                        THEN 1 ELSE 0 END AS confirmed_count,
                   CASE WHEN c.first AND c.conclusion = 'partial'
                        THEN 1 ELSE 0 END AS partial_count,
                   CASE WHEN c.first AND c.conclusion = 'unfounded'
                        THEN 1 ELSE 0 END AS unfounded_count,
                   CASE WHEN c.first AND c.severity = 'major'
                        THEN 1 ELSE 0 END AS major_count,
                   CASE WHEN c.first AND c.channel = 'regulator'
                        THEN 1 ELSE 0 END AS regulator_count,
                   CASE WHEN c.first AND c.is_repeat THEN 1 ELSE 0 END AS repeat_count,
                   CASE WHEN c.first AND c.date_replied IS NOT NULL
                        THEN 1 ELSE 0 END AS replied_count,
                   CASE WHEN c.first AND answer.on_time
                        THEN 1 ELSE 0 END AS replied_on_time_count,
                   CASE WHEN c.first AND c.date_closed IS NOT NULL
                        THEN 1 ELSE 0 END AS closed_count,
                   CASE WHEN c.first AND c.date_closed IS NOT NULL
                             AND c.closed_on_time
                        THEN 1 ELSE 0 END AS closed_on_time_count,
                   CASE WHEN c.first THEN COALESCE(actions.open, 0)
                        ELSE 0 END AS open_action_count,
                   CASE WHEN c.first THEN COALESCE(actions.overdue, 0)
                        ELSE 0 END AS overdue_action_count,
                   CASE WHEN c.first AND c.date_replied IS NOT NULL
                        THEN c.reply_working_days
                   END AS days_to_reply,
                   CASE WHEN c.first AND c.date_closed IS NOT NULL
                        THEN c.close_working_days
                   END AS days_to_close
              FROM (
                    -- One row per line (per case without lines); the id is
                    -- the line's doubled, or the case's doubled plus one: unique
                    -- without a window to sort.
                    SELECT case_row.*,
                           line.id AS line_id,
                           line.lot_id,
                           line.claimed_qty,
                           COALESCE(line.product_id, case_row.product_id)
                               AS row_product_id,
                           line.id IS NOT DISTINCT FROM first_line.id AS first
                      FROM complaint_case case_row
                      LEFT JOIN complaint_case_line line
                        ON line.case_id = case_row.id
                      LEFT JOIN (
                            SELECT case_id, min(id) AS id
                              FROM complaint_case_line
                             GROUP BY case_id
                      ) first_line ON first_line.case_id = case_row.id
                     WHERE case_row.active
                   ) c
              LEFT JOIN product_product pp ON pp.id = c.row_product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
              -- Per case, grouped once (hash joins, not a lookup per row).
              LEFT JOIN (
                    SELECT d.case_id, bool_or(d.on_time) AS on_time
                      FROM complaint_deadline d
                     WHERE d.kind = 'answer' AND d.state = 'done'
                     GROUP BY d.case_id
              ) answer ON answer.case_id = c.id
              LEFT JOIN (
                    SELECT a.case_id,
                           count(*) AS open,
                           count(*) FILTER (WHERE a.date_deadline < CURRENT_DATE)
                               AS overdue
                      FROM complaint_action a
                     WHERE a.state = 'open'
                     GROUP BY a.case_id
              ) actions ON actions.case_id = c.id
            """
        )
