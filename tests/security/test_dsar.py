"""Data subject access (GDPR art. 15; issue 9): for one person, everything the product holds about
them — from every app, with earlier versions and the access log — as a PDF and as JSON; only the
family's coordinators and team leads, after re-authentication; the request itself logged."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from families.access import log_access
from families.models import AccessLogEntry, Family, Member
from families.services import journal, members
from tests.actionplans.conftest import add_goal, finished_assessment
from tests.conftest import Organisation, give_consent

pytestmark = pytest.mark.django_db


def _urls(family: Family, member: Member) -> list[str]:
    return [
        reverse("families:subject_access_pdf", args=[family.pk, member.pk]),
        reverse("families:subject_access_json", args=[family.pk, member.pk]),
    ]


@pytest.fixture
def case(family: Family, caseworker: User, nordby: Organisation) -> Family:
    """The Jensen family past consent with a note about Jonas, one about Mette, one about the
    whole family, an assessment and a goal for Jonas, and Jonas' address changed once."""
    from actionplans.services import plans

    give_consent(family, caseworker, nordby.children_family, nordby.social)
    mette = family.members.get(first_name="Mette")
    jonas = family.members.get(first_name="Jonas")
    for text, concerns in (
        ("Jonas var glad for fodbold", [jonas]),
        ("Mette har fået nyt arbejde", [mette]),
        ("Hele familien holdt ferie", []),
    ):
        journal.write_journal_note(
            actor=caseworker,
            family=family,
            department_id=nordby.children_family.pk,
            written_on=timezone.localdate(),
            category="general",
            text=text,
            members=concerns,
        )
    family.refresh_from_db()
    plan = plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))
    add_goal(plan, caseworker, family_wording="Jonas kommer i skole hver morgen")
    members.update_member(actor=caseworker, member=jonas, address="Skolevej 1")
    log_access(user=caseworker, family=family, member=jonas, what="Family member", path="/x/")
    return family


def _json(client: Client, family: Family, member: Member) -> dict:  # type: ignore[type-arg]  # JSON
    response = client.get(_urls(family, member)[1])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)  # type: ignore[no-any-return]  # a JSON object


def test_the_json_holds_everything_about_the_person_and_nothing_about_others_alone(
    client: Client, coordinator: User, case: Family
) -> None:
    jonas = case.members.get(first_name="Jonas")
    client.force_login(coordinator)
    data = _json(client, case, jonas)
    assert data["subject"]["name"] == "Jonas Jensen"
    text = json.dumps(data, ensure_ascii=False)
    sections = {section["key"] for section in data["sections"]}
    # From families, assessment (the family meeting's wishes) and actionplans.
    assert {"member", "family", "journal_note", "goal", "family_meeting"} <= sections, sections
    assert "030511-4321" in text  # his own CPR number
    assert "Jonas var glad for fodbold" in text
    assert "Hele familien holdt ferie" in text  # a note about the whole family
    assert "Mette har fået nyt arbejde" not in text  # a note about his mother only
    assert "120385-1236" not in text  # her CPR number
    assert "Jonas kommer i skole hver morgen" in text
    # Earlier versions: his address before and after the change.
    member_row = next(s for s in data["sections"] if s["key"] == "member")["rows"][0]
    assert [version["action"] for version in member_row["history"]] == ["created", "changed"]
    assert list(member_row["history"][1]["values"].values()) == ["Skolevej 1"]
    # The access log: what and when, not who.
    assert data["access_log"]
    assert {"at", "what", "outcome"} == set(data["access_log"][0])


def test_the_pdf_renders_the_same_extract(client: Client, coordinator: User, case: Family) -> None:
    jonas = case.members.get(first_name="Jonas")
    client.force_login(coordinator)
    response = client.get(_urls(case, jonas)[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jonas Jensen" in text
    assert "Jonas var glad for fodbold" in text
    assert "Mette har fået nyt arbejde" not in text


def test_each_extract_is_logged_as_an_export_of_that_person(
    client: Client, coordinator: User, case: Family
) -> None:
    jonas = case.members.get(first_name="Jonas")
    client.force_login(coordinator)
    for url in _urls(case, jonas):
        before = AccessLogEntry.objects.filter(
            member=jonas, user=coordinator, outcome=AccessLogEntry.Outcome.EXPORTED
        ).count()
        assert client.get(url).status_code == 200
        assert (
            AccessLogEntry.objects.filter(
                member=jonas, user=coordinator, outcome=AccessLogEntry.Outcome.EXPORTED
            ).count()
            == before + 1
        )


def test_only_coordinators_and_team_leads_compile_it(
    client: Client,
    caseworker: User,
    other_department_user: User,
    coordinator: User,
    outsider: User,
    case: Family,
) -> None:
    jonas = case.members.get(first_name="Jonas")
    page = reverse("families:subject_access", args=[case.pk, jonas.pk])
    client.force_login(coordinator)  # team coordinator
    assert client.get(page).status_code == 200
    client.force_login(caseworker)  # the family's primary coordinator (created it)
    assert client.get(page).status_code == 200
    client.force_login(other_department_user)  # a plain team member
    assert client.get(page).status_code == 403
    for url in _urls(case, jonas):
        assert client.get(url).status_code == 403
    client.force_login(outsider)  # another municipality
    for url in [page, *_urls(case, jonas)]:
        assert client.get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(outcome=AccessLogEntry.Outcome.EXPORTED).exists()


def test_another_familys_member_is_refused(
    client: Client, coordinator: User, case: Family, nordby: Organisation
) -> None:
    from families.services import cases

    other = cases.create_family(actor=coordinator, team=nordby.team, name="Familien Hansen")
    stranger = other.members.create(role="parent", first_name="Hans", last_name="Hansen")
    client.force_login(coordinator)
    for url in _urls(case, stranger):
        assert client.get(url).status_code == 404


def test_an_old_log_in_is_asked_for_the_password_first(
    client: Client, coordinator: User, case: Family
) -> None:
    jonas = case.members.get(first_name="Jonas")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(coordinator)
        clock.move_to(start + dt.timedelta(minutes=11))
        for url in _urls(case, jonas):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not AccessLogEntry.objects.filter(outcome=AccessLogEntry.Outcome.EXPORTED).exists()
