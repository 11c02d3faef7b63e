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
        "data/complaint_stage_data.xml",
        "views/complaint_stage_views.xml",
        "views/complaint_management_menus.xml",
    ],
    "application": True,
    "installable": True,
}
