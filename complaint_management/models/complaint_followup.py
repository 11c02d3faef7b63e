from odoo import api, fields, models
from odoo.exceptions import ValidationError

SATISFIED_FROM = 3


class ComplaintFollowup(models.Model):
    _name = "complaint.followup"
    _inherit = ["complaint.case.child.mixin"]
    _description = "Complaint Follow-up Visit"
    _order = "date, id"
    _complaint_part = "followups"

    case_id = fields.Many2one(
        "complaint.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    method = fields.Selection(
        [
            ("phone", "Phone"),
            ("visit", "Visit"),
            ("email", "Email"),
            ("wechat", "WeChat"),
            ("survey", "Online Survey"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
    )
    user_id = fields.Many2one(
        "res.users", string="Visited By", default=lambda self: self.env.user
    )
    satisfaction = fields.Selection(
        [
            ("1", "Very Unsatisfied"),
            ("2", "Unsatisfied"),
            ("3", "Satisfied"),
            ("4", "Quite Satisfied"),
            ("5", "Very Satisfied"),
        ],
        required=True,
    )
    satisfied = fields.Boolean(compute="_compute_satisfied", store=True)
    comment = fields.Text()
    process_round = fields.Integer(
        string="Round",
        readonly=True,
        help="Technical: how many times the case had gone back in the process "
        "when the visit was made; only the visits of the current round count "
        "toward closing.",
    )

    @api.depends("satisfaction")
    def _compute_satisfied(self):
        for followup in self:
            followup.satisfied = int(followup.satisfaction or 0) >= SATISFIED_FROM

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for followup in self:
            if followup.date > today:
                raise ValidationError(
                    self.env._(
                        "A follow-up visit of %(case)s is recorded once made: "
                        "%(date)s is in the future.",
                        case=followup.case_id.name,
                        date=followup.date,
                    )
                )
            executed = followup.case_id.date_executed
            if executed and followup.date < fields.Date.context_today(
                followup, executed
            ):
                raise ValidationError(
                    self.env._(
                        "A follow-up visit of %(case)s comes after the remedies were "
                        "carried out (%(executed)s), not on %(date)s.",
                        case=followup.case_id.name,
                        executed=fields.Date.context_today(followup, executed),
                        date=followup.date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_child_create(vals_list)
        cases = self.env["complaint.case"].browse(
            {vals["case_id"] for vals in vals_list if vals.get("case_id")}
        )
        for vals in vals_list:
            if vals.get("case_id"):
                vals["process_round"] = cases.browse(vals["case_id"]).reopen_count
        followups = super().create(vals_list)
        followups._log_on_case(
            self.env._("Follow-up visit recorded:"),
            {
                case.id: [f._summary() for f in followups if f.case_id == case]
                for case in followups.case_id
            },
        )
        # The visit meets the follow-up time limit.
        followups.case_id._time_limits_met(("followup",))
        followups._reopen_if_unsatisfied()
        return followups

    def _reopen_if_unsatisfied(self):
        """An unsatisfied customer sends the case back to investigation
        (回访不满意), whether the visit is recorded so or changed to it."""
        for case in self.filtered(lambda f: not f.satisfied).case_id:
            if case.stage_step == "followup":
                case._run_transition("followup_unsatisfied")

    def write(self, vals):
        self._check_child_write(vals)
        res = super().write(vals)
        if "satisfaction" in vals:
            self._reopen_if_unsatisfied()
        self._log_on_case(
            self.env._("Follow-up visit changed:"),
            {
                case.id: [f._summary() for f in self if f.case_id == case]
                for case in self.case_id
            },
        )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_check_case(self):
        self._check_case_change(self.case_id)

    def _process_fields(self):
        return ("process_round",)

    def _summary(self):
        self.ensure_one()
        selection = dict(self._fields["satisfaction"]._description_selection(self.env))
        methods = dict(self._fields["method"]._description_selection(self.env))
        summary = (
            f"{self.date} · {methods[self.method]} · {selection[self.satisfaction]}"
        )
        return f"{summary} · {self.comment}" if self.comment else summary
