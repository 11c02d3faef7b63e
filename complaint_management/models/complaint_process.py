"""The complaint handling process (SPEC §2: 受理 → 调查 → 处理 → 答复 → 回访 → 结案)
as one table.

Each transition names the steps it leaves from, the step it reaches (``None``
for an act within a step, such as approving the solution), the group allowed
to run it, its guards (methods of ``complaint.case`` returning the list of
problems, read after the values of the same write are applied), its effects
(methods run once, after the move) and, for the moves a kanban drag cannot
make, the input it needs.

Buttons (``action_<name>``), kanban drags and RPC writes of ``stage_id``,
imports and the portal all run ``complaint.case._run_transition``: there is no
other way to change the step of a case. See complaint_case_process.py for the
engine and the guards and effects named here.
"""

# The table is module-level: no environment to translate with. Odoo's
# LazyTranslate translates its labels when they are shown.
# pylint: disable=prefer-env-translation

from dataclasses import dataclass

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

STEPS = (
    "register",
    "accept",
    "investigate",
    "solution",
    "reply",
    "execute",
    "followup",
    "closed",
    "rejected",
    "cancel",
)
FROZEN_STEPS = ("closed", "rejected", "cancel")
OPEN_STEPS = tuple(step for step in STEPS if step not in FROZEN_STEPS)
# Once the reply is sent, the solution it announced (remedies, reply text)
# only changes by going back to Solution.
REPLIED_STEPS = ("reply", "execute", "followup", *FROZEN_STEPS)
# What may be edited in which step (the rest of the case is edited while the
# case is open).
EDITABLE_STEPS = {
    "lines": ("register", "accept", "investigate", "solution"),
    "remedies": ("investigate", "solution"),
    "reply": ("investigate", "solution"),
    # The report is cited by the reply letter: frozen once the reply is sent.
    "report": ("register", "accept", "investigate", "solution"),
    # Simple, complex or special is decided before the solution.
    "complexity": ("register", "accept", "investigate"),
    "followups": ("followup",),
    "actions": OPEN_STEPS,
}

USER = "complaint_management.group_complaint_user"
OFFICER = "complaint_management.group_complaint_officer"
MANAGER = "complaint_management.group_complaint_manager"


@dataclass(frozen=True)
class Transition:
    name: str
    # The button's label, used in messages.
    label: object
    sources: tuple
    target: str | None
    group: str = USER
    guards: tuple = ()
    effects: tuple = ()
    # Field the user must give with the move (a reason): a drag cannot.
    needs: str | None = None
    # Fields the user may give with the move (a note).
    accepts: tuple = ()
    # Reached by writing stage_id (kanban drag, RPC, import).
    drag: bool = True
    # Goes back in the process: counted in reopen_count, and the follow-up
    # visits of the earlier round no longer count.
    reopening: bool = False
    # For an act within a step: the method telling that it is already done,
    # so that running it again does nothing.
    done: str | None = None


