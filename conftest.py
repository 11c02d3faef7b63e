"""pytest configuration shared by the addon's tests (see scripts/test)."""

import logging


class _DropTestFrameworkImportError(logging.Filter):
    """pytest-odoo imports ``odoo.tests`` at start-up, before it switches Odoo to
    test mode per test module; Odoo then logs a harmless error with a stack
    trace ("Importing test framework, avoid importing from business modules").
    Drop that one record so that real errors stay visible."""

    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_DropTestFrameworkImportError())
