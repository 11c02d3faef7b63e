"""Benchmark of complaint_management at 1k / 10k / 100k cases, beside OCA
helpdesk_mgmt when it is installed in the same database (see bench/README.md).

    python bench/bench.py -c ODOO_CONF -d DB --sizes 1000,10000,100000

It grows the database to each size in turn (seeding is kept: a later run
continues from what is there), measures every operation as a Complaints user
of one department (the record rule real users carry), rolls each measured
operation back, and prints median / p90 milliseconds and the query count.
Only the Python API the web client and the cron call is used, so the same
script measures an older version of the addon on the same database.
"""

import argparse
import json
import logging
import random
import statistics
import sys
import time

BATCH = 500
OPEN_SHARE = 0.3  # open (and overdue) share of the seeded cases
TYPES = ("quantity", "quality", "specification", "delivery_date")

_logger = logging.getLogger("bench")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=15, help="runs of each fast op")
    parser.add_argument(
        "--bulk", type=int, default=500, help="cases in the bulk create"
    )
    parser.add_argument(
        "--cron",
        choices=("full", "sample", "skip"),
        default="full",
        help="the overdue cron over every open case, over 1,000 of them, or not",
    )
    parser.add_argument("--label", default="", help="printed with the table")
    parser.add_argument("--json", help="append the figures to this JSON-lines file")
    parser.add_argument("--seed-only", action="store_true")
    return parser.parse_args()


def timed(cr, fn, repeat, env=None, rollback=True):
    """Run ``fn`` ``repeat`` times, each in a savepoint rolled back after,
    with a cold ORM cache; (times in ms, query counts)."""
    times, queries = [], []
    for _ in range(repeat):
        cr.execute("SAVEPOINT bench")
        if env is not None:
            env.invalidate_all()
        q0 = cr.sql_log_count
        t0 = time.perf_counter()
        fn()
        if env is not None:
            env.flush_all()
        times.append((time.perf_counter() - t0) * 1000)
        queries.append(cr.sql_log_count - q0)
        if env is not None:
            env.invalidate_all()
        cr.execute(
            "ROLLBACK TO SAVEPOINT bench" if rollback else "RELEASE SAVEPOINT bench"
        )
    return times, queries


