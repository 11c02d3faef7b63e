/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A portal customer complains from its confirmed order's page.
 *
 * Starts on the portal page of a confirmed, delivered order (see
 * tests/test_portal_complaint.py): "Report a problem", the type, 3 flanges
 * concerned, a description, send; the new complaint's page says it is
 * registered.
 */
registry.category("web_tour.tours").add("complaint_management_portal_complaint_tour", {
    steps: () => [
        {
            content: "Report a problem with the order",
            trigger: "a.o_complaint_report_problem",
            run: "click",
        },
        {
            content: "Choose the type Quality Defect",
            trigger: ".o_complaint_order_form select[name=complaint_type]",
            run: "select quality",
        },
        {
            content: "3 flanges are concerned",
            trigger: ".o_complaint_order_form tr:contains(Steel Flange DN50) input[type=number]",
            run: "edit 3",
        },
        {
            content: "Describe the problem",
            trigger: ".o_complaint_order_form textarea[name=description]",
            run: "edit Three flanges are warped.",
        },
        {
            content: "Send the complaint",
            trigger: ".o_complaint_order_form button[type=submit]",
            run: "click",
        },
        {
            content: "The new complaint is registered and shown",
            trigger: ".o_complaint_registered:contains(We have registered your complaint)",
        },
    ],
});
