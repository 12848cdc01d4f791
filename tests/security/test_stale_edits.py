"""No silent overwrites (issue 9, defect 2): every edit form carries the version it was loaded
from (config/concurrency.py). Two editors open the same form; the first saves; the second's save
is refused with the message, both versions are shown (the saved one beside what they typed, their
input kept in the form), and the database holds the first save. Saving again, with the other
change in view, then keeps the second version.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django import forms
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Browser, expect

from accounts.models import TeamMembership, User
from actionplans.models import ActionPlan, Goal
from actionplans.services import goals, plans
from assessment.instruments import load_instruments
from assessment.models import (
    Assessment,
    ChildConcern,
    FamilyMeeting,
    Instrument,
    JournalReviewEntry,
    OverallAssessment,
    RiskAssessment,
    RnrDomain,
    TimelineEntry,
)
from assessment.services import journal as journal_services
from assessment.services import meetings as meeting_services
from assessment.services import risk as risk_services
from assessment.services import timeline as timeline_services
from assessment.services import versions
from config.concurrency import TOKEN_FIELD, StaleEdit
from evaluation.models import Measurement
from families.models import Family, JournalNote, Member
from families.services import journal, members
from tests.actionplans.conftest import finished_assessment
from tests.conftest import Organisation, give_consent
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations
from tests.factories import MembershipFactory, UserFactory
from tests.security.twofactor import VerifiedClient

pytestmark = pytest.mark.django_db

STALE_MESSAGE = "Someone else saved a change while you were editing"
SCREENSHOTS = Path(os.environ.get("KT_SCREENSHOTS", tempfile.gettempdir()))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def colleague(nordby: Organisation) -> User:
    """A second caseworker of Børn og Familie: may change everything the caseworker may."""
    user = UserFactory(username="colleague", municipality=nordby.municipality)
    MembershipFactory(
        user=user,
        team=nordby.team,
        department=nordby.children_family,
        role=TeamMembership.Role.CASEWORKER,
    )
    return user


def _client(user: User) -> Client:
    client = VerifiedClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _as_post(form: forms.BaseForm) -> dict[str, Any]:
    """What the browser sends for `form` as it was rendered: every field's shown value."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif getattr(bound.field.widget, "allow_multiple_selected", False):
            data[bound.html_name] = [str(item) for item in value or []]
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, dt.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    return data


