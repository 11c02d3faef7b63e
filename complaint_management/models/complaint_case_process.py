"""The process engine of complaint.case: it runs the transitions of the table
in complaint_process.py (guards, the move, the effects), once, under a lock
of the case row; what the process allows now (read by the views); the checks
of users' writes; the buttons that start each transition."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .complaint_case import INTERNAL
from .complaint_process import (
    DRAG_TRANSITIONS,
    EDITABLE_STEPS,
    FROZEN_STEPS,
    GROUP_LABELS,
    INPUT_FIELDS,
    MANAGER,
    OFFICER,
    REPLIED_STEPS,
    REPORT_EDIT_FIELDS,
    TRANSITIONS,
    TRANSITIONS_BY_NAME,
)


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    # What the process allows now (read by the views)
    is_locked = fields.Boolean(
        compute="_compute_is_locked",
        help="Closed, not accepted or cancelled: read-only until reopened.",
    )
    is_replied = fields.Boolean(compute="_compute_is_locked", groups=INTERNAL)
    can_edit_lines = fields.Boolean(compute="_compute_is_locked", groups=INTERNAL)
    can_edit_remedies = fields.Boolean(compute="_compute_is_locked", groups=INTERNAL)
    can_edit_followups = fields.Boolean(compute="_compute_is_locked", groups=INTERNAL)
    can_edit_complained = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_accept = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_reject = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_log_contact = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_start_investigation = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_submit_report = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_review_report = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_approve_report = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_refuse_review = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_approve = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_send_reply = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_revise_solution = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_customer_answer = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_execute_remedies = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_start_followup = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_close = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_reopen = fields.Boolean(compute="_compute_can", groups=INTERNAL)
    can_cancel = fields.Boolean(compute="_compute_can", groups=INTERNAL)

    @api.depends("stage_step")
    def _compute_is_locked(self):
        for case in self:
            step = case.stage_step
            case.is_locked = step in FROZEN_STEPS
            case.is_replied = step in REPLIED_STEPS
            case.can_edit_lines = step in EDITABLE_STEPS["lines"]
            case.can_edit_remedies = step in EDITABLE_STEPS["remedies"]
            case.can_edit_followups = step in EDITABLE_STEPS["followups"]

    @api.depends("stage_step", "remedies_done", "approval_tier", "is_approved")
    @api.depends_context("uid")
    def _compute_can(self):
        officer = self.env.user.has_group(OFFICER)
        for case in self:
            can = {t.name: case._can_run(t) for t in TRANSITIONS}
            case.can_accept = can["accept"]
            case.can_reject = can["reject"]
            case.can_log_contact = can["log_contact"]
            case.can_start_investigation = can["start_investigation"]
            case.can_submit_report = can["submit_report"]
            reviewing = case.stage_step == "investigate" and (
                case.company_id.complaint_report_review
            )
            case.can_review_report = (
                reviewing and can["review_report"] and case._is_reviewer()
            )
            case.can_approve_report = (
                reviewing
                and can["approve_report"]
                and bool(case.report_reviewed_by_id)
                and case._is_supervisor()
            )
            case.can_refuse_review = reviewing and (
                case.can_review_report or case.can_approve_report
            )
            case.can_approve = (
                can["approve"]
                and case.approval_required
                and self.env.user.has_group(
                    MANAGER if case.approval_tier == "manager" else OFFICER
                )
            )
            case.can_send_reply = can["send_reply"]
            case.can_revise_solution = can["revise_solution"]
            case.can_customer_answer = can["customer_accepts"]
            case.can_execute_remedies = (
                case.stage_step == "execute" and not case.remedies_done
            )
            case.can_start_followup = can["start_followup"] and case.remedies_done
            case.can_close = can["close"]
            case.can_reopen = (can["reopen"] and case.stage_step == "closed") or can[
                "reopen_registration"
            ]
            case.can_cancel = can["cancel"]
            case.can_edit_complained = officer and not case.is_locked

    def _can_run(self, transition):
        """Whether the button of ``transition`` is offered (the guards are
        checked when it runs)."""
        return (
            self.stage_step in transition.sources
            and self.env.user.has_group(transition.group)
            and not (transition.done and getattr(self, transition.done)())
        )

    def _run_transition(self, name, **inputs):
        """Run the transition ``name`` on each case: the buttons, the wizards,
        the portal and the mail gateway call this."""
        transition = TRANSITIONS_BY_NAME[name]
        for case in self:
            case._run(transition, inputs)
        return True

    def _move_to_stage(self, stage, inputs):
        """A write of ``stage_id`` (kanban drag, RPC, import) runs the
        transition between the two steps, as its button would."""
        self.ensure_one()
        if stage == self.stage_id:
            if inputs:
                raise UserError(self._wrong_inputs_message(inputs))
            return
        if stage.step == self.stage_step:
            # Another stage of the same step: no transition to run.
            self._lock_for_process()
            self._enter_stage(stage)
            return
        self._check_inputs(inputs)
        transition = DRAG_TRANSITIONS.get((self.stage_step, stage.step))
        if not transition:
            raise UserError(self._cannot_move_message(stage))
        if transition.needs and not (inputs.get(transition.needs) or "").strip():
            raise UserError(
                self.env._(
                    "Complaint %(case)s cannot be moved to %(stage)s this way: it "
                    "needs %(input)s. Use the button %(button)s.",
                    case=self.name,
                    stage=stage.name,
                    input=self._field_label(transition.needs),
                    button=transition.label,
                )
            )
        self._run(transition, inputs, stage=stage)

    def _run(self, transition, inputs, stage=None):
        self.ensure_one()
        # Buttons are public methods: the record rules are checked here.
        self.check_access("write")
        self._check_not_complained()
        if set(inputs) - {transition.needs, *transition.accepts}:
            raise UserError(self._wrong_inputs_message(inputs))
        self._check_inputs(inputs)
        self._lock_for_process()
        # Run again (second click, two users at once): nothing more happens.
        if transition.target and self.stage_step == transition.target:
            return False
        if transition.done and getattr(self, transition.done)():
            return False
        if self.stage_step not in transition.sources:
            if transition.target:
                target = stage or self._stage_for_step(transition.target)
                raise UserError(self._cannot_move_message(target))
            raise UserError(
                self.env._(
                    "%(action)s is not possible on complaint %(case)s in stage "
                    "%(stage)s.",
                    action=transition.label,
                    case=self.name,
                    stage=self.stage_id.name,
                )
            )
        if not self.env.user.has_group(transition.group):
            raise AccessError(self._group_message(transition, stage))
        problems = []
        for guard in transition.guards:
            problems += getattr(self, guard)(transition, inputs)
        if problems:
            problems = "\n".join(f"- {p}" for p in problems)
            if transition.target:
                raise UserError(
                    self.env._(
                        "Complaint %(case)s cannot move to %(stage)s yet:\n"
                        "%(problems)s",
                        case=self.name,
                        stage=(stage or self._stage_for_step(transition.target)).name,
                        problems=problems,
                    )
                )
            raise UserError(
                self.env._(
                    "Complaint %(case)s: %(action)s is not possible yet:\n%(problems)s",
                    case=self.name,
                    action=transition.label,
                    problems=problems,
                )
            )
        if transition.target:
            self._enter_stage(
                stage or self._stage_for_step(transition.target), transition
            )
        for effect in transition.effects:
            getattr(self, effect)(transition, inputs)
        return True

    def _check_inputs(self, inputs):
        for fname, value in inputs.items():
            if value and not isinstance(value, str):
                raise UserError(
                    self.env._(
                        "%(field)s of complaint %(case)s must be a text.",
                        field=self._field_label(fname),
                        case=self.name,
                    )
                )

    def _lock_for_process(self):
        """Lock the case rows: a second request running the same transition
        waits for this one to commit, then fails to serialize and is retried
        by Odoo, and finds the transition done."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM complaint_case WHERE id IN %s FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()

    def _stage_for_step(self, step):
        Stage = self.env["complaint.stage"]
        stage = Stage.browse(Stage._first_stage_id(step))
        if not stage:
            raise UserError(
                self.env._("No stage is configured for the step %(step)s.", step=step)
            )
        return stage

    def _enter_stage(self, stage, transition=None):
        now = fields.Datetime.now()
        old_step = self.stage_step
        vals = {"stage_id": stage.id, "date_stage": now}
        if transition and transition.reopening:
            vals.update(reopen_count=self.reopen_count + 1, date_reopened=now)
        self._log_stage_exit()
        self._process_write(vals)
        if stage.step in FROZEN_STEPS and old_step not in FROZEN_STEPS:
            self.line_ids._freeze_evidence()
        elif old_step in FROZEN_STEPS and stage.step not in FROZEN_STEPS:
            self.line_ids._unfreeze_evidence()
        self._on_stage_entered()
        self._log_stage_entry()

    def _cannot_move_message(self, stage):
        return self.env._(
            "Complaint %(case)s cannot go from stage %(from)s to stage %(to)s.",
            case=self.name,
            **{"from": self.stage_id.name},
            to=stage.name,
        )

    def _group_message(self, transition, stage):
        if transition.reopening and transition.target:
            return self.env._(
                "Only Complaint Officers can send complaint %(case)s back from "
                "%(from)s to %(to)s.",
                case=self.name,
                **{"from": self.stage_id.name},
                to=(stage or self._stage_for_step(transition.target)).name,
            )
        return self.env._(
            "Only %(group)s can run %(action)s on complaint %(case)s.",
            group=GROUP_LABELS[transition.group],
            action=transition.label,
            case=self.name,
        )

    def _wrong_inputs_message(self, inputs):
        return self.env._(
            "%(fields)s of complaint %(case)s can only be given with the move that "
            "needs it.",
            fields=", ".join(self._field_label(f) for f in sorted(inputs)),
            case=self.name,
        )

    def _field_label(self, fname):
        return self._fields[fname].get_description(self.env)["string"]

    @api.model
    def _input_fields(self, vals):
        return [fname for fname in vals if fname in INPUT_FIELDS]

    def _creation_message(self):
        # What mail.thread says, without reading the model's name from
        # ir.model at every registration.
        self.ensure_one()
        return self.env._("Complaint registered")

    def _on_registered(self):
        """A case is registered: its history, time limits and the
        acknowledgement to the customer."""
        self._time_limits_create()
        self._log_stage_entry()
        self._queue_acknowledgement()
        self.filtered(lambda c: c.severity == "major")._notify_major()

    def _notify_major(self):
        """重大投诉: the Complaint Managers of the company follow the case and
        are told at once (not a person complained about)."""
        if not self:
            return
        managers = (
            self.env.ref(MANAGER)
            .sudo()
            .users.filtered(lambda u: u.active and not u.share)
        )
        for case in self:
            people = (
                managers.filtered_domain([("company_ids", "in", case.company_id.ids)])
                - case.sudo().complained_user_ids
            )
            if not people:
                continue
            case.message_subscribe(people.partner_id.ids)
            case.message_post(
                body=self.env._(
                    "Major complaint %(case)s from %(customer)s: the Complaint "
                    "Managers decide on it.",
                    case=case.name,
                    customer=case.partner_id.commercial_partner_id.display_name,
                ),
                partner_ids=people.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _on_process_write(self, vals):
        if vals.get("user_id"):
            self._reassign_deadline_activities()

    def _on_user_write(self, vals):
        if vals.get("user_id"):
            self._reassign_deadline_activities()
        if REPORT_EDIT_FIELDS & set(vals):
            # A reviewed report that changes is reviewed again.
            for case in self._clear_review():
                case._message_log(
                    body=self.env._(
                        "The investigation report changed: its review and approval "
                        "are cleared."
                    )
                )
        if "reply_text" in vals:
            for case in self:
                case._message_log(
                    body=Markup("%s<br/>%s")
                    % (self.env._("Reply to the customer updated:"), case.reply_text)
                )

    def _check_process_write_vals(self, vals):
        """The rules of the process on a user's write of a case."""
        if "complained_user_ids" in vals:
            self._check_complained_editor()
        for fname, part in (
            ("reply_text", "reply"),
            ("remedy_ids", "remedies"),
            ("line_ids", "lines"),
            ("followup_ids", "followups"),
            ("complexity", "complexity"),
        ):
            if fname in vals and self._changes(fname, vals[fname]):
                self._check_editable(part)
        if REPORT_EDIT_FIELDS & set(vals) and any(
            self._changes(fname, vals[fname])
            for fname in REPORT_EDIT_FIELDS & set(vals)
        ):
            self._check_editable("report")
        if {"sale_order_id", "company_id"} & set(vals):
            # The currency, hence the value of the remedies, may change.
            self._clear_approval(self.env._("the order or the company changed."))

    def _check_complained_editor(self):
        user = self.env.user
        if not user.has_group(OFFICER) or user in self.complained_user_ids:
            raise AccessError(
                self.env._(
                    "Only Complaint Officers who are not complained about edit the "
                    "persons complained about."
                )
            )

    def _log_stage_exit(self):
        now = fields.Datetime.now()
        self.stage_log_ids._as_process().filtered(lambda log: not log.date_out).write(
            {"date_out": now}
        )

    def _log_stage_entry(self):
        self.env["complaint.stage.log"]._as_process().create(
            [
                {
                    "case_id": case.id,
                    "stage_id": case.stage_id.id,
                    "user_id": case.user_id.id,
                    "date_in": case.date_stage or fields.Datetime.now(),
                    "date_deadline": case.deadline_ids.filtered(
                        lambda d: d.kind == "stage" and d.state == "open"
                    )[-1:].date_due,
                }
                for case in self
            ]
        )

    def action_accept(self):
        return self._run_transition("accept")

    def action_reject(self):
        return self._open_reason_wizard("reject")

    def action_cancel(self):
        return self._open_reason_wizard("cancel")

    def action_customer_refuses(self):
        return self._open_reason_wizard("customer_refuses")

    def action_log_contact(self):
        return self._run_transition("log_contact")

    def action_start_investigation(self):
        return self._run_transition("start_investigation")

    def action_submit_report(self):
        return self._run_transition("submit_report")

    def action_approve(self):
        return self._run_transition("approve")

    def action_review_report(self):
        return self._run_transition("review_report")

    def action_approve_report(self):
        return self._run_transition("approve_report")

    def action_refuse_review(self):
        return self._open_reason_wizard("refuse_review")

    def action_send_reply(self):
        return self._run_transition("send_reply")

    def action_revise_solution(self):
        return self._run_transition("revise_solution")

    def action_customer_accepts(self):
        return self._run_transition("customer_accepts")

    def action_start_followup(self):
        return self._run_transition("start_followup")

    def action_close(self):
        return self._run_transition("close")

    def action_reopen(self):
        for case in self:
            if case.stage_step in ("rejected", "cancel"):
                case._run_transition("reopen_registration")
            else:
                case._run_transition("reopen")
        return True

    def action_execute_remedies(self):
        self.remedy_ids.filtered(
            lambda r: r.state in ("draft", "cancel")
        ).action_execute()
        return True

    def _open_reason_wizard(self, mode):
        self.ensure_one()
        transition = TRANSITIONS_BY_NAME[mode]
        if self.stage_step not in transition.sources and transition.target:
            raise UserError(
                self._cannot_move_message(self._stage_for_step(transition.target))
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reason"),
            "res_model": "complaint.case.reason",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id, "default_mode": mode},
        }
