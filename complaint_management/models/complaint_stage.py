from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from .complaint_input import check_plausible

# A year of working days, or of hours.
MAX_LIMIT = {"days": 365, "hours": 365 * 24, "clock_hours": 365 * 24}


class ComplaintStage(models.Model):
    _name = "complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are shown collapsed in the kanban view.",
    )
    active = fields.Boolean(default=True)
    step = fields.Selection(
        [
            ("register", "Registration"),
            ("accept", "Acceptance"),
            ("investigate", "Investigation"),
            ("solution", "Solution"),
            ("reply", "Reply"),
            ("execute", "Execution"),
            ("followup", "Follow-up"),
            ("closed", "Closed"),
            ("rejected", "Rejected"),
            ("cancel", "Cancelled"),
        ],
        string="Process Step",
        required=True,
        default="register",
        help="Which step of the complaint process this stage stands for. "
        "Closed, rejected and cancelled stages freeze the evidence of their "
        "cases. The process moves between steps in this order and checks each "
        "gate on the way.",
    )
    time_limit = fields.Float(
        help="How long a case may stay in this stage before it is overdue; "
        "0 means no limit.",
    )
    time_limit_unit = fields.Selection(
        [
            ("hours", "Working Hours"),
            ("days", "Working Days"),
            ("clock_hours", "Clock Hours"),
        ],
        default="days",
        required=True,
        help="Working hours and days are counted on the company's working "
        "calendar; clock hours round the clock (register within 24 h).",
    )
    description = fields.Text(translate=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_plausible(self, vals)
        self.env.registry.clear_cache()  # _first_stage_id
        return super().create(vals_list)

    def write(self, vals):
        check_plausible(self, vals)
        if vals.get("active") is False:
            self._check_can_archive()
        if "step" in vals:
            for stage in self.filtered(lambda s: s.step != vals["step"]):
                count = (
                    self.env["complaint.case"]
                    .with_context(active_test=False)
                    .search_count([("stage_id", "=", stage.id)])
                )
                if count:
                    raise UserError(
                        self.env._(
                            "Stage %(stage)s holds %(count)s complaints: its process "
                            "step cannot change (move them first, or create another "
                            "stage).",
                            stage=stage.name,
                            count=count,
                        )
                    )
        if {"step", "sequence", "active"} & set(vals):
            self.env.registry.clear_cache()  # _first_stage_id
        return super().write(vals)

    @api.model
    @tools.ormcache("step")
    def _first_stage_id(self, step):
        """The stage a case enters for ``step``: every registration asks."""
        # sudo and active stages only: one answer for every user.
        stages = self.sudo().with_context(active_test=True)
        return stages.search([("step", "=", step)], limit=1).id

    @api.ondelete(at_uninstall=False)
    def _unlink_clear_cache(self):
        self.env.registry.clear_cache()  # _first_stage_id

    def _check_can_archive(self):
        """The process moves cases to the first active stage of a step: a
        stage holding cases, or the last one of its step, stays."""
        Case = self.env["complaint.case"].with_context(active_test=False)
        for stage in self.filtered("active"):
            count = Case.search_count([("stage_id", "=", stage.id)])
            others = self.search_count(
                [("step", "=", stage.step), ("id", "not in", self.ids)]
            )
            if count or not others:
                raise UserError(
                    self.env._(
                        "Stage %(stage)s cannot be archived: it holds %(count)s "
                        "complaints, or it is the last stage of its process step.",
                        stage=stage.name,
                        count=count,
                    )
                )

    @api.constrains("time_limit", "time_limit_unit")
    def _check_time_limit(self):
        for stage in self:
            maximum = MAX_LIMIT[stage.time_limit_unit]
            if stage.time_limit > maximum:
                raise ValidationError(
                    self.env._(
                        "The time limit of stage %(stage)s is not plausible: "
                        "%(limit)s (at most %(max)s).",
                        stage=stage.name,
                        limit=stage.time_limit,
                        max=maximum,
                    )
                )
            if stage.time_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The time limit of stage %(stage)s cannot be negative "
                        "(%(limit)s).",
                        stage=stage.name,
                        limit=stage.time_limit,
                    )
                )
