from odoo import api, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    # The complaint record rules read the user's employees' departments: the
    # cached rule domains must follow when those change.
    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        self.env.registry.clear_cache()
        return employees

    def write(self, vals):
        res = super().write(vals)
        if {"department_id", "user_id", "active", "company_id"} & set(vals):
            self.env.registry.clear_cache()
        return res
