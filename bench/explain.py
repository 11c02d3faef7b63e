"""EXPLAIN ANALYZE of the queries behind the board, the list, a customer's
case count and the overdue cron's searches, as bench_user_0 (a Complaints
user of one department) on a database bench/run seeded:

    python bench/explain.py -c ODOO_CONF -d DB

Each operation runs once with the SQL it sends recorded; the queries that
read complaint_case or complaint_deadline are then explained.
"""

import argparse
import json
import sys

ORDER = "priority desc, date_received desc, id desc"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api, fields
    from odoo.sql_db import Cursor
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        fixture = json.loads(env["ir.config_parameter"].get_param("bench.fixture"))
        uenv = env(user=fixture["users"][0])
        Case = uenv["complaint.case"]
        stages = env["complaint.stage"].search([("fold", "=", False)])
        customer = uenv["res.partner"].browse(fixture["customers"][3])
        now = fields.Datetime.now()
        # The progress bar the kanban view declares.
        from lxml import etree

        arch = Case.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        progress_field = etree.fromstring(arch).find(".//progressbar").get("field")
        Deadline = env["complaint.deadline"]
        running = [("state", "=", "open")]
        operations = {
            "kanban: cases per stage (web_read_group)": lambda: Case.web_read_group(
                [], ["stage_id"], ["stage_id"], lazy=True
            ),
            "kanban: progress bar (read_progress_bar)": lambda: Case.read_progress_bar(
                [], "stage_id", {"field": progress_field, "colors": {}}
            ),
            "kanban: a column's first 40 cards (web_search_read)": lambda: (
                Case.web_search_read(
                    [("stage_id", "=", stages[0].id)],
                    {"name": {}},
                    order=ORDER,
                    limit=40,
                )
            ),
            "list: first 80 rows (web_search_read)": lambda: Case.web_search_read(
                [], {"name": {}}, order=ORDER, limit=80
            ),
            "a customer's case count": lambda: customer.complaint_count,
            "cron: reminders due": lambda: Deadline.search(
                running
                + [
                    ("date_reminded", "=", False),
                    ("date_remind", "<=", now),
                    ("date_due", ">=", now),
                ],
                limit=500,
            ),
            "cron: overdue, level 0": lambda: Deadline.search(
                running + [("escalation_level", "=", "0"), ("date_due", "<", now)],
                limit=500,
            ),
            "cron: still overdue, level 1": lambda: Deadline.search(
                running
                + [("escalation_level", "=", "1"), ("date_escalate", "<=", now)],
                limit=500,
            ),
            "acknowledgements queued": lambda: env["complaint.case"].search(
                [("acknowledgement_pending", "=", True)], limit=100
            ),
        }
        real_execute = Cursor.execute
        for label, operation in operations.items():
            recorded = []

            def execute(self, query, params=None, log_exceptions=True, _r=recorded):
                _r.append((query, params))
                return real_execute(self, query, params, log_exceptions)

            env.invalidate_all()
            Cursor.execute = execute
            try:
                cr.execute("SAVEPOINT explain")
                operation()
            except Exception as error:  # an older version of the addon
                cr.execute("ROLLBACK TO SAVEPOINT explain")
                print(f"\n## {label}: not measured ({error})")
                continue
            finally:
                Cursor.execute = real_execute
            for query, params in recorded:
                sql = query.code if hasattr(query, "code") else query
                params = query.params if hasattr(query, "params") else params
                if not isinstance(sql, str) or not sql.lstrip().upper().startswith(
                    "SELECT"
                ):
                    continue
                if "complaint_case" not in sql and "complaint_deadline" not in sql:
                    continue
                cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join("    " + row[0] for row in cr.fetchall())
                print(f"\n## {label}\n    {' '.join(sql.split())[:400]}\n{plan}")
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
