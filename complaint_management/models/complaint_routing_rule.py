"""分类转办: which department handles a type of complaint, per company.

The office sorts complaints by type (quality complaints to Quality
Management, contract disputes to management, the rest to customer service):
a rule per company and type names the responsible department and, if it
wants, the default handler. Registration applies it (complaint.case.create);
only Complaint Officers send a case elsewhere.
"""

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .complaint_case import COMPLAINT_TYPES


class ComplaintRoutingRule(models.Model):
    _name = "complaint.routing.rule"
    _description = "Complaint Routing Rule"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    complaint_type = fields.Selection(
        [(t.code, t.label) for t in COMPLAINT_TYPES],
        required=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Responsible Department",
        required=True,
        check_company=True,
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Default Handler",
        check_company=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Handles the complaints of this type unless the person registering "
        "one names a handler.",
    )

    @api.constrains("company_id", "complaint_type", "active")
    def _check_one_rule_per_type(self):
        for rule in self.filtered("active"):
            others = self.search_count(
                [
                    ("id", "!=", rule.id),
                    ("company_id", "=", rule.company_id.id),
                    ("complaint_type", "=", rule.complaint_type),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(company)s already routes complaints of type %(type)s: "
                        "one rule per type (archive the other one first).",
                        company=rule.company_id.name,
                        type=rule._type_label(),
                    )
                )

    @api.depends("complaint_type", "department_id")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = self.env._(
                "%(type)s → %(department)s",
                type=rule._type_label(),
                department=rule.department_id.name or "",
            )

    def _type_label(self):
        return dict(self._fields["complaint_type"]._description_selection(self.env))[
            self.complaint_type
        ]

    # ------------------------------------------------------------------
    # Registration asks: cached, a handful of rules per company
    # ------------------------------------------------------------------
    @api.model
    def _route(self, company_id, complaint_type):
        """(department id, default handler id) for a new complaint of
        ``complaint_type`` in ``company_id``; (False, False) without a rule."""
        return self._routes(company_id).get(complaint_type, (False, False))

    @api.model
    @tools.ormcache("company_id")
    def _routes(self, company_id):
        rules = self.sudo().search([("company_id", "=", company_id)])
        return {
            rule.complaint_type: (rule.department_id.id, rule.user_id.id)
            for rule in rules
        }

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
