import logging
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

_logger = logging.getLogger(__name__)

COMPLAINT_TYPES = [
    ("quality", "Quality Defect"),
    ("specification", "Specification Mismatch"),
    ("quantity", "Quantity Mismatch"),
    ("tolerance", "Out of Tolerance"),
    ("transport_damage", "Transport Damage"),
    ("packaging_damage", "Packaging Damage"),
    ("delivery_date", "Delivery Date"),
    ("service", "Service Attitude"),
    ("contract", "Contract Dispute"),
    ("other", "Other"),
]
# Complaint types whose claimed quantity is goods the customer holds: it can
# never exceed what was delivered to them.
DEFECT_TYPES = ("quality", "tolerance", "transport_damage", "packaging_damage")
VERIFICATION_STATES = [
    ("to_check", "To Check"),
    ("confirmed", "Confirmed"),
    ("partial", "Partly Confirmed"),
    ("unfounded", "Unfounded"),
]
FROZEN_STEPS = ("closed", "rejected", "cancel")
CRON_BATCH_SIZE = 200


class ComplaintCase(models.Model):
    _name = "complaint.case"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "priority desc, date_received desc, id desc"
    _check_company_auto = True

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique (name, company_id)",
            "A complaint number must be unique per company.",
        ),
    ]

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        tracking=True,
        index="btree_not_null",
        domain="[('state', '=', 'sale'), ('company_id', '=', company_id)]",
        help="The contract the complaint is about: a confirmed sale order.",
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        "complaint_case_stock_picking_rel",
        "case_id",
        "picking_id",
        string="Deliveries",
        domain="[('sale_id', '=', sale_order_id), "
        "('picking_type_code', '=', 'outgoing')]",
        help="The deliveries of the order that the complaint is about.",
    )
    line_ids = fields.One2many(
        "complaint.case.line", "case_id", string="Lines", copy=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Main Product",
        compute="_compute_product_id",
        store=True,
        index="btree_not_null",
    )
    complaint_type = fields.Selection(
        COMPLAINT_TYPES, string="Type", required=True, default="quality", tracking=True
    )
    customer_request = fields.Selection(
        [
            ("price_reduction", "Price Reduction"),
            ("return", "Return"),
            ("exchange", "Exchange"),
            ("repair", "Free Repair or Rework"),
            ("compensation", "Damage Compensation"),
            ("suggestion", "Criticism or Suggestion"),
        ],
        tracking=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    claimed_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("letter", "Letter"),
            ("portal", "Website / Portal"),
            ("wechat", "WeChat"),
            ("onsite", "On Site"),
            ("regulator", "Regulator / Association"),
            ("other", "Other"),
        ],
        default="phone",
        required=True,
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, tracking=True
    )
    description = fields.Html()
    stage_id = fields.Many2one(
        "complaint.stage",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
    )
    stage_step = fields.Selection(related="stage_id.step", store=True, string="Step")
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Very Urgent")],
        default="0",
        index=True,
    )
    color = fields.Integer()
    department_id = fields.Many2one(
        "hr.department",
        string="Responsible Department",
        tracking=True,
        index=True,
        check_company=True,
        default=lambda self: self._default_department_id(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    verification_state = fields.Selection(
        VERIFICATION_STATES,
        string="Verdict",
        compute="_compute_verification_state",
        store=True,
        index=True,
        help="Summary of the lines' verdicts against the order and delivery data.",
    )
    date_stage = fields.Datetime(
        string="In Stage Since", readonly=True, copy=False, default=fields.Datetime.now
    )
    date_deadline = fields.Datetime(
        string="Stage Deadline",
        readonly=True,
        copy=False,
        help="When the case must leave its current stage, counted on the "
        "company's working calendar from the stage's time limit.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        store=True,
        index=True,
        help="Past the stage deadline and escalated by the daily check.",
    )
    date_remind = fields.Datetime(
        string="Remind On",
        compute="_compute_alert_dates",
        store=True,
        help="The company's reminder delay (working hours) before the deadline.",
    )
    date_escalate = fields.Datetime(
        string="Escalate to Officers On",
        compute="_compute_alert_dates",
        store=True,
        help="The company's escalation delay (working days) after the deadline.",
    )
    date_reminded = fields.Datetime(
        string="Reminded On",
        readonly=True,
        copy=False,
        help="When the handler was reminded of the coming stage deadline.",
    )
    escalation_level = fields.Selection(
        [
            ("0", "None"),
            ("1", "Department Manager"),
            ("2", "Complaint Officers"),
        ],
        default="0",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------
    def _default_stage_id(self):
        return self.env["complaint.stage"].search([], limit=1)

    def _default_department_id(self):
        employee = self.env.user.employee_ids.filtered(
            lambda e: e.company_id == self.env.company
        )[:1]
        return employee.department_id

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage is a kanban column, even when empty.
        # The stages are a handful of configuration records.
        return stages.search([], order=stages._order)  # pylint: disable=no-search-all

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        for case in self:
            case.access_url = f"/my/complaints/{case.id}"

    @api.depends("sale_order_id")
    def _compute_partner_id(self):
        for case in self:
            if case.sale_order_id and not case.partner_id:
                case.partner_id = case.sale_order_id.partner_id

    @api.depends("sale_order_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for case in self:
            case.currency_id = (
                case.sale_order_id.currency_id or case.company_id.currency_id
            )

    @api.depends("line_ids.product_id")
    def _compute_product_id(self):
        for case in self:
            case.product_id = case.line_ids[:1].product_id

    @api.depends(
        "date_deadline",
        "company_id.complaint_reminder_hours",
        "company_id.complaint_escalation_delay",
        "company_id.resource_calendar_id",
    )
    def _compute_alert_dates(self):
        for case in self:
            company = case.company_id
            calendar = company.resource_calendar_id
            if not case.date_deadline or not calendar:
                case.date_remind = case.date_escalate = False
                continue
            remind = calendar.plan_hours(
                -company.complaint_reminder_hours,
                case.date_deadline,
                compute_leaves=True,
            )
            escalate = calendar.plan_hours(
                company.complaint_escalation_delay * (calendar.hours_per_day or 8),
                case.date_deadline,
                compute_leaves=True,
            )
            case.date_remind = remind and remind.replace(tzinfo=None)
            case.date_escalate = escalate and escalate.replace(tzinfo=None)

    @api.depends("escalation_level")
    def _compute_is_overdue(self):
        for case in self:
            case.is_overdue = case.escalation_level != "0"

    @api.depends("line_ids.verification_state")
    def _compute_verification_state(self):
        for case in self:
            states = set(case.line_ids.mapped("verification_state"))
            if not states or "to_check" in states:
                case.verification_state = "to_check"
            elif len(states) == 1:
                case.verification_state = states.pop()
            else:
                case.verification_state = "partial"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("sale_order_id", "partner_id", "company_id")
    def _check_sale_order(self):
        for case in self.filtered("sale_order_id"):
            order = case.sale_order_id
            if order.state != "sale":
                raise ValidationError(
                    self.env._(
                        "Sale order %(order)s is not confirmed (status: %(state)s): "
                        "a quotation is not a contract, a complaint needs a "
                        "confirmed order.",
                        order=order.name,
                        state=dict(
                            order._fields["state"]._description_selection(self.env)
                        )[order.state],
                    )
                )
            if order.partner_id.commercial_partner_id != case.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Sale order %(order)s belongs to customer %(order_customer)s, "
                        "not to %(customer)s.",
                        order=order.name,
                        order_customer=order.partner_id.commercial_partner_id.display_name,
                        customer=case.commercial_partner_id.display_name,
                    )
                )
            if order.company_id != case.company_id:
                raise ValidationError(
                    self.env._(
                        "Complaint %(case)s is in company %(case_company)s but its "
                        "sale order %(order)s is in company %(order_company)s.",
                        case=case.name,
                        case_company=case.company_id.name,
                        order=order.name,
                        order_company=order.company_id.name,
                    )
                )

    @api.constrains("picking_ids", "sale_order_id")
    def _check_picking_ids(self):
        for case in self.filtered("picking_ids"):
            for picking in case.picking_ids:
                if (
                    picking.picking_type_code != "outgoing"
                    or not case.sale_order_id
                    or picking.sale_id != case.sale_order_id
                ):
                    raise ValidationError(
                        self.env._(
                            "Transfer %(picking)s is not an outgoing delivery of "
                            "sale order %(order)s.",
                            picking=picking.name,
                            order=case.sale_order_id.name or self.env._("(none)"),
                        )
                    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                date = fields.Datetime.to_datetime(vals.get("date_received")) or now
                vals["name"] = self._next_case_number(company, date)
            vals.setdefault("date_stage", now)
        cases = super().create(vals_list)
        cases._schedule_stage_deadline()
        return cases

    def write(self, vals):
        if (
            "active" in vals
            and not self.env.su
            and not self.env.user.has_group(
                "complaint_management.group_complaint_manager"
            )
        ):
            raise AccessError(
                self.env._("Only Complaint Managers can archive or restore complaints.")
            )
        if "stage_id" in vals:
            new_stage = self.env["complaint.stage"].browse(vals["stage_id"])
            if new_stage.step in FROZEN_STEPS:
                self.filtered(
                    lambda c: c.stage_step not in FROZEN_STEPS
                ).line_ids._freeze_evidence()
            else:
                self.filtered(
                    lambda c: c.stage_step in FROZEN_STEPS
                ).line_ids._unfreeze_evidence()
            vals.update(
                date_stage=fields.Datetime.now(),
                date_reminded=False,
                escalation_level="0",
            )
        res = super().write(vals)
        if "stage_id" in vals:
            self._schedule_stage_deadline()
        elif vals.get("user_id"):
            self._schedule_stage_deadline(reschedule_only=True)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_registered(self):
        if self:
            raise UserError(
                self.env._(
                    "Registered complaints cannot be deleted (%(cases)s): move them "
                    "to the stage 'Not Accepted' instead; managers may archive them.",
                    cases=", ".join(self.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Numbering
    # ------------------------------------------------------------------
    @api.model
    def _next_case_number(self, company, date):
        """Case number 编号 = year + month + serial, e.g. KS202611-0001, with a
        sequence per company whose serial restarts every month."""
        sequence = self._get_case_sequence(company)
        date = fields.Date.to_date(date)
        month_start = date.replace(day=1)
        next_month = (month_start.replace(day=28) + fields.date.resolution * 4).replace(
            day=1
        )
        # The sequence serves monthly date ranges; a missing month gets its
        # own range so that the serial restarts at 1. sudo: sequences are
        # technical records users do not manage.
        ranges = sequence.sudo().date_range_ids
        if not ranges.filtered(lambda r: r.date_from <= date <= r.date_to):
            ranges.create(
                {
                    "sequence_id": sequence.id,
                    "date_from": month_start,
                    "date_to": next_month - fields.date.resolution,
                }
            )
        return sequence.sudo().with_context(ir_sequence_date=date).next_by_id()

    @api.model
    def _get_case_sequence(self, company):
        # sudo: every registering user needs a number, not access to sequences.
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "complaint.case"), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Complaint number (%s)", company.name),
                    "code": "complaint.case",
                    "company_id": company.id,
                    "prefix": "KS%(range_year)s%(range_month)s-",
                    "padding": 4,
                    "use_date_range": True,
                }
            )
        return sequence

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_reverify(self):
        """Recompute the evidence of open cases from the current order data."""
        lines = self.filtered(lambda c: c.stage_step not in FROZEN_STEPS).line_ids
        lines._compute_evidence()
        return True

    # ------------------------------------------------------------------
    # Deadlines, reminders and overdue cases
    # ------------------------------------------------------------------
    def _compute_stage_deadline(self, start):
        """Deadline of the current stage counted on the company's calendar."""
        self.ensure_one()
        stage = self.stage_id
        if not stage.time_limit:
            return False
        if stage.time_limit_unit == "clock_hours":
            # "Register within 24 h" (SPEC §3) is clock time.
            return start + timedelta(hours=stage.time_limit)
        calendar = self.company_id.resource_calendar_id
        hours = stage.time_limit
        if stage.time_limit_unit == "days":
            hours *= calendar.hours_per_day or 8
        deadline = calendar.plan_hours(hours, start, compute_leaves=True)
        return deadline and deadline.replace(tzinfo=None)

    def _format_datetime(self, value):
        """A date and time as the handler reads them (their time zone, else
        the company calendar's)."""
        self.ensure_one()
        tz = self.user_id.tz or self.company_id.resource_calendar_id.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format=False)

    def _schedule_stage_deadline(self, reschedule_only=False):
        """Give the handler an activity due at the stage's deadline; on a new
        handler the open reminder moves to them."""
        activity_type = self.env.ref(
            "complaint_management.mail_activity_type_complaint_deadline"
        )
        for case in self:
            old = case.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            if reschedule_only:
                old.write({"user_id": case.user_id.id})
                if old or not case.date_deadline:
                    continue
            else:
                old.unlink()
                case.date_deadline = case._compute_stage_deadline(
                    case.date_stage or fields.Datetime.now()
                )
            if not case.date_deadline or not case.user_id:
                continue
            case.activity_schedule(
                act_type_xmlid="complaint_management.mail_activity_type_complaint_deadline",
                date_deadline=fields.Date.context_today(case, case.date_deadline),
                summary=self.env._(
                    "%(stage)s: due %(deadline)s",
                    stage=case.stage_id.name,
                    deadline=case._format_datetime(case.date_deadline),
                ),
                user_id=case.user_id.id,
            )

    @api.model
    def _cron_check_overdue(self):
        """Daily (or more often): remind handlers before their stage deadline,
        escalate overdue cases to the department manager, then, still overdue
        after the company's escalation delay, to the Complaint Officers. Each
        step's domain selects only the cases it acts on, in batches; a record
        that fails is logged and skipped."""
        now = fields.Datetime.now()
        open_cases = [("stage_step", "not in", FROZEN_STEPS)]
        steps = (
            (
                [
                    ("date_reminded", "=", False),
                    ("date_remind", "<=", now),
                    ("date_deadline", ">=", now),
                ],
                "_remind",
            ),
            (
                [("escalation_level", "=", "0"), ("date_deadline", "<", now)],
                "_mark_overdue",
            ),
            (
                [("escalation_level", "=", "1"), ("date_escalate", "<=", now)],
                "_escalate_to_officers",
            ),
        )
        done = remaining = 0
        for domain, method in steps:
            domain = open_cases + domain
            cases = self.search(domain, limit=CRON_BATCH_SIZE)
            for case in cases:
                try:
                    with self.env.cr.savepoint():
                        getattr(case, method)()
                    done += 1
                except Exception:
                    _logger.exception(
                        "Complaint %s: %s failed", case.name, method.lstrip("_")
                    )
            if len(cases) == CRON_BATCH_SIZE:
                remaining += self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _remind(self):
        """Remind the handler that the stage deadline is near."""
        self.ensure_one()
        self.date_reminded = fields.Datetime.now()
        self.message_post(
            body=self.env._(
                "Reminder: stage %(stage)s of complaint %(case)s is due on "
                "%(deadline)s.",
                stage=self.stage_id.name,
                case=self.name,
                deadline=self._format_datetime(self.date_deadline),
            ),
            partner_ids=self.user_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _mark_overdue(self):
        """First escalation level: the department manager."""
        self.ensure_one()
        self.escalation_level = "1"
        self.message_post(
            body=self.env._(
                "Overdue: the case stayed in stage %(stage)s past its deadline "
                "%(deadline)s.",
                stage=self.stage_id.name,
                deadline=self._format_datetime(self.date_deadline),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._schedule_escalation(self.department_id.manager_id.user_id)

    def _escalate_to_officers(self):
        """Second level: still overdue the company's escalation delay (working
        days) after the deadline, the Complaint Officers step in."""
        self.ensure_one()
        self.escalation_level = "2"
        officers = (
            self.env.ref("complaint_management.group_complaint_officer").users.filtered(
                lambda u: u.active and not u.share and self.company_id in u.company_ids
            )
            - self.complained_user_ids
        )
        self.message_post(
            body=self.env._(
                "Still overdue %(days)s working days after its deadline: escalated "
                "to the Complaint Officers.",
                days=self.company_id.complaint_escalation_delay,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._schedule_escalation(officers)

    def _schedule_escalation(self, users):
        for user in users:
            self.activity_schedule(
                act_type_xmlid="complaint_management.mail_activity_type_complaint_escalation",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._(
                    "Overdue complaint %(case)s in stage %(stage)s",
                    case=self.name,
                    stage=self.stage_id.name,
                ),
                user_id=user.id,
            )

    def _find_sale_line(self, product_id):
        """The order line of the case's order selling ``product_id``."""
        self.ensure_one()
        return self.sale_order_id.order_line.filtered(
            lambda sol: sol.product_id.id == product_id and not sol.display_type
        )[:1]

    # ------------------------------------------------------------------
    # Helpers for the "New complaint" and smart buttons
    # ------------------------------------------------------------------
    @api.model
    def _count_cases_by(self, fname, records):
        """{record id: number of cases} for the smart buttons of orders,
        deliveries and customers. sudo: everyone who sees the record sees how
        many complaints it has; opening them goes through the record rules."""
        groups = self.sudo()._read_group(
            [(fname, "in", records._origin.ids)], [fname], ["__count"]
        )
        return {record.id: count for record, count in groups}

    @api.model
    def _action_new_case(self, order, pickings=None, sale_lines=None):
        order._check_complaint_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Complaint"),
            "res_model": "complaint.case",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._prepare_default_context(order, pickings, sale_lines),
        }

    @api.model
    def _action_view_cases(self, domain, context):
        self.env["sale.order"]._check_complaint_access()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_case_action"
        )
        action.update(domain=domain, context=context)
        return action

    @api.model
    def _prepare_default_context(self, order, pickings=None, sale_lines=None):
        """Defaults of a new case opened from an order or a delivery."""
        sale_lines = sale_lines or order.order_line.filtered(
            lambda sol: not sol.display_type and sol.product_id.type == "consu"
        )
        return {
            "default_partner_id": order.partner_id.id,
            "default_sale_order_id": order.id,
            "default_company_id": order.company_id.id,
            "default_picking_ids": [Command.set(pickings.ids if pickings else [])],
            "default_line_ids": [
                Command.create(
                    {"sale_line_id": sol.id, "product_id": sol.product_id.id}
                )
                for sol in sale_lines
            ],
        }
