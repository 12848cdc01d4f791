"""Every family page against every role: the rules of families/access.py written out as a table.

Each role meets the same Nordby family (Jensen): included with a consent that has a signed
document, a journal note by the children & family department, the caseworker as primary family
coordinator and an outside grant for the school consultant. Only the departments the consent
covers vary by role (CONSENT_COVERS). The expected status codes are written by hand from the
rules in the access module's docstring; they are deliberately not computed by calling it.
"""

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import remove_perm

from accounts.models import Department, User
from families.access import GRANT_PERMISSION, access_for, families_visible_to
from families.models import (
    ENDED_STATUSES,
    AccessLogEntry,
    Consent,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    JournalNote,
    Member,
    Task,
)
from families.services import cases, consents, handovers, journal, members, outside_access, tasks
from families.urls import urlpatterns
from tests.conftest import Organisation, give_consent
from tests.factories import MembershipFactory, TeamFactory, UserFactory

OK, REDIRECT, DENIED, NOT_FOUND = 200, 302, 403, 404

# Role in the table → the conftest fixture that is that user.
ROLE_USER: dict[str, str | None] = {
    "caseworker_covered": "caseworker",
    "caseworker_uncovered": "caseworker",
    "caseworker_consent_withdrawn": "caseworker",
    # The consent's last day is today: it still covers everything.
    "caseworker_consent_expires_today": "caseworker",
    # The same consent a day later: expired, the consent gate is closed again.
    "caseworker_consent_expired": "caseworker",
    # The family's case has ended (closed): it is read, and only the coordinators' work goes on.
    "caseworker_family_closed": "caseworker",
    "other_department": "other_department_user",
    "coordinator": "coordinator",
    "outside_active": "outside_caseworker",
    "outside_expired": "outside_caseworker",
    "steering": "steering",
    "evaluator": "evaluator",
    "outsider": "outsider",
    "anonymous": None,
}

# The departments (by kind) the family's consent covers in each role's world.
CONSENT_COVERS = {
    "caseworker_covered": ("children_family",),
    # The caseworker's own department is not covered; the family still has a consent.
    "caseworker_uncovered": ("employment",),
    # Covered, then withdrawn today: no active consent any more.
    "caseworker_consent_withdrawn": ("children_family",),
    "caseworker_consent_expires_today": ("children_family",),
    "caseworker_consent_expired": ("children_family",),
    "caseworker_family_closed": ("children_family",),
    # The jobcentre user's department is not covered.
    "other_department": ("children_family",),
    "coordinator": ("children_family", "social"),
    "outside_active": ("children_family",),
    "outside_expired": ("children_family",),
    "steering": ("children_family",),
    "evaluator": ("children_family",),
    "outsider": ("children_family",),
    "anonymous": ("children_family",),
}


@dataclass
class World:
    user: User | None
    family: Family
    mother: Member
    consent: Consent
    note: JournalNote
    family_coordinator: FamilyCoordinator
    grant: FamilyGrant
    task: Task


def _family_url(name: str, *extra: Callable[["World"], int]) -> Callable[["World"], str]:
    return lambda w: reverse(f"families:{name}", args=[w.family.pk, *(get(w) for get in extra)])


