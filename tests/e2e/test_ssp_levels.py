"""The core team records a later SSP concern level for both target children on a tablet-sized
window: the family's SSP level tab shows the level at inclusion, takes one date and a level per
child (large radio targets), and lists the new levels and the change in the history; the
measurements page shows the latest. axe-core checks both pages."""

import datetime as dt
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from evaluation.models import SspLevelRecord
from families.models import Family, Member
from families.services import cases, members
from screening.models import Referral
from tests.conftest import give_consent
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = os.environ.get("KT_SCREENSHOT_DIR")


@pytest.fixture
def holm(nordby, caseworker) -> Family:
    family = cases.create_family(actor=caseworker, team=nordby.team, name="Holm")
    today = timezone.localdate()
    for role, first, years, extra in [
        (Member.Role.PARENT, "Lone", 41, {"is_custody_holder": True}),
        (Member.Role.TARGET_CHILD, "Mads", 15, {}),
        (Member.Role.TARGET_CHILD, "Ida", 13, {}),
    ]:
        members.add_member(
            actor=caseworker,
            family=family,
            role=role,
            first_name=first,
            last_name="Holm",
            birth_date=today.replace(year=today.year - years) - dt.timedelta(days=40),
            **extra,
        )
    give_consent(family, caseworker, nordby.children_family)
    Referral.objects.create(
        team=nordby.team,
        family=family,
        received_on=today - dt.timedelta(days=20),
        source="police",
        status=Referral.Status.INCLUDED,
        ssp_level=3,
        referred_by="Politiet",
        concern="Bekymring",
        created_by=caseworker,
    )
    return family


def test_recording_later_ssp_levels_on_a_tablet(page: Page, live_server, caseworker, holm, axe):
    page.set_viewport_size({"width": 800, "height": 1100})
    base = live_server.url
    log_in(page, base, caseworker)

    page.goto(f"{base}/measurements/families/{holm.pk}/")
    page.get_by_role("link", name="Registrér et senere SSP-niveau").click()
    expect(page).to_have_url(re.compile(rf"/measurements/families/{holm.pk}/ssp/$"))
    expect(page.locator("#ssp-at-inclusion")).to_contain_text("3")
    assert serious_violations(axe, page) == []

    page.get_by_role("group", name="Mads Holm").get_by_text(re.compile(r"^2 –")).click()
    ida = page.get_by_role("group", name="Ida Holm")
    ida.get_by_text(re.compile(r"^3 –")).click()
    box = ida.locator("label").first.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44
    page.get_by_role("button", name="Gem SSP-niveauerne").click()

    expect(page.get_by_text("SSP-niveauerne er gemt.")).to_be_visible()
    latest = page.locator("#ssp-latest")
    expect(latest.locator("tr", has_text="Mads")).to_contain_text("2 –")
    expect(latest.locator("tr", has_text="Ida")).to_contain_text("3 –")
    expect(page.locator("#ssp-history tbody tr")).to_have_count(2)
    assert serious_violations(axe, page) == []
    if SCREENSHOT:
        page.screenshot(path=f"{SCREENSHOT}/ssp_levels.png", full_page=True)
    assert sorted(SspLevelRecord.objects.values_list("member__first_name", "level")) == [
        ("Ida", 3),
        ("Mads", 2),
    ]

    page.goto(f"{base}/measurements/families/{holm.pk}/")
    expect(page.locator("#ssp-summary")).to_contain_text("seneste niveau 2")
    assert serious_violations(axe, page) == []
    if SCREENSHOT:
        page.screenshot(path=f"{SCREENSHOT}/ssp_summary.png", full_page=True)
