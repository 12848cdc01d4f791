"""The dashboards in Chromium: the steering group's overview with charts, tables, "≤3" and the
cut-off filter; the evaluator's overview and export form; a team coordinator fills in the fidelity
survey with the keyboard-friendly radio groups. axe-core checks every page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from evaluation import fidelity
from evaluation.models import FidelityRound
from evaluation.services import set_cut_off
from screening.models import Referral
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations
from tests.factories import FamilyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(axe, page: Page) -> None:
    assert serious_violations(axe, page) == [], page.url


def _referrals(nordby, caseworker) -> None:
    for index in range(6):
        family = FamilyFactory(team=nordby.team, created_by=caseworker, status="screening")
        Referral.objects.create(
            team=nordby.team,
            family=family,
            received_on=dt.date(2026, 1, 10) if index < 4 else dt.date(2026, 5, 10),
            source="police" if index < 5 else "school",
            referred_by="Politiet",
            concern="Bekymring",
            created_by=caseworker,
        )


def test_steering_group_overview_with_charts_and_filter(
    page: Page, live_server, steering, evaluator, nordby, caseworker, axe
):
    _referrals(nordby, caseworker)
    set_cut_off(actor=evaluator, cut_off=dt.date(2026, 3, 1), reason="Test split")
    base = live_server.url
    log_in(page, base, steering)
    page.goto(f"{base}/overview/")

    expect(page.locator("h1")).to_contain_text(re.compile("styregruppen|steering group"))
    expect(page.locator("#figure-referrals-by-source table")).to_contain_text("≤3")
    expect(page.locator("#figure-referrals-by-source svg[role=img]")).to_have_count(1)
    check(axe, page)

    # The split is the programme's one cut-off date (set by the evaluator); the steering group
    # only chooses the period.
    expect(page.locator("#id_cut_off")).to_have_count(0)
    page.locator("#id_period").select_option("after")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"period=after"))
    flow_row = page.locator("#figure-flow tbody tr").first
    expect(flow_row.locator("td").first).to_have_text("≤3")  # two referrals after the cut-off
    check(axe, page)

    with page.expect_download() as download:
        page.locator("#figure-flow a[download]").click()
    assert download.value.suggested_filename == "flow.csv"


def test_evaluator_overview_and_export_form(page: Page, live_server, evaluator, nordby, axe):
    base = live_server.url
    log_in(page, base, evaluator)
    page.goto(f"{base}/overview/")
    expect(page.locator("#figure-families-by-status tbody tr")).to_have_count(2)  # Nordby, all
    check(axe, page)

    page.goto(f"{base}/overview/cut-off/")
    page.locator("#id_cut_off").fill("2020-03-11")
    page.locator("#id_reason").fill("Corona")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main table")).to_contain_text("Corona")
    check(axe, page)

    page.goto(f"{base}/overview/export/")
    check(axe, page)
    page.locator("#id_answered_from").fill("2026-06-01")
    page.locator("#id_answered_to").fill("2026-01-01")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text(
        re.compile("Startdatoen skal ligge før|The start date must be")
    )
    check(axe, page)


def test_team_coordinator_fills_in_the_fidelity_survey(page: Page, live_server, coordinator, axe):
    base = live_server.url
    log_in(page, base, coordinator)
    page.goto(f"{base}/overview/fidelity/create/")
    check(axe, page)

    for item in fidelity.ITEMS:
        value = "dk" if item.code == "a4" else "4"
        page.locator(f'input[name="item_{item.code}"][value="{value}"]').check()
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/overview/fidelity/$"))
    expect(page.locator("main table tbody")).to_contain_text("4,0")
    assert FidelityRound.objects.get().answers["a4"] is None
    check(axe, page)
