"""Look and feel (issue 11): the compact menu below 1024 px, wide tables in keyboard-reachable
scroll regions, /administration/ axe clean, and screenshots of the caseworker's main pages at
375, 800 and 1280 px (var/screenshots/look-*.png, looked at by hand)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from actionplans.services import goals, plans
from families.models import Family, FamilyCoordinator, Task
from tests.actionplans.conftest import active_plan_for, finished_assessment, member
from tests.conftest import Organisation, give_consent
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("var/screenshots")
WIDTHS = [375, 800, 1280]


@pytest.fixture
def planned_family(family: Family, caseworker, coordinator, nordby: Organisation) -> Family:
    """An included family with an active plan (started 80 days ago, so due soon) and a step."""
    give_consent(family, caseworker, nordby.children_family, nordby.social, nordby.employment)
    family.refresh_from_db()
    draft = plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))
    started = timezone.localdate() - dt.timedelta(days=80)
    plan = active_plan_for(draft, caseworker, nordby.children_family, started_on=started)
    goals.add_step(
        actor=caseworker,
        goal=plan.goals.get(),
        what="Vækkeur hver morgen og fælles morgenmad inden skole",
        due_on=timezone.localdate() + dt.timedelta(days=10),
        owner_member=member(family, "Jonas"),
    )
    # The coordinator co-coordinates the family: its due items fill their "my work".
    FamilyCoordinator.objects.create(
        family=family, user=coordinator, kind=FamilyCoordinator.Kind.SECONDARY
    )
    Task.objects.create(
        family=family,
        title="Ring til skolen om fremmødet",
        due_on=timezone.localdate() - dt.timedelta(days=2),
        created_by=coordinator,
    )
    return family


def _width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _too_wide(page: Page, width: int) -> list[str]:
    """The outermost elements that reach past the window's right edge (for the failure message)."""
    return list(
        page.evaluate(
            """(width) => {
              const past = (e) => e && e.getBoundingClientRect().right > width + 1;
              return [...document.querySelectorAll('body *')]
                .filter((e) => past(e) && !past(e.parentElement))
                .slice(0, 5)
                .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`);
            }""",
            width,
        )
    )


def _tab_to(page: Page, selector: str, limit: int = 30) -> None:
    """Press Tab from the top of the page until the element has the focus."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


@pytest.mark.parametrize("width", [375, 800])
def test_below_1024_px_the_menu_folds_behind_a_button(
    page: Page, live_server, caseworker, planned_family, axe, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "caseworker")
    toggle = page.locator(".menu-toggle")
    links = page.locator("#main-menu-list .nav-link")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text(re.compile("Menu"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "main-menu-list")
    expect(links.first).to_be_hidden()
    # Keyboard only: Tab reaches the button, Enter opens, Tab goes into the menu, Escape closes.
    _tab_to(page, ".menu-toggle")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(links.first).to_be_visible()
    assert serious_violations(axe, page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('nav-link')")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    assert _width(page) <= width
    assert serious_violations(axe, page) == []


def test_at_1280_px_the_menu_is_one_row_without_the_button(
    page: Page, live_server, caseworker, planned_family
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "caseworker")
    expect(page.locator(".menu-toggle")).to_be_hidden()
    links = page.locator("#main-menu-list .nav-link")
    expect(links.first).to_be_visible()
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    tops = {round(box["y"]) for box in boxes if box is not None}
    assert None not in boxes  # every link is laid out
    assert len(tops) == 1, tops  # one row


def _pages(family: Family) -> dict[str, str]:
    return {
        "family-overview": f"/families/{family.pk}/",
        "plan": f"/plans/families/{family.pk}/",
        "queue": "/plans/queue/",
        "my-work": "/work/",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_tables_scroll_in_a_named_focusable_region(
    page: Page, live_server, coordinator, planned_family, axe, width
):
    """Every table on the main pages sits in a region the keyboard reaches; no page is wider
    than the window; axe clean; a screenshot of each page at this width."""
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "coordinator")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in _pages(planned_family).items():
        page.goto(f"{live_server.url}{path}")
        tables = page.locator("main table")
        assert tables.count() > 0, name
        for index in range(tables.count()):
            region = tables.nth(index).locator("xpath=ancestor::div[@role='region'][@tabindex='0']")
            expect(region).to_have_count(1)
            label = region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
            assert label, (name, index)
        assert _width(page) <= width, (name, _width(page), _too_wide(page, width))
        assert serious_violations(axe, page) == [], name
        page.screenshot(path=str(SCREENSHOTS / f"look-{name}-{width}.png"), full_page=True)


def test_administration_passes_axe(page: Page, live_server, nordby: Organisation, axe):
    admin = UserFactory(
        username="kommuneadmin",
        municipality=nordby.municipality,
        is_municipality_admin=True,
        first_name="Ane",
        last_name="Admin",
    )
    base = f"{live_server.url}/administration"
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, admin)
    paths = [
        "/",
        "/accounts/user/",
        "/accounts/user/add/",
        f"/accounts/user/{admin.pk}/change/",
        "/accounts/department/",
        f"/accounts/department/{nordby.children_family.pk}/change/",
        "/accounts/team/",
        "/accounts/lookupalert/",
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        violations = serious_violations(axe, page)
        if violations:
            found[path] = violations
    page.goto(f"{base}/")
    page.screenshot(path=str(SCREENSHOTS / "look-administration-1280.png"), full_page=True)
    assert found == {}
