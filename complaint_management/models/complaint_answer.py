"""常见问题解答库: the answers the company gives to the questions customers
ask again and again, suggested on the cases they fit and inserted into the
reply in one click."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .complaint_case import COMPLAINT_TYPES, INTERNAL


class ComplaintAnswerTag(models.Model):
    _name = "complaint.answer.tag"
    _description = "Complaint Answer Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique(name)", "This tag exists already.")]


class ComplaintType(models.Model):
    """The complaint types as records, for what names several of them (an
    answer of the library). The case keeps its selection: these records
    mirror it, one per code, from the module's data."""

    _name = "complaint.type"
    _description = "Complaint Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [(t.code, t.label) for t in COMPLAINT_TYPES], required=True, readonly=True
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [("code_uniq", "unique(code)", "This type exists already.")]


class ComplaintAnswer(models.Model):
    _name = "complaint.answer"
    _description = "Complaint Answer"
    _order = "sequence, use_count desc, id"
    _rec_name = "question"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Empty: the answer serves every company.",
    )
    question = fields.Char(required=True, translate=True)
    answer = fields.Html(required=True, translate=True, sanitize=True)
    complaint_type_ids = fields.Many2many(
        "complaint.type",
        string="Complaint Types",
        help="Suggested on complaints of these types. Empty: of every type.",
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Suggested on complaints about a product of these categories (or "
        "of their subcategories). Empty: whatever the products.",
    )
    tag_ids = fields.Many2many("complaint.answer.tag", string="Tags")
    use_count = fields.Integer(
        string="Used",
        default=0,
        readonly=True,
        copy=False,
        help="How many times the answer was inserted into a reply.",
    )

    @api.model
    def _suggest(self, case):
        """The active answers that fit ``case``: its type (or any) and the
        categories of its products (or any), most used first."""
        categories = (
            case.sudo().line_ids.product_id.categ_id | case.sudo().product_id.categ_id
        )
        domain = [
            ("company_id", "in", (False, case.company_id.id)),
            "|",
            ("complaint_type_ids", "=", False),
            ("complaint_type_ids.code", "=", case.complaint_type),
        ]
        answers = self.search(domain, order="use_count desc, sequence, id")
        ancestors = {
            int(categ_id)
            for path in categories.mapped("parent_path")
            for categ_id in path.split("/")
            if categ_id
        }
        return answers.filtered(
            lambda a: not a.product_categ_ids
            or set(a.product_categ_ids.ids) & ancestors
        )

    def action_insert_into_reply(self):
        """Insert the answer at the end of the reply of the case in the
        context; the case's own rules decide whether its reply may change."""
        self.ensure_one()
        case_id = self.env.context.get("complaint_case_id")
        case = self.env["complaint.case"].browse(case_id).exists()
        if not case:
            raise UserError(
                self.env._("Open the answer from a complaint to insert it.")
            )
        lang = case.partner_id.lang or self.env.lang
        answer = self.with_context(lang=lang).answer or Markup()
        case.write({"reply_text": (case.reply_text or Markup()) + Markup(answer)})
        # Counting a use is not editing the library: one atomic increment.
        self.env.cr.execute(
            SQL(
                "UPDATE complaint_answer SET use_count = COALESCE(use_count, 0) + 1 "
                "WHERE id = %s",
                self.id,
            )
        )
        self.invalidate_recordset(["use_count"])
        return True


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    suggested_answer_ids = fields.Many2many(
        "complaint.answer",
        string="Suggested Answers",
        compute="_compute_suggested_answer_ids",
        groups=INTERNAL,
    )

    @api.depends("complaint_type", "line_ids.product_id", "company_id")
    def _compute_suggested_answer_ids(self):
        Answer = self.env["complaint.answer"]
        for case in self:
            case.suggested_answer_ids = Answer._suggest(case) if case.id else Answer
