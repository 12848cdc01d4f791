"""The accessibility check itself must be able to fail, or its green means nothing."""

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.e2e


def test_axe_reports_serious_violations(page: Page, axe):
    page.set_content(
        '<html lang="da"><body><main><img src="x.png"><input type="text"></main></body></html>'
    )
    found = serious_violations(axe, page)
    assert any(line.startswith("image-alt") for line in found)
    assert any(line.startswith("label") for line in found)