URLS: dict[str, Callable[[World], str]] = {
    "mine": lambda _w: reverse("families:mine"),
    "team": lambda _w: reverse("families:team"),
    "create": lambda _w: reverse("families:create"),
    "register_included": lambda _w: reverse("families:register_included"),
    "team_access_log": lambda _w: reverse("families:team_access_log"),
    "detail": _family_url("detail"),
    "edit": _family_url("edit"),
    "status": _family_url("status"),
    "reopen": _family_url("reopen"),
    "member_create": _family_url("member_create"),
    "member_detail": _family_url("member_detail", lambda w: w.mother.pk),
    "member_edit": _family_url("member_edit", lambda w: w.mother.pk),
    "member_access_log_export": _family_url("member_access_log_export", lambda w: w.mother.pk),
    "consent_create": _family_url("consent_create"),
    "consent_withdraw": _family_url("consent_withdraw", lambda w: w.consent.pk),
    "consent_document": _family_url("consent_document", lambda w: w.consent.pk),
    "handover_create": _family_url("handover_create"),
    "notes": _family_url("notes"),
    "note_edit": _family_url("note_edit", lambda w: w.note.pk),
    "contacts": _family_url("contacts"),
    "contact_create": _family_url("contact_create"),
    "coordinators": _family_url("coordinators"),
    "coordinator_remove": _family_url("coordinator_remove", lambda w: w.family_coordinator.pk),
    "grants": _family_url("grants"),
    "grant_revoke": _family_url("grant_revoke", lambda w: w.grant.pk),
    "task_complete": _family_url("task_complete", lambda w: w.task.pk),
    "history": _family_url("history"),
    "access_log": _family_url("access_log"),
    # Data protection (families/gdpr_views.py)
    "information_exchanges": _family_url("information_exchanges"),
    "subject_access": _family_url("subject_access", lambda w: w.mother.pk),
    "subject_access_pdf": _family_url("subject_access_pdf", lambda w: w.mother.pk),
    "subject_access_json": _family_url("subject_access_json", lambda w: w.mother.pk),
    "archive": _family_url("archive"),
    "erasure_list": lambda _w: reverse("families:erasure_list"),
    # No role in the table is a municipality administrator: each is refused before the erasure
    # list is read, so the listed row's id does not matter.
    "erasure_confirm": lambda w: reverse("families:erasure_confirm", args=[w.family.pk]),
}
NOT_FAMILY_SCOPED = {
    "mine",
    "team",
    "create",
    "register_included",
    "team_access_log",
    "erasure_list",
    "erasure_confirm",
}
# The municipality administrator's pages: refused (403) to every role in the table but the
# anonymous visitor, who is sent to the log-in page.
ERASURE_REFUSED = {"erasure_list": DENIED, "erasure_confirm": DENIED}


def _now_for_form() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


# The POST-only views, with a body a permitted user would send.
POST_DATA: dict[str, Callable[[], dict[str, str]]] = {
    "status": lambda: {"to_status": Family.Status.ASSESSMENT, "reason": ""},
    "reopen": lambda: {"reason": "Ny henvendelse fra skolen"},
    "consent_withdraw": lambda: {"note": "Trukket tilbage telefonisk"},
    "contact_create": lambda: {
        "kind": "call",
        "occurred_at": _now_for_form(),
        "summary": "Ringede til mor",
    },
    "coordinator_remove": dict,
    "grant_revoke": dict,
    "task_complete": dict,
    "erasure_confirm": lambda: {"confirm": "on"},
}

# A team caseworker who is the family's primary coordinator, with an active consent.
CASEWORKER_COORDINATING = {
    "mine": OK,
    "team": OK,
    "create": REDIRECT,  # to the referral form: the one way in
    "register_included": DENIED,  # not a team lead
    "team_access_log": DENIED,  # not a team lead
    "detail": OK,
    "edit": OK,
    "status": REDIRECT,
    "reopen": REDIRECT,
    "member_create": OK,
    "member_detail": OK,
    "member_edit": OK,
    "member_access_log_export": OK,
    "consent_create": OK,
    "consent_withdraw": REDIRECT,
    "consent_document": OK,
    "handover_create": OK,
    "notes": OK,
    "note_edit": OK,  # own department's note
    "contacts": OK,
    "contact_create": REDIRECT,
    "coordinators": OK,
    "coordinator_remove": REDIRECT,
    "grants": OK,
    "grant_revoke": REDIRECT,
    "task_complete": REDIRECT,
    "history": OK,
    "access_log": OK,
    "information_exchanges": OK,  # a team member past the consent gate
    "subject_access": OK,  # the family's coordinator
    "subject_access_pdf": OK,  # logged in just now: no password asked again
    "subject_access_json": OK,
    "archive": OK,  # the family's coordinator
    **ERASURE_REFUSED,
}

