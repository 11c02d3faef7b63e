"""18.0.2.0.0 → 18.0.2.1.0: the verdict of a complaint line is stored as facts.

A line stored its verification as a sentence (verification_note), in the
language of whoever triggered its computation. It now stores which case of the
verification it is (verification_code) and the facts of its sentence
(verification_args); the sentence is rendered in the reader's language
(models/complaint_case_line_verdict.py).

- Open cases: their lines are verified again from the order data (Odoo already
  computed the new fields when it created their columns; this makes it
  explicit and catches up with the order data).
- Closed, rejected and cancelled cases: their frozen evidence
  (evidence_snapshot) held the sentence; it now holds the code and the facts,
  told again from what the snapshot kept (ordered, delivered and returned
  quantities, promised and delivery dates, days late, verdict) and from the
  moves of the order line as they were when the case was frozen (moves done
  by then, less those of that very second that add up to more than the
  snapshot kept: dates are to the second; see _frozen_evidence):
  - quantity, defect and specification complaints, lines without an order
    line: the verdict of open cases (``_verify``) on that evidence;
  - delivery date complaints: from the days late kept, not from today (the
    "today" of a delivery still late is the promised day plus the days late
    kept). Days are shown in the time zone of the case's handler, else of the
    line's creator, else UTC: the zone the sentence was first written in is
    not known, so a day may differ by one from the former sentence;
  - when the verdict told again is not the verdict kept (an order line removed
    since, a delivery corrected since...), the line gets the generic code
    ``recorded``: "Evidence recorded: ordered 10 Units, delivered 8, 0
    returned; verdict: Confirmed." — the numbers and the verdict kept, without
    the story.
- The column of the former stored sentence is dropped: nothing reads it.
"""

import logging
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.tools import float_compare

from odoo.addons.complaint_management.models.complaint_case import TYPES
from odoo.addons.complaint_management.models.complaint_process import (
    FROZEN_STEPS,
    PROCESS,
)

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"complaint_process": PROCESS})
    cases = env["complaint.case"].with_context(active_test=False).search([])
    cases.action_reverify()
    frozen = cases.filtered(lambda c: c.stage_step in FROZEN_STEPS).line_ids
    old_shape = frozen.filtered(
        lambda line: line.evidence_snapshot
        and "verification_code" not in line.evidence_snapshot
    )
    recorded = 0
    for line in old_shape:
        snapshot = convert_snapshot(line)
        recorded += snapshot["verification_code"] == "recorded"
        # Through the process: the snapshot is written by nobody else.
        line._process_write({"evidence_snapshot": snapshot})
    cr.execute(
        "ALTER TABLE complaint_case_line DROP COLUMN IF EXISTS verification_note"
    )
    _logger.info(
        "complaint_management: verdicts of %s open case lines recomputed, %s "
        "frozen snapshots converted (%s as recorded evidence only)",
        len(cases.line_ids - frozen),
        len(old_shape),
        recorded,
    )


def convert_snapshot(line):
    """The evidence snapshot of ``line`` (old shape, with the sentence) in the
    shape of 18.0.2.1.0 (with the code and the facts of the verdict)."""
    snapshot = dict(line.evidence_snapshot)
    snapshot.pop("verification_note", None)
    kept = snapshot.get("verification_state") or "to_check"
    ev = _frozen_evidence(line, snapshot)
    verdict = _told_again(line, snapshot, ev)
    if not verdict or verdict["verification_state"] != kept:
        verdict = line._verdict(
            kept,
            "recorded",
            ordered=float(ev["ordered_qty"]),
            delivered=float(ev["delivered_qty"]),
            returned=float(ev["returned_qty"]),
            uom_id=line.product_uom_id.id,
            verdict=kept,
        )
    snapshot["verification_code"] = verdict["verification_code"]
    snapshot["verification_args"] = verdict["verification_args"]
    return snapshot


