"""Concurrency check of complaint_management on a real database: requests
that run at the same moment, each in its own transaction, retried by Odoo's
own `retrying` as the HTTP layer does.

1. Two users press Send Reply on the same case at the same moment: one reply
   is mailed, the case is in Reply, no request fails.
2. Twenty complaints are registered at the same moment in a month whose
   number range does not exist yet: twenty distinct numbers, 0001 to 0020.
3. A customer sends 8 complaints from the portal at the same moment with a
   limit of 3 an hour: 3 are registered, 5 refused.
4. A customer sends the satisfaction survey 4 times at the same moment: one
   follow-up visit is recorded.

Usage: python scripts/concurrency.py -c <odoo.conf> -d <database>
(scripts/concurrency runs it on the test database). Exits non-zero on any
failure. Commits its records into that database.
"""

import argparse
import logging
import sys
import threading
import time
import uuid

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import retrying


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--creates", type=int, default=20)
    return parser.parse_args()


def in_transaction(registry, uid, func):
    """Run ``func(env)`` in a new transaction, retried on serialization
    failures, then commit: what one HTTP request does."""
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        result = retrying(lambda: func(env), env)
        cr.commit()
        return result


def race(registry, calls):
    """Start ``calls`` [(uid, func)] at the same moment, each in its
    transaction; return [(result or exception, seconds)]."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, uid, func):
        barrier.wait()
        start = time.monotonic()
        try:
            outcome = in_transaction(registry, uid, func)
        except Exception as exc:  # reported, not raised: the check counts them
            outcome = exc
        results[index] = (outcome, time.monotonic() - start)

    threads = [
        threading.Thread(target=run, args=(index, uid, func))
        for index, (uid, func) in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def delivered_order(env, tag, customer):
    """A confirmed order of 10 flanges for ``customer``, delivered."""
    company = env.company
    product = env["product.product"].create(
        {"name": f"Flange {tag}", "type": "consu", "is_storable": True}
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100)
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": 10})
            ],
        }
    )
    order.action_confirm()
    picking = order.picking_ids
    picking.move_ids.write({"quantity": 10, "picked": True})
    picking.button_validate()
    return order


def setup(env, tag):
    """A confirmed, delivered order and a case in Solution, ready to reply;
    two officers of the company."""
    officers = env["res.users"].create(
        [
            {
                "name": f"Officer {name} {tag}",
                "login": f"officer_{name}_{tag}",
                "email": f"officer.{name}.{tag}@example.com",
                "groups_id": [
                    Command.set(
                        [
                            env.ref("complaint_management.group_complaint_officer").id,
                            env.ref("sales_team.group_sale_salesman_all_leads").id,
                        ]
                    )
                ],
            }
            for name in ("a", "b")
        ]
    )
    department = env["hr.department"].create({"name": f"Quality {tag}"})
    customer = env["res.partner"].create(
        {
            "name": f"Concurrency Customer {tag}",
            "is_company": True,
            "email": f"buyer.{tag}@example.com",
        }
    )
    order = delivered_order(env, tag, customer)
    case = env["complaint.case"].create(
        {
            "partner_id": customer.id,
            "sale_order_id": order.id,
            "complaint_type": "quality",
            "department_id": department.id,
            "user_id": officers[0].id,
            "line_ids": [
                Command.create(
                    {"product_id": order.order_line.product_id.id, "claimed_qty": 2}
                )
            ],
        }
    )
    case.action_accept()
    case.action_start_investigation()
    case.write(
        {
            "cause_id": env.ref("complaint_management.complaint_cause_process").id,
            "course_of_events": "Scratched in packing.",
            "responsible_department_ids": [Command.set(department.ids)],
            "conclusion": "confirmed",
            "countermeasures": "Replace 2 flanges.",
            "preventive_measures": "Separators between flanges.",
        }
    )
    case.action_review_report()
    case.action_approve_report()
    case.action_submit_report()
    case.write(
        {
            "remedy_ids": [Command.create({"remedy_type": "apology"})],
            "reply_text": "<p>We apologise and replace the 2 flanges.</p>",
        }
    )
    return case.id, officers.ids, customer.id


def check_send_reply(registry, tag, failures):
    case_id, officer_ids, _customer = in_transaction(
        registry, SUPERUSER_ID, lambda env: setup(env, tag)
    )

    def press(env):
        return env["complaint.case"].browse(case_id).action_send_reply()

    results = race(registry, [(uid, press) for uid in officer_ids])

    def count(env):
        case = env["complaint.case"].browse(case_id)
        mails = env["mail.message"].search_count(
            [
                ("model", "=", "complaint.case"),
                ("res_id", "=", case_id),
                ("subject", "=", f"Reply to your complaint {case.name}"),
            ]
        )
        return mails, case.stage_step

    mails, step = in_transaction(registry, SUPERUSER_ID, count)
    errors = [outcome for outcome, _s in results if isinstance(outcome, Exception)]
    seconds = ", ".join(f"{s:.1f} s" for _o, s in results)
    print(
        f"Send Reply pressed by 2 users at once: {mails} reply mailed, case in "
        f"{step}, {len(errors)} failed request(s); durations {seconds}"
    )
    if mails != 1 or step != "reply" or errors:
        failures.append(f"send reply: {mails} mails, step {step}, errors {errors}")


def check_numbers(registry, creates, tag, failures):
    def prepare(env):
        # A new company numbers from 0001; its ranges are made ahead from
        # today, so an old month has none yet.
        company = env["res.company"].create({"name": f"Numbers {tag}"})
        customer = env["res.partner"].create({"name": f"Numbers Customer {tag}"})
        return company.id, customer.id

    company_id, customer_id = in_transaction(registry, SUPERUSER_ID, prepare)
    month = "2011-05"

    def register(env):
        case = env["complaint.case"].create(
            {
                "company_id": company_id,
                "partner_id": customer_id,
                "complaint_type": "service",
                "date_received": f"{month}-17 10:00:00",
            }
        )
        return case.name

    start = time.monotonic()
    results = race(registry, [(SUPERUSER_ID, register)] * creates)
    seconds = time.monotonic() - start
    names = [outcome for outcome, _s in results if isinstance(outcome, str)]
    errors = [outcome for outcome, _s in results if isinstance(outcome, Exception)]
    expected = {f"KS201105-{serial:04d}" for serial in range(1, creates + 1)}
    print(
        f"{creates} complaints registered at once in a month without a number "
        f"range: {len(set(names))} distinct numbers, {len(errors)} failed "
        f"request(s), {seconds:.1f} s"
    )
    if set(names) != expected or len(names) != creates or errors:
        failures.append(f"numbers: {sorted(names)}, errors {errors}")


def check_portal_limit(registry, tag, failures, limit=3, requests=8):
    """A customer sends ``requests`` complaints from the portal at the same
    moment with a limit of ``limit`` an hour: ``limit`` are registered, the
    others refused with the limit's message, none fails otherwise."""
    from odoo.exceptions import UserError

    def prepare(env):
        customer = env["res.partner"].create(
            {"name": f"Portal Customer {tag}", "is_company": True}
        )
        order = delivered_order(env, f"portal {tag}", customer)
        previous = env.company.complaint_portal_hourly_limit
        env.company.complaint_portal_hourly_limit = limit
        return order.id, order.order_line.id, previous

    order_id, line_id, previous = in_transaction(registry, SUPERUSER_ID, prepare)

    def register(env):
        order = env["sale.order"].browse(order_id)
        form = {
            "complaint_type": "quality",
            "description": "Warped.",
            "lines": [{"sale_line_id": line_id, "claimed_qty": "1"}],
        }
        try:
            return (
                env["complaint.case"]
                .sudo()
                ._portal_register(order, order.partner_id, form)[0]
                .name
            )
        except UserError as error:
            return error

    results = race(registry, [(SUPERUSER_ID, register)] * requests)
    in_transaction(
        registry,
        SUPERUSER_ID,
        lambda env: env.company.write({"complaint_portal_hourly_limit": previous}),
    )
    names = [outcome for outcome, _s in results if isinstance(outcome, str)]
    refused = [o for o, _s in results if isinstance(o, UserError)]
    errors = [o for o, _s in results if isinstance(o, Exception) and o not in refused]
    print(
        f"{requests} portal complaints of one customer at once, limit {limit} an "
        f"hour: {len(names)} registered, {len(refused)} refused, {len(errors)} "
        "failed request(s)"
    )
    if len(names) != limit or len(refused) != requests - limit or errors:
        failures.append(f"portal limit: {names}, {refused}, errors {errors}")