# A team caseworker who coordinates the family, when no consent covers anything (any more).
CONSENT_GATE_CLOSED = {
    "mine": OK,
    "team": OK,
    "create": REDIRECT,
    "register_included": DENIED,
    "team_access_log": DENIED,
    "detail": OK,
    "edit": OK,
    "status": REDIRECT,
    "reopen": REDIRECT,
    "member_create": OK,
    "member_detail": OK,
    "member_edit": OK,
    "member_access_log_export": OK,
    "consent_create": OK,
    "consent_withdraw": REDIRECT,  # withdrawn already: a message; expired: withdrawn too
    "consent_document": OK,
    "handover_create": DENIED,  # consent gate
    "notes": DENIED,  # consent gate
    "note_edit": DENIED,  # consent gate: a refusal inside the tenant
    "contacts": OK,  # the contact log is open before consent
    "contact_create": REDIRECT,
    "coordinators": OK,
    "coordinator_remove": REDIRECT,
    "grants": OK,
    "grant_revoke": REDIRECT,
    "task_complete": REDIRECT,
    "history": OK,
    "access_log": OK,
    "information_exchanges": DENIED,  # consent gate
    # The data subject's access request is the controller's duty, consent or not.
    "subject_access": OK,
    "subject_access_pdf": OK,
    "subject_access_json": OK,
    "archive": OK,
    **ERASURE_REFUSED,
}

# The same caseworker when the family's case has ended (closed): everything is still read, but the
# case record is no longer written — except the journal, and what the coordinators do to end or
# reopen the case (status, reopening, coordinators, revoking outside access).
FAMILY_CLOSED = {
    **CASEWORKER_COORDINATING,
    "edit": DENIED,
    "member_create": DENIED,
    "member_edit": DENIED,
    "consent_create": DENIED,
    "consent_withdraw": DENIED,
    "handover_create": DENIED,
    "contact_create": DENIED,
    "task_complete": DENIED,
}

