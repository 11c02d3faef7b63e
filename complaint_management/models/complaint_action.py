from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_process import OFFICER, PROCESS, in_process

# 效果确认: recorded by Quality Management (the Complaint Officers) once the
# action is done, even on a closed complaint.
EFFECTIVENESS_FIELDS = frozenset({"effectiveness", "effectiveness_note"})
ACTIVITY_TYPE = "complaint_management.mail_activity_type_complaint_action"


class ComplaintAction(models.Model):
    _name = "complaint.action"
    _inherit = ["mail.activity.mixin", "complaint.case.child.mixin"]
    _description = "Complaint Corrective or Preventive Action"
    _order = "date_deadline, id"
    _complaint_part = "actions"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    name = fields.Char(string="Action", required=True)
    action_type = fields.Selection(
        [("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, default=lambda self: self.env.user
    )
    date_deadline = fields.Date(string="Deadline", required=True)
    state = fields.Selection(
        [
            ("open", "Open"),
            ("done", "Done"),
            ("carried_over", "Carried Over"),
            ("cancel", "Cancelled"),
        ],
        default="open",
        required=True,
        help="Carried Over: an officer lets the complaint close while the action "
        "goes on (a long-running improvement).",
    )
    effectiveness = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")],
        copy=False,
        help="效果确认: Quality Management's check, after the action is done, "
        "that it worked.",
    )
    effectiveness_note = fields.Text(copy=False)
    date_effectiveness = fields.Date(
        string="Effectiveness Checked On", readonly=True, copy=False
    )
    effectiveness_user_id = fields.Many2one(
        "res.users", string="Effectiveness Checked By", readonly=True, copy=False
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    reminder_activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, ondelete="set null"
    )
    date_done = fields.Date(
        compute="_compute_date_done", store=True, readonly=True, precompute=True
    )

    @api.depends("state")
    def _compute_date_done(self):
        for action in self:
            if action.state != "done":
                action.date_done = False
            elif not action.date_done:
                action.date_done = fields.Date.context_today(action)

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = action.state == "open" and action.date_deadline < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue actions."))
        overdue = [
            ("state", "=", "open"),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    # The mixin's checks keep the persons complained about out (回避).
    @api.model_create_multi
    def create(self, vals_list):
        self._check_child_create(vals_list)
        for vals in vals_list:
            if vals.get("state") == "carried_over":
                self._check_carrier()
            if EFFECTIVENESS_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "The effectiveness of an action is checked once it is done."
                    )
                )
        actions = super().create(vals_list)
        actions._schedule_reminders()
        return actions

    def write(self, vals):
        if in_process(self.env):
            return super().write(vals)
        if EFFECTIVENESS_FIELDS & set(vals):
            return self._write_effectiveness(vals)
        self._check_child_write(vals)
        if vals.get("state") == "carried_over":
            self._check_carrier()
        res = super().write(vals)
        if {"state", "user_id", "date_deadline"} & set(vals):
            self._schedule_reminders()
        return res

    def _check_carrier(self):
        if not self.env.user.has_group(OFFICER):
            raise AccessError(
                self.env._(
                    "Only a Complaint Officer carries an action over beyond its "
                    "complaint."
                )
            )

    def _write_effectiveness(self, vals):
        """效果确认, by Quality Management, once the action is done; also on a
        closed complaint (the check comes weeks after)."""
        if set(vals) - EFFECTIVENESS_FIELDS:
            raise UserError(
                self.env._("Record the effectiveness of an action on its own.")
            )
        if not self.env.user.has_group(OFFICER):
            raise AccessError(
                self.env._(
                    "The effectiveness of corrective and preventive actions is "
                    "checked by Quality Management (Complaint Officers)."
                )
            )
        self.check_access("write")
        self.case_id._check_not_complained()
        for action in self:
            if action.state != "done":
                raise UserError(
                    self.env._(
                        "The effectiveness of %(action)s is checked once it is done.",
                        action=action.name,
                    )
                )
        return super(
            ComplaintAction, self.with_context(complaint_process=PROCESS)
        ).write(
            {
                **vals,
                "date_effectiveness": fields.Date.context_today(self),
                "effectiveness_user_id": self.env.uid,
            }
        )

    def _schedule_reminders(self):
        """An activity on the complaint for the owner of each open action,
        due on its deadline (Odoo reminds them from their activities, and
        they follow the complaint); none once the action is done, carried
        over or cancelled."""
        for action in self.sudo():
            current = action.reminder_activity_id
            if action.state != "open":
                current.unlink()
                continue
            if (
                current
                and current.user_id == action.user_id
                and current.date_deadline == action.date_deadline
            ):
                continue
            current.unlink()
            action.reminder_activity_id = action.case_id.activity_schedule(
                act_type_xmlid=ACTIVITY_TYPE,
                date_deadline=action.date_deadline,
                summary=self.env._(
                    "%(type)s action due: %(action)s",
                    type=dict(
                        self._fields["action_type"]._description_selection(self.env)
                    )[action.action_type],
                    action=action.name,
                ),
                user_id=action.user_id.id,
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_check_case(self):
        self._check_case_change(self.case_id)

    def unlink(self):
        self.sudo().reminder_activity_id.unlink()
        return super().unlink()

    def action_done(self):
        self.state = "done"
