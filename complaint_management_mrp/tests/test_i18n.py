import polib

from odoo.tests import TransactionCase
from odoo.tools.misc import file_path

MODULE = "complaint_management_mrp"


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
