"""A referral walks from the inbox through screening, visitation, consent and handover to an
included family; another is rejected at visitation. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from families.models import Family, Handover, Task
from screening.models import Referral, VisitationDecision
from screening.services import housing_areas
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations
from tests.screening.conftest import AREA_ROWS, judge_all, register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").first.click()


def check(axe, page: Page) -> None:
    assert serious_violations(axe, page) == [], page.url


def test_referral_to_included_family(page: Page, live_server, coordinator, caseworker, nordby, axe):
    housing_areas.import_housing_areas(rows=AREA_ROWS)
    base = live_server.url
    log_in(page, base, "coordinator")

    page.goto(f"{base}/screening/")
    check(axe, page)
    page.locator("a[href='/screening/referrals/create/']").first.click()
    page.locator("#id_family_name").fill("Hassan")
    page.locator("#id_source").select_option("police")
    page.locator("#id_referred_by").fill("Nordby Politi")
    page.locator("#id_concern").fill("Ses med ældre unge ved stationen.")
    page.locator("#id_ssp_level").select_option("3")
    page.locator("#id_person-0-first_name").fill("Omar")
    page.locator("#id_person-0-last_name").fill("Hassan")
    page.locator("#id_person-0-birth_date").fill("2010-04-02")
    page.locator("#id_person-0-origin").select_option("descendant_non_western")
    page.locator("#id_person-0-address").fill("Ravnsbjergvej 4, 1. th.")
    check(axe, page)
    submit(page)
    expect(page).to_have_url(re.compile(r"/screening/referrals/\d+/$"))
    referral = Referral.objects.get()
    omar = referral.children.get()
    check(axe, page)

    # Screening: the computed criteria are filled in; judge the other two.
    page.goto(f"{base}/screening/referrals/{referral.pk}/screening/")
    for key in ("gang_risk", "gang_relation"):
        page.locator(f"#id_met_{omar.pk}_{key}").select_option("yes")
        page.locator(f"#id_why_{omar.pk}_{key}").fill("Set med gruppen ved stationen.")
    check(axe, page)
    submit(page)
    expect(page).to_have_url(re.compile(rf"/screening/referrals/{referral.pk}/$"))
    expect(page.locator("main")).to_contain_text("Ravnsbjerg Syd")

    # Visitation: record the meeting, then include.
    page.goto(f"{base}/screening/visitation/")
    check(axe, page)
    page.get_by_label(str(coordinator)).check()
    page.get_by_label(str(caseworker)).check()
    submit(page)
    expect(page).to_have_url(re.compile(r"/screening/visitation/$"))
    page.goto(f"{base}/screening/referrals/{referral.pk}/decide/")
    page.locator("#id_meeting").select_option(index=1)
    page.locator("input[name=outcome][value=include]").check()
    check(axe, page)
    submit(page)
    expect(page).to_have_url(re.compile(rf"/screening/referrals/{referral.pk}/$"))
    family = Family.objects.get(pk=referral.family_id)
    assert family.status == Family.Status.AWAITING_CONSENT
    check(axe, page)

    # Consent from the young person (foundation page), then the handover checklist.
    page.goto(f"{base}/families/{family.pk}/consents/create/")
    page.get_by_label("Omar Hassan").check()
    page.get_by_label(nordby.social.name).check()
    submit(page)
    expect(page).to_have_url(re.compile(rf"/families/{family.pk}/$"))
    family.refresh_from_db()
    assert family.status == Family.Status.INCLUDED
    page.goto(f"{base}/screening/referrals/{referral.pk}/handover/")
    check(axe, page)
    page.locator("#id_department").select_option(str(nordby.employment.pk))
    page.locator("input[name=has_existing_case][value=no]").check()
    submit(page)
    expect(page).to_have_url(re.compile(rf"/screening/referrals/{referral.pk}/handover/$"))
    assert Handover.objects.get(family=family).has_existing_case is False
    page.get_by_label("Omar Hassan").check()
    page.locator(f"form[action$='/referrals/{referral.pk}/investigations/'] button").click()
    expect(page.locator("main")).to_contain_text("§ 20")
    assert Task.objects.get(family=family).member == omar
    check(axe, page)


def test_referral_is_rejected_at_visitation(
    page: Page, live_server, coordinator, caseworker, nordby, axe
):
    housing_areas.import_housing_areas(rows=AREA_ROWS)
    referral = register(caseworker, nordby.team, name="Berg")
    judge_all(referral, caseworker, is_met=False)
    base = live_server.url
    log_in(page, base, "coordinator")
    page.goto(f"{base}/screening/visitation/")
    page.get_by_label(str(coordinator)).check()
    submit(page)
    page.goto(f"{base}/screening/referrals/{referral.pk}/decide/")
    page.locator("#id_meeting").select_option(index=1)
    page.locator("input[name=outcome][value=reject]").check()
    submit(page)
    # No reason: a clear message and nothing saved.
    expect(page.locator(".alert-error")).to_be_visible()
    assert not VisitationDecision.objects.exists()
    check(axe, page)
    page.locator("#id_rejection_reason").select_option(index=1)
    page.locator("#id_note").fill("Ingen tegn på bandetilknytning.")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/screening/referrals/{referral.pk}/$"))
    assert Family.objects.get(pk=referral.family_id).status == Family.Status.REJECTED
    check(axe, page)
