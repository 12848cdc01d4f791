"""Issue 11, item 6: long unbroken text wraps, and a field with a length limit counts down and says
so at the limit."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from families.models import Contact, Family
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_WORD = "x" * 10_000


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("width", [1280, 768])
def test_a_long_contact_summary_wraps_and_the_limit_is_told(
    page: Page, live_server, caseworker, family: Family, axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/families/{family.pk}/")
    summary = page.locator("#id_summary")
    counter = page.locator("#id_summary_count")
    expect(counter).to_have_text("Du har 200 tegn tilbage.")  # Danish, the default
    summary.press_sequentially("Møde")
    expect(counter).to_have_text("Du har 196 tegn tilbage.")
    # 10,000 characters pasted: the field keeps 200 and says so, in words, at the limit.
    summary.fill(LONG_WORD)
    assert len(summary.input_value()) == 200
    expect(counter).to_have_text("Du har nået grænsen på 200 tegn; mere bliver ikke gemt.")
    expect(counter).to_have_class("form-hint char-count char-count--limit")
    assert "id_summary_count" in (summary.get_attribute("aria-describedby") or "")
    page.locator("#contact-log button[type=submit]").click()
    expect(page.locator("#contact-log .contact-status")).not_to_be_empty()
    contact = Contact.objects.get(family=family)
    assert contact.summary == LONG_WORD[:200]
    # The unbroken 200 characters wrap: the page never gets wider than the window.
    page.goto(f"{live_server.url}/families/{family.pk}/")
    assert page_width(page) <= width
    page.screenshot(path=f"var/long-text-family-{width}.png", full_page=True)
    assert serious_violations(axe, page) == []
    page.goto(f"{live_server.url}/families/{family.pk}/contacts/")
    assert page_width(page) <= width
    page.screenshot(path=f"var/long-text-contacts-{width}.png", full_page=True)


def test_a_long_word_elsewhere_wraps_too(page: Page, live_server, caseworker, family: Family):
    """A name at its database limit, unbroken, on the family's page."""
    family.name = "Familien" + "y" * 112
    family.save(update_fields=["name"])
    Contact.objects.create(
        family=family,
        kind=Contact.Kind.MEETING,
        staff=caseworker,
        department=caseworker.memberships.get().department,
        occurred_at=timezone.now(),
        summary="z" * 200,
    )
    page.set_viewport_size({"width": 768, "height": 900})
    log_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/families/{family.pk}/")
    assert page_width(page) <= 768
