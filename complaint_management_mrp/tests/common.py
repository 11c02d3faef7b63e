from odoo import Command


def create_valve_kit(cls):
    """On a test class of complaint_management's fixtures: a kit of two
    components (2 bodies and 1 seal each), components in stock."""
    cls.body = cls._create_product("Valve Body VB-20")
    cls.seal = cls._create_product("Valve Seal VS-20")
    cls._put_in_stock(cls.body, 100)
    cls._put_in_stock(cls.seal, 100)
    cls.kit = cls._create_product("Valve Repair Kit VK-20", is_storable=False)
    cls.bom = cls.env["mrp.bom"].create(
        {
            "product_tmpl_id": cls.kit.product_tmpl_id.id,
            "product_qty": 1,
            "type": "phantom",
            "bom_line_ids": [
                Command.create({"product_id": cls.body.id, "product_qty": 2}),
                Command.create({"product_id": cls.seal.id, "product_qty": 1}),
            ],
        }
    )
