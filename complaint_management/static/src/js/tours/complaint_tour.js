/** @odoo-module **/

import { registry } from "@web/core/registry";
import { redirect } from "@web/core/utils/urls";

/**
 * Register a quantity complaint from a confirmed sale order.
 *
 * Starts on the form of a confirmed sale order whose delivery is partly done
 * (see tests/test_tour.py: 10 ordered, 8 delivered, 2 on a backorder). The
 * customer says 8 arrived: the case is saved with the verdict "Confirmed"
 * (shortage of 2) and shows up in the Complaints kanban.
 */
registry.category("web_tour.tours").add("complaint_management_new_complaint_tour", {
    steps: () => [
        {
            content: "Open a new complaint from the confirmed sale order",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_new_complaint]",
            run: "click",
        },
        {
            content: "The new case is prefilled with the order's customer and order",
            trigger:
                ".o_form_view .o_field_widget[name=sale_order_id] input:value(/^S\\d+/)",
        },
        {
            content: "Click the claimed quantity of the first complaint line",
            trigger:
                ".o_form_view .o_field_widget[name=line_ids] .o_data_row:first td.o_data_cell[name=claimed_qty]",
            run: "click",
        },
        {
            content: "The customer says it received 8",
            trigger:
                ".o_form_view .o_field_widget[name=line_ids] .o_data_row:first .o_field_widget[name=claimed_qty] input",
            run: "edit 8",
        },
        {
            content: "Choose the complaint type Quantity Mismatch",
            trigger: ".o_form_view .o_field_widget[name=complaint_type] select",
            run: 'select "quantity"',
        },
        {
            content: "Save the case",
            trigger: ".o_form_view .o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "The case got its number",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=name]:contains(/^KS\\d{6}-\\d{4}$/)",
        },
        {
            content: "The form shows the verdict badge: shortage confirmed",
            trigger:
                ".o_form_view .oe_title .o_field_widget[name=verification_state] .badge:contains(Confirmed)",
        },
        {
            content: "The line shows its verdict too",
            trigger:
                ".o_form_view .o_field_widget[name=line_ids] .o_data_row:first td[name=verification_state] .badge:contains(Confirmed)",
        },
        {
            content: "Go to the Complaints kanban",
            trigger: ".o_form_view .o_form_saved",
            run() {
                redirect("/odoo/action-complaint_management.complaint_case_action");
            },
        },
        {
            content: "The kanban shows the case with its customer and verdict",
            trigger:
                ".o_kanban_view .o_kanban_record:contains(Tour Complaint Customer):has(.o_field_widget[name=verification_state] .badge:contains(Confirmed))",
        },
    ],
});
