"""The demo data behind `make run`: every state shown, safe to run twice, never in production."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from accounts.models import Team, User
from actionplans.models import ActionPlan, DueItem
from actionplans.selectors import queue
from assessment.models import Assessment
from evaluation.models import ProgrammeCutOff
from evaluation.programme import current_cut_off
from families.models import Family, FamilyStatusChange, Member
from screening.models import Referral

pytestmark = pytest.mark.django_db

LOGINS = [
    "caseworker",
    "jobcentre",
    "coordinator",
    "steering",
    "admin",
    "evaluator",
    "outsider",
    "consultant",
]
# Team members who make the team look real: no password at all.
NO_LOGIN = ["nordby.fritid", "nordby.ssp", "nordby.psykolog"]


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Family.objects.count(),
        Member.objects.count(),
        FamilyStatusChange.objects.count(),
        Referral.objects.count(),
        Assessment.objects.count(),
        ActionPlan.objects.count(),
        ProgrammeCutOff.objects.count(),
    )


def _due_on(family: str, kind: str) -> dt.date:
    return DueItem.objects.get(
        family__municipality__name="Nordby", family__name=family, kind=kind
    ).due_on


@override_settings(DEBUG=True)
def test_seed_demo_shows_every_state_and_is_idempotent() -> None:
    call_command("seed_demo", "--no-logins")
    first = _counts()
    call_command("seed_demo", "--no-logins")

    assert _counts() == first
    nordby_statuses = set(
        Family.objects.filter(municipality__name="Nordby").values_list("status", flat=True)
    )
    assert nordby_statuses == set(Family.Status.values)
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert set(Assessment.objects.values_list("status", flat=True)) == set(Assessment.Status.values)
    assert set(ActionPlan.objects.values_list("status", flat=True)) == set(ActionPlan.Status.values)
    # The reassessment queue: one overdue, one due within two weeks, an aftercare check coming up.
    today = timezone.localdate()
    soon = today + dt.timedelta(days=14)
    assert _due_on("Holmgaard", DueItem.Kind.REASSESSMENT) < today
    assert today <= _due_on("Amedi", DueItem.Kind.REASSESSMENT) <= soon
    assert today <= _due_on("Osmani", DueItem.Kind.AFTERCARE) <= soon
    nordby = Team.objects.filter(municipality__name="Nordby")
    nordby_teams = list(nordby.values_list("pk", flat=True))
    buckets = {row.plan.family.name: row.bucket for row in queue(nordby_teams, today=today).rows}
    assert buckets == {"Holmgaard": "overdue", "Amedi": "due", "Osmani": "due", "Baran": "later"}
    # The dashboards' before/after choice has a date to split at, set by the demo evaluator.
    assert current_cut_off() == dt.date(today.year - 1, today.month, 1)
    sydby = set(Family.objects.filter(municipality__name="Sydby").values_list("name", flat=True))
    assert sydby == {"Hussein", "Kristiansen"}
    for username in LOGINS:
        assert User.objects.get(username=username).check_password("demo"), username
    for username in NO_LOGIN:
        assert not User.objects.get(username=username).has_usable_password(), username


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", "--no-logins")
    assert not User.objects.filter(username="caseworker").exists()
