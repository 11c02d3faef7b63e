"""18.0.1.0.0 → 18.0.2.0.0: the process engine.

- a remedy tracks every transfer it created (picking_ids instead of
  picking_id);
- the reply as sent is kept apart from the draft (reply_sent);
- an approval records the value it approved (approved_amount);
- the follow-up visits count per round (process_round);
- the time limits are counted from receipt, one record per limit
  (complaint.deadline), rebuilt from the facts each case records.
"""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.complaint_management.models.complaint_process import (
    FROZEN_STEPS,
    PROCESS,
)

_logger = logging.getLogger(__name__)


def _stage_entries(cr, step):
    """{case id: first date it entered a stage of ``step``}."""
    cr.execute(
        """
        SELECT log.case_id, min(log.date_in)
          FROM complaint_stage_log log
          JOIN complaint_stage stage ON stage.id = log.stage_id
         WHERE stage.step = %s
      GROUP BY log.case_id
        """,
        [step],
    )
    return dict(cr.fetchall())


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        INSERT INTO complaint_remedy_stock_picking_rel (remedy_id, picking_id)
        SELECT id, picking_id FROM complaint_remedy WHERE picking_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
    cr.execute(
        """
        UPDATE complaint_case SET reply_sent = reply_text
         WHERE date_replied IS NOT NULL AND reply_sent IS NULL
        """
    )
    cr.execute(
        """
        UPDATE complaint_case SET approved_amount = remedy_amount_total
         WHERE approved_by_id IS NOT NULL
        """
    )
    cr.execute(
        """
        UPDATE complaint_followup f SET process_round = c.reopen_count
          FROM complaint_case c WHERE c.id = f.case_id
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {"complaint_process": PROCESS})
    cases = env["complaint.case"].with_context(active_test=False).search([])
    followup_entries = _stage_entries(cr, "followup")
    rejections = _stage_entries(cr, "rejected")
    for case in cases:
        if case.stage_step in ("followup", "closed") and case.id in followup_entries:
            case.date_executed = followup_entries[case.id]
    cases.filtered(lambda c: not c.deadline_ids)._time_limits_create()
    for case in cases:
        step = case.stage_step
        limits = {limit.kind: limit for limit in case.deadline_ids}
        finished = case.date_closed or rejections.get(case.id)
        for kind in ("contact", "answer", "solution"):
            if case.date_replied:
                limits[kind].write({"state": "done", "date_done": case.date_replied})
            elif step == "rejected" and kind != "solution":
                limits[kind].write({"state": "done", "date_done": finished})
            elif step in FROZEN_STEPS:
                limits[kind].state = "na"
        if step in ("closed", "rejected") and finished:
            limits["close"].write({"state": "done", "date_done": finished})
        elif step == "cancel":
            limits["close"].state = "na"
        if case.date_executed:
            followup = env["complaint.deadline"].create(
                {
                    "case_id": case.id,
                    "kind": "followup",
                    "date_start": case.date_executed,
                }
            )
            visits = case.followup_ids.sorted("date")
            if visits:
                followup.write(
                    {"state": "done", "date_done": str(visits[0].date) + " 12:00:00"}
                )
            elif step in FROZEN_STEPS:
                followup.state = "na"
        if step not in FROZEN_STEPS and case.stage_id.time_limit:
            env["complaint.deadline"].create(
                {
                    "case_id": case.id,
                    "kind": "stage",
                    "stage_id": case.stage_id.id,
                    "date_start": case.date_stage,
                }
            )
    _logger.info("complaint_management: time limits rebuilt for %s cases", len(cases))
