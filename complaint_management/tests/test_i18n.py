import re

import polib

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase
from odoo.tools.misc import file_path

PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdif]")


class TestI18n(TransactionCase):
    """The Simplified Chinese translation is complete and reaches the users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        # The terms are written in SQL: drop what the ORM cached.
        cls.env.invalidate_all()

    def _pofile(self, name):
        return polib.pofile(file_path(f"complaint_management/i18n/{name}"))

    def test_po_translates_every_template_entry(self):
        pot = self._pofile("complaint_management.pot")
        po = self._pofile("zh_CN.po")
        self.assertEqual(po.metadata.get("Language"), "zh_CN")
        self.assertEqual(po.metadata.get("Plural-Forms"), "nplurals=1; plural=0;")
        translations = {entry.msgid: entry for entry in po if not entry.obsolete}
        self.assertTrue(len(pot) > 0)
        for msgid in (entry.msgid for entry in pot if not entry.obsolete):
            with self.subTest(msgid=msgid):
                entry = translations.get(msgid)
                self.assertTrue(entry, "missing from zh_CN.po")
                self.assertTrue(entry.msgstr.strip(), "empty translation")
                self.assertNotIn("fuzzy", entry.flags)
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                    sorted(PLACEHOLDER.findall(msgid)),
                    "placeholders differ",
                )

    def test_error_message_in_chinese(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["complaint.stage"].with_context(lang="zh_CN").create(
                {"name": "X", "time_limit": -2}
            )
        self.assertEqual(str(caught.exception), "阶段 X 的处理时限不能为负数（-2.0）。")

    def test_stage_and_selection_labels_in_chinese(self):
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        closed = env.ref("complaint_management.complaint_stage_closed")
        self.assertEqual(closed.name, "结案")
        self.assertEqual(
            env.ref("complaint_management.complaint_stage_rejected").name, "不受理"
        )
        self.assertEqual(
            self.env.ref("complaint_management.complaint_stage_closed")
            .with_context(lang="en_US")
            .name,
            "Closed",
        )
        fields = env["complaint.case"]._fields
        verdicts = dict(fields["verification_state"]._description_selection(env))
        self.assertEqual(
            verdicts,
            {
                "to_check": "待核实",
                "confirmed": "属实",
                "partial": "部分属实",
                "unfounded": "不属实",
            },
        )
        requests = dict(fields["customer_request"]._description_selection(env))
        self.assertEqual(requests["repair"], "无偿修理加工")
        self.assertEqual(requests["suggestion"], "批评建议")
