from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError

from .complaint_input import check_plausible, context_defaults
from .complaint_process import PROCESS, in_process, registering


class ComplaintCaseChild(models.AbstractModel):
    """What the records of a case (lines, remedies, follow-ups, actions) share:
    they stay with their case, and change only when the step of their case
    allows it (complaint_process.EDITABLE_STEPS), for every path: form, RPC,
    import."""

    _name = "complaint.case.child.mixin"
    _description = "Record of a Complaint Case"
    # Key of EDITABLE_STEPS for the records of this model.
    _complaint_part = None

    def _check_case_change(self, cases):
        """A user adds, changes or removes records of ``cases``."""
        if in_process(self.env):
            return
        if not registering(self.env):
            cases.check_access("write")
        cases._check_not_complained()
        cases._check_editable(self._complaint_part)

    def _check_child_create(self, vals_list):
        """A user's create: values and context defaults alike. The case comes
        with the values (a default case is written into them)."""
        defaults = context_defaults(self)
        for vals in vals_list:
            if "case_id" not in vals and defaults.get("case_id"):
                vals["case_id"] = defaults["case_id"]
        if in_process(self.env):
            return
        for vals in vals_list:
            given = {**defaults, **vals}
            check_plausible(self, given)
            system = [
                f for f, value in given.items() if value and self._is_system_field(f)
            ]
            if system:
                raise UserError(self._system_fields_message(system))
        self._check_case_change(
            self.env["complaint.case"].browse(
                {vals["case_id"] for vals in vals_list if vals.get("case_id")}
            )
        )

    def _check_child_write(self, vals):
        if in_process(self.env):
            return
        check_plausible(self, vals)
        if "case_id" in vals and any(
            record.case_id.id != vals["case_id"] for record in self
        ):
            raise UserError(
                self.env._(
                    "%(records)s cannot move to another complaint: they stay "
                    "with %(cases)s.",
                    records=self._description,
                    cases=", ".join(self.case_id.mapped("name")),
                )
            )
        given = [fname for fname in vals if self._is_system_field(fname)]
        if given:
            raise UserError(self._system_fields_message(given))
        self._check_case_change(self.case_id)

    def onchange(self, values, field_names, fields_spec):
        check_plausible(self, values)
        return super().onchange(values, field_names, fields_spec)

    def _is_system_field(self, fname):
        field = self._fields.get(fname)
        return (
            bool(
                field
                and (field.compute or field.related)
                and field.readonly
                and not field.inverse
            )
            or fname in self._process_fields()
        )

    def _process_fields(self):
        """Fields of the model that only the process writes."""
        return ()

    def _system_fields_message(self, fnames):
        return self.env._(
            "%(fields)s of %(records)s are set by the complaint process, not by "
            "hand.",
            fields=", ".join(
                sorted(
                    self._fields[fname].get_description(self.env)["string"]
                    for fname in fnames
                )
            ),
            records=self._description,
        )

    def _process_write(self, vals):
        return self.with_context(complaint_process=PROCESS).write(vals)

    def _log_on_case(self, title, records_text):
        """Post on each case a note listing what changed in its records."""
        for case in self.case_id:
            lines = records_text.get(case.id)
            if not lines:
                continue
            body = Markup("%s<ul>%s</ul>") % (
                title,
                Markup().join(Markup("<li>%s</li>") % line for line in lines),
            )
            case._message_log(body=body)


class ComplaintProcessRecord(models.AbstractModel):
    """Records only the process writes (time limits, stage history): users
    read them; a create, write or delete over RPC is refused."""

    _name = "complaint.process.record.mixin"
    _description = "Record Kept by the Complaint Process"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_process()
        return super().create(vals_list)

    def write(self, vals):
        self._check_process()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_by_process_only(self):
        self._check_process()

    def _check_process(self):
        if not in_process(self.env):
            raise UserError(
                self.env._(
                    "%(records)s are kept by the complaint process, not by hand.",
                    records=self._description,
                )
            )

    def _as_process(self):
        return self.with_context(complaint_process=PROCESS)
