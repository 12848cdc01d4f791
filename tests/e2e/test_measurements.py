"""A caseworker enters measurement waves on a tablet-sized window (800 px) with the family present:
the background measurement from the family's Measurements tab, then KIDSCREEN-10 by tapping the
large answer buttons and using the keyboard; axe-core checks every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from evaluation.models import Measurement
from families.models import Family, Member
from families.services import cases, members
from tests.conftest import give_consent
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def holm(nordby, caseworker) -> Family:
    family = cases.create_family(actor=caseworker, team=nordby.team, name="Holm")
    today = timezone.localdate()
    for role, first, born, extra in [
        (Member.Role.PARENT, "Lone", dt.date(1985, 3, 12), {"is_custody_holder": True}),
        (Member.Role.TARGET_CHILD, "Mads", today.replace(year=today.year - 15), {}),
    ]:
        members.add_member(
            actor=caseworker,
            family=family,
            role=role,
            first_name=first,
            last_name="Holm",
            birth_date=born - dt.timedelta(days=40),
            **extra,
        )
    give_consent(family, caseworker, nordby.children_family)
    return family


def test_entering_waves_on_a_tablet(page: Page, live_server, caseworker, holm, axe):
    page.set_viewport_size({"width": 800, "height": 1100})
    base = live_server.url
    mads = holm.members.get(first_name="Mads")
    log_in(page, base, caseworker)

    page.goto(f"{base}/measurements/families/{holm.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Målinger"))).to_be_visible()
    assert serious_violations(axe, page) == []

    # The background measurement from the tab: prefilled where the record holds it, all optional.
    page.get_by_role("link", name=re.compile("Indtast.*Baggrundsmåling.*Mads")).click()
    expect(page).to_have_url(re.compile(rf"/members/{mads.pk}/waves/0/background/$"))
    assert serious_violations(axe, page) == []
    page.get_by_role("group", name="Bor sammen med").get_by_text("Begge forældre").click()
    page.get_by_role("button", name="Gem målingen").click()
    expect(page).to_have_url(re.compile(rf"/measurements/families/{holm.pk}/$"))
    expect(page.get_by_text("Målingen er gemt.")).to_be_visible()

    # Wave 1, KIDSCREEN-10: tap the answers; item 10 by keyboard.
    page.goto(f"{base}/measurements/families/{holm.pk}/members/{mads.pk}/waves/1/kidscreen10/")
    assert serious_violations(axe, page) == []
    answers = [4, 3, 2, 1, 3, 3, 4, 2, 5]
    for number, value in enumerate(answers, start=1):
        group = page.get_by_role("group", name=f"Spørgsmål {number}", exact=True)
        group.get_by_text(re.compile(rf"^{value}( –.*)?$")).click()
    last = page.get_by_role("group", name="Spørgsmål 10", exact=True)
    last.get_by_text(re.compile(r"^2$")).click()
    page.keyboard.press("ArrowRight")  # 2 → 3
    # The tapped answer is shown as chosen and its target is large enough for a finger.
    box = last.locator("label").nth(2).bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44
    page.get_by_role("button", name="Gem målingen").click()
    expect(page).to_have_url(re.compile(rf"/measurements/families/{holm.pk}/$"))

    measurement = Measurement.objects.get(member=mads, wave=1, instrument="kidscreen10")
    assert measurement.answers["q10"] == 3
    assert measurement.score == 4 + 3 + 4 + 5 + 3 + 3 + 4 + 2 + 5 + 3  # items 3, 4 reversed: 36
    assert serious_violations(axe, page) == []

    # A future answer date is refused on the same screen; nothing changes.
    page.goto(f"{base}/measurements/families/{holm.pk}/members/{mads.pk}/waves/2/kidscreen10/")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.locator("#id_answered_on").fill(tomorrow.isoformat())
    page.get_by_role("group", name="Spørgsmål 1", exact=True).get_by_text(re.compile("^3$")).click()
    page.get_by_role("button", name="Gem målingen").click()
    expect(page.get_by_text("Svardatoen kan ikke ligge i fremtiden.").first).to_be_visible()
    assert not Measurement.objects.filter(wave=2).exists()

    # The progression page: chart and table.
    page.goto(f"{base}/measurements/families/{holm.pk}/members/{mads.pk}/")
    expect(page.locator("svg.progression-chart")).to_be_visible()
    expect(page.get_by_role("cell", name="36")).to_be_visible()
    assert serious_violations(axe, page) == []