def check_survey(registry, tag, failures, requests=4):
    """The customer sends the satisfaction survey ``requests`` times at the
    same moment (double clicks, tabs): one follow-up visit is recorded, the
    others are told it was answered, none fails otherwise."""
    from odoo.exceptions import UserError

    case_id, _officers, _customer = in_transaction(
        registry, SUPERUSER_ID, lambda env: setup(env, f"survey {tag}")
    )

    def to_followup(env):
        case = env["complaint.case"].browse(case_id)
        case.action_send_reply()
        case.action_customer_accepts()
        case.action_execute_remedies()
        case.action_start_followup()
        # A contact of the customer who does not follow the case yet: its
        # answer makes it a follower.
        contact = env["res.partner"].create(
            {"name": f"Buyer {tag}", "parent_id": case.partner_id.id}
        )
        return case.stage_step, contact.id

    step, contact_id = in_transaction(registry, SUPERUSER_ID, to_followup)

    def answer(env):
        case = env["complaint.case"].sudo().browse(case_id)
        contact = env["res.partner"].browse(contact_id)
        try:
            return case._portal_survey("4", "Fine.", contact)
        except UserError as error:
            return error

    results = race(registry, [(SUPERUSER_ID, answer)] * requests)
    visits = in_transaction(
        registry,
        SUPERUSER_ID,
        lambda env: env["complaint.followup"].search_count(
            [("case_id", "=", case_id), ("method", "=", "survey")]
        ),
    )
    told = [o for o, _s in results if isinstance(o, UserError)]
    errors = [o for o, _s in results if isinstance(o, Exception) and o not in told]
    print(
        f"The survey sent {requests} times at once: {visits} visit recorded, "
        f"{len(told)} told it was answered, {len(errors)} failed request(s)"
    )
    if step != "followup" or visits != 1 or len(told) != requests - 1 or errors:
        failures.append(f"survey: step {step}, {visits} visits, errors {errors}")


def main():
    args = parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    # Serialization failures are expected here (and retried): not errors.
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    registry = odoo.modules.registry.Registry(args.database)
    tag = uuid.uuid4().hex[:6]
    failures = []
    check_send_reply(registry, tag, failures)
    check_numbers(registry, args.creates, tag, failures)
    check_portal_limit(registry, tag, failures)
    check_survey(registry, tag, failures)
    if failures:
        print("FAILED:\n" + "\n".join(failures))
        return 1
    print("concurrency: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
