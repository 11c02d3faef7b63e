from odoo import api, models

# What the record rules of complaints read of a user's employees: the
# departments the user belongs to (security/complaint_case_rules.xml); and
# the receiving unit of what a user registers (complaint_case.py).
RULE_FIELDS = {"department_id", "user_id", "active", "company_id"}


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        if any(vals.get("user_id") for vals in vals_list):
            self.env.registry.clear_cache()  # ir.rule._compute_domain
        return employees

    def write(self, vals):
        res = super().write(vals)
        if RULE_FIELDS & set(vals):
            # The complaints a user sees follow their departments at once.
            self.env.registry.clear_cache()  # ir.rule._compute_domain
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_clear_rule_cache(self):
        self.env.registry.clear_cache()  # ir.rule._compute_domain
