"""Duplicate detection and lead times."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from families.models import Family
from families.services import cases, members
from screening import selectors
from screening.models import VisitationDecision
from screening.services import visitation as visitation_services
from tests.screening.conftest import consent, judge_all, register


def test_duplicate_by_cpr_in_the_municipality(family, nordby, sydby):
    duplicates = selectors.possible_duplicates(
        nordby.municipality.pk,
        [{"first_name": "J", "last_name": "X", "cpr": "030511-4321", "birth_date": None}],
    )
    assert [(d.member.first_name, d.match) for d in duplicates] == [("Jonas", "same CPR number")]
    # Another municipality's people are never shown.
    assert (
        selectors.possible_duplicates(
            sydby.municipality.pk, [{"first_name": "J", "last_name": "X", "cpr": "030511-4321"}]
        )
        == []
    )


def test_duplicate_by_name_and_birth_date_including_closed_families(family, caseworker, nordby):
    cases.change_family_status(
        actor=caseworker, family=family, to_status=Family.Status.WITHDRAWN, reason="Flyttet"
    )
    person = {"first_name": "jonas", "last_name": "JENSEN", "birth_date": dt.date(2011, 5, 3)}
    duplicates = selectors.possible_duplicates(nordby.municipality.pk, [person])
    assert [(d.member.family, d.match) for d in duplicates] == [
        (family, "same name and birth date")
    ]
    other_day = {**person, "birth_date": dt.date(2011, 5, 4)}
    assert selectors.possible_duplicates(nordby.municipality.pk, [other_day]) == []


def test_lead_times_per_referral_and_team_median(nordby, caseworker, coordinator, areas):
    today = timezone.localdate()
    meeting = visitation_services.record_meeting(
        actor=coordinator,
        team=nordby.team,
        held_on=today - dt.timedelta(days=4),
        attendees=[coordinator],
    )
    spans = []
    for number, received_days_ago in enumerate((10, 20, 30)):
        referral = register(
            caseworker,
            nordby.team,
            name=f"F{number}",
            received_on=today - dt.timedelta(days=received_days_ago),
        )
        judge_all(referral, caseworker)
        visitation_services.decide_referral(
            actor=coordinator,
            referral=referral,
            meeting=meeting,
            outcome=VisitationDecision.Outcome.INCLUDE,
        )
        spans.append(received_days_ago - 4)
        if number == 0:
            family = referral.family
            members.add_member(
                actor=caseworker,
                family=family,
                role="parent",
                is_custody_holder=True,
                first_name="Mor",
                last_name="F",
            )
            consent(family, caseworker, nordby.children_family)
    open_referral = register(caseworker, nordby.team, name="Åben")
    data = selectors.inbox(caseworker, [nordby.team.pk], [])
    by_family = {row.referral.family.name: row for row in data.lead_times.rows}
    assert by_family["F0"].days_to_decision == 6 and by_family["F0"].days_to_consent == 4
    assert by_family["F1"].days_to_decision == 16 and by_family["F1"].days_to_consent is None
    assert data.lead_times.median_to_decision == 16
    assert data.lead_times.median_to_consent == 4
    assert [r.pk for r in data.open_referrals] == [open_referral.pk]
    assert data.counts == []


def test_lead_times_ignore_the_wait_list_decision(nordby):
    class Row(SimpleNamespace):  # the shape the inbox prefetches
        pass

    referral: Any = Row()
    referral.received_on = dt.date(2026, 1, 1)
    wait = Row()
    wait.outcome, wait.meeting = "wait_list", Row()
    wait.meeting.held_on = dt.date(2026, 1, 5)
    include = Row()
    include.outcome, include.meeting = "include", Row()
    include.meeting.held_on = dt.date(2026, 2, 1)
    referral.prefetched_decisions = [wait, include]
    referral.family = Row()
    given = Row()
    given.given_on = dt.date(2026, 2, 11)
    referral.family.prefetched_consents = [given]
    lead = selectors.compute_lead_times([referral])
    assert (lead.rows[0].days_to_decision, lead.rows[0].days_to_consent) == (31, 10)
