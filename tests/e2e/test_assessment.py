"""A coordinator runs the whole six-part assessment for a demo-like family in the browser:
basic data, journal review, a bulk backfill of the timeline, risk and need, the overall
assessment and the family meeting; then finishes it and downloads the PDF. axe-core checks
every page for serious or critical violations."""

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessment.instruments import load_instruments
from assessment.models import Assessment, RiskAssessment, TimelineEntry
from families.models import Family, Member
from families.services import cases, members
from tests.conftest import give_consent
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


@pytest.fixture
def holm(nordby, caseworker) -> Family:
    """Like case review 1: mother, son 15 (in the programme), daughter 10; consent given."""
    load_instruments()
    family = cases.create_family(actor=caseworker, team=nordby.team, name="Holm")
    today = timezone.localdate()
    people: list[tuple[str, str, dt.date, dict[str, Any]]] = [
        (Member.Role.PARENT, "Lone", dt.date(1985, 3, 12), {"is_custody_holder": True}),
        (
            Member.Role.TARGET_CHILD,
            "Mads",
            today.replace(year=today.year - 15) - dt.timedelta(days=40),
            {},
        ),
        (
            Member.Role.SIBLING,
            "Ida",
            today.replace(year=today.year - 10) - dt.timedelta(days=90),
            {"education_status": "primary_school", "school_or_workplace": "Nordby Skole"},
        ),
    ]
    for role, first, born, extra in people:
        members.add_member(
            actor=caseworker,
            family=family,
            role=role,
            first_name=first,
            last_name="Holm",
            birth_date=born,
            address="Nordparken 4",
            languages="Dansk",
            origin="danish",
            **extra,
        )
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    return family


def mark_done(page: Page, part: int) -> None:
    page.locator(f"form[action$='/parts/{part}/done/'] button").click()
    expect(page.locator(f"form[action$='/parts/{part}/not-done/']")).to_be_visible()


def check_axe(page: Page, axe) -> None:
    assert serious_violations(axe, page) == [], page.url


