"""Every assessment page against every role: the rules of families/access.py written out as a table.

Each role meets the same Nordby family (Jensen): included with a consent covering Børn og Familie
and Socialforvaltningen (not Jobcenter, not the school), a draft assessment with one journal review
entry and one timeline row by Børn og Familie, the caseworker (Børn og Familie) as primary family
coordinator, and an outside grant for the school consultant. Two roles change the world: the
family's case is closed, or its consent withdrawn. The expected status codes are written by hand;
they are deliberately not computed by calling the access module.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessment.models import Assessment, JournalReviewEntry, TimelineEntry
from assessment.services import journal as journal_services
from assessment.services import timeline as timeline_services
from assessment.services import versions
from assessment.urls import urlpatterns
from families.models import AccessLogEntry, Family, Member
from families.services import cases, consents, outside_access
from tests.assessment.conftest import days_ago, event_row
from tests.conftest import Organisation, give_consent

OK, REDIRECT, DENIED, NOT_FOUND = 200, 302, 403, 404

ROLE_USER = {
    "caseworker": "caseworker",  # Børn og Familie (the rows' department), family coordinator
    "other_department": "other_department_user",  # Jobcenter: not covered by the consent
    "team_lead": "coordinator",  # Socialforvaltningen (covered), team coordinator
    "outside_grant": "outside_caseworker",  # the school, by an outside grant
    "caseworker_closed_case": "caseworker",
    "caseworker_consent_withdrawn": "caseworker",
    "steering": "steering",
    "evaluator": "evaluator",
    "other_municipality": "outsider",
    "anonymous": None,
}


@dataclass
class World:
    family: Family
    assessment: Assessment
    member: Member
    journal_entry: JournalReviewEntry
    timeline_entry: TimelineEntry


def _url(name: str, *extra: Callable[[World], int]) -> Callable[[World], str]:
    return lambda w: reverse(
        f"assessment:{name}",
        args=[w.family.pk, w.assessment.pk, *(get(w) for get in extra)],
    )


URLS: dict[str, Callable[[World], str]] = {
    "family": lambda w: reverse("assessment:family", args=[w.family.pk]),
    "start": lambda w: reverse("assessment:start", args=[w.family.pk]),
    "detail": _url("detail"),
    "finish": _url("finish"),
    "new_version": _url("new_version"),
    "pdf": _url("pdf"),
    "part_done": _url("part_done", lambda _w: 2),
    "part_not_done": _url("part_not_done", lambda _w: 2),
    "basic_data": _url("basic_data"),
    "member_edit": _url("member_edit", lambda w: w.member.pk),
    "journal": _url("journal"),
    "journal_edit": _url("journal_edit", lambda w: w.journal_entry.pk),
    "journal_delete": _url("journal_delete", lambda w: w.journal_entry.pk),
    "timeline": _url("timeline"),
    "timeline_add": _url("timeline_add"),
    "timeline_edit": _url("timeline_edit", lambda w: w.timeline_entry.pk),
    "timeline_delete": _url("timeline_delete", lambda w: w.timeline_entry.pk),
    "risk": _url("risk"),
    "risk_member": _url("risk_member", lambda w: w.member.pk),
    "overall": _url("overall"),
    "meeting": _url("meeting"),
}
POST_ONLY = {
    "start",
    "finish",
    "new_version",
    "part_done",
    "part_not_done",
    "journal_delete",
    "timeline_delete",
}

# What a team member who may change the assessment gets (before department rules).
READ_PAGES = {
    "family": REDIRECT,  # to the assessment in progress
    "detail": OK,
    "pdf": NOT_FOUND,  # a draft has no PDF
    "basic_data": OK,
    "journal": OK,
    "timeline": OK,
    "risk": OK,
    "risk_member": OK,
    "overall": OK,
    "meeting": OK,
}
WRITES = {
    "start": REDIRECT,  # refused by the service (one in progress): a message
    "new_version": REDIRECT,  # refused by the service (a draft): a message
    "part_done": REDIRECT,  # refused by the service (nothing marked yet): a message
    "part_not_done": REDIRECT,
    "member_edit": OK,
    "timeline_add": OK,
}
OWN_ROWS = {
    "journal_edit": OK,
    "journal_delete": REDIRECT,
    "timeline_edit": OK,
    "timeline_delete": REDIRECT,
}
ALL_DENIED = dict.fromkeys(URLS, DENIED)

EXPECTED: dict[str, dict[str, int]] = {
    "caseworker": {**READ_PAGES, **WRITES, **OWN_ROWS, "finish": REDIRECT},
    # Reads past the consent gate, but not Børn og Familie's rows (Jobcenter is not covered):
    # they are not found. May add rows of its own department; may not finish.
    "other_department": {
        **READ_PAGES,
        **WRITES,
        **dict.fromkeys(OWN_ROWS, NOT_FOUND),
        "finish": DENIED,
    },
    # Reads Børn og Familie's rows (both departments covered) but may not change them; finishes.
    "team_lead": {**READ_PAGES, **WRITES, **dict.fromkeys(OWN_ROWS, DENIED), "finish": REDIRECT},
    # An invited outsider reads (not the school's rows: not covered) and never writes.
    "outside_grant": {
        **READ_PAGES,
        **dict.fromkeys(WRITES, DENIED),
        **dict.fromkeys(OWN_ROWS, DENIED),
        "finish": DENIED,
    },
    # An ended case: everything can be read, nothing written (not even a new assessment).
    "caseworker_closed_case": {
        **READ_PAGES,
        **dict.fromkeys(WRITES, DENIED),
        **dict.fromkeys(OWN_ROWS, DENIED),
        "finish": DENIED,
    },
    # The consent gate: no assessment page at all.
    "caseworker_consent_withdrawn": ALL_DENIED,
    "steering": ALL_DENIED,
    "evaluator": dict.fromkeys(URLS, NOT_FOUND),
    "other_municipality": dict.fromkeys(URLS, NOT_FOUND),
    "anonymous": dict.fromkeys(URLS, REDIRECT),  # to the log-in page
}


def build_world(request: pytest.FixtureRequest, role: str) -> World:
    nordby: Organisation = request.getfixturevalue("nordby")
    family: Family = request.getfixturevalue("family")
    caseworker: User = request.getfixturevalue("caseworker")
    request.getfixturevalue("instruments")
    for fixture in ("coordinator", "other_department_user", "outside_caseworker"):
        request.getfixturevalue(fixture)
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    assessment = versions.start_assessment(actor=caseworker, family=family)
    jonas = family.members.get(first_name="Jonas")
    entry = journal_services.add_journal_entry(
        actor=caseworker,
        assessment=assessment,
        member=jonas,
        department=nordby.children_family,
        document_type="journal_note",
        document_date=days_ago(30),
        summary="Fravær fra skolen",
    )
    [row] = timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[event_row(jonas, nordby.children_family, days_ago(100))],
    )
    outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=request.getfixturevalue("outside_caseworker"),
        department=nordby.school,
        valid_until=timezone.localdate() + dt.timedelta(days=1),
        reason="Skolens trivselsmøde",
    )
    if role == "caseworker_closed_case":
        cases.change_family_status(
            actor=caseworker, family=family, to_status=Family.Status.CLOSED, reason="Afsluttet"
        )
    if role == "caseworker_consent_withdrawn":
        consents.withdraw_consent(actor=caseworker, consent=family.consents.get())
    family.refresh_from_db()
    return World(
        family=family, assessment=assessment, member=jonas, journal_entry=entry, timeline_entry=row
    )


@dataclass(frozen=True)
class Outcome:
    status: int
    # (outcome, path, family id) of every refusal the request wrote to the access log.
    refusals: tuple[tuple[str, str, int | None], ...] = ()


OUTSIDE_THE_TENANT = {"evaluator", "other_municipality"}


def _expected(role: str, world: World, view: str, status: int) -> Outcome:
    url = URLS[view](world)
    if status == DENIED:
        return Outcome(status, ((AccessLogEntry.Outcome.DENIED, url, world.family.pk),))
    if status == NOT_FOUND and role in OUTSIDE_THE_TENANT:
        # Logged, and the log entry does not point at the family.
        return Outcome(status, ((AccessLogEntry.Outcome.NOT_FOUND, url, None),))
    if status == NOT_FOUND:
        # Inside the tenant a 404 is an object the reader may not see (or a draft's PDF), looked
        # up after the family's access was loaded: families/middleware.py logs it as a refused
        # look-up (issue 9), pointing at the family whose address was used.
        return Outcome(status, ((AccessLogEntry.Outcome.NOT_FOUND, url, world.family.pk),))
    return Outcome(status)


def _observe(client, user: User | None, world: World, view: str) -> Outcome:
    """Request one page and undo whatever it changed, so every view meets the same world."""
    url = URLS[view](world)
    with transaction.atomic():
        last_pk = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.post(url) if view in POST_ONLY else client.get(url)
        if response.status_code == REDIRECT and user is None:
            assert response.headers["Location"].startswith(reverse("accounts:login"))
        refusals = AccessLogEntry.objects.filter(
            pk__gt=last_pk,
            outcome__in=[AccessLogEntry.Outcome.DENIED, AccessLogEntry.Outcome.NOT_FOUND],
        ).values_list("outcome", "path", "family_id")
        outcome = Outcome(response.status_code, tuple(refusals))
        transaction.set_rollback(True)
    return outcome


def test_the_table_covers_every_assessment_url_and_every_role():
    assert set(URLS) == {pattern.name for pattern in urlpatterns}
    for role, expected in EXPECTED.items():
        assert set(expected) == set(URLS), role


@pytest.mark.parametrize("role", list(EXPECTED))
def test_access_matrix(db, request, client, role):
    world = build_world(request, role)
    user = request.getfixturevalue(ROLE_USER[role]) if ROLE_USER[role] else None
    if user is not None:
        client.force_login(user)

    observed = {view: _observe(client, user, world, view) for view in URLS}

    assert observed == {
        view: _expected(role, world, view, status) for view, status in EXPECTED[role].items()
    }


@pytest.mark.parametrize("role", ["caseworker", "other_municipality"])
def test_post_only_views_refuse_get(db, request, client, role):
    world = build_world(request, "caseworker")
    client.force_login(request.getfixturevalue(ROLE_USER[role]))

    statuses = {view: client.get(URLS[view](world)).status_code for view in POST_ONLY}

    assert statuses == dict.fromkeys(POST_ONLY, 405)


def test_an_ended_family_gets_no_new_assessment_from_the_service(request, caseworker):
    world = build_world(request, "caseworker_closed_case")
    world.assessment.delete()

    with pytest.raises(ValidationError, match="ended"):
        versions.start_assessment(actor=caseworker, family=world.family)

    assert not Assessment.objects.filter(family=world.family).exists()