def _frozen_evidence(line, snapshot):
    """The evidence of ``line`` as it was frozen: the numbers of the snapshot
    and the moves done when the case entered its frozen stage."""
    frozen_at = line.case_id.date_stage
    delivered = snapshot.get("delivered_qty") or 0.0
    returned = snapshot.get("returned_qty") or 0.0
    outgoing, returns = line._get_delivery_moves()
    outgoing = _done_then(line, outgoing, frozen_at, delivered + returned)
    returns = _done_then(line, returns, frozen_at, returned)
    return {
        "ordered_qty": snapshot.get("ordered_qty") or 0.0,
        "delivered_qty": delivered,
        "shipped_qty": delivered + returned,
        "returned_qty": returned,
        "promised_date": fields.Datetime.to_datetime(snapshot.get("promised_date"))
        or False,
        "delivery_date": fields.Datetime.to_datetime(snapshot.get("delivery_date"))
        or False,
        "outgoing": outgoing,
        "returns": returns,
        "pickings": ", ".join(outgoing.picking_id.mapped("name")),
    }


def _done_then(line, moves, frozen_at, qty_kept):
    """The moves of ``moves`` done when the case was frozen: done by then,
    less the last ones done in that very second (dates are to the second) as
    long as they add up to more of the line's product than the snapshot kept
    (``qty_kept``)."""
    if not frozen_at:
        return moves
    then = moves.filtered(lambda m: m.date <= frozen_at)
    rounding = line.product_uom_id.rounding or 0.01
    last_second = then.filtered(lambda m: m.date == frozen_at)
    for move in last_second.sorted("id", reverse=True):
        right = then.filtered(lambda m: m.product_id == line.product_id)
        qty = line._qty_in_line_uom(right)
        if float_compare(qty, qty_kept, precision_rounding=rounding) <= 0:
            break
        then -= move
    return then


def _told_again(line, snapshot, ev):
    """The verdict of ``line`` on its frozen evidence ``ev`` (None when the
    snapshot contradicts itself)."""
    if line.sale_line_id and TYPES[line.complaint_type].verification == "delay":
        return _delivery_date_verdict(line, snapshot, ev)
    verdict = line._verify(ev)
    if verdict["verification_code"] == "qty_shortage_confirmed":
        # The moves still to deliver then, not now: made by then, and not
        # done nor cancelled (or done since).
        frozen_at = line.case_id.date_stage
        still_open = line.sale_line_id.move_ids.filtered(
            lambda m: m.state != "cancel"
            and (m.state != "done" or (frozen_at and m.date >= frozen_at))
            and (not frozen_at or m.create_date < frozen_at + timedelta(seconds=1))
        )
        verdict["verification_args"]["backorder_ids"] = (
            still_open - ev["outgoing"] - ev["returns"]
        ).picking_id.ids
    return verdict


def _delivery_date_verdict(line, snapshot, ev):
    """The verdict of a delivery date complaint from the days late it kept
    (``_verify_delivery_date`` would count them until today)."""
    order = line.sale_line_id.order_id
    promised, done = ev["promised_date"], ev["delivery_date"]
    if not promised:
        return line._verdict("to_check", "date_no_promise", order_id=order.id)
    dated = line.with_context(tz=line.case_id.user_id.tz or line.create_uid.tz or "UTC")
    promised_day = fields.Date.context_today(dated, promised)
    done_day = done and fields.Date.context_today(dated, done)
    delay = snapshot.get("delay_days") or 0
    remaining = (
        float_compare(
            ev["ordered_qty"],
            ev["shipped_qty"],
            precision_rounding=line.product_uom_id.rounding or 0.01,
        )
        > 0
    )
    kept = snapshot.get("verification_state")
    promised_on = fields.Date.to_string(promised_day)
    pickings = ev["outgoing"].picking_id.ids
    if kept == "unfounded":
        if done and not remaining:
            return line._verdict(
                "unfounded",
                "date_on_time",
                promised=promised_on,
                done=fields.Date.to_string(done_day),
                picking_ids=pickings,
            )
        return line._verdict(
            "unfounded", "date_not_due", promised=promised_on, order_id=order.id
        )
    if kept != "confirmed" or not delay:
        return None
    # Late when delivered, or late and still counting (partly delivered on
    # time, the rest late): the days kept tell which.
    if done and (not remaining or (done_day - promised_day).days == delay):
        return line._verdict(
            "confirmed",
            "date_late",
            promised=promised_on,
            done=fields.Date.to_string(done_day),
            delay=delay,
            picking_ids=pickings,
        )
    return line._verdict(
        "confirmed",
        "date_late_open",
        promised=promised_on,
        today=fields.Date.to_string(promised_day + timedelta(days=delay)),
        delay=delay,
    )