def test_the_whole_assessment_in_the_browser(
    page: Page, live_server, caseworker, holm, nordby, axe
):
    base = live_server.url
    log_in(page, base, "caseworker")
    mads = Member.objects.get(family=holm, first_name="Mads")
    lone = Member.objects.get(family=holm, first_name="Lone")

    # The family's tab offers to start the assessment.
    page.goto(f"{base}/families/{holm.pk}/")
    page.locator(f"a[href='/assessment/families/{holm.pk}/']").click()
    check_axe(page, axe)
    page.locator(f"form[action='/assessment/families/{holm.pk}/start/'] button").click()
    expect(page).to_have_url(re.compile(rf"/assessment/families/{holm.pk}/\d+/$"))
    assessment = Assessment.objects.get(family=holm)
    root = f"{base}/assessment/families/{holm.pk}/{assessment.pk}"
    check_axe(page, axe)

    # 1. Basic data: Mads has no school stated (a required gap); correct it in place.
    page.goto(f"{root}/basic-data/")
    expect(page.locator(".gap--required").first).to_be_visible()
    check_axe(page, axe)
    page.locator(f"a[href$='/basic-data/{mads.pk}/edit/']").click()
    check_axe(page, axe)
    page.locator("#id_education_status").select_option("special_class")
    page.locator("#id_school_or_workplace").fill("Behandlingsskolen Lindely")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/basic-data/$"))
    page.locator(f"a[href$='/basic-data/{lone.pk}/edit/']").click()
    page.locator("#id_support_status").select_option("employed")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".gap--required")).to_have_count(0)
    mark_done(page, 1)

    # 2. Journal review: an entry from the caseworker's department.
    page.goto(f"{root}/journal/")
    check_axe(page, axe)
    page.locator("#id_member").select_option(str(mads.pk))
    page.locator("#id_department").select_option(str(nordby.children_family.pk))
    page.locator("#id_document_type").select_option("investigation")
    page.locator("#id_document_date").fill(ago(200))
    page.locator("#id_summary").fill("Børnefaglig undersøgelse: uro i hjemmet, skolefravær.")
    page.locator("input[name=domains][value=peers]").check()
    page.locator("form.domain-form button[type=submit]").click()
    expect(page.locator("article.note")).to_contain_text("uro i hjemmet")
    mark_done(page, 2)

    # 3. Timeline: backfill years of history in one form, with "add 10 more rows".
    page.goto(f"{root}/timeline/add/")
    check_axe(page, axe)
    rows = [
        (mads.pk, "event:school_change", ago(6 * 365), "", "Skoleskift"),
        (mads.pk, "measure:contact_person", ago(3 * 365), ago(2 * 365), "Kontaktperson"),
        (mads.pk, "event:arrest", ago(300), "", "Anholdt ved stationen"),
        (lone.pk, "measure:family_treatment", ago(5 * 365), ago(4 * 365), "Familiehuset"),
    ]
    for index, (who, kind, start, end, description) in enumerate(rows[:2]):
        page.locator(f"#id_form-{index}-member").select_option(str(who))
        page.locator(f"#id_form-{index}-type").select_option(kind)
        page.locator(f"#id_form-{index}-start_date").fill(start)
        if end:
            page.locator(f"#id_form-{index}-end_date").fill(end)
        page.locator(f"#id_form-{index}-description").fill(description)
    page.locator("button[name=more]").click()
    expect(page.locator("#id_form-19-member")).to_be_visible()
    expect(page.locator("#id_form-1-description")).to_have_value("Kontaktperson")
    # A row in the future is refused with the row marked, and nothing is saved.
    for index, (who, kind, start, end, description) in enumerate(rows[2:], start=12):
        page.locator(f"#id_form-{index}-member").select_option(str(who))
        page.locator(f"#id_form-{index}-type").select_option(kind)
        page.locator(f"#id_form-{index}-start_date").fill(start)
        if end:
            page.locator(f"#id_form-{index}-end_date").fill(end)
        page.locator(f"#id_form-{index}-description").fill(description)
    page.locator("#id_form-12-start_date").fill(ago(-10))
    page.locator("form.bulk-form button[type=submit]:not([name])").click()
    expect(page.locator("tr.row-error")).to_have_count(1)
    assert TimelineEntry.objects.count() == 0
    check_axe(page, axe)
    page.locator("#id_form-12-start_date").fill(ago(300))
    page.locator("form.bulk-form button[type=submit]:not([name])").click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    assert TimelineEntry.objects.filter(assessment=assessment).count() == 4

    # Look at the timeline: a lane per member, and the same rows in the table.
    expect(page.locator("svg.timeline-chart")).to_be_visible()
    expect(page.locator("svg.timeline-chart g")).to_have_count(3)
    expect(page.locator("svg.timeline-chart .tl-measure")).to_have_count(2)
    expect(page.locator("svg.timeline-chart .tl-event")).to_have_count(2)
    expect(page.locator("#timeline-table tbody tr")).to_have_count(4)
    expect(page.locator("#timeline-table tbody tr").first).to_contain_text("Skoleskift")
    expect(page.locator("#timeline-table tbody tr").nth(1)).to_contain_text("Familiehuset")
    page.screenshot(path="/tmp/assess_shots/e2e_timeline.png", full_page=True)
    check_axe(page, axe)
    mark_done(page, 3)

    # 4. Risk and need: YLS/CMI 2.0 for Mads (15), with an override up and its reason.
    page.goto(f"{root}/risk/")
    check_axe(page, axe)
    page.locator(f"a[href$='/risk/{mads.pk}/']").click()
    check_axe(page, axe)
    for code, score in [
        ("offences", 2),
        ("family", 3),
        ("education_employment", 4),
        ("peers", 3),
        ("substance", 1),
        ("leisure", 2),
        ("personality", 3),
        ("attitudes", 2),
    ]:
        page.locator(f"#id_score_{code}").fill(str(score))
    page.locator("#id_override_level").select_option("high")
    page.locator("form.risk-form button[type=submit]").click()
    expect(page.locator(".form-error-message, .alert-error").first).to_be_visible()
    page.locator("#id_override_reason").fill("Ny sigtelse efter interviewet.")
    page.locator("form.risk-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/risk/$"))
    risk = RiskAssessment.objects.get(member=mads)
    assert (risk.total, risk.computed_level, risk.final_level) == (20, "moderate", "high")
    expect(page.locator("main .level--high").first).to_be_visible()
    mark_done(page, 4)

    # 5. Overall cross-disciplinary assessment with a concern level per child.
    page.goto(f"{root}/overall/")
    check_axe(page, axe)
    page.locator("#id_meeting_date").fill(ago(3))
    page.locator("input[name=attendees]").first.check()
    page.locator("#id_needs").fill("Faste voksne og en meningsfuld fritid.")
    page.locator("#id_resources").fill("Mor er motiveret.")
    page.locator("#id_challenges").fill("Ældre venner, skolefravær.")
    page.locator("#id_priorities").fill("Skolen først: der sker rekrutteringen.")
    page.locator(f"#id_concern_{mads.pk}").select_option("3")
    ida = Member.objects.get(family=holm, first_name="Ida")
    page.locator(f"#id_concern_{ida.pk}").select_option("1")
    page.locator("main form:not([action]) button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/overall/$"))
    mark_done(page, 5)

    # 6. Family meeting, in the family's own words.
    page.goto(f"{root}/meeting/")
    check_axe(page, axe)
    page.locator("#id_meeting_date").fill(ago(1))
    page.locator("#id_participants").fill("Lone, Mads, familiekoordinator")
    page.locator("#id_notes").fill("Vi gennemgik tidslinjen sammen.")
    page.locator("#id_family_view").fill("»Vi vil have én, der ved det hele.«")
    page.locator("#id_wishes").fill("»At Mads får en uddannelse.«")
    page.locator("main form.narrow-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/meeting/$"))
    mark_done(page, 6)

    # Finish and lock; then the PDF.
    page.goto(f"{root}/")
    check_axe(page, axe)
    page.locator("form[action$='/finish/'] button").click()
    expect(page.locator("a[href$='/pdf/']")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.is_locked
    response = page.request.get(f"{root}/pdf/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")
    with open("/tmp/assess_shots/e2e_assessment.pdf", "wb") as pdf:
        pdf.write(body)
    check_axe(page, axe)
