"""The history page (who changed what) and the access log (who looked at whom)."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from families.access import log_access
from families.models import AccessLogEntry, JournalNote
from families.services import cases, handovers, journal, members
from tests.conftest import give_consent
from tests.factories import TeamFactory


@pytest.fixture(autouse=True)
def english(client):
    # Labels and "what" texts are compared in English, the language switcher's other choice.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _get(client, user, url: str):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def _history(client, user, family):
    return _get(client, user, reverse("families:history", args=[family.pk]))


# --- History ---------------------------------------------------------------------------------


def test_history_shows_which_departments_a_consent_covers_and_later_changes(
    client, family, caseworker, coordinator, nordby
):
    give_consent(family, caseworker, nordby.children_family)
    consent = family.consents.get()
    consent.departments.add(nordby.employment)  # widened later, e.g. by an admin correction

    history = _history(client, coordinator, family).context["page"].object_list
    consent_entries = [entry for entry in history if entry.what == "Consent"]
    created = next(entry for entry in consent_entries if entry.action == "created")
    created_values = {change.label: change.after for change in created.changes}
    assert created_values["Departments covered"] == nordby.children_family.name
    assert created_values["Given by"] == "Mette Jensen"
    widened = next(entry for entry in consent_entries if entry.action == "changed")
    assert [(c.label, c.before, c.after) for c in widened.changes] == [
        (
            "Departments covered",
            nordby.children_family.name,
            ", ".join(sorted([nordby.children_family.name, nordby.employment.name])),
        )
    ]


def test_history_shows_a_members_change_with_before_after_and_editor(
    client, family, coordinator, other_department_user
):
    son = family.members.get(first_name="Jonas")
    members.update_member(actor=other_department_user, member=son, first_name="Jon")

    response = _history(client, coordinator, family)

    changed = [
        entry
        for entry in response.context["page"]
        if entry.what == "Family member" and entry.action == "changed"
    ]
    assert len(changed) == 1
    assert changed[0].user == other_department_user
    assert changed[0].subject == "Jon Jensen"
    assert [(c.label, c.before, c.after) for c in changed[0].changes] == [
        ("First name", "Jonas", "Jon")
    ]
    page = response.content.decode()
    assert "<td>Jonas</td><td>Jon</td>" in page
    assert str(other_department_user) in page


def test_history_shows_the_reason_of_a_status_change(client, family, caseworker, coordinator):
    cases.change_family_status(
        actor=caseworker, family=family, to_status="rejected", reason="Uden for målgruppen"
    )

    page = _history(client, coordinator, family).content.decode()

    assert "Uden for målgruppen" in page


CF_NOTE, CF_NOTE_EDITED = "Samtale med mor om skolestart", "Samtale med mor om skoleskift"
JOB_NOTE, JOB_NOTE_EDITED = "Jobcentret aftaler praktik", "Jobcentret aftaler løntilskud"


@pytest.fixture
def edited_notes(family, nordby, caseworker, other_department_user):
    """A children & family note and a jobcentre note, each written and then edited.

    The consent covers children & family and social services, not the jobcentre.
    """
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    today = timezone.localdate()
    for author, department, text, edited in [
        (caseworker, nordby.children_family, CF_NOTE, CF_NOTE_EDITED),
        (other_department_user, nordby.employment, JOB_NOTE, JOB_NOTE_EDITED),
    ]:
        note = journal.write_journal_note(
            actor=author,
            family=family,
            department_id=department.pk,
            written_on=today,
            category=JournalNote.Category.GENERAL,
            text=text,
        )
        journal.update_journal_note(
            actor=author, note=note, written_on=today, category=note.category, text=edited
        )


def _note_texts(response) -> set[str]:
    return {
        value
        for entry in response.context["page"]
        if entry.what == "Journal note"
        for change in entry.changes
        for value in (change.before, change.after)
        if value
    } - {"General"}


@pytest.mark.parametrize(
    ("reader", "visible"),
    [
        ("coordinator", {CF_NOTE, CF_NOTE_EDITED}),  # social: covered together with c&f
        ("caseworker", {CF_NOTE, CF_NOTE_EDITED}),
        ("other_department_user", {JOB_NOTE, JOB_NOTE_EDITED}),  # only their own department
    ],
)
def test_history_hides_notes_of_departments_the_reader_cannot_read(
    request, client, family, edited_notes, reader, visible
):
    response = _history(client, request.getfixturevalue(reader), family)

    texts = _note_texts(response)
    assert {CF_NOTE, CF_NOTE_EDITED, JOB_NOTE, JOB_NOTE_EDITED} & texts == visible
    page = response.content.decode()
    for text in {CF_NOTE, CF_NOTE_EDITED, JOB_NOTE, JOB_NOTE_EDITED} - visible:
        assert text not in page


def test_history_hides_handovers_of_departments_the_reader_cannot_read(
    client, family, nordby, caseworker, coordinator, other_department_user
):
    give_consent(family, caseworker, nordby.children_family)
    handovers.record_handover(
        actor=other_department_user,
        family=family,
        department=nordby.employment,
        handed_over_on=timezone.localdate(),
        case_reference="JC-4711",
    )

    assert "JC-4711" not in _history(client, caseworker, family).content.decode()
    assert "JC-4711" in _history(client, other_department_user, family).content.decode()


# --- Access log: reads -----------------------------------------------------------------------


def test_viewing_a_family_is_logged(client, family, caseworker):
    url = reverse("families:detail", args=[family.pk])

    _get(client, caseworker, url)

    entry = AccessLogEntry.objects.get(user=caseworker)
    assert (entry.family, entry.member, entry.what, entry.path, entry.outcome) == (
        family,
        None,
        "Family overview",
        url,
        AccessLogEntry.Outcome.VIEWED,
    )


def test_viewing_a_member_is_logged_with_the_member(client, family, caseworker):
    mother = family.members.get(first_name="Mette")
    url = reverse("families:member_detail", args=[family.pk, mother.pk])

    _get(client, caseworker, url)

    entry = AccessLogEntry.objects.get(user=caseworker)
    assert (entry.family, entry.member, entry.what, entry.path, entry.outcome) == (
        family,
        mother,
        "Family member",
        url,
        AccessLogEntry.Outcome.VIEWED,
    )


def test_the_family_access_log_lists_every_earlier_read(client, family, caseworker, coordinator):
    mother = family.members.get(first_name="Mette")
    _get(client, caseworker, reverse("families:detail", args=[family.pk]))
    _get(client, caseworker, reverse("families:member_detail", args=[family.pk, mother.pk]))

    response = _get(client, coordinator, reverse("families:access_log", args=[family.pk]))

    shown = [(e.user, e.what, e.member) for e in response.context["page"]]
    # Whether the page's own read is already listed is a detail; earlier reads must all be.
    own_read = (coordinator, "Access log", None)
    assert [row for row in shown if row != own_read] == [
        (caseworker, "Family member", mother),
        (caseworker, "Family overview", None),
    ]
    assert str(caseworker) in response.content.decode()


# --- Team access log -------------------------------------------------------------------------


def test_team_access_log_lists_only_the_teams_families(
    client, family, nordby, sydby, caseworker, coordinator, outsider
):
    other_team = TeamFactory(municipality=nordby.municipality, name="Kerneteam Nordby Øst")
    neighbour = cases.create_family(actor=coordinator, team=other_team, name="Familien Øst")
    southern = cases.create_family(actor=outsider, team=sydby.team, name="Familien Syd")
    log_access(user=caseworker, family=family, what="Læste familien Jensen")
    log_access(user=coordinator, family=neighbour, what="Læste familien Øst")
    log_access(user=outsider, family=southern, what="Læste familien Syd")
    log_access(user=caseworker, family=None, what="Læste en liste")

    response = _get(client, coordinator, reverse("families:team_access_log"))

    assert [(e.family, e.what) for e in response.context["page"]] == [
        (family, "Læste familien Jensen")
    ]
    page = response.content.decode()
    assert "Læste familien Jensen" in page
    assert family.reference in page
    for hidden in ("Læste familien Øst", "Læste familien Syd", "Læste en liste"):
        assert hidden not in page


# --- Access log export (the data subject's copy) ---------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_member_access_log_export_holds_the_persons_and_the_familys_reads(
    client, family, nordby, caseworker, coordinator, steering
):
    mother = family.members.get(first_name="Mette")
    son = family.members.get(first_name="Jonas")
    other = cases.create_family(actor=caseworker, team=nordby.team, name="Familien Hansen")
    client.force_login(caseworker)
    client.get(reverse("families:detail", args=[family.pk]))  # the whole family: included
    client.get(reverse("families:member_detail", args=[family.pk, mother.pk]))  # included
    client.get(reverse("families:member_detail", args=[family.pk, son.pk]))  # the son only
    client.get(reverse("families:detail", args=[other.pk]))  # another family
    client.force_login(steering)
    assert client.get(reverse("families:detail", args=[family.pk])).status_code == 403
    url = reverse("families:member_access_log_export", args=[family.pk, mother.pk])

    response = _get(client, coordinator, url)

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header == ["When", "What was viewed", "By", "Concerning"]
    assert [row[1:] for row in rows] == [
        ["Family overview", str(caseworker), "The whole family"],
        ["Family member", str(caseworker), "Mette Jensen"],
    ]
    exported = AccessLogEntry.objects.get(outcome=AccessLogEntry.Outcome.EXPORTED)
    assert (exported.user, exported.family, exported.member) == (coordinator, family, mother)
