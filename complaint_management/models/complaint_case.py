import uuid
from collections import namedtuple

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from .complaint_input import context_defaults
from .complaint_process import (
    FROZEN_STEPS,
    OFFICER,
    PROCESS,
    REGISTERING,
    in_process,
)

ComplaintType = namedtuple(
    "ComplaintType", "code label goods needs_qty about_products verification"
)
# The one table of complaint types (SPEC §1). ``goods``: the claimed quantity
# is goods the customer holds, never more than was delivered to them;
# ``needs_qty``: each line needs a claimed quantity; ``about_products``:
# product complaints need more follow-up visits than service ones;
# ``verification``: how the lines are checked against the order data.
COMPLAINT_TYPES = (
    ComplaintType("quality", "Quality Defect", True, True, True, "defect"),
    ComplaintType(
        "specification", "Specification Mismatch", False, True, True, "specification"
    ),
    ComplaintType("quantity", "Quantity Mismatch", False, True, True, "quantity"),
    ComplaintType("tolerance", "Out of Tolerance", True, True, True, "defect"),
    ComplaintType("transport_damage", "Transport Damage", True, True, True, "defect"),
    ComplaintType("packaging_damage", "Packaging Damage", True, True, True, "defect"),
    ComplaintType("delivery_date", "Delivery Date", False, False, False, "delay"),
    ComplaintType("service", "Service Attitude", False, False, False, None),
    ComplaintType("contract", "Contract Dispute", False, False, False, None),
    ComplaintType("other", "Other", False, False, False, None),
)
TYPES = {t.code: t for t in COMPLAINT_TYPES}
VERIFICATION_STATES = [
    ("to_check", "To Check"),
    ("confirmed", "Confirmed"),
    ("partial", "Partly Confirmed"),
    ("unfounded", "Unfounded"),
]
# Bounds of what a person can mean (no raw overflow on absurd input).
MIN_DATE = fields.Datetime.to_datetime("2000-01-01 00:00:00")
MAX_AMOUNT = 1e12
INTERNAL = "base.group_user"


