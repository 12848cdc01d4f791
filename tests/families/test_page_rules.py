"""What the family pages show is decided by model properties, selector fields and FamilyAccess,
never by comparisons in templates: overdue tasks, expired consents and grants, who may edit a
note, and names joined with commas (the `names` filter every app's templates use)."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from families.models import FamilyCoordinator, JournalNote
from families.services import coordination, journal, outside_access, tasks
from families.templatetags.names import names
from tests.conftest import give_consent

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(client, user, name: str, family) -> str:
    client.force_login(user)
    response = client.get(reverse(f"families:{name}", args=[family.pk]))
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


# --- names -------------------------------------------------------------------------------------


def test_names_joins_an_attribute_of_each_item_with_commas():
    people = [SimpleNamespace(first_name="Mette"), SimpleNamespace(first_name="Jonas")]

    assert names(people, "first_name") == "Mette, Jonas"
    assert names(["Børn og Familie", "Jobcenter"]) == "Børn og Familie, Jobcenter"
    assert names([], "first_name") == ""
    assert names(None) == ""


def test_names_are_escaped_and_an_empty_list_can_default_to_a_dash():
    template = Template(
        '{% load names %}[{{ people|names:"first_name" }}][{{ none|names|default:"–" }}]'
    )

    shown = template.render(
        Context({"people": [SimpleNamespace(first_name="<b>Ali</b>")], "none": []})
    )

    assert shown == "[&lt;b&gt;Ali&lt;/b&gt;][–]"


def test_the_family_page_lists_who_gave_the_consent_and_what_it_covers(
    client, family, nordby, caseworker
):
    give_consent(family, caseworker, nordby.children_family, nordby.employment)

    page = _page(client, caseworker, "detail", family)

    assert "By: Mette Jensen</p>" in page
    covers = sorted([nordby.children_family.name, nordby.employment.name])
    assert f"Covers: {', '.join(covers)}</p>" in page


def test_the_family_list_shows_programme_members_with_their_age(client, family, caseworker):
    client.force_login(caseworker)

    page = client.get(reverse("families:mine")).content.decode()

    jonas = family.members.get(first_name="Jonas")
    assert f"<td>Jonas ({jonas.age()})</td>" in page


# --- Overdue tasks ------------------------------------------------------------------------------


@pytest.mark.parametrize(("due", "is_overdue"), [(-1, True), (0, False), (1, False)])
def test_a_task_is_overdue_only_after_its_due_day(
    client, family, caseworker, due, is_overdue, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 10, 12, tzinfo=timezone.get_current_timezone()))
    task = tasks.create_task(
        actor=caseworker,
        family=family,
        title="Ring til skolen",
        due_on=TODAY + dt.timedelta(days=due),
    )

    page = _page(client, caseworker, "detail", family)

    assert task.is_overdue is is_overdue
    assert ('<span class="badge badge-error">overdue</span>' in page) is is_overdue


def test_a_done_task_is_never_overdue(family, caseworker):
    task = tasks.create_task(
        actor=caseworker,
        family=family,
        title="Ring til skolen",
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    task = tasks.complete_task(actor=caseworker, task=task)

    assert task.is_overdue is False


# --- Expired consents and grants ---------------------------------------------------------------


@pytest.mark.parametrize(("expires", "badge"), [(0, "active"), (-1, "expired")])
def test_a_consent_expires_after_its_last_day(
    client, family, nordby, caseworker, time_machine, expires, badge
):
    time_machine.move_to(dt.datetime(2026, 3, 1, 12, tzinfo=timezone.get_current_timezone()))
    give_consent(family, caseworker, nordby.children_family)
    consent = family.consents.get()
    consent.expires_on = TODAY + dt.timedelta(days=expires)
    consent.save()
    time_machine.move_to(dt.datetime(2026, 3, 10, 12, tzinfo=timezone.get_current_timezone()))

    page = _page(client, caseworker, "detail", family)

    assert consent.is_expired is (badge == "expired")
    consent_section = page[page.index('id="consent-heading"') :]
    shown = re.search(r'<span class="badge badge-(success|warning)">(\w+)</span>', consent_section)
    assert shown is not None
    assert shown[2] == badge


@pytest.mark.parametrize(
    ("valid", "state", "can_revoke"), [(0, "active", True), (-1, "expired", False)]
)
def test_a_grant_is_active_until_its_last_day(
    client,
    family,
    nordby,
    caseworker,
    coordinator,
    outside_caseworker,
    time_machine,
    valid,
    state,
    can_revoke,
):
    time_machine.move_to(dt.datetime(2026, 3, 1, 12, tzinfo=timezone.get_current_timezone()))
    grant = outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=outside_caseworker,
        department=nordby.school,
        valid_until=TODAY + dt.timedelta(days=valid),
        reason="Trivselsmøde",
    )
    time_machine.move_to(dt.datetime(2026, 3, 10, 12, tzinfo=timezone.get_current_timezone()))

    page = _page(client, coordinator, "grants", family)

    assert grant.is_active is can_revoke
    row = page[page.index(str(outside_caseworker)) :]
    row = row[: row.index("</tr>")]
    assert f"<td>{state}</td>" in row
    assert (reverse("families:grant_revoke", args=[family.pk, grant.pk]) in row) is can_revoke


def test_a_revoked_grant_is_neither_active_nor_offered_for_revoking(
    client, family, nordby, caseworker, coordinator, outside_caseworker
):
    grant = outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=outside_caseworker,
        department=nordby.school,
        valid_until=timezone.localdate() + dt.timedelta(days=5),
        reason="Trivselsmøde",
    )
    grant = outside_access.revoke_outside_access(actor=coordinator, grant=grant)

    page = _page(client, coordinator, "grants", family)

    assert grant.is_active is False
    assert "<td>revoked</td>" in page
    assert reverse("families:grant_revoke", args=[family.pk, grant.pk]) not in page


# --- Who may edit a note -----------------------------------------------------------------------


@pytest.fixture
def note_of_children_and_family(family, nordby, caseworker):
    departments = (nordby.children_family, nordby.employment, nordby.social, nordby.school)
    give_consent(family, caseworker, *departments)
    return journal.write_journal_note(
        actor=caseworker,
        family=family,
        department_id=nordby.children_family.pk,
        written_on=timezone.localdate(),
        category=JournalNote.Category.GENERAL,
        text="Samtale med mor",
    )


@pytest.mark.parametrize(
    ("reader", "may_edit"),
    [
        ("caseworker", True),  # the note's department
        ("other_department_user", False),  # reads it (both departments covered), not theirs
        ("jobcentre_as_family_coordinator", True),  # a family coordinator changes any department's
        ("coordinator", False),  # a team lead, but not a family coordinator
        ("outside_caseworker", False),  # invited as the note's own department: reads, never writes
    ],
)
def test_the_edit_link_shows_exactly_where_the_edit_page_opens(
    client, request, family, nordby, caseworker, note_of_children_and_family, reader, may_edit
):
    outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=request.getfixturevalue("outside_caseworker"),
        department=nordby.children_family,
        valid_until=timezone.localdate(),
        reason="Samarbejde",
    )
    if reader == "jobcentre_as_family_coordinator":
        user = request.getfixturevalue("other_department_user")
        coordination.assign_coordinator(
            actor=caseworker, family=family, user=user, kind=FamilyCoordinator.Kind.SECONDARY
        )
    else:
        user = request.getfixturevalue(reader)
    edit_url = reverse("families:note_edit", args=[family.pk, note_of_children_and_family.pk])

    page = _page(client, user, "notes", family)

    assert "Samtale med mor" in page
    assert (edit_url in page) is may_edit
    assert client.get(edit_url).status_code == (200 if may_edit else 403)