def _load(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    data = _as_post(response.context["form"])
    assert data[TOKEN_FIELD], "the edit form carries no edit token"
    return data


def _comparison_cells(content: str) -> list[tuple[str, str]]:
    """The (saved, yours) cells of the 'someone else changed this' table."""
    saved = re.findall(r'<td data-version="saved">(.*?)</td>', content, re.S)
    yours = re.findall(r'<td data-version="yours">(.*?)</td>', content, re.S)
    return [(html.unescape(s), html.unescape(y)) for s, y in zip(saved, yours, strict=True)]


def _form_errors(response: Any) -> object:
    return response.context["form"].errors if response.context else response.status_code


@dataclass
class Case:
    """One edit form: where it is, which text field the two editors change, where it is saved."""

    url: str
    field: str
    saved_value: Callable[[], object]
    redirect: bool = True


def _two_editors(case: Case, first: Client, second: Client) -> None:
    loaded_first = _load(first, case.url)
    loaded_second = _load(second, case.url)

    saved = first.post(case.url, {**loaded_first, case.field: "First editor's text"})
    assert saved.status_code == 302, _form_errors(saved)
    refused = second.post(case.url, {**loaded_second, case.field: "Second editor's text"})

    # Refused, told, and shown both versions; their input stays in the form.
    assert refused.status_code == 200
    content = refused.content.decode()
    assert STALE_MESSAGE in content
    assert ("First editor's text", "Second editor's text") in _comparison_cells(content)
    form = refused.context["form"]
    assert form[case.field].value() == "Second editor's text"
    # The database holds the first save.
    assert case.saved_value() == "First editor's text"

    # Saving again (the form now carries the saved version's token) keeps the second version.
    again = _as_post(form)
    assert again[TOKEN_FIELD] != loaded_second[TOKEN_FIELD]
    resaved = second.post(case.url, again)
    assert resaved.status_code == 302, _form_errors(resaved)
    assert case.saved_value() == "Second editor's text"


# --- Families ---------------------------------------------------------------------------------


def test_family_edit(family: Family, caseworker: User, colleague: User) -> None:
    case = Case(
        url=reverse("families:edit", args=[family.pk]),
        field="notes",
        saved_value=lambda: Family.objects.get(pk=family.pk).notes,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_member_edit(family: Family, caseworker: User, colleague: User) -> None:
    mother = family.members.get(first_name="Mette")
    case = Case(
        url=reverse("families:member_edit", args=[family.pk, mother.pk]),
        field="address",
        saved_value=lambda: Member.objects.get(pk=mother.pk).address,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_journal_note_edit(
    family: Family, caseworker: User, colleague: User, nordby: Organisation
) -> None:
    give_consent(family, caseworker, nordby.children_family)
    note = journal.write_journal_note(
        actor=caseworker,
        family=family,
        department_id=nordby.children_family.pk,
        written_on=timezone.localdate(),
        category=JournalNote.Category.GENERAL,
        text="The first words",
    )
    case = Case(
        url=reverse("families:note_edit", args=[family.pk, note.pk]),
        field="text",
        saved_value=lambda: JournalNote.objects.get(pk=note.pk).text,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


# --- Assessment -------------------------------------------------------------------------------


@pytest.fixture
def assessment(family: Family, caseworker: User, nordby: Organisation) -> Assessment:
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    load_instruments()
    return versions.start_assessment(actor=caseworker, family=Family.objects.get(pk=family.pk))


def _assessment_url(name: str, assessment: Assessment, *more: int) -> str:
    return reverse(f"assessment:{name}", args=[assessment.family_id, assessment.pk, *more])


def test_assessment_basic_data_note(
    assessment: Assessment, caseworker: User, colleague: User
) -> None:
    case = Case(
        url=_assessment_url("basic_data", assessment),
        field="note",
        saved_value=lambda: Assessment.objects.get(pk=assessment.pk).basic_data_note,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_assessment_member_edit(assessment: Assessment, caseworker: User, colleague: User) -> None:
    jonas = assessment.family.members.get(first_name="Jonas")
    case = Case(
        url=_assessment_url("member_edit", assessment, jonas.pk),
        field="school_or_workplace",
        saved_value=lambda: Member.objects.get(pk=jonas.pk).school_or_workplace,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_journal_review_entry_edit(
    assessment: Assessment, caseworker: User, colleague: User, nordby: Organisation
) -> None:
    entry = journal_services.add_journal_entry(
        actor=caseworker,
        assessment=assessment,
        member=assessment.family.members.get(first_name="Jonas"),
        department=nordby.children_family,
        document_type=JournalReviewEntry.DocumentType.JOURNAL_NOTE,
        document_date=timezone.localdate() - dt.timedelta(days=30),
        summary="The first summary",
        domains=[],
    )
    case = Case(
        url=_assessment_url("journal_edit", assessment, entry.pk),
        field="summary",
        saved_value=lambda: JournalReviewEntry.objects.get(pk=entry.pk).summary,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_timeline_entry_edit(
    assessment: Assessment, caseworker: User, colleague: User, nordby: Organisation
) -> None:
    [entry] = timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[
            {
                "member": assessment.family.members.get(first_name="Jonas"),
                "department": nordby.children_family,
                "kind": TimelineEntry.Kind.EVENT,
                "event_type": TimelineEntry.EventType.ARREST,
                "start_date": timezone.localdate() - dt.timedelta(days=60),
            }
        ],
    )
    case = Case(
        url=_assessment_url("timeline_edit", assessment, entry.pk),
        field="what_worked",
        saved_value=lambda: TimelineEntry.objects.get(pk=entry.pk).what_worked,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_risk_assessment(assessment: Assessment, caseworker: User, colleague: User) -> None:
    jonas = assessment.family.members.get(first_name="Jonas")
    risk_services.record_risk_assessment(
        actor=caseworker,
        assessment=assessment,
        member=jonas,
        instrument=Instrument.objects.get(code="YLS_CMI_2"),
        assessed_on=timezone.localdate() - dt.timedelta(days=1),
        domain_scores=dict.fromkeys(RnrDomain.values, 1),
    )
    case = Case(
        url=_assessment_url("risk_member", assessment, jonas.pk),
        field="strengths_note",
        saved_value=lambda: RiskAssessment.objects.get(member=jonas).strengths_note,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_overall_assessment_first_save(
    assessment: Assessment, caseworker: User, colleague: User
) -> None:
    """Both open the form before anything is saved: the second first save is refused too."""
    assert not OverallAssessment.objects.filter(assessment=assessment).exists()
    case = Case(
        url=_assessment_url("overall", assessment),
        field="needs",
        saved_value=lambda: OverallAssessment.objects.get(assessment=assessment).needs,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_overall_assessment_concern_level(
    assessment: Assessment, caseworker: User, colleague: User
) -> None:
    """A child's concern level is part of the form's version, and shown in both versions."""
    jonas = assessment.family.members.get(first_name="Jonas")
    meeting_services.save_overall_assessment(
        actor=caseworker, assessment=assessment, needs="Needs", concerns={jonas.pk: None}
    )
    url = _assessment_url("overall", assessment)
    first, second = _client(caseworker), _client(colleague)
    loaded_first, loaded_second = _load(first, url), _load(second, url)
    concern = f"concern_{jonas.pk}"
    assert first.post(url, {**loaded_first, concern: "2"}).status_code == 302
    refused = second.post(url, {**loaded_second, concern: "1"})

    assert refused.status_code == 200
    assert STALE_MESSAGE in refused.content.decode()
    rows = {row.label: (row.saved, row.yours) for row in refused.context["form"].stale_edit.rows}
    label = f"Concern level: {jonas.full_name}"
    assert rows[label][0] != rows[label][1]
    assert ChildConcern.objects.get(assessment=assessment, member=jonas).level == 2


def test_family_meeting(assessment: Assessment, caseworker: User, colleague: User) -> None:
    case = Case(
        url=_assessment_url("meeting", assessment),
        field="family_view",
        saved_value=lambda: FamilyMeeting.objects.get(assessment=assessment).family_view,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


# --- Action plan ------------------------------------------------------------------------------


@pytest.fixture
def plan(family: Family, caseworker: User, nordby: Organisation) -> ActionPlan:
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    family = Family.objects.get(pk=family.pk)
    return plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))


def test_plan_family_goals(plan: ActionPlan, caseworker: User, colleague: User) -> None:
    case = Case(
        url=reverse("actionplans:family_goals", args=[plan.family_id]),
        field="family_goals",
        saved_value=lambda: ActionPlan.objects.get(pk=plan.pk).family_goals,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_plan_goal_edit(
    plan: ActionPlan, caseworker: User, colleague: User, nordby: Organisation
) -> None:
    goal = goals.add_goal(
        actor=caseworker,
        plan=plan,
        member=plan.family.members.get(first_name="Jonas"),
        department=nordby.children_family,
        family_wording="Go to school every day",
    )
    case = Case(
        url=reverse("actionplans:goal_edit", args=[plan.family_id, goal.pk]),
        field="family_wording",
        saved_value=lambda: Goal.objects.get(pk=goal.pk).family_wording,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


# --- Measurements -----------------------------------------------------------------------------


def test_measurement_correction(
    family: Family, caseworker: User, colleague: User, nordby: Organisation
) -> None:
    from evaluation.measurement_services import record_measurement

    give_consent(family, caseworker, nordby.children_family)
    jonas = family.members.get(first_name="Jonas")
    record_measurement(
        actor=caseworker,
        member=jonas,
        wave=1,
        instrument="kidscreen10",
        answered_on=timezone.localdate(),
        answers={f"q{n}": 3 for n in range(1, 11)},
    )
    case = Case(
        url=reverse("measurements:entry", args=[family.pk, jonas.pk, 1, "kidscreen10"]),
        field="reason_note",
        saved_value=lambda: Measurement.objects.get(member=jonas, wave=1).reason_note,
    )
    _two_editors(case, _client(caseworker), _client(colleague))


def test_measurement_first_entry(
    family: Family, caseworker: User, colleague: User, nordby: Organisation
) -> None:
    """Two people enter the same wave's answers for the first time: the second is refused."""
    give_consent(family, caseworker, nordby.children_family)
    jonas = family.members.get(first_name="Jonas")
    url = reverse("measurements:entry", args=[family.pk, jonas.pk, 1, "kidscreen10"])
    first, second = _client(caseworker), _client(colleague)
    loaded_first, loaded_second = _load(first, url), _load(second, url)
    items = {f"item_q{n}": "3" for n in range(1, 11)}
    answers = {**items, "outcome": "answered", "respondent": "self"}
    assert first.post(url, {**loaded_first, **answers, "item_q1": "5"}).status_code == 302
    refused = second.post(url, {**loaded_second, **answers, "item_q1": "1"})

    assert refused.status_code == 200
    assert STALE_MESSAGE in refused.content.decode()
    assert refused.context["form"]["item_q1"].value() == "1"
    assert Measurement.objects.get(member=jonas, wave=1).answers["q1"] == 5


# --- The mechanism itself ---------------------------------------------------------------------


def test_a_deleted_row_is_told_not_a_server_error(
    assessment: Assessment, caseworker: User, colleague: User, nordby: Organisation
) -> None:
    entry = journal_services.add_journal_entry(
        actor=caseworker,
        assessment=assessment,
        member=assessment.family.members.get(first_name="Jonas"),
        department=nordby.children_family,
        document_type=JournalReviewEntry.DocumentType.JOURNAL_NOTE,
        document_date=timezone.localdate() - dt.timedelta(days=30),
        summary="The first summary",
        domains=[],
    )
    with pytest.raises(StaleEdit, match="Someone else deleted this"):
        stale = JournalReviewEntry.objects.get(pk=entry.pk)
        JournalReviewEntry.objects.filter(pk=entry.pk).delete()
        journal_services.update_journal_entry(
            actor=colleague, entry=stale, expected_token="x", summary="Mine"
        )


def test_a_change_to_another_field_is_no_conflict(
    family: Family, caseworker: User, colleague: User
) -> None:
    """The token covers what the form edits: the family's notes form is not stale when only
    a member changed."""
    url = reverse("families:edit", args=[family.pk])
    loaded = _load(_client(colleague), url)
    members.update_member(
        actor=caseworker, member=family.members.get(first_name="Jonas"), address="Elsewhere 1"
    )
    saved = _client(colleague).post(url, {**loaded, "notes": "Mine"})
    assert saved.status_code == 302
    assert Family.objects.get(pk=family.pk).notes == "Mine"


# --- In the browser ---------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_second_editor_sees_both_versions_in_chromium(
    browser: Browser, live_server: Any, family: Family, caseworker: User, colleague: User, axe: Axe
) -> None:
    mother = family.members.get(first_name="Mette")
    url = f"{live_server.url}{reverse('families:member_edit', args=[family.pk, mother.pk])}"
    # In Danish, the product's language: the refusal and the comparison are translated.
    first = browser.new_context().new_page()
    second = browser.new_context().new_page()
    log_in(first, live_server.url, caseworker.username)
    log_in(second, live_server.url, colleague.username)
    first.goto(url)
    second.goto(url)

    first.locator("#id_address").fill("Skovvej 1")
    first.locator("main form button[type=submit]").first.click()
    expect(first).to_have_url(re.compile(rf"/families/{family.pk}/members/{mother.pk}/$"))
    second.locator("#id_address").fill("Strandvej 2")
    second.locator("#id_city").fill("Nordby")
    second.locator("main form button[type=submit]").first.click()

    comparison = second.locator("section.stale-edit")
    expect(comparison).to_be_visible()
    expect(second.locator("[role=alert]")).to_contain_text("mens du redigerede")
    expect(comparison.locator("thead")).to_contain_text("Gemt nu")
    expect(comparison.locator("td[data-version=saved]").first).to_have_text("Skovvej 1")
    expect(comparison.locator("td[data-version=yours]").first).to_have_text("Strandvej 2")
    expect(second.locator("#id_address")).to_have_value("Strandvej 2")
    assert serious_violations(axe, second) == []
    second.screenshot(path=str(SCREENSHOTS / "stale_member_edit.png"), full_page=True)
    assert Member.objects.get(pk=mother.pk).address == "Skovvej 1"

    # Having read theirs, the second editor saves again: now it is a decision, and it is kept.
    second.locator("main form button[type=submit]").first.click()
    expect(second).to_have_url(re.compile(rf"/families/{family.pk}/members/{mother.pk}/$"))
    assert Member.objects.get(pk=mother.pk).address == "Strandvej 2"
