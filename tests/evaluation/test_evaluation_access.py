"""Every dashboard, fidelity, report and export URL against every role, written out by hand.

Rules: the overview and its CSVs are for the steering group (own municipality) and the national
evaluator; targets and quarterly reports for the steering group; the fidelity survey for the
municipality's project leads and team coordinators; the export and the programme's cut-off date
for the evaluator only. Refusals
are logged 403s; another municipality's round or report is a 404.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import TeamMembership
from evaluation import fidelity
from evaluation.models import FidelityRound, QuarterlyReport
from evaluation.urls import urlpatterns
from families.models import AccessLogEntry
from tests.factories import MembershipFactory, UserFactory

OK, REDIRECT, DENIED, NOT_FOUND = 200, 302, 403, 404

URLS: dict[str, Callable[[dict[str, Any]], str]] = {
    "overview": lambda _w: reverse("evaluation:overview"),
    "overview_csv": lambda _w: reverse("evaluation:overview_csv", args=["flow"]),
    "targets": lambda _w: reverse("evaluation:targets"),
    "fidelity": lambda _w: reverse("evaluation:fidelity"),
    "fidelity_create": lambda _w: reverse("evaluation:fidelity_create"),
    "fidelity_edit": lambda w: reverse("evaluation:fidelity_edit", args=[w["round"].pk]),
    "reports": lambda _w: reverse("evaluation:reports"),
    "report_create": lambda _w: reverse("evaluation:report_create"),
    "report_download": lambda w: reverse("evaluation:report_download", args=[w["report"].pk]),
    "export": lambda _w: reverse("evaluation:export"),
    "cut_off": lambda _w: reverse("evaluation:cut_off"),
}
POST_ONLY = {"report_create"}

NOBODY = dict.fromkeys(URLS, DENIED)
EXPECTED: dict[str, dict[str, int]] = {
    "caseworker": NOBODY,
    "outside_caseworker": NOBODY,
    "outsider": NOBODY,  # a Sydby caseworker
    "coordinator": {
        **NOBODY,
        "fidelity": OK,
        "fidelity_create": OK,
        "fidelity_edit": OK,
    },
    "other_lead": {  # Sydby's project lead: their own survey, not Nordby's round
        **NOBODY,
        "fidelity": OK,
        "fidelity_create": OK,
        "fidelity_edit": NOT_FOUND,
    },
    "steering": {
        **NOBODY,
        "overview": OK,
        "overview_csv": OK,
        "targets": OK,
        "reports": OK,
        "report_create": REDIRECT,
        "report_download": OK,
    },
    "other_steering": {  # Sydby's steering group
        **NOBODY,
        "overview": OK,
        "overview_csv": OK,
        "targets": OK,
        "reports": OK,
        "report_create": REDIRECT,
        "report_download": NOT_FOUND,
    },
    # The programme's one cut-off date is the evaluator's to set (issue 10: no differencing).
    "evaluator": {**NOBODY, "overview": OK, "overview_csv": OK, "export": OK, "cut_off": OK},
}


@pytest.fixture
def other_lead(sydby):
    user = UserFactory(username="sydlead", municipality=sydby.municipality)
    MembershipFactory(
        user=user,
        team=sydby.team,
        department=sydby.children_family,
        role=TeamMembership.Role.PROJECT_LEAD,
    )
    return user


@pytest.fixture
def other_steering(sydby):
    return UserFactory(
        username="sydsteering", municipality=sydby.municipality, is_steering_group=True
    )


@pytest.fixture
def world(nordby, coordinator):
    answers = dict.fromkeys(fidelity.ITEM_CODES, 3)
    return {
        "round": FidelityRound.objects.create(
            municipality=nordby.municipality,
            answered_on=dt.date(2026, 1, 15),
            answers=answers,
            recorded_by=coordinator,
        ),
        "report": QuarterlyReport.objects.create(
            municipality=nordby.municipality, year=2026, quarter=1, pdf=b"%PDF-1.4 test"
        ),
    }


def _send(client, view: str, url: str):
    if view in POST_ONLY:
        return client.post(url, {"year": 2026, "quarter": 2})
    return client.get(url)


def test_the_table_covers_every_evaluation_url_and_role():
    assert set(URLS) == {pattern.name for pattern in urlpatterns}
    for role, expected in EXPECTED.items():
        assert set(expected) == set(URLS), role


@pytest.mark.parametrize("role", list(EXPECTED))
def test_access_matrix(db, request, client, world, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    observed = {}
    for view, url_of in URLS.items():
        url = url_of(world)
        with transaction.atomic():
            before = AccessLogEntry.objects.filter(user=user, outcome="denied").count()
            response = _send(client, view, url)
            if response.streaming:
                b"".join(response.streaming_content)
            observed[view] = response.status_code
            if response.status_code == DENIED:
                assert (
                    AccessLogEntry.objects.filter(user=user, outcome="denied").count() == before + 1
                ), view
            transaction.set_rollback(True)

    assert observed == EXPECTED[role]


def test_report_create_refuses_get(client, steering):
    client.force_login(steering)

    assert client.get(reverse("evaluation:report_create")).status_code == 405
