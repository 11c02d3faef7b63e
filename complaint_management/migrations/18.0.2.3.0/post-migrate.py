"""18.0.2.3.0:

- a customer's cases are indexed with ``active`` (an index-only count,
  complaint_case.init) instead of alone; the escalation level and the overdue
  flag lose their indexes (three values, and the overdue cron's update of the
  cases stays HOT without them);
- the receiving unit (受理单位) is new: the cases registered before were
  received and handled by the same department, their responsible one;
- the owners of the open corrective and preventive actions get their
  reminder activity, as new actions do."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    for name in (
        "complaint_case__commercial_partner_id_index",
        "complaint_case__escalation_level_index",
        "complaint_case__is_overdue_index",
    ):
        cr.execute(f"DROP INDEX IF EXISTS {name}")
    cr.execute(
        """
        UPDATE complaint_case
           SET receiving_department_id = department_id
         WHERE receiving_department_id IS NULL
           AND department_id IS NOT NULL
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["complaint.action"].search([("state", "=", "open")])._schedule_reminders()
