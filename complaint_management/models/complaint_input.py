"""What a person can mean: numbers and dates typed, imported or sent over RPC
are checked before the ORM converts them, so that absurd input gets a clear
message instead of a raw OverflowError or a database error."""

import math
from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, ValidationError

MAX_NUMBER = 1e12
MAX_INTEGER = 2**31 - 1
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2100, 12, 31)


def _label(records, fname):
    return records._fields[fname].get_description(records.env)["string"]


def check_plausible(records, vals):
    """Refuse the numbers and dates of ``vals`` no person can mean."""
    env = records.env
    for fname, value in vals.items():
        field = records._fields.get(fname)
        if field is None or value is False or value is None:
            continue
        if field.type in ("one2many", "many2many") and isinstance(value, list):
            # The values of records created or updated with the record.
            comodel = env[field.comodel_name]
            for command in value:
                if (
                    isinstance(command, list | tuple)
                    and len(command) == 3
                    and command[0] in (0, 1)
                    and isinstance(command[2], dict)
                ):
                    check_plausible(comodel, command[2])
        elif field.type in ("float", "monetary", "integer"):
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValidationError(
                    env._(
                        "%(field)s: %(value)s is not a number.",
                        field=_label(records, fname),
                        value=repr(value),
                    )
                ) from None
            maximum = MAX_INTEGER if field.type == "integer" else MAX_NUMBER
            if not math.isfinite(number) or abs(number) > maximum:
                shown, limit = f"{number:g}", f"{maximum:,.0f}"
                raise ValidationError(
                    env._(
                        "The value of %(field)s is not plausible: %(value)s (at "
                        "most %(max)s).",
                        field=_label(records, fname),
                        value=shown,
                        max=limit,
                    )
                )
        elif field.type in ("date", "datetime"):
            try:
                day = (
                    fields.Date.to_date(value)
                    if field.type == "date"
                    else fields.Datetime.to_datetime(value).date()
                )
            except (TypeError, ValueError, AttributeError):
                raise ValidationError(
                    env._(
                        "%(field)s: %(value)s is not a date.",
                        field=_label(records, fname),
                        value=repr(value),
                    )
                ) from None
            if not MIN_DATE <= day <= MAX_DATE:
                raise ValidationError(
                    env._(
                        "The date %(value)s of %(field)s is not plausible: it must "
                        "be between %(min)s and %(max)s.",
                        value=day,
                        field=_label(records, fname),
                        min=MIN_DATE,
                        max=MAX_DATE,
                    )
                )


def context_defaults(records):
    """The ``default_<field>`` values of the context for fields of the model:
    they become values of a create like the ones given."""
    return {
        key[8:]: value
        for key, value in records.env.context.items()
        if key.startswith("default_") and key[8:] in records._fields
    }


def check_search_access(records, domain):
    """Users outside the company (portal) search only on the fields they may
    read: a domain on an internal field tells as much as reading it."""
    env = records.env
    if env.su or not env.user.share:
        return
    for leaf in domain or ():
        if not isinstance(leaf, list | tuple) or len(leaf) != 3:
            continue
        fname = str(leaf[0]).split(".", 1)[0]
        field = records._fields.get(fname)
        if field is None:
            continue
        if (
            not field.is_accessible(env)
            or fname.startswith("activity_")
            or fname == "message_ids"
        ):
            raise AccessError(
                env._(
                    "You may not search complaints by %(field)s.",
                    field=_label(records, fname),
                )
            )
