import polib

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tools.misc import file_path

from odoo.addons.complaint_management.tests.test_process import ProcessCommon

MODULE = "complaint_management_repair"


class TestI18n(ProcessCommon):
    """The Simplified Chinese translation is complete and reaches the users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["complaint_management", MODULE], ["zh_CN"], overwrite=True
        )
        # The terms are written in SQL: drop what the ORM cached.
        cls.env.invalidate_all()

    def test_po_translates_every_template_entry(self):
        pot = polib.pofile(file_path(f"{MODULE}/i18n/{MODULE}.pot"))
        po = polib.pofile(file_path(f"{MODULE}/i18n/zh_CN.po"))
        self.assertEqual(po.metadata.get("Language"), "zh_CN")
        translations = {entry.msgid: entry.msgstr for entry in po}
        self.assertTrue(len(pot) > 0)
        for entry in pot:
            with self.subTest(msgid=entry.msgid):
                self.assertTrue(translations.get(entry.msgid, "").strip())

    def test_error_message_in_chinese(self):
        case = self._accepted(self._new_case())
        with self.assertRaisesMessage(
            ValidationError, "修理加工须关联所涉产品的投诉明细行。"
        ):
            case.with_context(lang="zh_CN").remedy_ids = [
                Command.create({"remedy_type": "repair", "quantity": 1})
            ]