TRANSITIONS = (
    Transition(
        "accept",
        _lt("Accept"),
        ("register",),
        "accept",
        guards=("_guard_decider", "_guard_assigned"),
        effects=("_effect_accepted",),
    ),
    Transition(
        "reject",
        _lt("Do Not Accept"),
        ("register", "accept"),
        "rejected",
        needs="reject_reason",
        guards=("_guard_decider", "_guard_reason"),
        effects=("_effect_rejected",),
    ),
    Transition(
        "log_contact",
        _lt("Customer Contacted"),
        OPEN_STEPS,
        None,
        effects=("_effect_contacted",),
        done="_is_contacted",
        drag=False,
    ),
    Transition(
        "start_investigation",
        _lt("Start Investigation"),
        ("accept",),
        "investigate",
    ),
    # 审核 (when the company reviews reports): Quality Management reviews,
    # the supervisor approves, either refuses with a reason.
    Transition(
        "review_report",
        _lt("Review Report"),
        ("investigate",),
        None,
        guards=("_guard_review_on", "_guard_report", "_guard_reviewer"),
        effects=("_effect_report_reviewed",),
        done="_is_report_reviewed",
        drag=False,
    ),
    Transition(
        "approve_report",
        _lt("Approve Report"),
        ("investigate",),
        None,
        guards=("_guard_review_on", "_guard_reviewed", "_guard_supervisor"),
        effects=("_effect_report_approved",),
        done="_is_report_approved",
        drag=False,
    ),
    Transition(
        "refuse_review",
        _lt("Refuse Report"),
        ("investigate",),
        None,
        needs="review_refusal_note",
        guards=("_guard_review_on", "_guard_reason", "_guard_reviewer_or_supervisor"),
        effects=("_effect_review_refused",),
        done="_is_review_refused",
        drag=False,
    ),
    Transition(
        "submit_report",
        _lt("Submit Report"),
        ("investigate",),
        "solution",
        guards=("_guard_report", "_guard_report_approved"),
        effects=("_effect_report_submitted",),
    ),
    Transition(
        "approve",
        _lt("Approve Solution"),
        ("solution",),
        None,
        guards=("_guard_approver",),
        effects=("_effect_approved",),
        done="_is_approved",
        drag=False,
    ),
    Transition(
        "send_reply",
        _lt("Send Reply"),
        ("solution",),
        "reply",
        guards=("_guard_solution",),
        effects=("_effect_reply_sent",),
    ),
    Transition(
        "revise_solution",
        _lt("Revise Solution"),
        ("reply", "execute"),
        "solution",
        group=OFFICER,
        guards=("_guard_nothing_executed",),
        effects=("_effect_solution_revised",),
        reopening=True,
    ),
    Transition(
        "customer_accepts",
        _lt("Customer Agrees"),
        ("reply",),
        "execute",
        accepts=("customer_response_note",),
        effects=("_effect_customer_accepted",),
    ),
    Transition(
        "customer_refuses",
        _lt("Customer Refuses"),
        ("reply",),
        "investigate",
        needs="customer_response_note",
        guards=("_guard_reason",),
        effects=("_effect_customer_refused",),
        reopening=True,
    ),
    Transition(
        "start_followup",
        _lt("Start Follow-up"),
        ("execute",),
        "followup",
        guards=("_guard_remedies_done",),
        effects=("_effect_executed",),
    ),
    Transition(
        "close",
        _lt("Close"),
        ("followup",),
        "closed",
        guards=("_guard_remedies_done", "_guard_followups", "_guard_actions"),
        effects=("_effect_closed",),
    ),
    # An unsatisfied follow-up visit sends the case back, whoever records it.
    Transition(
        "followup_unsatisfied",
        _lt("Unsatisfied Follow-up"),
        ("followup",),
        "investigate",
        effects=("_effect_unsatisfied",),
        drag=False,
        reopening=True,
    ),
    Transition(
        "reopen",
        _lt("Reopen"),
        ("solution", "followup", "closed"),
        "investigate",
        group=OFFICER,
        effects=("_effect_reopened",),
        reopening=True,
    ),
    Transition(
        "reopen_registration",
        _lt("Reopen"),
        ("rejected", "cancel"),
        "register",
        group=OFFICER,
        effects=("_effect_reopened",),
        reopening=True,
    ),
    Transition(
        "cancel",
        _lt("Cancel Complaint"),
        OPEN_STEPS,
        "cancel",
        needs="cancel_reason",
        guards=("_guard_reason",),
        effects=("_effect_cancelled",),
    ),
)
TRANSITIONS_BY_NAME = {t.name: t for t in TRANSITIONS}
# Which transition a drag (a write of stage_id) from one step to another runs.
DRAG_TRANSITIONS = {
    (source, t.target): t for t in TRANSITIONS if t.drag for source in t.sources
}
# The inputs transitions take with the move; written only through them.
INPUT_FIELDS = frozenset(
    {t.needs for t in TRANSITIONS if t.needs}
    | {fname for t in TRANSITIONS for fname in t.accepts}
)

REPORT_FIELDS = (
    "cause_id",
    "course_of_events",
    "responsible_department_ids",
    "conclusion",
    "countermeasures",
    "preventive_measures",
)
# The investigation report, as the reply letter cites it.
REPORT_EDIT_FIELDS = frozenset(
    {
        *REPORT_FIELDS,
        "cause_detail",
        "responsible_employee_ids",
        "production_unit",
        "production_shift",
        "production_operator",
        "production_date",
    }
)
GROUP_LABELS = {
    USER: _lt("Complaint Users"),
    OFFICER: _lt("Complaint Officers"),
    MANAGER: _lt("Complaint Managers"),
}
# Fields of complaint.case that only the process writes.
PROCESS_FIELDS = frozenset(
    {
        "name",
        "stage_id",
        "date_stage",
        "date_accepted",
        "decided_by_id",
        "date_decided",
        "report_reviewed_by_id",
        "date_report_reviewed",
        "report_approved_by_id",
        "date_report_approved",
        "date_first_contact",
        "date_report",
        "date_replied",
        "date_executed",
        "date_closed",
        "reply_sent",
        "customer_response",
        "customer_response_partner_id",
        "date_customer_response",
        "approved_by_id",
        "approved_amount",
        "date_approved",
        "reopen_count",
        "date_reopened",
        "escalation_level",
        "is_overdue",
        "date_deadline",
        "closed_on_time",
        "verification_state",
        "remedy_amount_total",
        "deadline_ids",
        "stage_log_ids",
        "acknowledgement_pending",
        "repeat_of_ids",
        "repeated_by_ids",
        "is_repeat",
        *INPUT_FIELDS,
    }
)
# What still changes on a closed, rejected or cancelled case: archiving, the
# kanban colour, and the portal's access token (written as superuser).
FROZEN_WRITABLE_FIELDS = frozenset({"active", "color", "access_token"})


class _ProcessToken:
    """Marks the writes of the process in the context. A context coming from
    RPC is JSON: it can never hold this object."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<complaint {self.name}>"


PROCESS = _ProcessToken("process")
# The lines a case is registered with, created by the case's own create: the
# user was allowed to create the case, its lines need no second check of it.
REGISTERING = _ProcessToken("registration")


def in_process(env):
    return env.context.get("complaint_process") is PROCESS


def registering(env):
    return env.context.get("complaint_registering") is REGISTERING