EXPECTED: dict[str, dict[str, int]] = {
    "caseworker_covered": CASEWORKER_COORDINATING,
    # Any active consent opens the case content; their own department's note stays theirs.
    "caseworker_uncovered": CASEWORKER_COORDINATING,
    "caseworker_consent_withdrawn": CONSENT_GATE_CLOSED,
    "caseworker_consent_expires_today": CASEWORKER_COORDINATING,
    "caseworker_consent_expired": CONSENT_GATE_CLOSED,
    "caseworker_family_closed": FAMILY_CLOSED,
    "other_department": {
        "mine": OK,
        "team": OK,
        "create": REDIRECT,
        "register_included": DENIED,
        "team_access_log": DENIED,
        "detail": OK,
        "edit": OK,  # basic data belongs to the whole team
        "status": DENIED,  # not a team lead nor a family coordinator
        "reopen": DENIED,
        "member_create": OK,
        "member_detail": OK,
        "member_edit": OK,
        "member_access_log_export": DENIED,
        "consent_create": OK,
        "consent_withdraw": REDIRECT,
        "consent_document": OK,
        "handover_create": OK,
        "notes": OK,
        "note_edit": DENIED,  # children & family note, their department not covered
        "contacts": OK,
        "contact_create": REDIRECT,
        "coordinators": DENIED,
        "coordinator_remove": DENIED,
        "grants": DENIED,
        "grant_revoke": DENIED,
        "task_complete": REDIRECT,
        "history": OK,
        "access_log": DENIED,
        "information_exchanges": OK,  # a team member past the consent gate
        "subject_access": DENIED,  # not a team lead nor a family coordinator
        "subject_access_pdf": DENIED,
        "subject_access_json": DENIED,
        "archive": DENIED,
        **ERASURE_REFUSED,
    },
    "coordinator": {
        "mine": OK,
        "team": OK,
        "create": REDIRECT,
        "register_included": OK,  # a team lead may register an already included family
        "team_access_log": OK,
        "detail": OK,
        "edit": OK,
        "status": REDIRECT,
        "reopen": REDIRECT,
        "member_create": OK,
        "member_detail": OK,
        "member_edit": OK,
        "member_access_log_export": OK,
        "consent_create": OK,
        "consent_withdraw": REDIRECT,
        "consent_document": OK,
        "handover_create": OK,
        "notes": OK,
        # Reads the children & family note (both departments covered) but may not change it:
        # neither its department nor a family coordinator.
        "note_edit": DENIED,
        "contacts": OK,
        "contact_create": REDIRECT,
        "coordinators": OK,
        "coordinator_remove": REDIRECT,
        "grants": OK,
        "grant_revoke": REDIRECT,
        "task_complete": REDIRECT,
        "history": OK,
        "access_log": OK,
        "information_exchanges": OK,
        "subject_access": OK,  # the team lead
        "subject_access_pdf": OK,
        "subject_access_json": OK,
        "archive": OK,
        **ERASURE_REFUSED,  # a team lead is not the municipality's administrator
    },
    "outside_active": {
        "mine": OK,
        "team": OK,
        "create": DENIED,  # on no team
        "register_included": DENIED,
        "team_access_log": DENIED,
        "detail": OK,
        "edit": DENIED,
        "status": DENIED,
        "reopen": DENIED,
        "member_create": DENIED,
        "member_detail": OK,
        "member_edit": DENIED,
        "member_access_log_export": DENIED,
        "consent_create": DENIED,
        "consent_withdraw": DENIED,
        "consent_document": DENIED,  # the signed paper is for the team
        "handover_create": DENIED,
        "notes": OK,
        "note_edit": DENIED,  # reads as the school; the note is children & family's
        "contacts": OK,
        "contact_create": DENIED,  # invited outsiders read only
        "coordinators": DENIED,
        "coordinator_remove": DENIED,
        "grants": DENIED,
        "grant_revoke": DENIED,
        "task_complete": DENIED,
        "history": DENIED,
        "access_log": DENIED,
        "information_exchanges": DENIED,  # the disclosure log is the team's
        "subject_access": DENIED,
        "subject_access_pdf": DENIED,
        "subject_access_json": DENIED,
        "archive": DENIED,
        **ERASURE_REFUSED,
    },
    "outside_expired": {
        "mine": OK,
        "team": OK,
        "create": DENIED,
        "register_included": DENIED,
        "team_access_log": DENIED,
        **ERASURE_REFUSED,
        **{name: DENIED for name in URLS if name not in NOT_FAMILY_SCOPED},
    },
    "steering": {
        "mine": REDIRECT,  # to the aggregate overview
        "team": REDIRECT,
        "create": DENIED,
        "register_included": DENIED,
        "team_access_log": DENIED,
        **ERASURE_REFUSED,
        **{name: DENIED for name in URLS if name not in NOT_FAMILY_SCOPED},
    },
    "evaluator": {
        "mine": REDIRECT,
        "team": REDIRECT,
        "create": DENIED,
        "register_included": DENIED,
        "team_access_log": DENIED,
        **ERASURE_REFUSED,  # in no municipality: refused inside, not a 404
        **{name: NOT_FOUND for name in URLS if name not in NOT_FAMILY_SCOPED},
    },
    "outsider": {
        "mine": OK,  # their own (Sydby) lists
        "team": OK,
        "create": REDIRECT,  # for their own team
        "register_included": DENIED,  # a caseworker, not a lead (of Sydby)
        "team_access_log": DENIED,
        **ERASURE_REFUSED,  # not Sydby's administrator either
        **{name: NOT_FOUND for name in URLS if name not in NOT_FAMILY_SCOPED},
    },
    # Every page sends an anonymous visitor to the log-in page (and back afterwards).
    "anonymous": dict.fromkeys(URLS, REDIRECT),
}


