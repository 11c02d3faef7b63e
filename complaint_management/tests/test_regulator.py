from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .test_process import ProcessCommon


class TestRegulatorChannel(ProcessCommon):
    """12315 / 消协: a complaint forwarded by a regulator records who
    forwarded it and its reference; such complaints are listed and counted
    apart."""

    def test_forwarding_body_and_reference_required(self):
        Case = self.env["complaint.case"].with_user(self.officer)
        with self.assertRaisesRegex(
            ValidationError,
            r"^Complaint KS\d{6}-\d{4} was forwarded by a regulator: give "
            r"Forwarded By, Regulator Reference\.$",
        ):
            Case.create(
                {
                    "partner_id": self.customer.id,
                    "complaint_type": "service",
                    "channel": "regulator",
                }
            )
        case = Case.create(
            {
                "partner_id": self.customer.id,
                "complaint_type": "service",
                "channel": "regulator",
                "regulator_body": "12315",
                "regulator_reference": "SH-2026-118842",
            }
        )
        self.assertEqual(case.regulator_body, "12315")
        # Blanking the reference later over RPC is refused as well.
        with self.assertRaisesMessage(
            ValidationError,
            f"Complaint {case.name} was forwarded by a regulator: give Regulator "
            "Reference.",
        ):
            case.write({"regulator_reference": "   "})

    def test_other_channels_have_no_regulator(self):
        case = self._new_case()
        with self.assertRaisesMessage(
            ValidationError,
            f"Complaint {case.name} came through Phone: only a complaint forwarded "
            "by a regulator has a forwarding body and a regulator reference.",
        ):
            case.write({"regulator_reference": "SH-2026-1"})

    def test_listed_and_counted_apart(self):
        forwarded = self._new_case(
            channel="regulator",
            regulator_body="consumer_association",
            regulator_reference="XH-77",
        )
        self._new_case()
        action = self.env.ref("complaint_management.complaint_case_action_regulator")
        self.assertEqual(
            self.env["complaint.case"].search(safe_eval(action.domain)), forwarded
        )
        Report = self.env["complaint.report"]
        groups = Report._read_group(
            [("case_id", "in", (forwarded | self._new_case()).ids)],
            ["regulator_body"],
            ["case_count:sum", "regulator_count:sum"],
        )
        self.assertEqual(
            sorted(groups, key=lambda g: str(g[0])),
            sorted(
                [("consumer_association", 1, 1), (False, 1, 0)],
                key=lambda g: str(g[0]),
            ),
        )
        statement = self.env["complaint.monthly.statement"].create(
            {"date_month": forwarded.date_received.date()}
        )
        self.assertEqual(statement._totals()["regulator_count"], 1)
