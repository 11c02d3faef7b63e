{
    "name": "Customer Complaints - Kits",
    "summary": "Complaints about kits sold through a bill of materials count "
    "delivered kits as Odoo's sale order does",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "complaint_management developers",
    "website": "https://github.com/complaint-management/complaint_management",
    "depends": ["complaint_management", "sale_mrp"],
    "auto_install": True,
    "installable": True,
}
