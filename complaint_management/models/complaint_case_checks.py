"""What a user may write on a complaint case, whatever the path (form, kanban
drag, RPC, import, context defaults): the process fields are the process's,
a finished case is read-only, the persons complained about keep out of it
(回避), and absurd input gets a clear message. Called by the one create and
write of complaint_case.py."""

import functools

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from .complaint_input import check_plausible, check_search_access, context_defaults
from .complaint_process import (
    EDITABLE_STEPS,
    FROZEN_STEPS,
    FROZEN_WRITABLE_FIELDS,
    INPUT_FIELDS,
    MANAGER,
    PROCESS_FIELDS,
)

# Written by Odoo's portal and mail layers as superuser, never by users.
SUPERUSER_FIELDS = frozenset({"access_token"})


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    @api.model
    def _search(self, domain, *args, **kwargs):
        check_search_access(self, domain)
        return super()._search(domain, *args, **kwargs)

    def onchange(self, values, field_names, fields_spec):
        check_plausible(self, values)
        return super().onchange(values, field_names, fields_spec)

    def _check_access(self, operation):
        """The record rules of many cases at once in one SQL query. Odoo
        evaluates them in Python, reading every field the rules name: the
        followers of each case for the rule of Complaints users. The kanban
        asks it for the cards of every column (through their activities)."""
        if self.env.su or len(self._ids) < 2 or not all(self._ids):
            return super()._check_access(operation)
        if not self.env["ir.model.access"].check(
            self._name, operation, raise_exception=False
        ):
            return super()._check_access(operation)
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(self._name, operation)
        if not domain:
            return None
        allowed = set(
            self.sudo()
            .with_context(active_test=False)
            ._search(expression.AND([[("id", "in", list(self._ids))], domain]))
        )
        forbidden = self.browse([id_ for id_ in self._ids if id_ not in allowed])
        if forbidden:
            return forbidden, functools.partial(
                Rule._make_access_error, operation, forbidden
            )
        return None

    def message_post(self, **kwargs):
        # 回避: a person complained about does not write about the case.
        self._check_not_complained()
        return super().message_post(**kwargs)

    def _check_create_vals(self, vals):
        """What a user may not give when registering a case, as values or as
        context defaults."""
        vals = {**context_defaults(self), **vals}
        check_plausible(self, vals)
        stage_id = vals.get("stage_id")
        if stage_id and self._browse_stage(stage_id).step != "register":
            raise UserError(
                self.env._(
                    "A complaint is registered in a stage of the step Registration; "
                    "it moves on through the process."
                )
            )
        if vals.get("active") is False:
            self._check_archiver()
        if self._m2m_ids(vals.get("complained_user_ids")):
            self._check_complained_editor()
        given = {
            fname
            for fname, value in vals.items()
            if value
            and fname != "stage_id"
            and (
                fname in PROCESS_FIELDS
                or fname in SUPERUSER_FIELDS
                or self._is_system_field(fname)
            )
            and not (fname == "name" and value == self.env._("New"))
        }
        if given:
            raise UserError(self._process_fields_message(given))
        if vals.get("reply_text"):
            raise UserError(
                self.env._(
                    "The reply to a complaint is written during the investigation and "
                    "the solution, not at registration."
                )
            )

    def _check_write_vals(self, vals):
        """A user's write: process fields, locks, recusal, archiving."""
        check_plausible(self, vals)
        if "active" in vals:
            self._check_archiver()
        self._check_not_complained()
        # The inputs of a transition come with the move (stage_id); the move
        # itself is judged by the process (a closed case can be reopened).
        allowed = {"stage_id", *INPUT_FIELDS} if "stage_id" in vals else set()
        if self.env.su:
            allowed |= SUPERUSER_FIELDS
        for case in self:
            if case.stage_step in FROZEN_STEPS and set(vals) - (
                FROZEN_WRITABLE_FIELDS | allowed
            ):
                raise UserError(case._locked_message())
        changed = {
            fname
            for fname in vals
            if (
                fname in PROCESS_FIELDS
                or fname in SUPERUSER_FIELDS
                or self._is_system_field(fname)
            )
            and fname not in allowed
        }
        # An import that gives back the current value changes nothing.
        changed = {fname for fname in changed if self._changes(fname, vals[fname])}
        if changed:
            raise UserError(self._process_fields_message(changed))
        if "date_received" in vals and self._changes(
            "date_received", vals["date_received"]
        ):
            for case in self.filtered(lambda c: c.stage_step != "register"):
                raise UserError(
                    self.env._(
                        "The receipt date of complaint %(case)s is corrected while "
                        "it is registered: the time limits count from it (stage now: "
                        "%(stage)s).",
                        case=case.name,
                        stage=case.stage_id.name,
                    )
                )
        self._check_routing_write(vals)
        self._check_process_write_vals(vals)

    def _display_value(self, fname):
        field = self._fields[fname]
        if field.type == "selection":
            return dict(field._description_selection(self.env))[self[fname]]
        return self[fname].display_name

    def _check_routing_write(self, vals):
        """分类转办: once a case has a department, only a Complaint Officer
        sends it to another one (or corrects its receiving unit, or its
        severity)."""
        if self._is_router():
            return
        for fname in ("department_id", "receiving_department_id", "severity"):
            if fname not in vals:
                continue
            for case in self:
                if case[fname] and case._changes(fname, vals[fname]):
                    raise UserError(
                        self.env._(
                            "Only a Complaint Officer changes the %(field)s of "
                            "complaint %(case)s (now %(department)s).",
                            field=self._field_label(fname),
                            case=case.name,
                            department=case._display_value(fname),
                        )
                    )

    def _check_archiver(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only Complaint Managers can archive or restore complaints.")
            )

    def _check_not_complained(self):
        """被投诉人应当回避: a person complained about does not act on the case."""
        user = self.env.user
        for case in self:
            # sudo: the list is internal; whether the user is on it is not.
            if user in case.sudo().complained_user_ids:
                raise AccessError(
                    self.env._(
                        "%(user)s is a person complained about in %(case)s and may "
                        "not act on it.",
                        user=user.name,
                        case=case.name,
                    )
                )

    def _is_system_field(self, fname):
        """Computed by the system, no inverse: not for users to write."""
        field = self._fields.get(fname)
        return bool(field and field.compute and field.readonly and not field.inverse)

    def _changes(self, fname, value):
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return True
        for case in self:
            new = field.convert_to_cache(value, case, validate=False)
            if new != field.convert_to_cache(case[fname], case, validate=False):
                return True
        return False

    @api.model
    def _m2m_ids(self, commands):
        """The ids a many2many value (ids or commands) would hold."""
        ids = set()
        for command in commands or ():
            if isinstance(command, int):
                ids.add(command)
            elif command[0] == 6:
                ids = set(command[2])
            elif command[0] == 4:
                ids.add(command[1])
            elif command[0] in (3, 2):
                ids.discard(command[1])
            elif command[0] == 5:
                ids = set()
            elif command[0] == 0:
                ids.add(None)
        return ids

    @api.model
    def _browse_stage(self, stage_id):
        try:
            stage = self.env["complaint.stage"].browse(int(stage_id)).exists()
        except (TypeError, ValueError):
            stage = self.env["complaint.stage"]
        if not stage:
            raise UserError(
                self.env._("There is no complaint stage %(stage)s.", stage=stage_id)
            )
        return stage

    def _process_fields_message(self, fnames):
        labels = sorted(
            self._fields[fname].get_description(self.env)["string"] for fname in fnames
        )
        return self.env._(
            "%(fields)s of a complaint are set by the complaint process, not by "
            "hand: use the process buttons.",
            fields=", ".join(labels),
        )

    def _locked_message(self):
        self.ensure_one()
        return self.env._(
            "Complaint %(case)s is %(stage)s: it is read-only until a Complaint "
            "Officer reopens it.",
            case=self.name,
            stage=self.stage_id.name,
        )

    def _check_editable(self, part):
        """Refuse a user's change of ``part`` (lines, remedies, reply,
        followups, actions) where the step of the case does not allow it."""
        from .complaint_process import REPLIED_STEPS, in_process

        if in_process(self.env):
            return
        for case in self:
            step = case.stage_step
            if step in EDITABLE_STEPS[part]:
                continue
            if step in FROZEN_STEPS:
                raise UserError(case._locked_message())
            if step in REPLIED_STEPS and part in (
                "remedies",
                "reply",
                "lines",
                "report",
            ):
                raise UserError(
                    self.env._(
                        "The reply of complaint %(case)s has been sent: its lines, "
                        "remedies, reply and investigation report are frozen. Use "
                        "Revise Solution to go back to Solution (this clears the "
                        "approval).",
                        case=case.name,
                    )
                )
            raise UserError(
                {
                    "remedies": self.env._(
                        "Remedies of complaint %(case)s are proposed during the "
                        "investigation and the solution (stage now: %(stage)s).",
                        case=case.name,
                        stage=case.stage_id.name,
                    ),
                    "reply": self.env._(
                        "The reply of complaint %(case)s is written during the "
                        "investigation and the solution (stage now: %(stage)s).",
                        case=case.name,
                        stage=case.stage_id.name,
                    ),
                    "complexity": self.env._(
                        "The complexity of complaint %(case)s is decided during the "
                        "investigation: the closing time limit follows it (stage "
                        "now: %(stage)s).",
                        case=case.name,
                        stage=case.stage_id.name,
                    ),
                    "followups": self.env._(
                        "Follow-up visits of complaint %(case)s are recorded in the "
                        "Follow-up stage (stage now: %(stage)s).",
                        case=case.name,
                        stage=case.stage_id.name,
                    ),
                }.get(part, case._locked_message())
            )
