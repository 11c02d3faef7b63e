"""Multi-worker load test of complaint_management, driven by scripts/load.

Three steps, each a subcommand:

``prepare -c <odoo.conf> -d <db>``
    In the database (through the registry): the load users ``load_user_NN``
    (password ``load``, Complaint Managers, who review and approve the
    reports, and salesmen), the portal user's
    password (``portal``) and one complaint of the portal user's company, and
    a fixture file with the ids the clients need and the position of this
    month's number range before the run.

``run --url <http://host:port> -d <db>``
    ``--users`` concurrent users (threads, one HTTP session each) talk to a
    running Odoo through JSON-RPC as the web client does
    (/web/session/authenticate, /web/dataset/call_kw, /web/dataset/call_button)
    for ``--duration`` seconds: each registers a complaint with a line on a
    confirmed, delivered sale order line, moves it through the whole process
    with the case's buttons (accept … close), and loads the kanban as the web
    client does (web_read_group by stage_id with read_progress_bar, then
    web_search_read per open column) after the registration, the report and
    the closing. Prints throughput, latency percentiles per operation and the
    errors the clients saw, by kind. ``--portal``: the demo portal user then
    opens /my/complaints and the detail page of a complaint.

``check -c <odoo.conf> -d <db>``
    After the server stopped: every case's stage history ends in its current
    stage with one open entry, case numbers are unique, and the numbers this
    run took are gap-free per month except for numbers burnt by rolled-back
    transactions (counted from the server log).

Exit status non-zero on any client-visible error or failed check.
"""

import argparse
import json
import logging
import math
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

USER_PASSWORD = "load"
PORTAL_LOGIN = "portal"
PORTAL_PASSWORD = "portal"
# The delivered order lines of the demo data the complaints are about.
DEMO_LINES = (
    "complaint_management.sale_order_line_northwind_bearing_demo",
    "complaint_management.sale_order_line_northwind_bolt_demo",
    "complaint_management.sale_order_line_huayuan_1_bearing_demo",
    "complaint_management.sale_order_line_huayuan_2_valve_demo",
)
# The kanban view of complaint_management (views/complaint_case_views.xml),
# as the web client reads it.
KANBAN_ORDER = "priority DESC, date_received DESC, id DESC"
KANBAN_LIMIT = 40
PROGRESS_BAR = {
    "field": "activity_state",
    "colors": {"planned": "success", "today": "warning", "overdue": "danger"},
}
M2O = {"fields": {"display_name": {}}}
KANBAN_SPEC = {
    "color": {},
    "is_overdue": {},
    "activity_state": {},
    "name": {},
    "priority": {},
    "partner_id": M2O,
    "complaint_type": {},
    "sale_order_id": M2O,
    "verification_state": {},
    "activity_ids": {"fields": {}},
    "user_id": M2O,
}


def fixture_path(conf, db, kind="fixture"):
    return Path(conf).with_name(f".odoo-load-{db}-{kind}.json")


# ----------------------------------------------------------------------
# prepare
# ----------------------------------------------------------------------
def open_registry(conf, db):
    import odoo

    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    return odoo.modules.registry.Registry(db)


def month_positions(env):
    """{(company id, 'YYYYMM'): next number} of the case-number ranges."""
    positions = {}
    sequences = env["ir.sequence"].sudo().search([("code", "=", "complaint.case")])
    for sequence in sequences:
        for date_range in sequence.date_range_ids:
            key = f"{sequence.company_id.id}:{date_range.date_from:%Y%m}"
            positions[key] = date_range.number_next_actual
    return positions


def prepare_users(env, count):
    from odoo import Command

    groups = [
        # Managers: they approve the investigation reports (审核).
        env.ref("complaint_management.group_complaint_manager").id,
        env.ref("sales_team.group_sale_salesman_all_leads").id,
    ]
    Users = env["res.users"].with_context(no_reset_password=True)
    logins = []
    for index in range(1, count + 1):
        login = f"load_user_{index:02d}"
        user = Users.search([("login", "=", login)])
        vals = {
            "name": f"Load User {index:02d}",
            "login": login,
            "email": f"{login}@example.com",
            "password": USER_PASSWORD,
            "groups_id": [Command.link(group) for group in groups],
        }
        if user:
            user.write(vals)
        else:
            Users.create(vals)
        logins.append(login)
    return logins