# Roles whose family's consent runs out today (and the day after, for the expired role).
EXPIRING_CONSENT = {"caseworker_consent_expires_today", "caseworker_consent_expired"}
# Roles that meet their world some days after it was built.
DAYS_LATER = {"caseworker_consent_expired": 1, "outside_expired": 3}


def _departments(org: Organisation, kinds: tuple[str, ...]) -> list[Department]:
    return [getattr(org, kind) for kind in kinds]


def _pdf(name: str = "samtykke.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf")


def build_world(request: pytest.FixtureRequest, role: str) -> World:
    nordby: Organisation = request.getfixturevalue("nordby")
    family: Family = request.getfixturevalue("family")
    caseworker: User = request.getfixturevalue("caseworker")
    outside_caseworker: User = request.getfixturevalue("outside_caseworker")
    fixture = ROLE_USER[role]
    user: User | None = request.getfixturevalue(fixture) if fixture else None
    today = timezone.localdate()

    for status in (Family.Status.SCREENING, Family.Status.AWAITING_CONSENT):
        cases.change_family_status(actor=caseworker, family=family, to_status=status)
    mother = family.members.get(first_name="Mette")
    consent = consents.record_consent(
        actor=caseworker,
        family=family,
        given_by=[mother],
        departments=_departments(nordby, CONSENT_COVERS[role]),
        given_on=today,
        expires_on=today if role in EXPIRING_CONSENT else None,
        document=_pdf(),
    )
    if role == "caseworker_consent_withdrawn":
        consents.withdraw_consent(actor=caseworker, consent=consent)
    note = journal.write_journal_note(
        actor=caseworker,
        family=family,
        department_id=nordby.children_family.pk,
        written_on=today,
        category=JournalNote.Category.MEETING,
        text="Samtale med mor om skolestart",
    )
    grant = outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=outside_caseworker,
        department=nordby.school,
        valid_until=today + dt.timedelta(days=1),
        reason="Skolens trivselsmøde",
    )
    task = tasks.create_task(
        actor=caseworker, family=family, title="Start en børnefaglig undersøgelse", due_on=today
    )
    if role == "caseworker_family_closed":
        cases.change_family_status(
            actor=caseworker, family=family, to_status=Family.Status.CLOSED, reason="Målene er nået"
        )
    family.refresh_from_db()
    return World(
        user=user,
        family=family,
        mother=mother,
        consent=consent,
        note=note,
        family_coordinator=family.coordinators.get(),
        grant=grant,
        task=task,
    )


# Where a permitted request is redirected to (never the login page).
REDIRECT_TO: dict[str, Callable[[World], str]] = {
    "create": lambda _w: reverse("screening:referral_create"),
    "mine": lambda _w: reverse("evaluation:overview"),
    "team": lambda _w: reverse("evaluation:overview"),
    "status": _family_url("detail"),
    "reopen": _family_url("detail"),
    "consent_withdraw": _family_url("detail"),
    "contact_create": _family_url("detail"),
    "coordinator_remove": _family_url("coordinators"),
    "grant_revoke": _family_url("grants"),
    "task_complete": _family_url("detail"),
}


@dataclass(frozen=True)
class Outcome:
    status: int
    # (outcome, path, family id) of every refusal the request wrote to the access log.
    refusals: tuple[tuple[str, str, int | None], ...] = ()
    location: str = ""


def _expected(world: World, view: str, status: int) -> Outcome:
    url = URLS[view](world)
    if world.user is None:
        assert status == REDIRECT
        return Outcome(status, location=redirect_to_login(url).url)
    if status == DENIED:
        family_id = None if view in NOT_FAMILY_SCOPED else world.family.pk
        return Outcome(status, ((AccessLogEntry.Outcome.DENIED, url, family_id),))
    if status == NOT_FOUND:
        # Outside the tenant: logged, and the log entry does not point at the family.
        return Outcome(status, ((AccessLogEntry.Outcome.NOT_FOUND, url, None),))
    if status == REDIRECT:
        return Outcome(status, location=REDIRECT_TO[view](world))
    return Outcome(status)