def summary(times, queries, per=1):
    times = sorted(t / per for t in times)
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    return {
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(p90, 2),
        "queries": int(statistics.median(queries)),
    }


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rng = random.Random(42)
        self.has_helpdesk = "helpdesk.ticket" in env
        self.results = []

    # ------------------------------------------------------------------
    # Fixture: departments, users, customers, products, delivered orders
    # ------------------------------------------------------------------
    def fixture(self):
        env = self.env
        ICP = env["ir.config_parameter"].sudo()
        stored = ICP.get_param("bench.fixture")
        if stored:
            self.fx = json.loads(stored)
            return
        t0 = time.time()
        from odoo import Command

        company = env.company
        company.email = company.email or "service@bench.example.com"
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        departments = env["hr.department"].create(
            [{"name": f"Bench Department {i}"} for i in range(5)]
        )
        user_groups = (
            "sales_team.group_sale_salesman_all_leads,"
            "complaint_management.group_complaint_user"
        )
        users, managers = [], []
        for i, dept in enumerate(departments):
            for login, target in (
                (f"bench_user_{i}", users),
                (f"bench_head_{i}", managers),
            ):
                user = (
                    env["res.users"]
                    .with_context(no_reset_password=True)
                    .create(
                        {
                            "name": login,
                            "login": login,
                            "email": f"{login}@bench.example.com",
                            "tz": "Asia/Shanghai",
                            "groups_id": [
                                Command.set(
                                    [env.ref(x).id for x in user_groups.split(",")]
                                )
                            ],
                        }
                    )
                )
                employee = env["hr.employee"].create(
                    {"name": login, "user_id": user.id, "department_id": dept.id}
                )
                target.append(user.id)
                if login.startswith("bench_head"):
                    dept.manager_id = employee
        customers = env["res.partner"].create(
            [
                {
                    "name": f"Bench Customer {i}",
                    "is_company": True,
                    "email": f"customer{i}@bench.example.com",
                }
                for i in range(50)
            ]
        )
        products = env["product.product"].create(
            [
                {
                    "name": f"Bench Part {i}",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0 + i,
                }
                for i in range(10)
            ]
        )
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 10_000_000
            )
        orders = env["sale.order"]
        for i in range(60):
            picks = self.rng.sample(list(products), 3)
            orders |= env["sale.order"].create(
                {
                    "partner_id": customers[i % len(customers)].id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": 100_000})
                        for p in picks
                    ],
                }
            )
        orders.action_confirm()
        for picking in orders.picking_ids:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
        orders.picking_ids.button_validate()
        helpdesk = {}
        if self.has_helpdesk:
            team = env["helpdesk.ticket.team"].create(
                {"name": "Bench Team", "user_ids": [Command.set(users)]}
            )
            for uid in users:
                env["res.users"].browse(uid).groups_id = [
                    Command.link(env.ref("helpdesk_mgmt.group_helpdesk_user_team").id)
                ]
            helpdesk = {"team": team.id}
        self.fx = {
            "departments": departments.ids,
            "users": users,
            "managers": managers,
            "customers": customers.ids,
            "orders": orders.ids,
            "helpdesk": helpdesk,
        }
        ICP.set_param("bench.fixture", json.dumps(self.fx))
        self.cr.commit()
        print(
            f"fixture: 60 confirmed and delivered orders, 5 departments "
            f"({time.time() - t0:.0f} s)",
            flush=True,
        )

    # ------------------------------------------------------------------
    # Values of a case / ticket
    # ------------------------------------------------------------------
    def _order_lines(self):
        if not hasattr(self, "_lines_by_order"):
            self._lines_by_order = {}
            for order in self.env["sale.order"].browse(self.fx["orders"]):
                self._lines_by_order[order.id] = (
                    order.partner_id.id,
                    [(line.id, line.product_id.id) for line in order.order_line],
                )
        return self._lines_by_order

    def case_vals(self, lines=None, department=None):
        from odoo import Command

        order_id = self.rng.choice(self.fx["orders"])
        partner_id, order_lines = self._order_lines()[order_id]
        count = lines or self.rng.randint(1, 3)
        return {
            "partner_id": partner_id,
            "sale_order_id": order_id,
            "department_id": department or self.rng.choice(self.fx["departments"]),
            "complaint_type": self.rng.choice(TYPES),
            "description": "Bench complaint",
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": sol_id,
                        "product_id": product_id,
                        "claimed_qty": self.rng.randint(1, 5),
                    }
                )
                for sol_id, product_id in order_lines[:count]
            ],
        }

    def ticket_vals(self):
        return {
            "name": "Bench ticket",
            "description": "Bench ticket",
            "partner_id": self.rng.choice(self.fx["customers"]),
            "team_id": self.fx["helpdesk"]["team"],
        }

    # ------------------------------------------------------------------
    # Seeding
    # ------------------------------------------------------------------
    def seed(self, size):
        env = self.env
        seed_env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                mail_auto_subscribe_no_notify=True,
            )
        )
        Case = seed_env["complaint.case"].sudo()
        count = Case.with_context(active_test=False).search_count([])
        missing = size - count
        if missing > 0:
            t0 = time.time()
            done = 0
            while done < missing:
                n = min(BATCH, missing - done)
                cases = Case.create([self.case_vals() for _ in range(n)])
                self._shape(cases)
                done += n
                self.cr.commit()
                env.invalidate_all()
                print(
                    f"  seeded {count + done}/{size} cases "
                    f"({time.time() - t0:.0f} s)",
                    flush=True,
                )
            took = time.time() - t0
            print(
                f"seeding {missing} cases took {took:.0f} s "
                f"({took / missing * 1000:.1f} ms per case)",
                flush=True,
            )
        if self.has_helpdesk:
            Ticket = seed_env["helpdesk.ticket"].sudo()
            count = Ticket.with_context(active_test=False).search_count([])
            missing = size - count
            if missing > 0:
                t0 = time.time()
                closed = env["helpdesk.ticket.stage"].search(
                    [("closed", "=", True)], limit=1
                )
                for start in range(0, missing, BATCH):
                    n = min(BATCH, missing - start)
                    tickets = Ticket.create([self.ticket_vals() for _ in range(n)])
                    to_close = tickets[: int(n * (1 - OPEN_SHARE))]
                    self.cr.execute(
                        "UPDATE helpdesk_ticket SET stage_id = %s, closed_date = now() WHERE id = ANY(%s)",
                        [closed.id, to_close.ids],
                    )
                    self.cr.commit()
                    env.invalidate_all()
                print(
                    f"seeding {missing} tickets took {time.time() - t0:.0f} s",
                    flush=True,
                )

    def _shape(self, cases):
        """Bench data only: 70 % of the cases are closed, the other 30 % are
        open in the process steps and overdue (their time limits moved 30
        days back), as in a company that has run the addon for a while.
        Done in SQL so that seeding measures creation only; the cases keep
        the lines, time limits and verdicts their creation computed."""
        # What the ORM still has to write goes first: the SQL below is last.
        self.env.flush_all()
        ids = cases.ids
        n_open = int(round(len(ids) * OPEN_SHARE))
        open_ids, closed_ids = ids[:n_open], ids[n_open:]
        stages = self.env["complaint.stage"].search([])
        closed = stages.filtered(lambda s: s.step == "closed")[:1]
        open_stages = stages.filtered(
            lambda s: s.step
            in ("register", "accept", "investigate", "solution", "reply")
        )
        cr = self.cr
        cr.execute(
            "UPDATE complaint_case SET stage_id = %s, stage_step = 'closed', date_closed = now() "
            "WHERE id = ANY(%s)",
            [closed.id, closed_ids],
        )
        # A closed case's stage activity went with its last move.
        cr.execute(
            "DELETE FROM mail_activity WHERE res_model = 'complaint.case' "
            "AND res_id = ANY(%s)",
            [closed_ids],
        )
        cr.execute(
            "UPDATE complaint_deadline SET state = 'done', date_done = now() "
            "WHERE case_id = ANY(%s) AND state = 'open'",
            [closed_ids],
        )
        for i, case_id in enumerate(open_ids):
            stage = open_stages[i % len(open_stages)]
            cr.execute(
                "UPDATE complaint_case SET stage_id = %s, stage_step = %s WHERE id = %s",
                [stage.id, stage.step, case_id],
            )
        cr.execute(
            """UPDATE complaint_deadline
                  SET date_start = date_start - interval '30 days',
                      date_due = date_due - interval '30 days',
                      date_remind = date_remind - interval '30 days',
                      date_escalate = date_escalate - interval '30 days'
                WHERE case_id = ANY(%s)""",
            [open_ids],
        )
        cr.execute(
            """UPDATE complaint_case c SET date_received = date_received - interval '30 days',
                      date_deadline = (SELECT min(date_due) FROM complaint_deadline d
                                        WHERE d.case_id = c.id AND d.state = 'open')
                WHERE id = ANY(%s)""",
            [open_ids],
        )
        cr.execute(
            "UPDATE complaint_case SET date_deadline = NULL WHERE id = ANY(%s)",
            [closed_ids],
        )
        if "acknowledgement_pending" in cases._fields:
            # The cron mailed them long ago: the queue is empty.
            cr.execute(
                "UPDATE complaint_case SET acknowledgement_pending = false "
                "WHERE id = ANY(%s)",
                [ids],
            )
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # Measurements
    # ------------------------------------------------------------------
    def user_env(self, index=0):
        return self.env(
            user=self.fx["users"][index],
            context={
                "lang": "en_US",
                "tz": "Asia/Shanghai",
                "tracking_disable": False,
            },
        )

    def record(self, size, name, times, queries, per=1, app="complaint"):
        row = {"size": size, "app": app, "op": name, **summary(times, queries, per)}
        self.results.append(row)
        print(
            f"  {app:9} {name:32} {row['median_ms']:9.2f} ms  p90 {row['p90_ms']:9.2f}"
            f"  {row['queries']:5d} queries",
            flush=True,
        )

    def spec(self, model, view_type):
        """The fields the web client asks for a view: its arch's fields, a
        many2one with its display name."""
        views = model.get_views([(False, view_type)])
        fields_in_view = views["models"][model._name]["fields"]
        spec = {}
        for fname in fields_in_view:
            field = model._fields.get(fname)
            if field is None:
                continue
            if field.type == "many2one":
                spec[fname] = {"fields": {"display_name": {}}}
            elif field.type in ("one2many", "many2many"):
                spec[fname] = {}
            else:
                spec[fname] = {}
        arch = views["views"][view_type]["arch"]
        return spec, arch

    def kanban(self, Model, order, progress):
        spec, arch = self.spec(Model, "kanban")
        # The progress bar the view declares, as the web client reads it.
        from lxml import etree

        node = etree.fromstring(arch).find(".//progressbar")
        if node is not None:
            progress = {
                "field": node.get("field"),
                "colors": json.loads(node.get("colors") or "{}"),
            }

        def load():
            groups = Model.web_read_group(
                [], ["stage_id"], ["stage_id"], lazy=True, orderby=""
            )
            Model.read_progress_bar([], "stage_id", progress)
            for group in groups["groups"]:
                if group.get("__fold"):
                    continue  # the web client loads no card of a folded column
                stage = group["stage_id"]
                domain = [("stage_id", "=", stage[0] if stage else False)]
                Model.web_search_read(
                    domain, spec, order=order, limit=40, count_limit=10001
                )

        return load

    def list_first(self, Model, order):
        spec, _arch = self.spec(Model, "list")

        def load():
            Model.web_search_read([], spec, order=order, limit=80, count_limit=10001)

        return load

    def grouped_first(self, Model):
        def load():
            Model.web_read_group([], ["stage_id"], ["stage_id"], lazy=True, limit=80)

        return load

    def measure(self, size):
        from odoo import Command

        repeat = self.args.repeat
        uenv = self.user_env()
        cr = self.cr
        Case = uenv["complaint.case"]
        dept = self.fx["departments"][0]
        print(f"\n== {size} cases {self.args.label}", flush=True)

        vals = self.case_vals(lines=3, department=dept)
        self.record(
            size,
            "create one case (3 lines)",
            *timed(cr, lambda: Case.create(vals), repeat, uenv),
        )
        vals1 = self.case_vals(lines=1, department=dept)
        self.record(
            size,
            "create one case (1 line)",
            *timed(cr, lambda: Case.create(vals1), repeat, uenv),
        )
        bulk = [self.case_vals(department=dept) for _ in range(self.args.bulk)]
        self.record(
            size,
            f"create {self.args.bulk} in one call (per case)",
            *timed(cr, lambda: Case.create(bulk), 3, uenv),
            per=self.args.bulk,
        )
        order = "priority desc, date_received desc, id desc"
        self.record(
            size,
            "kanban first load",
            *timed(
                cr,
                self.kanban(
                    Case,
                    order,
                    {
                        "field": "activity_state",
                        "colors": {
                            "planned": "success",
                            "today": "warning",
                            "overdue": "danger",
                        },
                    },
                ),
                repeat,
                uenv,
            ),
        )
        self.record(
            size,
            "list first screen",
            *timed(cr, self.list_first(Case, order), repeat, uenv),
        )
        self.record(
            size,
            "grouped first screen",
            *timed(cr, self.grouped_first(Case), repeat, uenv),
        )
        # 投诉统计: the analysis pivot by month × type, as its view asks, for
        # a Complaint Officer (who sees every company's line: the worst case).
        officer = self.env["res.users"].search([("login", "=", "bench_officer")])
        if not officer:
            officer = (
                self.env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": "bench_officer",
                        "login": "bench_officer",
                        "groups_id": [
                            Command.set(
                                [
                                    self.env.ref(
                                        "complaint_management.group_complaint_officer"
                                    ).id
                                ]
                            )
                        ],
                    }
                )
            )
        Report = self.env(user=officer.id, context=uenv.context)["complaint.report"]
        measures = [
            "case_count:sum",
            "line_count:sum",
            "confirmed_count:sum",
            "replied_on_time_count:sum",
            "remedy_amount:sum",
            "days_to_close:avg",
        ]

        def pivot():
            Report.read_group(
                [], measures, ["date_received:month", "complaint_type"], lazy=False
            )

        cr.execute("SELECT count(*) FROM complaint_case_line")
        lines = cr.fetchone()[0]
        self.record(
            size,
            f"statistics pivot ({lines} lines)",
            *timed(cr, pivot, repeat, Report.env),
        )
        customer = uenv["res.partner"].browse(self.fx["customers"][3])

        def count():
            customer.complaint_count  # noqa: B018 - the stat button's count

        self.record(size, "customer's case count", *timed(cr, count, repeat * 2, uenv))
        self.record(
            size,
            "verification after a return",
            *timed(cr, self.after_return(), 3, self.env),
        )
        if self.args.cron != "skip":
            self.cron(size)
        if self.has_helpdesk:
            self.measure_helpdesk(size)

    def after_return(self):
        """A customer returns goods of a delivery three cases complain
        about: the return is validated and the cases' verdicts follow."""
        from odoo import Command

        env = self.env
        order = env["sale.order"].create(
            {
                "partner_id": self.fx["customers"][0],
                "order_line": [
                    Command.create(
                        {"product_id": line.product_id.id, "product_uom_qty": 10}
                    )
                    for line in env["sale.order"]
                    .browse(self.fx["orders"][0])
                    .order_line
                ],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        order.picking_ids.button_validate()
        cases = env["complaint.case"].create(
            [
                {
                    "partner_id": order.partner_id.id,
                    "sale_order_id": order.id,
                    "complaint_type": "quality",
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": sol.id,
                                "product_id": sol.product_id.id,
                                "claimed_qty": 2,
                            }
                        )
                        for sol in order.order_line
                    ],
                }
                for _ in range(3)
            ]
        )
        self.cr.commit()
        picking = order.picking_ids.filtered(lambda p: p.state == "done")[:1]

        def do_return():
            wizard = (
                env["stock.return.picking"]
                .with_context(
                    active_ids=picking.ids,
                    active_id=picking.id,
                    active_model="stock.picking",
                )
                .create({"picking_id": picking.id})
            )
            for line in wizard.product_return_moves:
                line.quantity = 2
            action = wizard.action_create_returns()
            ret = env["stock.picking"].browse(action["res_id"])
            for move in ret.move_ids:
                move.quantity = 2
                move.picked = True
            ret.button_validate()
            env.flush_all()
            cases.line_ids.mapped("returned_qty")
            cases.mapped("verification_state")

        return do_return

    def cron(self, size):
        env = self.env
        Deadline = env["complaint.deadline"]
        cr = self.cr
        cr.execute("SAVEPOINT cron")
        cr.execute(
            "SELECT count(DISTINCT case_id) FROM complaint_deadline "
            "WHERE state = 'open' AND date_due < now()"
        )
        overdue = cr.fetchone()[0]
        if self.args.cron == "sample" and overdue > 1000:
            cr.execute(
                """UPDATE complaint_deadline SET state = 'na' WHERE state = 'open'
                   AND case_id NOT IN (SELECT DISTINCT case_id FROM complaint_deadline
                                       WHERE state = 'open' ORDER BY case_id LIMIT 1000)"""
            )
            overdue = 1000
        env.invalidate_all()
        q0 = cr.sql_log_count
        t0 = time.perf_counter()
        calls = 0
        while True:
            calls += 1
            progress = {}
            original = env["ir.cron"].__class__._notify_progress

            def spy(cron_self, *, done, remaining, deactivate=False, _p=progress):
                _p.update(done=done, remaining=remaining)

            env["ir.cron"].__class__._notify_progress = spy
            try:
                Deadline._cron_check()
            finally:
                env["ir.cron"].__class__._notify_progress = original
            env.flush_all()
            env.invalidate_all()
            if not progress.get("remaining") or calls > 10_000:
                break
        took = time.perf_counter() - t0
        queries = cr.sql_log_count - q0
        cr.execute("ROLLBACK TO SAVEPOINT cron")
        env.invalidate_all()
        rate = overdue / took if took else 0
        row = {
            "size": size,
            "app": "complaint",
            "op": "overdue cron",
            "cases": overdue,
            "total_s": round(took, 1),
            "calls": calls,
            "cases_per_s": round(rate, 1),
            "queries_per_case": round(queries / max(overdue, 1), 1),
        }
        self.results.append(row)
        print(
            f"  complaint overdue cron over {overdue} overdue cases: {took:.1f} s "
            f"({rate:.0f} cases/s, {row['queries_per_case']} queries per case, "
            f"{calls} calls)",
            flush=True,
        )

    def measure_helpdesk(self, size):
        repeat = self.args.repeat
        uenv = self.user_env()
        cr = self.cr
        Ticket = uenv["helpdesk.ticket"]
        vals = self.ticket_vals()
        self.record(
            size,
            "create one ticket",
            *timed(cr, lambda: Ticket.create(vals), repeat, uenv),
            app="helpdesk",
        )
        bulk = [self.ticket_vals() for _ in range(self.args.bulk)]
        self.record(
            size,
            f"create {self.args.bulk} in one call (per case)",
            *timed(cr, lambda: Ticket.create(bulk), 3, uenv),
            per=self.args.bulk,
            app="helpdesk",
        )
        order = Ticket._order
        progress = {
            "field": "kanban_state",
            "colors": {"normal": "muted", "done": "success", "blocked": "danger"},
        }
        self.record(
            size,
            "kanban first load",
            *timed(cr, self.kanban(Ticket, order, progress), repeat, uenv),
            app="helpdesk",
        )
        self.record(
            size,
            "list first screen",
            *timed(cr, self.list_first(Ticket, order), repeat, uenv),
            app="helpdesk",
        )
        self.record(
            size,
            "grouped first screen",
            *timed(cr, self.grouped_first(Ticket), repeat, uenv),
            app="helpdesk",
        )
        customer = uenv["res.partner"].browse(self.fx["customers"][3])

        def count():
            customer.helpdesk_ticket_count  # noqa: B018

        self.record(
            size,
            "customer's case count",
            *timed(cr, count, repeat * 2, uenv),
            app="helpdesk",
        )

    def table(self):
        print(
            f"\n{'size':>7} {'operation':34} {'complaint ms':>13} {'queries':>8}"
            f" {'helpdesk ms':>12} {'queries':>8} {'ratio':>6}"
        )
        by_key = {(r["size"], r["app"], r["op"]): r for r in self.results}
        for row in self.results:
            if row["app"] != "complaint":
                continue
            if row["op"] == "overdue cron":
                print(
                    f"{row['size']:>7} {'overdue cron (' + str(row['cases']) + ' cases)':34}"
                    f" {row['total_s'] * 1000:>13.0f} {row['queries_per_case']:>8}/case"
                )
                continue
            op = row["op"]
            other = by_key.get(
                (
                    row["size"],
                    "helpdesk",
                    {
                        "create one case (3 lines)": "create one ticket",
                        "create one case (1 line)": "create one ticket",
                    }.get(row["op"], row["op"]),
                )
            )
            line = f"{row['size']:>7} {op:34} {row['median_ms']:>13.2f} {row['queries']:>8}"
            if other:
                ratio = (
                    row["median_ms"] / other["median_ms"] if other["median_ms"] else 0
                )
                line += (
                    f" {other['median_ms']:>12.2f} {other['queries']:>8} {ratio:>6.2f}"
                )
            print(line)


def main():
    args = parse_args()
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        bench = Bench(env, args)
        bench.fixture()
        for size in [int(s) for s in args.sizes.split(",")]:
            bench.seed(size)
            cr.execute("ANALYZE")
            if not args.seed_only:
                bench.measure(size)
        cr.rollback()
    if not args.seed_only:
        bench.table()
        if args.json:
            with open(args.json, "a") as out:
                for row in bench.results:
                    out.write(json.dumps({"label": args.label, **row}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
