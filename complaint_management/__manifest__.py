{
    "name": "Customer Complaints",
    "summary": "Customer complaint cases tied to sale orders, deliveries and products, "
    "verified against the real order data",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "complaint_management developers",
    "website": "https://github.com/complaint-management/complaint_management",
    "depends": ["sale_stock", "hr", "portal"],
    "data": [
        "security/complaint_management_security.xml",
        "security/ir.model.access.csv",
        "security/complaint_case_rules.xml",
        "data/complaint_stage_data.xml",
        "data/complaint_case_data.xml",
        "views/complaint_stage_views.xml",
        "views/complaint_case_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/res_partner_views.xml",
        "views/complaint_management_menus.xml",
    ],
    "demo": [
        "demo/complaint_case_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "complaint_management/static/src/js/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