def _send(client, view: str, url: str):
    """POST to the POST-only views (with a body a permitted user would send), GET the rest."""
    return client.post(url, POST_DATA[view]()) if view in POST_DATA else client.get(url)


def _observe(client, world: World, view: str) -> Outcome:
    """Request one page and undo whatever it changed, so every view meets the same world."""
    url = URLS[view](world)
    with transaction.atomic():
        last_pk = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = _send(client, view, url)
        if response.streaming:
            # Reading to the end lets the test client close the file (and only the file).
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
        refusals = AccessLogEntry.objects.filter(
            pk__gt=last_pk,
            user=world.user,
            outcome__in=[AccessLogEntry.Outcome.DENIED, AccessLogEntry.Outcome.NOT_FOUND],
        ).values_list("outcome", "path", "family_id")
        outcome = Outcome(
            response.status_code, tuple(refusals), response.headers.get("Location", "")
        )
        transaction.set_rollback(True)
    return outcome


def test_the_table_covers_every_family_url_and_every_role():
    assert set(URLS) == {pattern.name for pattern in urlpatterns}
    for role, expected in EXPECTED.items():
        assert set(expected) == set(URLS), role


@pytest.mark.parametrize("role", list(EXPECTED))
def test_access_matrix(db, request, client, role):
    world = build_world(request, role)
    if role in DAYS_LATER:
        # The consent ran until today, the grant until tomorrow: days later they have lapsed.
        clock: contextlib.AbstractContextManager[object] = time_machine.travel(
            timezone.now() + dt.timedelta(days=DAYS_LATER[role])
        )
    else:
        clock = contextlib.nullcontext()

    with clock:
        if world.user is not None:
            client.force_login(world.user)  # inside the clock: an 8-hour session would expire
        observed = {view: _observe(client, world, view) for view in URLS}

    assert observed == {
        view: _expected(world, view, status) for view, status in EXPECTED[role].items()
    }


@pytest.mark.parametrize("role", ["caseworker", "outsider"])
def test_post_only_views_refuse_get(db, request, client, role):
    world = build_world(request, "caseworker_covered")
    client.force_login(request.getfixturevalue(role))

    statuses = {view: client.get(URLS[view](world)).status_code for view in POST_DATA}

    assert statuses == dict.fromkeys(POST_DATA, 405)


# --- Department content behind the consent ---------------------------------------------------

EMPLOYMENT_NOTE = "Jobcentret har aftalt praktik med mor"
EMPLOYMENT_CASE = "JC-4711"


@pytest.fixture
def employment_content(family, nordby, other_department_user):
    """A journal note and a handover owned by the jobcentre (the employment department)."""
    today = timezone.localdate()
    journal.write_journal_note(
        actor=other_department_user,
        family=family,
        department_id=nordby.employment.pk,
        written_on=today,
        category=JournalNote.Category.COOPERATION,
        text=EMPLOYMENT_NOTE,
    )
    handovers.record_handover(
        actor=other_department_user,
        family=family,
        department=nordby.employment,
        handed_over_on=today,
        case_reference=EMPLOYMENT_CASE,
    )


def _page(client, user: User, name: str, family: Family) -> str:
    client.force_login(user)
    response = client.get(reverse(f"families:{name}", args=[family.pk]))
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


