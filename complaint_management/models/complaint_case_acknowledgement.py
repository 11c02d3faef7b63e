"""The acknowledgement to the customer (SPEC §2.1, 受理回执): queued when a
case is registered and mailed by a cron, rendered in batches, so that
registering a complaint (a form, an import, the mail alias, the portal) does
not wait for a mail to be rendered. The registration triggers the cron: the
customer has the letter within seconds, with the content and the author it
had when it was rendered inside the registration."""

import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.tools.sql import create_index

from .complaint_case import INTERNAL

_logger = logging.getLogger(__name__)

ACK_TEMPLATE = "complaint_management.mail_template_complaint_acknowledgement"
ACK_CRON = "complaint_management.complaint_case_cron_acknowledgement"
ACK_BATCH_SIZE = 100
ZERO = timedelta(0)
# A user changed the case while the cron mailed it: try again later.
CONCURRENCY_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
)


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    acknowledgement_pending = fields.Boolean(
        string="Acknowledgement to Send",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The case is registered; the acknowledgement to the customer is "
        "being mailed.",
    )

    def init(self):
        res = super().init()
        # The cron's queue: the few cases still to acknowledge.
        create_index(
            self.env.cr,
            "complaint_case_ack_pending_idx",
            self._table,
            ["id"],
            where="acknowledgement_pending",
        )
        return res

    def _queue_acknowledgement(self, delay=None):
        """Registration: the cron mails the acknowledgement right after the
        commit (the values of the create carry ``acknowledgement_pending``),
        or after ``delay``."""
        # What ir.cron._trigger does, without reading the cron: a trigger of
        # a deactivated cron is never run, and is cleaned up by Odoo.
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(ACK_CRON)
        if cron_id:
            self.env["ir.cron.trigger"].sudo().create(
                {"cron_id": cron_id, "call_at": fields.Datetime.now() + (delay or ZERO)}
            )
            if not delay:
                self.env.cr.postcommit.add(
                    self.env["ir.cron"].browse(cron_id)._notifydb
                )

    @api.model
    def _cron_send_acknowledgements(self, batch_size=ACK_BATCH_SIZE):
        """Right after registration, a batch at a time: link the repeat
        complaints (complaint_case_repeat: a search of the customer's
        history, kept out of the registration) and mail the queued
        acknowledgements."""
        cases = self.sudo().search(
            [("acknowledgement_pending", "=", True)], order="id", limit=batch_size
        )
        cases._link_repeats()
        cases._send_acknowledgements()
        remaining = (
            self.sudo().search_count([("acknowledgement_pending", "=", True)])
            if len(cases) == batch_size
            else 0
        )
        self.env["ir.cron"]._notify_progress(done=len(cases), remaining=remaining)
        return len(cases)

    def _send_acknowledgements(self):
        """Mail the acknowledgements of these cases, each as the user who
        registered it (the author the customer sees), rendered in one batch
        per author. A batch that meets a concurrent update of its cases (a
        user moving one at that moment) stays queued and the cron runs again
        in a minute; a letter that fails otherwise is logged, never retried
        forever: a case is not refused because a mail cannot be sent."""
        pending = self.sudo().filtered("acknowledgement_pending")
        by_author = defaultdict(lambda: self.sudo().browse())
        for case in pending:
            by_author[case.create_uid] |= case
        failed = self.sudo().browse()
        retry = False
        for author, cases in by_author.items():
            try:
                # The letters and the end of their queue together: a user's
                # update of one of these cases meanwhile undoes both here,
                # not the whole job.
                with self.env.cr.savepoint():
                    cases.with_user(author).sudo()._send_template(ACK_TEMPLATE)
                    cases._process_write({"acknowledgement_pending": False})
                    cases.flush_recordset(["acknowledgement_pending"])
            except CONCURRENCY_ERRORS:
                _logger.info(
                    "The acknowledgements of %s met a concurrent update: queued "
                    "again",
                    ", ".join(cases.mapped("name")),
                )
                retry = True
                continue
            except Exception:
                _logger.exception(
                    "The acknowledgements of %s could not be mailed",
                    ", ".join(cases.mapped("name")),
                )
                failed |= cases
        failed._process_write({"acknowledgement_pending": False})
        if retry:
            self._queue_acknowledgement(delay=timedelta(minutes=1))
        return True
