import base64

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .test_process import ProcessCommon

# The smallest valid PNG (1×1 pixel).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPortalComplaint(ProcessCommon, HttpCase):
    """网上投诉: a customer complains about its own confirmed order on the
    portal; the server applies the backend's verification and refusals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "huayuan_web",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.rival_user = new_test_user(cls.env, "rival_web", groups="base.group_portal")
        cls.rival_user.partner_id.parent_id = cls.other_customer
        cls.line = cls.order.order_line.filtered(
            lambda line: line.product_id == cls.product
        )
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 2})
                ],
            }
        )
        cls.rival_order = cls._create_order(
            [(cls.product, 5)], partner=cls.other_customer
        )
        cls._deliver(cls.rival_order.picking_ids, {cls.product: 5})

    def _post(self, order, data, files=None, csrf=True, token=None):
        data = dict(data)
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        if token:
            data["access_token"] = token
        return self.url_open(
            f"/my/orders/{order.id}/complaint",
            data=data,
            files=files,
            allow_redirects=False,
        )

    def _upload(self, name, content):
        return self._post(
            self.order, self._form(), files={"attachments": (name, content)}
        )

    def _form(self, qty="2", **extra):
        return {
            "complaint_type": "quality",
            "customer_request": "exchange",
            f"qty_{self.line.id}": qty,
            "description": "Two flanges are warped.\nSee the photo.",
            **extra,
        }

    def _cases(self):
        return self.env["complaint.case"].search(
            [("sale_order_id", "=", self.order.id), ("channel", "=", "portal")]
        )

    def test_report_a_problem_from_the_order_page(self):
        self.authenticate("huayuan_web", "huayuan_web")
        page = self.url_open(f"/my/orders/{self.order.id}")
        self.assertIn("Report a problem", page.text)
        self.assertIn(f"/my/orders/{self.order.id}/complaint", page.text)
        form = self.url_open(f"/my/orders/{self.order.id}/complaint")
        self.assertEqual(form.status_code, 200)
        self.assertIn("Steel Flange DN50", form.text)
        response = self._upload("warped.png", PNG)
        self.assertEqual(response.status_code, 303, response.text[:2000])
        case = self._cases()
        self.assertEqual(len(case), 1)
        self.assertIn(f"/my/complaints/{case.id}?", response.headers["Location"])
        self.assertIn("registered=1", response.headers["Location"])
        self.assertRecordValues(
            case,
            [
                {
                    "partner_id": self.customer_contact.id,
                    "complaint_type": "quality",
                    "customer_request": "exchange",
                    "channel": "portal",
                    "stage_step": "register",
                    "acknowledgement_pending": True,
                }
            ],
        )
        self.assertRecordValues(
            case.line_ids,
            [{"sale_line_id": self.line.id, "claimed_qty": 2.0}],
        )
        self.assertIn("Two flanges are warped.<br>See the photo.", case.description)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.case"), ("res_id", "=", case.id)]
        )
        self.assertEqual(attachment.mimetype, "image/png")
        self.assertEqual(attachment.name, "warped.png")
        shown = self.url_open(response.headers["Location"])
        self.assertIn(
            "We have registered your complaint. A confirmation is on its way by "
            "e-mail.",
            shown.text,
        )
        self.assertIn(case.name, shown.text)
        # The photos are the customer's message, on its page too.
        message = case.message_ids.filtered("attachment_ids")
        self.assertEqual(message.author_id, self.customer_contact)
        self.assertEqual(message.attachment_ids, attachment)
        self.assertFalse(message.subtype_id.internal)

    def test_the_backend_refusals(self):
        self.authenticate("huayuan_web", "huayuan_web")
        # More than delivered: the verification of the backend, word for word.
        page = self._post(self.order, self._form(qty="12"))
        self.assertEqual(page.status_code, 200)
        self.assertIn(
            "12 Units of Steel Flange DN50 are claimed defective, but only 10 Units "
            f"were delivered to {self.customer.display_name}.",
            page.text.replace("&#39;", "'"),
        )
        for form, message in (
            (
                self._form(qty=""),
                "Give the quantity of at least one product concerned.",
            ),
            (
                self._form(qty="two"),
                "The quantity of Steel Flange DN50 is not a number (two).",
            ),
            (
                self._form(complaint_type="nonsense"),
                "Choose the type of your complaint.",
            ),
            (self._form(description="  "), "Describe the problem."),
        ):
            with self.subTest(message=message):
                page = self._post(self.order, form)
                self.assertEqual(page.status_code, 200)
                self.assertIn(message, page.text)
        self.assertFalse(self._cases())

    def test_uploads_are_checked(self):
        self.authenticate("huayuan_web", "huayuan_web")
        big = self._upload("big.png", PNG + b"\0" * (10 * 1024 * 1024))
        self.assertIn(
            "big.png is too large (10.0 MB): at most 10 MB per file.", big.text
        )
        text = self._upload("notes.png", b"just text, not an image")
        self.assertIn(
            "notes.png is not a photo or a PDF: attach images (JPEG, PNG, GIF, WebP) "
            "or PDF files only.",
            text.text,
        )
        self.assertFalse(self._cases())

    def test_quotations_and_other_customers(self):
        self.authenticate("huayuan_web", "huayuan_web")
        # A quotation (opened with its link: it is not the customer's yet).
        token = self.quotation._portal_ensure_token()
        page = self.url_open(
            f"/my/orders/{self.quotation.id}/complaint?access_token={token}"
        )
        self.assertIn(
            f"{self.quotation.name} is not a confirmed order: a complaint concerns a "
            "confirmed order.",
            page.text,
        )
        self.assertNotIn("Send the complaint", page.text)
        self.assertEqual(
            self._post(
                self.quotation, {"complaint_type": "quality"}, token=token
            ).status_code,
            200,
        )
        # Another customer's order: back to /my, nothing said about it.
        for token in (None, "not-the-token"):
            response = self._post(self.rival_order, self._form(), token=token)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my"))
        response = self.url_open(
            f"/my/orders/{self.rival_order.id}/complaint", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(self.rival_order.name, response.text)
        # No CSRF token.
        self.assertEqual(
            self._post(self.order, self._form(), csrf=False).status_code, 400
        )
        self.assertFalse(
            self.env["complaint.case"].search(
                [
                    ("channel", "=", "portal"),
                    (
                        "sale_order_id",
                        "in",
                        (self.order | self.quotation | self.rival_order).ids,
                    ),
                ]
            )
        )

    def test_hourly_limit(self):
        self.company.complaint_portal_hourly_limit = 1
        self.authenticate("huayuan_web", "huayuan_web")
        self.assertEqual(self._post(self.order, self._form()).status_code, 303)
        page = self._post(self.order, self._form())
        self.assertIn(
            "Online, we accept at most 1 complaints of a customer in an hour. Please "
            "try again later or call us.",
            page.text,
        )
        self.assertEqual(len(self._cases()), 1)

    def test_new_complaint_lists_own_confirmed_orders(self):
        self.authenticate("huayuan_web", "huayuan_web")
        page = self.url_open("/my/complaints/new")
        self.assertIn(self.order.name, page.text)
        self.assertNotIn(self.quotation.name, page.text)
        self.assertNotIn(self.rival_order.name, page.text)
        self.assertIn("/my/complaints/new", self.url_open("/my/complaints").text)

    def test_complain_tour(self):
        """Browser: from its order page, the customer reports a problem and
        sees its new complaint (static/src/js/tours/complaint_portal_tour.js)."""
        self.start_tour(
            f"/my/orders/{self.order.id}",
            "complaint_management_portal_complaint_tour",
            login="huayuan_web",
        )
        case = self._cases()
        self.assertEqual(len(case), 1)
        self.assertEqual(case.line_ids.claimed_qty, 3.0)

    def test_refusal_in_the_customers_language(self):
        """A Chinese customer reads the backend's refusal in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["uom", "complaint_management"], ["zh_CN"], overwrite=True
        )
        self.env.invalidate_all()
        self.portal_user.lang = "zh_CN"
        units = self.env.ref("uom.product_uom_unit").with_context(lang="zh_CN").name
        self.authenticate("huayuan_web", "huayuan_web")
        page = self._post(self.order, self._form(qty="12"))
        self.assertIn(
            f"投诉称 Steel Flange DN50 有 12 {units} 存在缺陷，但向 "
            f"{self.customer.display_name} 交货的仅有 10 {units}。",
            page.text,
        )
        self.assertIn("提交投诉", page.text)

    def test_hostile_form_values(self):
        self.authenticate("huayuan_web", "huayuan_web")
        # A file sent under a text field's name is no text: a refusal, not a
        # crash.
        page = self._post(
            self.order,
            self._form(qty=""),
            files={f"qty_{self.line.id}": ("qty.txt", b"2")},
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("Give the quantity of at least one product concerned.", page.text)
        # Texts are bounded on the server, not only by the browser.
        page = self._post(self.order, self._form(description="x" * 10001))
        self.assertIn(
            "Your text is too long (10001 characters): at most 10000.", page.text
        )
        # A photo named like a script is stored as the photo it is.
        response = self._upload("evil.js", b"GIF89a/*x*/=1;alert(1);//")
        self.assertEqual(response.status_code, 303)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.case"), ("res_id", "=", self._cases().id)]
        )
        self.assertRecordValues(
            attachment, [{"name": "evil.gif", "mimetype": "image/gif"}]
        )
