/** @odoo-module **/

import { queryFirst } from "@odoo/hoot-dom";
import { registry } from "@web/core/registry";

/**
 * Kanban drags run the process, as the buttons do (tests/test_tour.py,
 * TestDragTour):
 * - a case in Reply dragged back to Investigation needs the customer's
 *   reason, which a drag cannot give: refused, the message names the button;
 * - a case in Solution dragged to Reply sends the reply (the test checks the
 *   mail).
 */
const column = (title) =>
    `.o_kanban_group:has(.o_column_title:contains(${title}))`;
const card = (customer) => `.o_kanban_record:contains(${customer})`;

/** Drag the step's card onto the column titled ``title``, scrolled into view
 * (the board is wider than the browser). */
const dragTo = (title) =>
    async function (helpers) {
        queryFirst(column(title)).scrollIntoView({ inline: "center" });
        await helpers.drag_and_drop(column(title));
    };

registry.category("web_tour.tours").add("complaint_management_drag_tour", {
    steps: () => [
        {
            content: "The case awaiting the customer's answer is in Reply",
            trigger: `${column("Reply")} ${card("Drag Tour Refusing Customer")}`,
        },
        {
            content: "Drag it back to Investigation",
            trigger: card("Drag Tour Refusing Customer"),
            run: dragTo("Investigation"),
        },
        {
            content: "Refused: the reason is given with the button Customer Refuses",
            trigger: ".modal:contains(Use the button Customer Refuses)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The case stayed in Reply",
            trigger: `${column("Reply")} ${card("Drag Tour Refusing Customer")}`,
        },
        {
            content: "Drag the case whose solution is ready to Reply",
            trigger: `${column("Solution")} ${card("Drag Tour Replying Customer")}`,
            run: dragTo("Reply"),
        },
        {
            content: "It is in Reply: the reply was sent",
            trigger: `${column("Reply")} ${card("Drag Tour Replying Customer")}`,
        },
    ],
});
