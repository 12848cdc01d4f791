"""A family comes in by a referral (the one way in); a team lead registers an already included
family instead, adds two members, records consent and logs a contact."""

import re

import pytest
from playwright.sync_api import Page, expect

from families.models import AccessLogEntry, Consent, Contact, Family
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_new_family_is_a_referral_for_a_caseworker(page: Page, live_server, caseworker, nordby):
    base = live_server.url
    log_in(page, base, "caseworker")

    # The menu's "New referral" and the old "new family" address both open the referral form.
    page.goto(f"{base}/families/")
    expect(page.locator("main")).not_to_contain_text(
        re.compile("Registrér en allerede inkluderet familie|Register an already included family")
    )
    page.goto(f"{base}/families/create/")
    expect(page).to_have_url(re.compile(r"/screening/referrals/create/$"))
    # The backfill is the team leads' only.
    response = page.goto(f"{base}/families/register-included/")
    assert response is not None and response.status == 403
    assert not Family.objects.exists()


def test_team_lead_registers_an_included_family_and_builds_its_record(
    page: Page, live_server, coordinator, nordby, axe
):
    base = live_server.url
    log_in(page, base, "coordinator")
    expect(page.locator("h1")).to_be_visible()
    assert serious_violations(axe, page) == []

    page.goto(f"{base}/families/")
    page.get_by_role(
        "link",
        name=re.compile(
            "Registrér en allerede inkluderet familie|Register an already included family"
        ),
    ).click()
    expect(page).to_have_url(re.compile(r"/families/register-included/$"))
    assert serious_violations(axe, page) == []
    page.locator("#id_name").fill("Familien Holm")
    page.locator("#id_included_on").fill("2025-09-15")
    page.locator("#id_earlier_reference").fill("SAG-2025-117")
    page.locator("#id_housing_area").fill("Nordparken")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/families/\d+/members/create/$"))
    family = Family.objects.get(name="Familien Holm")
    assert (family.status, family.family_ref) == (Family.Status.INCLUDED, "SAG-2025-117")

    # Mother, then the son in the programme, using "save and add another".
    page.locator("#id_role").select_option("parent")
    page.locator("#id_is_custody_holder").check()
    page.locator("#id_first_name").fill("Lone")
    page.locator("#id_last_name").fill("Holm")
    page.locator("#id_cpr").fill("120385-1236")
    assert serious_violations(axe, page) == []
    page.locator("button[name=add_another]").click()
    expect(page).to_have_url(re.compile(rf"/families/{family.pk}/members/create/$"))
    page.locator("#id_role").select_option("target_child")
    page.locator("#id_first_name").fill("Mads")
    page.locator("#id_last_name").fill("Holm")
    page.locator("#id_cpr").fill("030511-4321")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/families/{family.pk}/$"))
    expect(page.locator("section[aria-labelledby=members-heading] table")).to_contain_text(
        "Lone Holm"
    )
    expect(page.locator("section[aria-labelledby=members-heading] table")).to_contain_text(
        "Mads Holm"
    )
    assert serious_violations(axe, page) == []

    # Consent from the mother, covering the children and family department.
    page.goto(f"{base}/families/{family.pk}/consents/create/")
    page.get_by_label("Lone Holm").check()
    page.get_by_label(nordby.children_family.name).check()
    assert serious_violations(axe, page) == []
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/families/{family.pk}/$"))
    assert Consent.objects.filter(family=family, departments=nordby.children_family).exists()
    expect(page.locator("section[aria-labelledby=consent-heading]")).to_contain_text(
        nordby.children_family.name
    )

    # Log a contact without a page reload: htmx swaps the log in place.
    page.evaluate("window.__marker = 'same page'")
    page.locator("#id_kind").select_option("home_visit")
    page.locator("#id_summary").fill("Hjemmebesøg: talte med Mads om skolen")
    page.locator("#contact-log button[type=submit]").click()
    expect(page.locator("#contact-log")).to_contain_text("Hjemmebesøg: talte med Mads om skolen")
    assert page.evaluate("window.__marker") == "same page"
    assert Contact.objects.filter(family=family, kind="home_visit").count() == 1
    assert serious_violations(axe, page) == []

    for path in ("history/", "access-log/", "notes/", "coordinators/", "grants/"):
        page.goto(f"{base}/families/{family.pk}/{path}")
        assert serious_violations(axe, page) == [], path
    page.goto(f"{base}/families/team/")
    assert serious_violations(axe, page) == []
    expect(page.locator("table")).to_contain_text("Familien Holm")
    assert AccessLogEntry.objects.filter(user=coordinator, family=family).exists()


def test_contact_form_errors_are_shown_in_place(page: Page, live_server, caseworker, family):
    log_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.locator("#id_summary").fill("")
    page.locator("#contact-log button[type=submit]").click()
    expect(page.locator("#contact-log .form-error-message")).to_be_visible()
    assert Contact.objects.filter(family=family).count() == 0
