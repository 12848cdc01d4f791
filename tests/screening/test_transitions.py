"""Referral statuses move only as screening.models.REFERRAL_TRANSITIONS allows, checked in the
services. The allowed moves are written out here by hand; every other pair is refused."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from families.models import Family
from families.services import cases
from screening.models import Decline, Referral, VisitationDecision
from screening.services import follow_up, referrals
from screening.services import visitation as visitation_services
from tests.screening.conftest import judge_all, register
from tests.screening.test_services import fill_team

S = Referral.Status
Outcome = VisitationDecision.Outcome

ALLOWED = {
    (S.OPEN, S.INCLUDED),
    (S.OPEN, S.REJECTED),
    (S.OPEN, S.WAIT_LISTED),
    (S.WAIT_LISTED, S.INCLUDED),
    (S.WAIT_LISTED, S.REJECTED),
    (S.INCLUDED, S.DECLINED),
}
REFUSED = sorted(set(itertools.product(S.values, S.values)) - ALLOWED)


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_allowed_moves(from_status, to_status):
    referral = Referral(status=from_status)

    referrals.move_referral(referral, to_status)

    assert referral.status == to_status


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_every_other_move_is_refused(from_status, to_status):
    referral = Referral(status=from_status)

    with pytest.raises(ValidationError, match="cannot become"):
        referrals.move_referral(referral, to_status)

    assert referral.status == from_status


def test_rejected_and_declined_are_final_and_only_undecided_referrals_are_decided():
    assert [status for status in S.values if Referral(status=status).is_undecided] == [
        S.OPEN,
        S.WAIT_LISTED,
    ]


# --- The same refusals through the services ------------------------------------------------


@pytest.fixture
def included(referral, caseworker, coordinator, meeting):
    judge_all(referral, caseworker)
    visitation_services.decide_referral(
        actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.INCLUDE
    )
    referral.refresh_from_db()
    return referral


@pytest.mark.parametrize("outcome", [Outcome.INCLUDE, Outcome.REJECT, Outcome.WAIT_LIST])
def test_an_included_referral_is_not_decided_again(included, coordinator, meeting, outcome):
    with pytest.raises(ValidationError, match="already been decided"):
        visitation_services.decide_referral(
            actor=coordinator,
            referral=included,
            meeting=meeting,
            outcome=outcome,
            rejection_reason="Other",
        )

    included.refresh_from_db()
    assert included.status == S.INCLUDED


@pytest.mark.parametrize("outcome", [Outcome.INCLUDE, Outcome.REJECT])
def test_a_declined_referral_is_final(included, caseworker, coordinator, meeting, outcome):
    follow_up.decline_offer(
        actor=caseworker,
        referral=included,
        reason=Decline.Reason.NO_ENERGY,
        declined_on=timezone.localdate(),
    )

    with pytest.raises(ValidationError, match="already been decided"):
        visitation_services.decide_referral(
            actor=coordinator,
            referral=included,
            meeting=meeting,
            outcome=outcome,
            rejection_reason="Other",
        )

    included.refresh_from_db()
    assert included.status == S.DECLINED


def test_an_open_referral_cannot_be_declined(referral, caseworker):
    # The family awaits consent (e.g. through another referral), but this one was never included.
    cases.change_family_status(
        actor=caseworker, family=referral.family, to_status=Family.Status.SCREENING
    )
    cases.change_family_status(
        actor=caseworker, family=referral.family, to_status=Family.Status.AWAITING_CONSENT
    )

    with pytest.raises(ValidationError, match="cannot become"):
        follow_up.decline_offer(
            actor=caseworker,
            referral=referral,
            reason=Decline.Reason.NO_ENERGY,
            declined_on=timezone.localdate(),
        )

    referral.refresh_from_db()
    assert referral.status == S.OPEN
    assert not Decline.objects.exists()


def test_a_wait_listed_referral_is_not_wait_listed_again(nordby, caseworker, coordinator, areas):
    team = nordby.team
    team.capacity = 1
    team.save()
    fill_team(team, 1)
    meeting = visitation_services.record_meeting(
        actor=coordinator, team=team, held_on=timezone.localdate(), attendees=[coordinator]
    )
    referral = register(caseworker, team)
    judge_all(referral, caseworker)
    visitation_services.decide_referral(
        actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.WAIT_LIST
    )

    with pytest.raises(ValidationError, match="cannot become"):
        visitation_services.decide_referral(
            actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.WAIT_LIST
        )

    referral.refresh_from_db()
    assert referral.status == S.WAIT_LISTED
    assert referral.wait_list_entry.position == 1
