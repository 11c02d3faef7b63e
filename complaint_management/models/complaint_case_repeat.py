"""Repeat complaints: the customer complains again about the same product
(and the same lot, when the line names one) within the company's window."""

from odoo import api, fields, models
from odoo.tools import SQL

from .complaint_case import INTERNAL

# The most recent earlier complaints a repeat is linked to (a customer with
# hundreds about one product is flagged all the same).
REPEAT_LINKS = 20


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    repeat_of_ids = fields.Many2many(
        "complaint.case",
        "complaint_case_repeat_rel",
        "case_id",
        "earlier_id",
        string="Repeats",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The earlier complaints of the same customer about the same product "
        "(and lot) within the repeat window, found at registration.",
    )
    repeated_by_ids = fields.Many2many(
        "complaint.case",
        "complaint_case_repeat_rel",
        "earlier_id",
        "case_id",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    is_repeat = fields.Boolean(
        string="Repeat Complaint",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The customer complained about the same product (and lot) within "
        "the repeat window (Settings) before this complaint.",
    )
    related_case_count = fields.Integer(
        compute="_compute_related_case_count", groups=INTERNAL
    )

    @api.depends("repeat_of_ids", "repeated_by_ids")
    def _compute_related_case_count(self):
        for case in self:
            case.related_case_count = len(case.repeat_of_ids | case.repeated_by_ids)

    def _link_repeats(self):
        """Right after registration (the acknowledgement's cron, seconds
        later): link each case to the earlier complaints of its
        commercial entity, in its company, about one of its products (the
        same lot when its line names one), received within the company's
        repeat window before it (not the cancelled ones), the
        ``REPEAT_LINKS`` most recent, and flag it. One statement for the
        batch. A customer with thousands of complaints makes the search cost
        tens of milliseconds: the registration does not wait for it."""
        if not self:
            return
        self.flush_model(["commercial_partner_id", "date_received", "company_id"])
        self.env["complaint.case.line"].flush_model(["product_id", "lot_id", "case_id"])
        self.env["res.company"].flush_model(["complaint_repeat_days"])
        self.env.cr.execute(
            SQL(
                """
                WITH found AS (
                    SELECT new.id AS case_id, old.id AS earlier_id
                      FROM complaint_case new
                      JOIN res_company company ON company.id = new.company_id
                     CROSS JOIN LATERAL (
                        SELECT old.id
                          FROM complaint_case old
                          JOIN complaint_stage stage ON stage.id = old.stage_id
                         WHERE old.commercial_partner_id = new.commercial_partner_id
                           AND old.company_id = new.company_id
                           AND old.active
                           AND stage.step != 'cancel'
                           AND (old.date_received, old.id)
                               < (new.date_received, new.id)
                           AND old.date_received >= new.date_received
                               - make_interval(days => company.complaint_repeat_days)
                           AND EXISTS (
                                SELECT 1
                                  FROM complaint_case_line new_line
                                  JOIN complaint_case_line old_line
                                    ON old_line.product_id = new_line.product_id
                                   AND (new_line.lot_id IS NULL
                                        OR old_line.lot_id = new_line.lot_id)
                                 WHERE new_line.case_id = new.id
                                   AND old_line.case_id = old.id
                           )
                         ORDER BY old.date_received DESC, old.id DESC
                         LIMIT %(most)s
                     ) old
                     WHERE new.id = ANY(%(ids)s)
                       AND company.complaint_repeat_days > 0
                ), linked AS (
                    INSERT INTO complaint_case_repeat_rel (case_id, earlier_id)
                    SELECT case_id, earlier_id FROM found
                    ON CONFLICT DO NOTHING
                )
                UPDATE complaint_case SET is_repeat = TRUE
                 WHERE id IN (SELECT case_id FROM found)
                RETURNING id
                """,
                ids=self.ids,
                most=REPEAT_LINKS,
            )
        )
        if self.env.cr.fetchall():
            self.invalidate_recordset(["is_repeat", "repeat_of_ids"])
            self.invalidate_model(["repeated_by_ids"])

    def action_view_related_cases(self):
        self.ensure_one()
        related = self.repeat_of_ids | self.repeated_by_ids
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_case_action"
        )
        action.update(
            name=self.env._("Complaints Related to %(case)s", case=self.name),
            domain=[("id", "in", related.ids)],
            context={"create": False},
            view_mode="list,form",
            views=[(False, "list"), (False, "form")],
        )
        return action
