"""18.0.2.4.0:

- an answer of the library names several complaint types
  (``complaint_type_ids``, records of ``complaint.type`` loaded from the
  module's data) instead of one (the ``complaint_type`` column): each answer
  keeps the type it had, and the old column goes.

The companies keep their choice of reviewing the investigation reports; new
companies review them by default."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "complaint_answer", "complaint_type"):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    field = env["complaint.answer"]._fields["complaint_type_ids"]
    cr.execute(
        SQL(
            """
            INSERT INTO %(relation)s (%(answer)s, %(type)s)
            SELECT answer.id, type.id
              FROM complaint_answer answer
              JOIN complaint_type type ON type.code = answer.complaint_type
            ON CONFLICT DO NOTHING
            """,
            relation=SQL.identifier(field.relation),
            answer=SQL.identifier(field.column1),
            type=SQL.identifier(field.column2),
        )
    )
    cr.execute("ALTER TABLE complaint_answer DROP COLUMN complaint_type")