class ComplaintCase(models.Model):
    _name = "complaint.case"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    # The customer writes to us on the portal page of its complaint.
    _mail_post_access = "read"
    # The back office lists urgent cases first (default_order of its views);
    # the priority is internal, so the model's own order leaves it out.
    _order = "date_received desc, id desc"
    _check_company_auto = True

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique (name, company_id)",
            "A complaint number must be unique per company.",
        ),
    ]

    # Customer-facing fields carry no groups: the portal reads them. Every
    # internal field is restricted to employees (test_confidentiality).
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
        related="partner_id.commercial_partner_id",
        store=True,
        # indexed with ``active`` (init): a customer's count reads the index only
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
        [(t.code, t.label) for t in COMPLAINT_TYPES],
        string="Type",
        required=True,
        default="quality",
        tracking=True,
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
        precompute=True,
        required=True,
        help="The order's currency (else the company's): amounts and approval "
        "limits are compared in it.",
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
        groups=INTERNAL,
    )
    # 12315 / 消协: a complaint forwarded by a regulator keeps who forwarded
    # it and under which number, to answer the regulator too.
    regulator_body = fields.Selection(
        [
            ("12315", "12315 Hotline"),
            ("consumer_association", "Consumers' Association"),
            ("market_regulation", "Market Regulation Administration"),
            ("other", "Other Authority"),
        ],
        string="Forwarded By",
        tracking=True,
        groups=INTERNAL,
        help="The regulator or association that forwarded the complaint "
        "(channel Regulator / Association).",
    )
    regulator_reference = fields.Char(
        tracking=True,
        groups=INTERNAL,
        help="The number the regulator gave the complaint (工单号).",
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
        groups=INTERNAL,
    )
    color = fields.Integer(groups=INTERNAL)
    severity = fields.Selection(
        [("general", "General"), ("major", "Major")],
        required=True,
        default="general",
        tracking=True,
        groups=INTERNAL,
        help="重大投诉: a major complaint (principle, safety, large amounts, a "
        "regulator) is decided by the Complaint Managers, who are told at once. "
        "Set at registration; afterwards only a Complaint Officer changes it.",
    )
    receiving_department_id = fields.Many2one(
        "hr.department",
        string="Receiving Unit",
        tracking=True,
        check_company=True,
        default=lambda self: self._default_department_id(),
        groups=INTERNAL,
        help="受理单位: the unit that received the complaint (the department of "
        "the person registering it). Its manager, or a Complaint Officer, "
        "decides whether the complaint is accepted.",
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Responsible Department",
        tracking=True,
        index=True,
        check_company=True,
        default=lambda self: self._default_department_id(),
        groups=INTERNAL,
        help="The department handling the complaint: at registration, the one "
        "the routing rule of its type names, else the receiving unit. Only "
        "Complaint Officers send a complaint to another department.",
    )
    decided_by_id = fields.Many2one(
        "res.users",
        string="Acceptance Decided By",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="受理裁定: who accepted the complaint or decided not to accept it.",
    )
    date_decided = fields.Datetime(
        string="Acceptance Decided On", readonly=True, copy=False, groups=INTERNAL
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
        groups=INTERNAL,
    )
    date_stage = fields.Datetime(
        string="In Stage Since",
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        groups=INTERNAL,
    )

    def init(self):
        res = super().init()
        # The back office's order (default_order of the kanban and the list):
        # a page of a column, or of the list, reads the index in order and
        # stops at the page's end instead of sorting every case it may see.
        create_index(
            self.env.cr,
            "complaint_case_stage_order_idx",
            self._table,
            ["stage_id", "priority DESC", "date_received DESC", "id DESC"],
        )
        create_index(
            self.env.cr,
            "complaint_case_order_idx",
            self._table,
            ["priority DESC", "date_received DESC", "id DESC"],
        )
        # The smart button of a customer counts its active cases from this
        # index alone (an index-only scan), without reading the cases.
        create_index(
            self.env.cr,
            "complaint_case_commercial_partner_active_idx",
            self._table,
            ["commercial_partner_id", "active"],
        )
        return res

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------
    def _default_stage_id(self):
        Stage = self.env["complaint.stage"]
        return Stage.browse(Stage._first_stage_id("register"))

    def _default_department_id(self):
        return self.env["hr.department"].browse(
            self._user_department_id(self.env.uid, self.env.company.id)
        )

    @api.model
    @tools.ormcache("uid", "company_id")
    def _user_department_id(self, uid, company_id):
        """The department of the user's employee in the company: the receiving
        unit of what they register. Cached (reading an employee costs more
        than the rest of a registration); hr_employee.py clears it."""
        # sudo: a user's own department is no secret to them.
        employee = (
            self.env["hr.employee"]
            .sudo()
            .search_fetch(
                [("user_id", "=", uid), ("company_id", "=", company_id)],
                ["department_id"],
                limit=1,
            )
        )
        return employee.department_id.id

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

    def _get_report_base_filename(self):
        # The reply letter downloaded from the portal (portal's
        # _get_http_headers names the file with it).
        self.ensure_one()
        return self.env._("Reply - %s", self.name)

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
    @api.constrains("sale_order_id", "partner_id", "company_id", "complaint_type")
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
        # The lines were checked against the order, customer and type they
        # had: check them again against the new ones.
        self.line_ids._check_order_links()
        self.line_ids._check_lot_delivered()
        self.line_ids._check_claimed_qty()
        self.line_ids._check_defect_qty()

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

    @api.constrains("date_received")
    def _check_date_received(self):
        now = fields.Datetime.now()
        for case in self:
            if case.date_received > now:
                raise ValidationError(
                    self.env._(
                        "A complaint cannot have been received in the future "
                        "(%(date)s).",
                        date=case.date_received,
                    )
                )

    @api.constrains("channel", "regulator_body", "regulator_reference")
    def _check_regulator(self):
        for case in self:
            if case.channel == "regulator":
                missing = [
                    case._fields[name].get_description(self.env)["string"]
                    for name in ("regulator_body", "regulator_reference")
                    if not (case[name] or "").strip()
                ]
                if missing:
                    raise ValidationError(
                        self.env._(
                            "Complaint %(case)s was forwarded by a regulator: give "
                            "%(fields)s.",
                            case=case.name,
                            fields=", ".join(missing),
                        )
                    )
            elif case.regulator_body or case.regulator_reference:
                raise ValidationError(
                    self.env._(
                        "Complaint %(case)s came through %(channel)s: only a "
                        "complaint forwarded by a regulator has a forwarding body "
                        "and a regulator reference.",
                        case=case.name,
                        channel=dict(
                            case._fields["channel"]._description_selection(self.env)
                        )[case.channel],
                    )
                )

    @api.constrains("claimed_amount")
    def _check_claimed_amount(self):
        maximum = f"{MAX_AMOUNT:,.0f}"
        for case in self:
            if not 0 <= case.claimed_amount <= MAX_AMOUNT:
                raise ValidationError(
                    self.env._(
                        "The claimed amount of complaint %(case)s must be between 0 "
                        "and %(max)s (%(amount)s).",
                        case=case.name,
                        max=maximum,
                        amount=case.claimed_amount,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: the one create and write of complaint.case
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # The caller's values stay as given (an import reports on them).
        vals_list = [dict(vals) for vals in vals_list]
        if not in_process(self.env):
            for vals in vals_list:
                self._check_create_vals(vals)
        now = fields.Datetime.now()
        defaults = context_defaults(self)
        for vals in vals_list:
            self._route_new_case(vals, defaults)
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id")
                    or defaults.get("company_id")
                    or self.env.company.id
                )
                date = (
                    fields.Datetime.to_datetime(
                        vals.get("date_received") or defaults.get("date_received")
                    )
                    or now
                )
                vals["name"] = company._next_complaint_number(date)
            vals.setdefault("date_stage", now)
            vals["acknowledgement_pending"] = True
            # The portal link of the acknowledgement: made now, so that the
            # cron mailing it does not write the case a user may be moving.
            if not vals.get("access_token"):
                vals["access_token"] = str(uuid.uuid4())
        # The lines come with the case: created by this create, checked with it.
        registration = self.with_context(complaint_registering=REGISTERING)
        cases = super(ComplaintCase, registration).create(vals_list).with_env(self.env)
        cases._on_registered()
        return cases

    def _route_new_case(self, vals, defaults):
        """分类转办: the routing rule of the type names the responsible
        department (and a default handler). A user may give that department
        or none; only a Complaint Officer sends the case elsewhere."""
        company_id = (
            vals.get("company_id") or defaults.get("company_id") or self.env.company.id
        )
        complaint_type = (
            vals.get("complaint_type")
            or defaults.get("complaint_type")
            or self._fields["complaint_type"].default(self)
        )
        department_id, handler_id = self.env["complaint.routing.rule"]._route(
            company_id, complaint_type
        )
        if not department_id:
            return
        given = vals.get("department_id", defaults.get("department_id"))
        if not given:
            vals["department_id"] = department_id
        elif given != department_id and not self._is_router():
            department = self.env["hr.department"].sudo().browse(department_id)
            raise UserError(
                self.env._(
                    "Complaints of type %(type)s go to %(department)s (routing "
                    "rule); only a Complaint Officer sends one to another "
                    "department.",
                    type=dict(
                        self._fields["complaint_type"]._description_selection(self.env)
                    )[complaint_type],
                    department=department.name,
                )
            )
        if handler_id and not vals.get("user_id", defaults.get("user_id")):
            vals["user_id"] = handler_id

    def _is_router(self):
        return self.env.su or in_process(self.env) or self.env.user.has_group(OFFICER)

    @api.onchange("complaint_type", "company_id")
    def _onchange_route(self):
        """The form shows the department (and handler) the rule routes to."""
        if self._origin:
            return
        department_id, handler_id = self.env["complaint.routing.rule"]._route(
            self.company_id.id or self.env.company.id, self.complaint_type
        )
        if department_id:
            self.department_id = department_id
            if handler_id:
                self.user_id = handler_id

    def write(self, vals):
        if in_process(self.env):
            res = super().write(vals)
            self._on_process_write(vals)
            return res
        self._check_write_vals(vals)
        # 重大投诉: the cases this write makes major (told once).
        majors = self.browse()
        if vals.get("severity") == "major":
            majors = self.filtered(lambda c: c.severity != "major")
        if "stage_id" not in vals:
            res = super().write(vals)
            self._on_user_write(vals)
            majors._notify_major()
            return res
        # A drag in the kanban, an RPC write or an import of the stage: the
        # other values first, so that the gate sees them, then the transition.
        vals = dict(vals)
        stage = self._browse_stage(vals.pop("stage_id"))
        inputs = {fname: vals.pop(fname) for fname in self._input_fields(vals)}
        if vals:
            super().write(vals)
            self._on_user_write(vals)
            majors._notify_major()
        for case in self:
            case._move_to_stage(stage, inputs)
        return True

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

    def _process_write(self, vals):
        """Write as the process (bypasses the checks of users' writes)."""
        return self.with_context(complaint_process=PROCESS).write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_reverify(self):
        """Recompute the evidence of open cases from the current order data."""
        self.check_access("write")
        self._check_not_complained()
        lines = self.filtered(lambda c: c.stage_step not in FROZEN_STEPS).line_ids
        fnames = lines._evidence_fields()
        for fname in fnames:
            self.env.add_to_compute(lines._fields[fname], lines)
        lines._recompute_recordset(fnames)
        # A forced recomputation does not tell what depends on the evidence
        # (the case's verdict, the sentence of each line): tell it.
        lines.modified(fnames)
        return True

    def _find_sale_line(self, product_id):
        """The order line of the case's order selling ``product_id``."""
        self.ensure_one()
        return self.sale_order_id.order_line.filtered(
            lambda sol: sol.product_id.id == product_id and not sol.display_type
        )[:1]
