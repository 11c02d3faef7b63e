{
    "name": "Customer Complaints - Repairs",
    "summary": "A repair remedy of a complaint creates and follows a repair order",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "complaint_management developers",
    "website": "https://github.com/complaint-management/complaint_management",
    "depends": ["complaint_management", "repair"],
    "data": ["views/complaint_case_views.xml"],
    "auto_install": True,
    "installable": True,
}
