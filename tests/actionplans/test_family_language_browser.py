"""The plan in the family's language in Chromium (issue 11, item 10): the plan page says what is
not yet translated, the translation page takes the interpreter's wording (typed right-to-left for
Arabic), and both pages pass axe."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from actionplans.models import Goal
from actionplans.services import goals, plans
from families.models import Member
from tests.actionplans.conftest import finished_assessment, member
from tests.conftest import give_consent
from tests.e2e.browser import log_in
from tests.e2e.conftest import axe, browser_type_launch_args, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
__all__ = ["axe", "browser_type_launch_args"]  # the browser tests' fixtures, used here too

ARABIC_GOAL = "يذهب يوناس إلى المدرسة"
SCREENSHOTS = os.environ.get("KT_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_the_interpreters_wording_is_entered_and_the_missing_ones_are_listed(
    page: Page, live_server, family, caseworker, nordby, axe
):
    base = live_server.url
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    Member.objects.filter(family=family, first_name="Mette").update(
        languages="Arabisk", needs_interpreter=True
    )
    plan = plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))
    goal = goals.add_goal(
        actor=caseworker,
        plan=plan,
        member=member(family, "Jonas"),
        department=nordby.children_family,
        family_wording="Gå i skole hver dag",
    )
    goals.add_step(
        actor=caseworker,
        goal=goal,
        what="Vækkeur hver morgen",
        due_on=timezone.localdate(),
        owner_member=member(family, "Jonas"),
    )
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    log_in(page, base, "caseworker")

    page.goto(f"{base}/plans/families/{family.pk}/")
    section = page.locator("#family-language + p")
    expect(section).to_contain_text("The family's language, from the family record: Arabic.")
    expect(section).to_contain_text("0 of 3 texts are translated.")
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name="Enter translations with the interpreter").click()
    assert serious_violations(axe, page) == []
    page.get_by_label("Interpreter", exact=True).fill("Nadia Haddad")
    field = page.get_by_label("Goal for Jonas: Gå i skole hver dag")
    field.fill(ARABIC_GOAL)
    # Typed in Arabic, the field runs right to left (dir="auto").
    assert field.evaluate("e => e.matches(':dir(rtl)')") is True
    assert field.get_attribute("lang") == "ar"
    _shot(page, "translation_form")
    page.locator("main form.narrow-form button[type=submit]").click()

    expect(page.locator("main")).to_contain_text("The translations were saved.")
    expect(page.locator("#family-language + p")).to_contain_text("1 of 3 texts are translated.")
    missing = page.locator("ul.untranslated-list")
    expect(missing).to_contain_text("Vækkeur hver morgen")
    expect(missing).not_to_contain_text("Gå i skole hver dag")
    expect(page.locator(f"section[aria-labelledby='goal-{goal.pk}']")).to_contain_text(ARABIC_GOAL)
    assert serious_violations(axe, page) == []
    _shot(page, "plan_page")
    assert Goal.objects.get(pk=goal.pk).interpreter == "Nadia Haddad"