@pytest.mark.parametrize(
    ("covered", "is_visible"),
    [
        (("children_family", "employment"), True),
        (("children_family",), False),
        (("employment",), False),
        (("children_family", "social"), False),
    ],
)
def test_employment_content_reaches_the_caseworker_only_when_consent_covers_both_departments(
    client, family, nordby, caseworker, employment_content, covered, is_visible
):
    give_consent(family, caseworker, *_departments(nordby, covered))

    notes_page = _page(client, caseworker, "notes", family)
    detail_page = _page(client, caseworker, "detail", family)

    assert (EMPLOYMENT_NOTE in notes_page) is is_visible
    assert (EMPLOYMENT_NOTE in detail_page) is is_visible
    assert (EMPLOYMENT_CASE in detail_page) is is_visible


@pytest.mark.parametrize("reader", ["caseworker", "other_department_user", "coordinator"])
def test_department_content_is_hidden_from_everyone_before_consent(
    request, client, family, employment_content, reader
):
    user = request.getfixturevalue(reader)
    client.force_login(user)

    notes_response = client.get(reverse("families:notes", args=[family.pk]))
    detail_page = _page(client, user, "detail", family)

    assert notes_response.status_code == 403
    assert EMPLOYMENT_NOTE not in notes_response.content.decode()
    assert EMPLOYMENT_NOTE not in detail_page
    assert EMPLOYMENT_CASE not in detail_page


@pytest.mark.parametrize(
    "covered", [("children_family",), ("social",), ("employment",), ("school",)]
)
def test_the_jobcentre_sees_its_own_content_once_any_consent_exists(
    client, family, nordby, caseworker, other_department_user, employment_content, covered
):
    give_consent(family, caseworker, *_departments(nordby, covered))

    notes_page = _page(client, other_department_user, "notes", family)
    detail_page = _page(client, other_department_user, "detail", family)

    assert EMPLOYMENT_NOTE in notes_page
    assert EMPLOYMENT_NOTE in detail_page
    assert EMPLOYMENT_CASE in detail_page


# --- Another family's objects through this family's address ----------------------------------


@pytest.fixture
def east_family(nordby, caseworker):
    """A family of another Nordby core team, with one of everything the URLs can point at."""
    team = TeamFactory(municipality=nordby.municipality, name="Kerneteam Nordby Øst")
    lead = UserFactory(username="east_lead", municipality=nordby.municipality)
    MembershipFactory(user=lead, team=team, department=nordby.social, role="team_coordinator")
    east = cases.create_family(actor=lead, team=team, name="Familien Øst")
    members.add_member(
        actor=lead,
        family=east,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Østine",
        last_name="Østergaard",
        birth_date=dt.date(1985, 3, 12),
    )
    give_consent(east, lead, nordby.social)
    east.consents.get().document.save("samtykke.pdf", _pdf(), save=True)
    journal.write_journal_note(
        actor=lead,
        family=east,
        department_id=nordby.social.pk,
        written_on=timezone.localdate(),
        category=JournalNote.Category.GENERAL,
        text="Østnotat",
    )
    outside_access.grant_outside_access(
        actor=lead,
        family=east,
        user=caseworker,
        department=nordby.children_family,
        valid_until=timezone.localdate(),
        reason="Til revokation",
    )
    return east


def test_a_family_of_another_team_is_refused(client, caseworker, east_family):
    FamilyGrant.objects.filter(family=east_family).delete()
    client.force_login(caseworker)

    assert client.get(reverse("families:detail", args=[east_family.pk])).status_code == 403


@pytest.mark.parametrize(
    ("view", "pick"),
    [
        ("member_detail", lambda east: east.members.get().pk),
        ("member_edit", lambda east: east.members.get().pk),
        ("member_access_log_export", lambda east: east.members.get().pk),
        ("consent_withdraw", lambda east: east.consents.get().pk),
        ("consent_document", lambda east: east.consents.get().pk),
        ("note_edit", lambda east: east.journal_notes.get().pk),
        ("coordinator_remove", lambda east: east.coordinators.get().pk),
        ("grant_revoke", lambda east: east.grants.get().pk),
    ],
)
def test_another_familys_objects_are_not_found_through_this_family(
    client, family, coordinator, east_family, view, pick
):
    # The coordinator leads the Jensens' team and may do all of this to the Jensens.
    url = reverse(f"families:{view}", args=[family.pk, pick(east_family)])
    client.force_login(coordinator)

    response = _send(client, view, url)

    assert response.status_code == 404
    assert east_family.coordinators.exists()
    assert east_family.grants.get().revoked_at is None
    assert east_family.consents.get().withdrawn_on is None


