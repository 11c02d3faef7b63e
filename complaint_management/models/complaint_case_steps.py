"""Guards and effects of the transitions of the complaint process (the table
in complaint_process.py names them): what stops a transition, and what it
does, once."""

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext, is_html_empty

from .complaint_process import (
    GROUP_LABELS,
    MANAGER,
    OFFICER,
    REPORT_FIELDS,
)


class ComplaintCase(models.Model):
    _inherit = "complaint.case"

    def _guard_assigned(self, transition, inputs):
        problems = []
        if not self.department_id:
            problems.append(self.env._("set the responsible department"))
        if not self.user_id:
            problems.append(self.env._("set the handler"))
        return problems

    def _guard_decider(self, transition, inputs):
        """受理裁定: the manager of the receiving unit (or of a unit above
        it) or a Complaint Officer decides whether a complaint is accepted."""
        if self._is_router() or self.env.user in self._acceptance_deciders():
            return []
        unit = self.receiving_department_id or self.department_id
        if not unit:
            return [self.env._("the acceptance is decided by a Complaint Officer")]
        return [
            self.env._(
                "the acceptance is decided by the manager of %(unit)s or a "
                "Complaint Officer",
                unit=unit.name,
            )
        ]

    def _acceptance_deciders(self):
        """The managers of the receiving unit and of the units above it."""
        return self._heads_of(self.receiving_department_id or self.department_id)

    def _heads_of(self, department):
        """The managers of ``department`` and of the departments above it."""
        # sudo: who manages a department is not the user's to read.
        unit = department.sudo()
        users = self.env["res.users"]
        while unit:
            users |= unit.manager_id.user_id
            unit = unit.parent_id
        return users.sudo(False)

    def _record_decision(self):
        return {
            "decided_by_id": self.env.user.id,
            "date_decided": fields.Datetime.now(),
        }

    def _guard_reason(self, transition, inputs):
        if (inputs.get(transition.needs) or "").strip():
            return []
        return [
            {
                "reject_reason": self.env._("give the reason for not accepting it"),
                "cancel_reason": self.env._("give the reason for cancelling it"),
                "customer_response_note": self.env._(
                    "give the reason the customer refuses the solution"
                ),
                "review_refusal_note": self.env._(
                    "give the reason the report is refused"
                ),
            }[transition.needs]
        ]

    # ------------------------------------------------------------------
    # 审核: the review of the investigation report
    # ------------------------------------------------------------------
    def _guard_review_on(self, transition, inputs):
        if self.company_id.complaint_report_review:
            return []
        return [
            self.env._(
                "%(company)s does not review investigation reports (Settings)",
                company=self.company_id.name,
            )
        ]

    def _is_reviewer(self):
        if self.env.su:
            return True
        department = self.company_id.complaint_review_department_id
        if not department:
            return self.env.user.has_group(OFFICER)
        return department in self.env.user.employee_ids.department_id

    def _is_supervisor(self):
        if self.env.su or self.env.user.has_group(MANAGER):
            return True
        return self.env.user in self._heads_of(self.department_id)

    def _reviewers_label(self):
        department = self.company_id.complaint_review_department_id
        return department.name if department else self.env._("a Complaint Officer")

    def _guard_reviewer(self, transition, inputs):
        if self._is_reviewer():
            return []
        return [
            self.env._(
                "the report is reviewed by %(reviewers)s",
                reviewers=self._reviewers_label(),
            )
        ]

    def _guard_reviewed(self, transition, inputs):
        if self.report_reviewed_by_id:
            return []
        return [
            self.env._(
                "the report is reviewed by %(reviewers)s first",
                reviewers=self._reviewers_label(),
            )
        ]

    def _guard_supervisor(self, transition, inputs):
        if self._is_supervisor():
            return []
        return [
            self.env._(
                "the report is approved by the head of %(department)s or a "
                "Complaint Manager",
                department=self.department_id.name or "",
            )
        ]

    def _guard_reviewer_or_supervisor(self, transition, inputs):
        if self._is_reviewer() or self._is_supervisor():
            return []
        return [
            self.env._(
                "the report is refused by %(reviewers)s or by its supervisor",
                reviewers=self._reviewers_label(),
            )
        ]

    def _guard_report_approved(self, transition, inputs):
        if not self.company_id.complaint_report_review or (
            self.report_reviewed_by_id and self.report_approved_by_id
        ):
            return []
        return [
            self.env._(
                "the report is reviewed by %(reviewers)s and approved by its "
                "supervisor first",
                reviewers=self._reviewers_label(),
            )
        ]

    def _is_report_reviewed(self):
        return bool(self.report_reviewed_by_id)

    def _is_report_approved(self):
        return bool(self.report_approved_by_id)

    def _is_review_refused(self):
        """Refused and not reviewed since: refusing again changes nothing."""
        return bool(
            self.review_refusal_note
            and not self.report_reviewed_by_id
            and not self.report_approved_by_id
        )

    def _effect_report_reviewed(self, transition, inputs):
        self._process_write(
            {
                "report_reviewed_by_id": self.env.uid,
                "date_report_reviewed": fields.Datetime.now(),
                "review_refusal_note": False,
            }
        )

    def _effect_report_approved(self, transition, inputs):
        self._process_write(
            {
                "report_approved_by_id": self.env.uid,
                "date_report_approved": fields.Datetime.now(),
            }
        )

    def _effect_review_refused(self, transition, inputs):
        note = inputs["review_refusal_note"].strip()
        self._clear_review()
        self._process_write({"review_refusal_note": note})
        self.message_post(
            body=self.env._(
                "Investigation report refused by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=note,
            ),
            partner_ids=self.user_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _clear_review(self):
        cases = self.filtered(
            lambda c: c.report_reviewed_by_id or c.report_approved_by_id
        )
        if cases:
            cases._process_write(
                {
                    "report_reviewed_by_id": False,
                    "date_report_reviewed": False,
                    "report_approved_by_id": False,
                    "date_report_approved": False,
                }
            )
        return cases

    def _guard_report(self, transition, inputs):
        missing = [
            self._field_label(fname) for fname in REPORT_FIELDS if not self[fname]
        ]
        if missing:
            return [
                self.env._(
                    "complete the investigation report: %(missing)s",
                    missing=", ".join(missing),
                )
            ]
        return []

    def _guard_approver(self, transition, inputs):
        if not self.approval_required:
            return [
                self.env._(
                    "remedies worth %(amount)s need no approval (limit %(limit)s)",
                    amount=self._format_amount(self.remedy_amount_total),
                    limit=self._format_amount(self.company_id.complaint_approval_limit),
                )
            ]
        user = self.env.user
        group = MANAGER if self.approval_tier == "manager" else OFFICER
        if not user.has_group(group):
            raise AccessError(
                self.env._(
                    "Remedies worth %(amount)s are approved by %(group)s (officers "
                    "approve up to %(limit)s).",
                    amount=self._format_amount(self.remedy_amount_total),
                    group=GROUP_LABELS[group],
                    limit=self._format_amount(
                        self.company_id.complaint_officer_approval_limit
                    ),
                )
            )
        if user in self.complained_user_ids:
            raise AccessError(
                self.env._(
                    "%(user)s is a person complained about in %(case)s and may not "
                    "approve it.",
                    user=user.name,
                    case=self.name,
                )
            )
        proposers = self.remedy_ids.create_uid | self.remedy_ids.write_uid
        if user in proposers:
            raise AccessError(
                self.env._(
                    "%(user)s proposed or changed remedies of %(case)s and may not "
                    "approve them: another person approves them.",
                    user=user.name,
                    case=self.name,
                )
            )
        if user == self.user_id:
            raise AccessError(
                self.env._(
                    "%(user)s handles %(case)s and may not approve its solution: "
                    "another person approves it.",
                    user=user.name,
                    case=self.name,
                )
            )
        return []

    def _guard_solution(self, transition, inputs):
        problems = []
        remedies = self.remedy_ids
        if not remedies:
            problems.append(self.env._("propose at least one remedy"))
        if self.approval_required and not self.is_approved:
            if self.approved_by_id:
                problems.append(
                    self.env._(
                        "approve the solution again: it was approved for "
                        "%(approved)s, the remedies are now worth %(amount)s",
                        approved=self._format_amount(self.approved_amount),
                        amount=self._format_amount(self.remedy_amount_total),
                    )
                )
            else:
                problems.append(
                    self.env._(
                        "have the solution approved by %(group)s: remedies worth "
                        "%(amount)s exceed the approval limit of %(limit)s",
                        group=GROUP_LABELS[
                            MANAGER if self.approval_tier == "manager" else OFFICER
                        ],
                        amount=self._format_amount(self.remedy_amount_total),
                        limit=self._format_amount(
                            self.company_id.complaint_approval_limit
                        ),
                    )
                )
        if (
            is_html_empty(self.reply_text)
            or not html2plaintext(self.reply_text or "").strip()
        ):
            problems.append(self.env._("write the reply to the customer"))
        return problems

    def _guard_nothing_executed(self, transition, inputs):
        executed = self.remedy_ids.filtered(lambda r: r._is_executed())
        return [
            self.env._(
                "the %(remedy)s has already been executed",
                remedy=remedy._type_label(),
            )
            for remedy in executed
        ]

    def _guard_remedies_done(self, transition, inputs):
        problems = []
        cancelled = self.remedy_ids.filtered(lambda r: r.state == "cancel")
        open_remedies = self.remedy_ids.filtered(
            lambda r: r.state not in ("done", "cancel")
        )
        if open_remedies:
            problems.append(
                self.env._(
                    "finish the remedies: %(remedies)s",
                    remedies=", ".join(r._type_label() for r in open_remedies),
                )
            )
        if cancelled:
            problems.append(
                self.env._(
                    "the documents of %(remedies)s were cancelled: execute them "
                    "again, or revise the solution",
                    remedies=", ".join(r._type_label() for r in cancelled),
                )
            )
        return problems

    def _guard_actions(self, transition, inputs):
        """A case closes with its corrective and preventive actions done,
        cancelled, or carried over by an officer."""
        pending = self.sudo().action_ids.filtered(lambda a: a.state == "open")
        if not pending:
            return []
        return [
            self.env._(
                "finish the actions %(actions)s or have an officer carry them over",
                actions=", ".join(pending.mapped("name")),
            )
        ]

    def _guard_followups(self, transition, inputs):
        problems = []
        followups = self._current_followups()
        if len(followups) < self.followup_required:
            problems.append(
                self.env._(
                    "record %(required)s follow-up visits (%(done)s so far)",
                    required=self.followup_required,
                    done=len(followups),
                )
            )
        last = followups.sorted(lambda f: (f.date, f.id))[-1:]
        if last and not last.satisfied:
            problems.append(self.env._("the customer is not satisfied"))
        return problems

    def _effect_accepted(self, transition, inputs):
        self._process_write(
            {"date_accepted": fields.Datetime.now(), **self._record_decision()}
        )

    def _effect_rejected(self, transition, inputs):
        self._process_write(
            {
                "reject_reason": inputs["reject_reason"].strip(),
                **self._record_decision(),
            }
        )
        self._send_template("complaint_management.mail_template_complaint_rejection")
        # The courteous written answer is the contact and the answer; the
        # case is finished.
        self._time_limits_met(("contact", "answer", "close"))
        self._time_limits_end()

    def _effect_contacted(self, transition, inputs):
        self._process_write({"date_first_contact": fields.Datetime.now()})
        self._time_limits_met(("contact",))

    def _effect_report_submitted(self, transition, inputs):
        self._process_write({"date_report": fields.Datetime.now()})

    def _effect_approved(self, transition, inputs):
        self._process_write(
            {
                "approved_by_id": self.env.uid,
                "approved_amount": self.remedy_amount_total,
                "date_approved": fields.Datetime.now(),
            }
        )

    def _effect_reply_sent(self, transition, inputs):
        now = fields.Datetime.now()
        self._process_write(
            {
                "date_replied": now,
                "reply_sent": self.reply_text,
                "customer_response": "pending",
                "customer_response_note": False,
            }
        )
        if not self.date_first_contact:
            self._process_write({"date_first_contact": now})
        self._send_template("complaint_management.mail_template_complaint_reply")
        self._time_limits_met(("contact", "answer", "solution"))

    def _effect_solution_revised(self, transition, inputs):
        self._process_write({"customer_response": False})
        self._clear_approval(
            self.env._("The solution is revised after the reply was sent.")
        )

    def _answered_by(self):
        """Who answered the reply: the customer's contact on the portal (in
        the context), else the user recording the answer."""
        partner_id = self.env.context.get("complaint_answer_partner_id")
        return {
            "customer_response_partner_id": partner_id or self.env.user.partner_id.id,
            "date_customer_response": fields.Datetime.now(),
        }

    def _effect_customer_accepted(self, transition, inputs):
        self._process_write(
            {
                "customer_response": "accepted",
                "customer_response_note": (
                    inputs.get("customer_response_note") or ""
                ).strip()
                or False,
                **self._answered_by(),
            }
        )

    def _effect_customer_refused(self, transition, inputs):
        self._process_write(
            {
                "customer_response": "refused",
                "customer_response_note": inputs["customer_response_note"].strip(),
                **self._answered_by(),
            }
        )
        self._message_log(
            body=self.env._("The customer refused the solution: back to investigation.")
        )
        self._clear_approval(self.env._("The customer refused the solution."))

    def _effect_executed(self, transition, inputs):
        now = fields.Datetime.now()
        self._process_write({"date_executed": now})
        self._open_time_limit("followup", now)
        # 回访: the customer may rate the follow-up online; staff may still
        # record phone calls and visits.
        self._send_template("complaint_management.mail_template_complaint_survey")

    def _effect_closed(self, transition, inputs):
        self._process_write({"date_closed": fields.Datetime.now()})
        self._time_limits_met(("close",))
        self._time_limits_end()

    def _effect_unsatisfied(self, transition, inputs):
        self._process_write({"customer_response": False})
        self._message_log(
            body=self.env._(
                "The customer is not satisfied with the follow-up: back to "
                "investigation."
            )
        )

    def _effect_reopened(self, transition, inputs):
        self._process_write({"date_closed": False, "customer_response": False})
        self._clear_approval(self.env._("The case is reopened."))
        self._time_limits_reopen()

    def _effect_cancelled(self, transition, inputs):
        self._process_write({"cancel_reason": inputs["cancel_reason"].strip()})
        self._time_limits_end()

    def _send_template(self, xmlid):
        """Mail the customer with the template ``xmlid``, from the company's
        address. A case is never refused because a mail cannot be sent: the
        chatter says why it was not."""
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template:
            return
        to_mail = self.browse()
        for case in self.filtered(lambda c: c.partner_id.email):
            if not (case.company_id.email or case.user_id.email or self.env.user.email):
                case._message_log(
                    body=self.env._(
                        "%(mail)s was not e-mailed to the customer: neither the "
                        "company, the handler nor you have an e-mail address.",
                        mail=template.name,
                    )
                )
                continue
            to_mail |= case
        if len(to_mail) == 1:
            to_mail.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        elif to_mail:
            # Several cases: the composer renders the letters in one batch and
            # posts one on each case.
            self.env["mail.compose.message"].with_context(
                default_composition_mode="comment",
                default_model=self._name,
                default_res_ids=to_mail.ids,
                default_template_id=template.id,
            ).create(
                {
                    "message_type": "comment",
                    "subtype_id": self.env.ref("mail.mt_comment").id,
                }
            )._action_send_mail()