def prepare_portal(env, reset_token=False):
    """The demo portal user, its password, and one complaint of its
    company for the portal pages. ``reset_token``: that complaint loses its
    access token, so that its first portal view must write one (the one
    write of the read-only portal routes)."""
    portal = env.ref("base.demo_user0")
    portal.write({"password": PORTAL_PASSWORD})
    partner = portal.partner_id.commercial_partner_id
    Case = env["complaint.case"]
    case = Case.search([("commercial_partner_id", "=", partner.id)], limit=1)
    if not case:
        case = Case.create(
            {
                "partner_id": portal.partner_id.id,
                "complaint_type": "service",
                "description": "<p>The driver was late and rude (load test).</p>",
                "department_id": env.ref(
                    "complaint_management.hr_department_quality_demo"
                ).id,
            }
        )
    if reset_token:
        case.sudo().access_token = False
    return case


def prepare(args):
    from odoo import SUPERUSER_ID, api

    registry = open_registry(args.config, args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        lines = []
        for xmlid in DEMO_LINES:
            line = env.ref(xmlid)
            lines.append(
                {
                    "id": line.id,
                    "order_id": line.order_id.id,
                    "partner_id": line.order_id.partner_id.id,
                }
            )
        portal_case = prepare_portal(env, args.reset_portal_token)
        fixture = {
            "logins": prepare_users(env, args.users),
            "password": USER_PASSWORD,
            "lines": lines,
            "department_id": env.ref(
                "complaint_management.hr_department_quality_demo"
            ).id,
            "cause_id": env.ref("complaint_management.complaint_cause_process").id,
            "portal_case_id": portal_case.id,
            "portal_case_name": portal_case.name,
            "positions_before": month_positions(env),
            "first_case_id": (
                env["complaint.case"].search([], order="id desc", limit=1).id
            )
            + 1,
        }
        env["ir.config_parameter"].set_param("report.url", args.report_url or False)
        cr.commit()
    fixture_path(args.config, args.database).write_text(json.dumps(fixture, indent=1))
    print(f"{len(fixture['logins'])} load users ready; fixture written")
    return 0


# ----------------------------------------------------------------------
# run
# ----------------------------------------------------------------------
class RpcError(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


class TimeUp(Exception):
    """The run is over: no new request (the case stays where it is)."""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = Counter()
        self.samples = []
        self.created = 0
        self.closed = 0

    def record(self, op, seconds):
        with self.lock:
            self.latencies[op].append(seconds)

    def error(self, op, kind, message):
        with self.lock:
            self.errors[(op, kind)] += 1
            if len(self.samples) < 10:
                self.samples.append(f"{op}: {kind}: {message[:300]}")

    def count(self, attr):
        with self.lock:
            setattr(self, attr, getattr(self, attr) + 1)


class Client:
    """One user of the web client: its HTTP session and JSON-RPC calls."""

    def __init__(self, url, db, login, password, stats, timeout=300):
        self.url = url
        self.db = db
        self.login = login
        self.password = password
        self.stats = stats
        self.timeout = timeout
        self.http = requests.Session()
        self.uid = None
        self.context = {}
        self.deadline = None

    def _post(self, op, path, params):
        start = time.monotonic()
        if self.deadline and start >= self.deadline:
            raise TimeUp()
        try:
            response = self.http.post(
                self.url + path,
                json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
                timeout=self.timeout,
            )
            if response.status_code != 200:
                raise RpcError(f"HTTP {response.status_code}", response.text[:300])
            body = response.json()
        except requests.RequestException as exc:
            self.stats.error(op, type(exc).__name__, str(exc))
            raise RpcError(type(exc).__name__, str(exc)) from exc
        except (RpcError, ValueError) as exc:
            kind = getattr(exc, "kind", "bad response")
            self.stats.error(op, kind, str(exc))
            raise RpcError(kind, str(exc)) from exc
        self.stats.record(op, time.monotonic() - start)
        if body.get("error"):
            data = body["error"].get("data") or {}
            kind = data.get("name") or body["error"].get("message", "error")
            message = data.get("message") or str(body["error"])
            self.stats.error(op, kind, message)
            raise RpcError(kind, message)
        return body.get("result")

    def authenticate(self):
        result = self._post(
            "authenticate",
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.password},
        )
        self.uid = result["uid"]
        self.context = result.get("user_context") or {}

    def call(self, model, method, args, kwargs=None, op=None):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", self.context)
        return self._post(
            op or method,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def button(self, case_id, method):
        return self._post(
            method,
            f"/web/dataset/call_button/complaint.case/{method}",
            {
                "model": "complaint.case",
                "method": method,
                "args": [[case_id]],
                "kwargs": {"context": self.context},
            },
        )

    def kanban(self):
        """The kanban of complaints grouped by stage, as the web client loads
        it: the groups and the progress bars, then the cards of each open,
        non-empty column."""
        start = time.monotonic()
        model = "complaint.case"
        groups = self.call(
            model,
            "web_read_group",
            [],
            {
                "domain": [],
                "fields": ["color:sum"],
                "groupby": ["stage_id"],
                "orderby": "",
                "lazy": True,
            },
        )
        self.call(
            model,
            "read_progress_bar",
            [],
            {"domain": [], "group_by": "stage_id", "progress_bar": PROGRESS_BAR},
        )
        for group in groups["groups"]:
            if group.get("__fold") or not group.get("stage_id_count"):
                continue
            self.call(
                model,
                "web_search_read",
                [],
                {
                    "domain": group["__domain"],
                    "specification": KANBAN_SPEC,
                    "offset": 0,
                    "order": KANBAN_ORDER,
                    "limit": KANBAN_LIMIT,
                    "context": {**self.context, "bin_size": True},
                    "count_limit": 10001,
                },
            )
        self.stats.record("kanban (whole)", time.monotonic() - start)


def work_case(client, fixture, serial):
    """Register a complaint and take it through the whole process."""
    line = fixture["lines"][serial % len(fixture["lines"])]
    case_id = client.call(
        "complaint.case",
        "create",
        [
            {
                "partner_id": line["partner_id"],
                "sale_order_id": line["order_id"],
                "complaint_type": "quality",
                "customer_request": "exchange",
                "channel": "phone",
                "department_id": fixture["department_id"],
                "user_id": client.uid,
                "description": f"<p>Load test complaint {client.login} #{serial}</p>",
                "line_ids": [[0, 0, {"sale_line_id": line["id"], "claimed_qty": 1}]],
            }
        ],
    )
    case_id = case_id[0] if isinstance(case_id, list) else case_id
    client.stats.count("created")
    client.kanban()

    def write(op, vals):
        client.call("complaint.case", "write", [[case_id], vals], op=op)

    client.button(case_id, "action_accept")
    client.button(case_id, "action_start_investigation")
    write(
        "write report",
        {
            "cause_id": fixture["cause_id"],
            "course_of_events": "Scratched while packing (load test).",
            "responsible_department_ids": [[6, 0, [fixture["department_id"]]]],
            "conclusion": "confirmed",
            "countermeasures": "Replace the part.",
            "preventive_measures": "Separators between parts.",
        },
    )
    client.button(case_id, "action_review_report")
    client.button(case_id, "action_approve_report")
    client.button(case_id, "action_submit_report")
    client.kanban()
    write(
        "write solution",
        {
            "remedy_ids": [[0, 0, {"remedy_type": "apology"}]],
            "reply_text": "<p>We apologise and replace the part.</p>",
        },
    )
    client.button(case_id, "action_send_reply")
    client.button(case_id, "action_customer_accepts")
    client.button(case_id, "action_execute_remedies")
    client.button(case_id, "action_start_followup")
    visits = [[0, 0, {"method": "phone", "satisfaction": "4"}] for _i in range(2)]
    write("write follow-ups", {"followup_ids": visits})
    client.button(case_id, "action_close")
    client.stats.count("closed")
    client.kanban()


def user_loop(client, fixture, user_index):
    serial = user_index
    while True:
        try:
            work_case(client, fixture, serial)
        except RpcError:
            # Counted by the client; the case stays where it is.
            pass
        except TimeUp:
            return
        serial += 1


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def report(stats, elapsed, users):
    requests_total = sum(
        len(v) for op, v in stats.latencies.items() if op != "kanban (whole)"
    )
    requests_total += sum(stats.errors.values())
    print(f"\n== Load: {users} users, {elapsed:.1f} s")
    print(
        f"requests: {requests_total} ({requests_total / elapsed:.1f}/s); cases "
        f"created: {stats.created} ({stats.created / elapsed:.2f}/s); cases "
        f"closed: {stats.closed} ({stats.closed / elapsed:.2f}/s)"
    )
    print(f"\n{'operation':<28}{'count':>7}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}")
    for op in sorted(stats.latencies, key=lambda o: -len(stats.latencies[o])):
        values = stats.latencies[op]
        cells = "".join(f"{percentile(values, p) * 1000:>9.0f}" for p in (50, 90, 99))
        print(f"{op:<28}{len(values):>7}{cells}")
    total_errors = sum(stats.errors.values())
    print(f"\nclient-visible errors: {total_errors}")
    for (op, kind), count in sorted(stats.errors.items()):
        print(f"  {count:>5}  {op}: {kind}")
    for sample in stats.samples:
        print(f"  e.g. {sample}")
    return total_errors


PORTAL_CHECKS = (
    ("portal list", "/my/complaints"),
    ("portal detail", "/my/complaints/{case_id}"),
)


def portal_check(url, db, fixture, stats):
    """The demo portal user opens its complaints list and a complaint."""
    client = Client(url, db, PORTAL_LOGIN, PORTAL_PASSWORD, stats)
    client.authenticate()
    case, name = fixture["portal_case_id"], fixture["portal_case_name"]
    failures = []
    for op, path in PORTAL_CHECKS:
        start = time.monotonic()
        response = client.http.get(
            url + path.format(case_id=case), timeout=120, allow_redirects=False
        )
        stats.record(op, time.monotonic() - start)
        shown = name in response.text
        ok = response.status_code == 200 and shown
        print(
            f"{op}: GET {path.format(case_id=case)} -> {response.status_code}, "
            f"{len(response.content)} bytes, complaint {name} shown: "
            f"{'yes' if shown else 'NO'}"
        )
        if not ok:
            stats.error(op, f"HTTP {response.status_code}", response.text[:200])
            failures.append(op)
    return failures


def run(args):
    fixture = json.loads(fixture_path(args.config, args.database).read_text())
    stats = Stats()
    clients = [
        Client(args.url, args.database, login, fixture["password"], stats)
        for login in fixture["logins"][: args.users]
    ]
    # Log in first (one after the other: each login hashes a password and
    # the first requests of a worker load the registry), then the timed run.
    try:
        for client in clients:
            client.authenticate()
    except RpcError as exc:
        print(f"login of {client.login} failed: {exc}")
        return 1
    start = time.monotonic()
    threads = []
    for index, client in enumerate(clients):
        client.deadline = start + args.duration
        threads.append(
            threading.Thread(target=user_loop, args=(client, fixture, index))
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    errors = report(stats, elapsed, len(clients))
    if args.portal:
        print("\n== Portal pages (demo portal user)")
        errors += len(portal_check(args.url, args.database, fixture, stats))
    if args.log:
        print_server_log(args.log)
    failed_creates = sum(n for (op, _k), n in stats.errors.items() if op == "create")
    fixture_path(args.config, args.database, "result").write_text(
        json.dumps({"failed_creates": failed_creates, "errors": errors})
    )
    return 1 if errors else 0


# ----------------------------------------------------------------------
# Server log: retried transactions, cursor modes
# ----------------------------------------------------------------------
LOG_LINE = re.compile(
    r"^\S+ \S+ (?P<pid>\d+) (?P<level>\w+) \S+ (?P<logger>\S+): (?P<message>.*)$"
)
RETRY = re.compile(r"(?P<kind>\w+), (\d+ tries left|maximum number of tries)")
REQUEST = re.compile(r'"(?P<verb>GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+)')


def parse_server_log(path):
    """Retries (serialization failures …) per request path, cursor modes
    per request path (only logged with a replica), read-only fallbacks."""
    retries = Counter()
    modes = defaultdict(Counter)
    fallbacks = 0
    pending = defaultdict(list)
    for line in Path(path).read_text(errors="replace").splitlines():
        match = LOG_LINE.match(line)
        if not match:
            continue
        pid, logger, message = match["pid"], match["logger"], match["message"]
        retry = RETRY.search(message) if logger == "odoo.service.model" else None
        if retry:
            pending[pid].append(retry["kind"])
        elif "retrying with a read/write cursor" in message:
            fallbacks += 1
        elif logger == "werkzeug" and (request := REQUEST.search(message)):
            route = re.sub(r"/\d+", "/<id>", request["path"].split("?")[0])
            for kind in pending.pop(pid, []):
                retries[(route, kind)] += 1
            tail = message.rsplit(" ", 1)[-1]
            if tail in ("ro", "rw", "ro->rw"):
                modes[route][tail] += 1
    return retries, modes, fallbacks


def print_server_log(path):
    retries, modes, fallbacks = parse_server_log(path)
    print("\n== Server log")
    total = sum(retries.values())
    print(f"transactions rolled back and retried by Odoo (client never saw): {total}")
    for (route, kind), count in sorted(retries.items()):
        print(f"  {count:>5}  {route}: {kind}")
    if modes:
        print("cursor per route (ro = read-only cursor, on the replica):")
        for route in sorted(modes):
            cells = ", ".join(f"{m} {n}" for m, n in sorted(modes[route].items()))
            print(f"  {route}: {cells}")
        print(f"read-only requests that had to write (ro->rw fallbacks): {fallbacks}")


# ----------------------------------------------------------------------
# check
# ----------------------------------------------------------------------
def check_history(env):
    """Each case's last stage history entry is its current stage, and it is
    the one open entry."""
    env.cr.execute(
        """
        SELECT c.id, c.name, c.stage_id, last.stage_id, last.date_out,
               (SELECT count(*) FROM complaint_stage_log l
                 WHERE l.case_id = c.id AND l.date_out IS NULL)
          FROM complaint_case c
          LEFT JOIN LATERAL (
                SELECT l.stage_id, l.date_out FROM complaint_stage_log l
                 WHERE l.case_id = c.id ORDER BY l.date_in DESC, l.id DESC LIMIT 1
          ) last ON TRUE
        """
    )
    rows = env.cr.fetchall()
    bad = [
        f"{name}: stage {stage}, last history {last} (open {date_out is None}, "
        f"{open_count} open)"
        for _id, name, stage, last, date_out, open_count in rows
        if last != stage or date_out is not None or open_count != 1
    ]
    print(
        f"stage history: {len(rows)} cases, {len(rows) - len(bad)} end in their "
        f"current stage with one open entry, {len(bad)} inconsistent"
    )
    for line in bad[:20]:
        print(f"  {line}")
    return bad


def check_unique(env):
    env.cr.execute(
        "SELECT company_id, name, count(*) FROM complaint_case "
        "GROUP BY company_id, name HAVING count(*) > 1"
    )
    duplicates = env.cr.fetchall()
    print(f"case numbers: {len(duplicates)} duplicated")
    for company, name, count in duplicates[:20]:
        print(f"  {name} (company {company}) x{count}")
    return duplicates


def numbers_by_month(env, first_case_id):
    """{'company:YYYYMM': ([serials of cases since first_case_id], prefix)}."""
    env.cr.execute(
        "SELECT company_id, name FROM complaint_case WHERE id >= %s", [first_case_id]
    )
    months = defaultdict(list)
    prefixes = {}
    for company, name in env.cr.fetchall():
        match = re.fullmatch(r"(KS(\d{6})-)(\d+)", name)
        if match:
            key = f"{company}:{match[2]}"
            months[key].append(int(match[3]))
            prefixes[key] = match[1]
    return months, prefixes


def check_gaps(env, fixture, args):
    """Numbers taken by this run (from the position of each month's range
    before it to the position after it): the unused ones must be accounted
    for by rolled-back registrations."""
    sequence = env["ir.sequence"].sudo().search([("code", "=", "complaint.case")])
    implementations = set(sequence.mapped("implementation"))
    months, prefixes = numbers_by_month(env, fixture["first_case_id"])
    after = month_positions(env)
    burnt = 0
    for key in sorted(months):
        first = fixture["positions_before"].get(key, 1)
        taken = range(first, after[key])
        gaps = sorted(set(taken) - set(months[key]))
        burnt += len(gaps)
        shown = ", ".join(f"{prefixes[key]}{n:04d}" for n in gaps[:15])
        more = " …" if len(gaps) > 15 else ""
        print(
            f"numbers of {prefixes[key]}* (company {key.split(':')[0]}) this run: "
            f"{len(taken)} taken ({first}..{after[key] - 1}), "
            f"{len(months[key])} on cases, {len(gaps)} gaps{': ' if gaps else ''}"
            f"{shown}{more}"
        )
    retries, _modes, _fallbacks = (
        parse_server_log(args.log) if args.log else (Counter(), 0, 0)
    )
    rolled_back = sum(
        n
        for (route, _k), n in retries.items()
        if route.endswith("complaint.case/create")
    )
    result = fixture_path(args.config, args.database, "result")
    failed = json.loads(result.read_text())["failed_creates"] if result.exists() else 0
    print(
        f"sequence implementation: {', '.join(sorted(implementations))} "
        f"(standard = a PostgreSQL sequence: nextval() is not rolled back, so a "
        f"registration rolled back after taking its number burns it; no_gap "
        f"would lock the range row until commit and serialize registrations)"
    )
    print(
        f"registrations rolled back: {rolled_back} retried by Odoo (server log) + "
        f"{failed} failed for the client = {rolled_back + failed}; unused numbers: "
        f"{burnt}"
    )
    if burnt > rolled_back + failed:
        print("  FAILED: more gaps than rolled-back registrations")
        return ["gaps"]
    return []


def check(args):
    from odoo import SUPERUSER_ID, api

    fixture = json.loads(fixture_path(args.config, args.database).read_text())
    registry = open_registry(args.config, args.database)
    print("\n== Consistency of the database")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        failures = check_history(env) + check_unique(env)
        failures += check_gaps(env, fixture, args)
    if failures:
        print("consistency: FAILED")
        return 1
    print("consistency: all checks passed")
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("prepare", "run", "check"):
        command = sub.add_parser(name)
        command.add_argument("-d", "--database", required=True)
        command.add_argument("-c", "--config", required=True)
        command.add_argument("--users", type=int, default=10)
        command.add_argument("--log", help="the Odoo server's log file")
    sub.choices["prepare"].add_argument("--report-url", default="")
    sub.choices["prepare"].add_argument("--reset-portal-token", action="store_true")
    run_parser = sub.choices["run"]
    run_parser.add_argument("--url", required=True)
    run_parser.add_argument("--duration", type=float, default=120)
    run_parser.add_argument("--portal", action="store_true")
    return parser.parse_args()


def main():
    args = parse_args()
    logging.basicConfig(level=logging.WARNING)
    return {"prepare": prepare, "run": run, "check": check}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
