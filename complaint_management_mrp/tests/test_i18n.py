import polib

from odoo.exceptions import UserError
from odoo.tests import TransactionCase
from odoo.tools.misc import file_path

from .test_kit_process import KitProcessCommon

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


class TestKitReturnInChinese(KitProcessCommon):
    """The refusal of a kit return reaches a Chinese user in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["complaint_management", MODULE], ["zh_CN"], overwrite=True
        )
        # The terms are written in SQL: drop what the ORM cached.
        cls.env.invalidate_all()

    def test_refusal_in_chinese(self):
        case = self._kit_return_accepted(5)
        self._return(self.kit_delivery, {self.seal: 4})
        units = self.env.ref("uom.product_uom_unit").with_context(lang="zh_CN").name
        with self.assertRaisesMessage(
            UserError,
            f"套件 Valve Repair Kit VK-20 待退货的 5 {units} 中，仅有 4 仍可整套退回"
            f"（Valve Seal VS-20：需 5 {units}，仅 4 可退）。",
        ):
            case.with_context(lang="zh_CN").action_execute_remedies()
