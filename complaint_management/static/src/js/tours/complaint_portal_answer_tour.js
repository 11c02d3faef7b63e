/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A portal customer refuses the reply to its complaint with a reason.
 *
 * Starts on the portal page of a complaint whose reply was sent (see
 * tests/test_portal_answer.py): the customer writes why it does not agree,
 * presses "I Do Not Agree" and sees its refusal and reason on the page.
 */
registry.category("web_tour.tours").add("complaint_management_portal_refuse_tour", {
    steps: () => [
        {
            content: "The reply is shown with the answer form",
            trigger: "#complaint_answer form.o_complaint_answer_form",
        },
        {
            content: "Write why the solution is not acceptable",
            trigger: "#complaint_answer textarea[name=reason]",
            run: "edit The flanges are still not flat: replace them.",
        },
        {
            content: "Refuse the solution",
            trigger: "#complaint_answer button[name=decision][value=refuse]",
            run: "click",
        },
        {
            content: "The page shows the refusal with its reason",
            trigger:
                "#complaint_answer .alert-warning:contains(The flanges are still not flat: replace them.)",
        },
    ],
});
