from odoo import fields, models


class ComplaintCause(models.Model):
    _name = "complaint.cause"
    _description = "Complaint Cause"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    customer_fault = fields.Boolean(
        help="The cause lies with the customer: the complaint is not founded on "
        "a fault of ours.",
    )
    description = fields.Text(translate=True)
