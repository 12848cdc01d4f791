"""Every screening page against every role: the rules of families/access.py written out as a table.

Each role meets the same Nordby referral: a new family (Hassan) registered by the caseworker (its
primary family coordinator), screened, included at visitation and then consenting for Børn og
Familie and Socialforvaltningen. Two roles change the world: the family's case is closed, or the
family has not consented yet. The expected status codes are written by hand; they are
deliberately not computed by calling the access module.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families.models import AccessLogEntry, Family, Member
from families.services import cases, members, outside_access
from screening.models import Referral, VisitationDecision
from screening.services import visitation as visitation_services
from screening.urls import urlpatterns
from tests.conftest import Organisation
from tests.screening.conftest import consent, judge_all

OK, REDIRECT, DENIED, NOT_FOUND = 200, 302, 403, 404

ROLE_USER = {
    "caseworker": "caseworker",  # Børn og Familie, the family's coordinator
    "other_department": "other_department_user",  # Jobcenter, not covered by the consent
    "team_lead": "coordinator",
    "outside_grant": "outside_caseworker",
    "caseworker_before_consent": "caseworker",
    "caseworker_closed_case": "caseworker",
    "steering": "steering",
    "evaluator": "evaluator",
    "other_municipality": "outsider",
    "anonymous": None,
}


@dataclass
class World:
    referral: Referral
    family: Family


URLS: dict[str, Callable[[World], str]] = {
    "inbox": lambda _w: reverse("screening:inbox"),
    "referral_create": lambda _w: reverse("screening:referral_create"),
    # "Add a person" with htmx: one blank person of the referral form (no data).
    "referral_person": lambda _w: reverse("screening:referral_person") + "?person-TOTAL_FORMS=1",
    "visitation": lambda _w: reverse("screening:visitation"),
    "family_referrals": lambda w: reverse("screening:family_referrals", args=[w.family.pk]),
    "family_referral_create": lambda w: reverse(
        "screening:family_referral_create", args=[w.family.pk]
    ),
    "referral_detail": lambda w: reverse("screening:referral_detail", args=[w.referral.pk]),
    "referral_screen": lambda w: reverse("screening:referral_screen", args=[w.referral.pk]),
    "referral_decide": lambda w: reverse("screening:referral_decide", args=[w.referral.pk]),
    "referral_meeting": lambda w: reverse("screening:referral_meeting", args=[w.referral.pk]),
    "referral_decline": lambda w: reverse("screening:referral_decline", args=[w.referral.pk]),
    "referral_receipt": lambda w: reverse("screening:referral_receipt", args=[w.referral.pk]),
    "referral_handover": lambda w: reverse("screening:referral_handover", args=[w.referral.pk]),
    "referral_investigations": lambda w: reverse(
        "screening:referral_investigations", args=[w.referral.pk]
    ),
}
TEAM_PAGES = {"inbox", "referral_create", "referral_person", "visitation"}
POST_ONLY = {"referral_decline", "referral_receipt", "referral_investigations", "referral_meeting"}

TEAM_MEMBER = {
    **dict.fromkeys(TEAM_PAGES, OK),
    "family_referrals": OK,
    "family_referral_create": OK,
    "referral_detail": OK,
    "referral_screen": OK,
    "referral_decide": OK,
    "referral_meeting": OK,  # nothing filled in: the decision page with the meeting form's errors
    "referral_decline": REDIRECT,  # refused by the service (the family has consented): a message
    # No date sent (and no notification of concern): a message. Also on an ended case: the receipt
    # is owed to whoever notified whatever became of the family.
    "referral_receipt": REDIRECT,
    "referral_handover": OK,
    "referral_investigations": REDIRECT,  # no child chosen: a message
}
NOT_ON_THE_TEAM = dict.fromkeys(URLS, DENIED)

EXPECTED: dict[str, dict[str, int]] = {
    "caseworker": TEAM_MEMBER,
    # Screening is the whole team's; any active consent opens the handover checklist.
    "other_department": TEAM_MEMBER,
    "team_lead": TEAM_MEMBER,
    # An invited outsider reads the case record, never the team's screening pages.
    "outside_grant": NOT_ON_THE_TEAM,
    # Before consent the team sees the referral and screening, not the handovers.
    "caseworker_before_consent": {
        **TEAM_MEMBER,
        "referral_decline": REDIRECT,  # the family declines: the case ends
        "referral_handover": DENIED,
        "referral_investigations": DENIED,
    },
    # An ended case: screening pages stay readable (a new referral reopens the case), but no
    # decline and no handover.
    "caseworker_closed_case": {
        **TEAM_MEMBER,
        "referral_decline": DENIED,
        "referral_handover": DENIED,
        "referral_investigations": DENIED,
    },
    "steering": NOT_ON_THE_TEAM,
    "evaluator": {
        **dict.fromkeys(TEAM_PAGES, DENIED),
        **{name: NOT_FOUND for name in URLS if name not in TEAM_PAGES},
    },
    # A Sydby caseworker: their own team pages, none of Nordby's families.
    "other_municipality": {
        **dict.fromkeys(TEAM_PAGES, OK),
        **{name: NOT_FOUND for name in URLS if name not in TEAM_PAGES},
    },
    "anonymous": dict.fromkeys(URLS, REDIRECT),  # to the log-in page
}


def build_world(request: pytest.FixtureRequest, role: str) -> World:
    nordby: Organisation = request.getfixturevalue("nordby")
    caseworker: User = request.getfixturevalue("caseworker")
    coordinator: User = request.getfixturevalue("coordinator")
    referral: Referral = request.getfixturevalue("referral")
    meeting = request.getfixturevalue("meeting")
    for fixture in ("other_department_user", "outside_caseworker", "outsider"):
        request.getfixturevalue(fixture)
    judge_all(referral, caseworker)
    visitation_services.decide_referral(
        actor=coordinator,
        referral=referral,
        meeting=meeting,
        outcome=VisitationDecision.Outcome.INCLUDE,
    )
    family = referral.family
    family.refresh_from_db()
    members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Amal",
        last_name="Hassan",
    )
    if role != "caseworker_before_consent":
        consent(family, caseworker, nordby.children_family, nordby.social)
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
    family.refresh_from_db()
    referral.refresh_from_db()
    return World(referral=referral, family=family)


@dataclass(frozen=True)
class Outcome:
    status: int
    # (outcome, path, family id) of every refusal the request wrote to the access log.
    refusals: tuple[tuple[str, str, int | None], ...] = ()


def _expected(world: World, view: str, status: int) -> Outcome:
    url = URLS[view](world)
    if status == DENIED:
        family_id = None if view in TEAM_PAGES else world.family.pk
        return Outcome(status, ((AccessLogEntry.Outcome.DENIED, url, family_id),))
    if status == NOT_FOUND:
        # Outside the tenant: logged, and the log entry does not point at the family.
        return Outcome(status, ((AccessLogEntry.Outcome.NOT_FOUND, url, None),))
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


def test_the_table_covers_every_screening_url_and_every_role():
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
        view: _expected(world, view, status) for view, status in EXPECTED[role].items()
    }


@pytest.mark.parametrize("role", ["caseworker", "other_municipality"])
def test_post_only_views_refuse_get(db, request, client, role):
    world = build_world(request, "caseworker")
    client.force_login(request.getfixturevalue(ROLE_USER[role]))

    statuses = {view: client.get(URLS[view](world)).status_code for view in POST_ONLY}

    assert statuses == dict.fromkeys(POST_ONLY, 405)


def test_a_referral_that_does_not_exist_is_a_logged_404(client, caseworker):
    client.force_login(caseworker)
    url = reverse("screening:referral_detail", args=[999999])

    response = client.get(url)

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=caseworker, path=url, family=None, outcome=AccessLogEntry.Outcome.NOT_FOUND
    ).exists()
