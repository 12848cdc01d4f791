"""Every measurement URL against every role, written out by hand (as the families matrix).

Each role meets the same included Nordby family (Jensen, mother and son). The consent covers
children & family in every world except "coordinator" (children & family and social) and
"caseworker_consent_withdrawn" (withdrawn today). Measurements are core-team content with no
owning department: readable by team members whose department the consent covers and by the
family's coordinators (the caseworker created the family, so is its primary coordinator).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from evaluation.measurement_urls import urlpatterns
from families.models import AccessLogEntry, Family, Member
from families.services import consents
from tests.conftest import Organisation, give_consent

OK, REDIRECT, DENIED, NOT_FOUND = 200, 302, 403, 404

ROLE_USER = {
    "caseworker": "caseworker",
    "caseworker_consent_withdrawn": "caseworker",
    "other_department": "other_department_user",
    "coordinator": "coordinator",
    "outside_active": "outside_caseworker",
    "steering": "steering",
    "evaluator": "evaluator",
    "outsider": "outsider",
}


@dataclass
class World:
    user: User
    family: Family
    child: Member


URLS: dict[str, Callable[[World], str]] = {
    "family": lambda w: reverse("measurements:family", args=[w.family.pk]),
    "member": lambda w: reverse("measurements:member", args=[w.family.pk, w.child.pk]),
    "entry": lambda w: reverse(
        "measurements:entry", args=[w.family.pk, w.child.pk, 1, "child_status"]
    ),
    "ssp": lambda w: reverse("measurements:ssp", args=[w.family.pk]),
}
# The entry and SSP level views also take a POST; each is a row of its own.
VIEWS = [*URLS, "entry_post", "ssp_post"]


def _entry_post() -> dict[str, str]:
    return {
        "answered_on": timezone.localdate().isoformat(),
        "outcome": "answered",
        "item_education": "1",
    }


def _ssp_post(world: World) -> dict[str, str]:
    return {"assessed_on": timezone.localdate().isoformat(), f"level_{world.child.pk}": "2"}


EXPECTED: dict[str, dict[str, int]] = {
    "caseworker": {
        "family": OK,
        "member": OK,
        "entry": OK,
        "entry_post": REDIRECT,
        "ssp": OK,
        "ssp_post": REDIRECT,
    },
    # No active consent: the case content is closed, measurements too.
    "caseworker_consent_withdrawn": {
        "family": DENIED,
        "member": DENIED,
        "entry": DENIED,
        "entry_post": DENIED,
        "ssp": DENIED,
        "ssp_post": DENIED,
    },
    # The jobcentre is not covered by the consent and does not coordinate the family.
    "other_department": {
        "family": DENIED,
        "member": DENIED,
        "entry": DENIED,
        "entry_post": DENIED,
        "ssp": DENIED,
        "ssp_post": DENIED,
    },
    # Team lead from the social department, which the consent covers.
    "coordinator": {
        "family": OK,
        "member": OK,
        "entry": OK,
        "entry_post": REDIRECT,
        "ssp": OK,
        "ssp_post": REDIRECT,
    },
    # An invited outsider reads what the grant covers; measurements are the core team's.
    "outside_active": {
        "family": DENIED,
        "member": DENIED,
        "entry": DENIED,
        "entry_post": DENIED,
        "ssp": DENIED,
        "ssp_post": DENIED,
    },
    "steering": {
        "family": DENIED,
        "member": DENIED,
        "entry": DENIED,
        "entry_post": DENIED,
        "ssp": DENIED,
        "ssp_post": DENIED,
    },
    "evaluator": {
        "family": NOT_FOUND,
        "member": NOT_FOUND,
        "entry": NOT_FOUND,
        "entry_post": NOT_FOUND,
        "ssp": NOT_FOUND,
        "ssp_post": NOT_FOUND,
    },
    "outsider": {
        "family": NOT_FOUND,
        "member": NOT_FOUND,
        "entry": NOT_FOUND,
        "entry_post": NOT_FOUND,
        "ssp": NOT_FOUND,
        "ssp_post": NOT_FOUND,
    },
}


def build_world(request: pytest.FixtureRequest, role: str) -> World:
    nordby: Organisation = request.getfixturevalue("nordby")
    family: Family = request.getfixturevalue("family")
    caseworker: User = request.getfixturevalue("caseworker")
    covered = [nordby.children_family]
    if role == "coordinator":
        covered.append(nordby.social)
    give_consent(family, caseworker, *covered)
    if role == "caseworker_consent_withdrawn":
        consents.withdraw_consent(actor=caseworker, consent=family.consents.get())
    if role == "outside_active":
        from families.services import outside_access

        outside_access.grant_outside_access(
            actor=caseworker,
            family=family,
            user=request.getfixturevalue("outside_caseworker"),
            department=nordby.children_family,
            valid_until=timezone.localdate(),
            reason="Skolens trivselsmøde",
        )
    family.refresh_from_db()
    return World(
        user=request.getfixturevalue(ROLE_USER[role]),
        family=family,
        child=family.members.get(role=Member.Role.TARGET_CHILD),
    )


def _observe(client, world: World, view: str) -> tuple[int, tuple[Any, ...]]:
    url = URLS[view.removesuffix("_post")](world)
    with transaction.atomic():
        last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        is_post = view.endswith("_post")
        data = _ssp_post(world) if view == "ssp_post" else _entry_post()
        response = client.post(url, data) if is_post else client.get(url)
        refusals = tuple(
            AccessLogEntry.objects.filter(
                pk__gt=last,
                outcome__in=[AccessLogEntry.Outcome.DENIED, AccessLogEntry.Outcome.NOT_FOUND],
            ).values_list("outcome", "family_id")
        )
        transaction.set_rollback(True)
    return response.status_code, refusals


def _expected(world: World, status: int) -> tuple[int, tuple[Any, ...]]:
    if status == DENIED:
        return status, ((AccessLogEntry.Outcome.DENIED, world.family.pk),)
    if status == NOT_FOUND:
        return status, ((AccessLogEntry.Outcome.NOT_FOUND, None),)
    return status, ()


def test_the_table_covers_every_measurement_url_and_every_role():
    assert set(URLS) == {pattern.name for pattern in urlpatterns}
    for role, expected in EXPECTED.items():
        assert set(expected) == set(VIEWS), role


@pytest.mark.parametrize("role", list(EXPECTED))
def test_measurement_access_matrix(db, request, client, role):
    world = build_world(request, role)
    client.force_login(world.user)

    observed = {view: _observe(client, world, view) for view in VIEWS}

    assert observed == {view: _expected(world, status) for view, status in EXPECTED[role].items()}


def test_anonymous_is_sent_to_log_in(db, request, client):
    world = build_world(request, "caseworker")

    for view in URLS:
        response = client.get(URLS[view](world))
        assert response.status_code == REDIRECT
        assert response.headers["Location"].startswith(reverse("accounts:login"))


def test_permitted_reads_are_logged_per_person(db, request, client):
    world = build_world(request, "caseworker")
    client.force_login(world.user)

    client.get(URLS["family"](world))
    client.get(URLS["member"](world))

    logged = AccessLogEntry.objects.filter(
        user=world.user, outcome=AccessLogEntry.Outcome.VIEWED, member__isnull=False
    ).values_list("member__first_name", "what")
    assert sorted(logged) == [
        ("Jonas", "Målinger"),
        ("Jonas", "Udvikling i målinger"),
        ("Mette", "Målinger"),
    ]
