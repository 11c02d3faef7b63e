import json

import polib

from odoo.tests import TransactionCase
from odoo.tools.misc import file_path

from odoo.addons.complaint_management.tests.common import ComplaintCommon

MODULE = "complaint_management_dashboard"


class TestComplaintDashboard(ComplaintCommon):
    """The dashboard reads the Complaint Analysis: every field it names
    exists there, and what it asks for is what the analysis counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(f"{MODULE}.spreadsheet_dashboard_complaints")
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        cls.Report = cls.env["complaint.report"]
        order = cls._create_order([(cls.product, 10), (cls.product_b, 5)])
        cls._deliver(order.picking_ids, {cls.product: 10, cls.product_b: 5})
        cls.case = cls._create_case(order, "quality", [(cls.product, 2)])
        cls.case.department_id = cls.dept_quality

    def _chains(self):
        for pivot in self.data["pivots"].values():
            yield (
                pivot["model"],
                [m["fieldName"] for m in pivot["measures"]],
                [row["fieldName"] for row in pivot["rows"]],
                pivot["fieldMatching"],
            )
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    yield (
                        meta["resModel"],
                        [meta["measure"]],
                        meta["groupBy"],
                        figure["data"]["fieldMatching"],
                    )

    def test_every_field_exists(self):
        filters = {f["id"] for f in self.data["globalFilters"]}
        self.assertEqual(len(filters), 5)
        seen = 0
        for model, measures, groupbys, matching in self._chains():
            seen += 1
            self.assertEqual(model, "complaint.report")
            for name in measures:
                field = self.Report._fields[name]
                self.assertIn(field.aggregator, ("sum", "avg"), name)
            for groupby in groupbys:
                self.assertIn(groupby.split(":")[0], self.Report._fields)
            self.assertEqual(set(matching), filters)
            for match in matching.values():
                self.assertIn(match["chain"], self.Report._fields)
        self.assertEqual(seen, 8)

    def test_an_officer_reads_what_the_dashboard_asks(self):
        dashboard = self.dashboard.with_user(self.officer)
        snapshot = dashboard.get_readonly_dashboard()["snapshot"]
        self.assertEqual(snapshot["pivots"]["1"]["rows"], [{"fieldName": "product_id"}])
        # The top products table, as the spreadsheet asks the server for it.
        pivot = self.data["pivots"]["1"]
        groups = self.Report.with_user(self.officer).read_group(
            pivot["domain"] + [("case_id", "=", self.case.id)],
            [f"{m['fieldName']}:sum" for m in pivot["measures"]],
            ["product_id"],
        )
        self.assertEqual(
            [(g["product_id"][0], g["case_count"]) for g in groups],
            [(self.product.id, 1)],
        )

    def test_only_officers_see_it(self):
        self.assertTrue(
            self.officer.has_group("complaint_management.group_complaint_officer")
        )
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.officer).search([]))
        self.assertNotIn(
            self.dashboard, Dashboard.with_user(self.sales_user).search([])
        )


class TestI18n(TransactionCase):
    def test_po_translates_every_template_entry(self):
        pot = polib.pofile(file_path(f"{MODULE}/i18n/{MODULE}.pot"))
        po = polib.pofile(file_path(f"{MODULE}/i18n/zh_CN.po"))
        self.assertEqual(po.metadata.get("Language"), "zh_CN")
        translations = {entry.msgid: entry.msgstr for entry in po}
        self.assertTrue(len(pot) > 0)
        for entry in pot:
            with self.subTest(msgid=entry.msgid):
                self.assertTrue(translations.get(entry.msgid, "").strip())
