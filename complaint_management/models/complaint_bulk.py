"""One INSERT for many rows, for the overdue cron only.

The cron escalates tens of thousands of overdue cases when a company starts
using the addon or comes back from a holiday: a note and an activity per case
and level. Through the ORM each costs 1.5-2.5 ms of Python (defaults,
computes, inverses, sanitizing, access checks), which puts 30,000 cases at
several minutes. ``bulk_insert`` writes the rows in one statement instead,
with values the caller gives in full: it refuses a stored computed field it
is not given (a column that would silently stay empty) and takes every other
field's default from ``default_get``, as ``create`` does. What ``create``
does besides (followers, bus notifications) stays with the caller, through
Odoo's own methods.
"""

from markupsafe import Markup

from odoo.tools import SQL

MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date"}


def bulk_insert(model, vals_list):
    """Insert ``vals_list`` into ``model``'s table; the new records.

    Only for system code that has checked access itself (it is sudo in
    effect). Values of many2one fields are ids; x2many fields are refused.
    The caller invalidates the fields that list the new rows (a document's
    ``message_ids``, ``activity_ids``).
    """
    if not vals_list:
        return model.browse()
    names = set().union(*vals_list)
    model_fields = model._fields
    for name in names:
        field = model_fields[name]
        if not field.store or not field.column_type or name in MAGIC:
            raise ValueError(f"bulk_insert: {model._name}.{name} is not a column")
    missing = [
        name
        for name, field in model_fields.items()
        if field.store
        and field.column_type
        and field.compute
        and name not in MAGIC
        and name not in names
    ]
    if missing:
        raise ValueError(
            f"bulk_insert: {model._name} needs the computed {', '.join(missing)}"
        )
    defaults = {
        name: value
        for name, value in model.default_get(
            [
                name
                for name, field in model_fields.items()
                if field.store and field.column_type and name not in MAGIC
            ]
        ).items()
        if name not in names
    }
    columns = sorted(names | set(defaults))
    now = model.env.cr.now()
    uid = model.env.uid
    row = "(" + ", ".join(["%s"] * (len(columns) + 4)) + ")"
    params = []
    for vals in vals_list:
        params.extend(
            _column_value(
                model_fields[name],
                vals[name] if name in vals else defaults.get(name),
                model,
            )
            for name in columns
        )
        params.extend((uid, now, uid, now))
    model.env.cr.execute(
        SQL(
            "INSERT INTO %s (%s, create_uid, create_date, write_uid, write_date) "
            "VALUES %s RETURNING id",
            SQL.identifier(model._table),
            SQL(", ").join(SQL.identifier(name) for name in columns),
            SQL(", ".join([row] * len(vals_list)), *params),
        )
    )
    return model.browse(row[0] for row in model.env.cr.fetchall())


def _column_value(field, value, model):
    # Markup is HTML the caller built from escaped text: not sanitized again.
    if isinstance(value, Markup) and field.type == "html":
        return str(value)
    return field.convert_to_column(value, model)


def bulk_follow(records, partner_ids):
    """Make internal users' ``partner_ids`` follow ``records`` with the
    model's default subtypes, as ``message_subscribe`` does, in one
    statement; existing followers are left as they are."""
    if not records or not partner_ids:
        return
    default = records.env["mail.message.subtype"].default_subtypes(records._name)[0]
    records.env.cr.execute(
        SQL(
            """
            WITH new AS (
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT %s, res_id, partner_id
                  FROM unnest(%s::int[]) AS res_id, unnest(%s::int[]) AS partner_id
                ON CONFLICT DO NOTHING
                RETURNING id
            )
            INSERT INTO mail_followers_mail_message_subtype_rel
                   (mail_followers_id, mail_message_subtype_id)
            SELECT new.id, subtype_id FROM new, unnest(%s::int[]) AS subtype_id
            """,
            records._name,
            records.ids,
            list(partner_ids),
            default.ids,
        )
    )
    records.invalidate_recordset(["message_follower_ids", "message_partner_ids"])
