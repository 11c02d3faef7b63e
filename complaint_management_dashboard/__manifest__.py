{
    "name": "Customer Complaints - Dashboard",
    "summary": "A complaints dashboard in the Dashboards app: complaints, verdicts, "
    "products, customers, departments and causes of the period",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "complaint_management developers",
    "website": "https://github.com/complaint-management/complaint_management",
    "depends": ["complaint_management", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "auto_install": True,
    "installable": True,
}