def test_a_former_team_member_is_refused_and_logged(client, family, caseworker):
    caseworker.memberships.update(is_active=False)
    client.force_login(caseworker)
    url = reverse("families:detail", args=[family.pk])

    response = client.get(url)

    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        user=caseworker, family=family, path=url, outcome=AccessLogEntry.Outcome.DENIED
    ).exists()


# --- Boundaries the table meets only once -------------------------------------------------------


@pytest.mark.parametrize(
    ("grant_state", "days_later", "is_listed"),
    [
        ("active", 0, True),
        ("active", 1, True),  # the grant's last day
        ("active", 2, False),  # expired
        ("revoked", 0, False),
        ("permission_removed", 0, False),  # a grant row without its object permission
    ],
)
def test_an_invited_caseworker_lists_the_family_exactly_while_its_page_opens(
    client, family, nordby, caseworker, outside_caseworker, grant_state, days_later, is_listed
):
    grant = outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=outside_caseworker,
        department=nordby.school,
        valid_until=timezone.localdate() + dt.timedelta(days=1),
        reason="Skolens trivselsmøde",
    )
    if grant_state == "revoked":
        outside_access.revoke_outside_access(actor=caseworker, grant=grant)
    if grant_state == "permission_removed":
        remove_perm(GRANT_PERMISSION, outside_caseworker, family)

    with time_machine.travel(timezone.now() + dt.timedelta(days=days_later)):
        client.force_login(outside_caseworker)
        listed = {
            name: [f.pk for f in client.get(reverse(f"families:{name}")).context["page"]]
            for name in ("mine", "team")
        }
        detail = client.get(reverse("families:detail", args=[family.pk])).status_code
        visible = list(families_visible_to(outside_caseworker).values_list("pk", flat=True))

    assert listed == {"mine": [family.pk] if is_listed else [], "team": []}
    assert visible == ([family.pk] if is_listed else [])
    assert detail == (200 if is_listed else 403)


WRITES = ("can_edit_family", "can_log_contact", "can_record_consent", "can_change_case_content")
READS = ("can_view_case_content", "can_view_history", "can_view_consent_document")


@pytest.mark.parametrize("status", [Family.Status.INCLUDED, *sorted(ENDED_STATUSES)])
def test_an_ended_family_is_read_but_not_written(family, nordby, caseworker, status):
    give_consent(family, caseworker, nordby.children_family)
    Family.objects.filter(pk=family.pk).update(status=status)
    family.refresh_from_db()

    access = access_for(caseworker, family)

    assert access is not None
    assert {name: getattr(access, name) for name in READS} == dict.fromkeys(READS, True)
    is_open = status == Family.Status.INCLUDED
    assert {name: getattr(access, name) for name in WRITES} == dict.fromkeys(WRITES, is_open)


@pytest.mark.parametrize(("expires_in", "is_covered"), [(1, True), (0, True), (-1, False)])
def test_a_consent_covers_through_its_last_day(family, nordby, caseworker, expires_in, is_covered):
    give_consent(family, caseworker, nordby.children_family)
    family.consents.update(
        given_on=timezone.localdate() - dt.timedelta(days=10),
        expires_on=timezone.localdate() + dt.timedelta(days=expires_in),
    )

    access = access_for(caseworker, family)

    assert access is not None
    assert access.has_consent is is_covered
    expected = frozenset({nordby.children_family.pk}) if is_covered else frozenset()
    assert access.readable_department_ids == expected
