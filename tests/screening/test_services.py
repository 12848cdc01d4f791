"""Screening rules: registration, criteria, decisions, wait list, declining, reminders."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from families.models import Family, FamilyStatusChange, Member, Task
from families.services import cases, handovers, members
from screening import selectors
from screening.criteria import AGE, AREA, GANG_RISK, ORIGIN, local_key
from screening.models import (
    Decline,
    HousingArea,
    LocalCriterion,
    Referral,
    VisitationDecision,
    WaitListEntry,
)
from screening.services import follow_up, housing_areas
from screening.services import referrals as referral_services
from screening.services import screenings as screening_services
from screening.services import visitation as visitation_services
from tests.conftest import give_consent
from tests.factories import FamilyFactory
from tests.screening.conftest import AREA_ROWS, child, consent, judge_all, register

Outcome = VisitationDecision.Outcome


def rows_of(referral):
    result = selectors.screening_result(referral)
    return {row.key: row for row in result.children[0].rows}, result


# --- Registration ---------------------------------------------------------------------------


def test_register_referral_creates_a_referred_family_with_the_children(referral, caseworker):
    family = referral.family
    assert family.status == Family.Status.REFERRED
    assert family.created_by == caseworker
    (member,) = referral.children.all()
    assert member.role == Member.Role.TARGET_CHILD and member.is_in_programme
    assert referral.team == family.team


def test_referral_in_the_future_is_refused_and_nothing_is_saved(nordby, caseworker):
    with pytest.raises(ValidationError, match="future"):
        register(caseworker, nordby.team, received_on=timezone.localdate() + dt.timedelta(days=1))
    assert not Family.objects.exists() and not Member.objects.exists()


def test_ukn_referral_needs_its_kind_and_keeps_its_reference(nordby, caseworker):
    with pytest.raises(ValidationError, match="UKN"):
        register(caseworker, nordby.team, source=Referral.Source.UKN)
    referral = register(
        caseworker,
        nordby.team,
        source=Referral.Source.UKN,
        ukn_kind=Referral.UknKind.IMMEDIATE,
        ukn_reference="UKN-1",
    )
    assert referral.is_mandated and referral.ukn_reference == "UKN-1"
    assert not Family.objects.exclude(pk=referral.family_id).exists()


def test_ssp_level_must_be_on_the_municipality_scale(nordby, caseworker):
    with pytest.raises(ValidationError, match="SSP"):
        register(caseworker, nordby.team, ssp_level=5)


def test_a_referral_needs_a_child(nordby, caseworker):
    with pytest.raises(ValidationError, match="at least one child"):
        register(caseworker, nordby.team, children=[])


def test_referral_to_an_ended_family_reopens_it(family, caseworker, nordby):
    cases.change_family_status(
        actor=caseworker, family=family, to_status=Family.Status.REJECTED, reason="Nej"
    )
    jonas = family.members.get(first_name="Jonas")
    referral = referral_services.register_referral(
        actor=caseworker,
        team=nordby.team,
        family=family,
        existing_children=[jonas],
        received_on=timezone.localdate(),
        source=Referral.Source.POLICE,
        referred_by="Politiet",
        concern="Ny bekymring",
    )
    family.refresh_from_db()
    assert family.status == Family.Status.SCREENING
    assert list(referral.children.all()) == [jonas]


def test_referral_to_a_family_in_the_programme_is_refused(family, caseworker, nordby):
    give_consent(family, caseworker, nordby.children_family)
    with pytest.raises(ValidationError, match="already in the programme"):
        referral_services.register_referral(
            actor=caseworker,
            team=nordby.team,
            family=family,
            existing_children=list(family.members.all()),
            received_on=timezone.localdate(),
            source=Referral.Source.POLICE,
            referred_by="Politiet",
            concern="Ny bekymring",
        )
    assert not Referral.objects.exists()


# --- Criteria -------------------------------------------------------------------------------


def test_computed_national_criteria_show_their_reason(referral):
    rows, result = rows_of(referral)
    assert rows[AGE].is_met is True and rows[AGE].reason == "Age 15 at referral."
    assert rows[AREA].is_met is True and "Ravnsbjerg Syd" in rows[AREA].reason
    assert rows[AREA].is_computed and rows[ORIGIN].is_computed
    assert rows[ORIGIN].is_met is True
    assert rows[GANG_RISK].is_met is None and not rows[GANG_RISK].is_computed
    assert result.is_met is None  # judged criteria still open


@pytest.mark.parametrize("age", [5, 23])
def test_a_child_outside_6_to_22_is_flagged_not_dropped(nordby, caseworker, areas, age):
    referral = register(caseworker, nordby.team, children=[child(age=age)])
    rows, result = rows_of(referral)
    assert rows[AGE].is_met is False and rows[AGE].is_flagged
    assert f"Age {age} at referral: outside 6–22." == rows[AGE].reason
    assert result.children[0].member in referral.children.all()


def test_unknown_birth_date_and_origin_leave_the_criterion_open(nordby, caseworker, areas):
    person = child(birth_date=None, origin=Member.Origin.UNKNOWN)
    referral = register(caseworker, nordby.team, children=[person])
    rows, _result = rows_of(referral)
    assert rows[AGE].is_met is None and rows[ORIGIN].is_met is None


def test_danish_origin_does_not_meet_the_origin_criterion(nordby, caseworker, areas):
    referral = register(caseworker, nordby.team, children=[child(origin=Member.Origin.DANISH)])
    rows, _result = rows_of(referral)
    assert rows[ORIGIN].is_met is False and rows[ORIGIN].reason == "Danish origin"


def test_uncertain_area_match_is_chosen_from_the_list(nordby, caseworker, areas):
    referral = register(
        caseworker,
        nordby.team,
        children=[child(address="Ukendt Allé 3")],
        housing_area="Nordparken",
    )
    rows, result = rows_of(referral)
    assert rows[AREA].is_met is None
    assert [a.name for a in result.children[0].area.candidates] == ["Nordparken"]
    nordparken = HousingArea.objects.get(name="Nordparken")
    member = referral.children.get()
    screening_services.save_screening(
        actor=caseworker, referral=referral, judgements={}, chosen_areas={member.pk: nordparken}
    )
    rows, _result = rows_of(referral)
    assert rows[AREA].is_met is True and "chosen by the team" in rows[AREA].reason
    screening_services.save_screening(
        actor=caseworker, referral=referral, judgements={}, chosen_areas={member.pk: None}
    )
    rows, _result = rows_of(referral)
    assert rows[AREA].is_met is False


def test_an_area_left_off_a_newer_list_no_longer_counts(referral, nordby):
    housing_areas.import_housing_areas(
        rows=[{**AREA_ROWS[1], "category": "vulnerable", "valid_from": "2025-12-01"}]
    )
    referral.received_on = dt.date(2026, 1, 5)
    rows, _result = rows_of(referral)
    assert rows[AREA].is_met is False


def test_judged_criteria_need_a_justification(referral, caseworker):
    member = referral.children.get()
    with pytest.raises(ValidationError, match="justification"):
        screening_services.save_screening(
            actor=caseworker,
            referral=referral,
            judgements={
                (member.pk, GANG_RISK): screening_services.Judgement(is_met=True, justification="")
            },
        )
    judge_all(referral, caseworker)
    rows, result = rows_of(referral)
    assert rows[GANG_RISK].is_met is True and rows[GANG_RISK].reason == "Set ved stationen."
    assert result.is_met is True
    referral.family.refresh_from_db()
    assert referral.family.status == Family.Status.SCREENING


def test_local_criteria_of_every_kind(referral, caseworker, nordby):
    municipality = nordby.municipality
    judged = LocalCriterion.objects.create(
        municipality=municipality, label="Lokalt skøn", kind=LocalCriterion.Kind.JUDGED
    )
    departments = LocalCriterion.objects.create(
        municipality=municipality,
        label="3 forvaltninger",
        kind=LocalCriterion.Kind.MIN_DEPARTMENTS,
        number=3,
    )
    ssp = LocalCriterion.objects.create(
        municipality=municipality, label="SSP 3+", kind=LocalCriterion.Kind.MIN_SSP_LEVEL, number=3
    )
    in_areas = LocalCriterion.objects.create(
        municipality=municipality, label="Nordparken", kind=LocalCriterion.Kind.IN_AREAS
    )
    in_areas.areas.set(HousingArea.objects.filter(name="Nordparken"))
    rows, _result = rows_of(referral)
    assert rows[local_key(judged)].is_met is None and not rows[local_key(judged)].is_computed
    assert rows[local_key(departments)].is_met is None
    assert rows[local_key(ssp)].is_met is False
    assert rows[local_key(ssp)].reason == "SSP level 2 (at least 3)."
    assert rows[local_key(in_areas)].is_met is False  # lives in Ravnsbjerg Syd
    member = referral.children.get()
    screening_services.save_screening(
        actor=caseworker,
        referral=referral,
        judgements={
            (member.pk, local_key(judged)): screening_services.Judgement(
                is_met=True, justification="Ja"
            )
        },
        departments_needed=[nordby.children_family, nordby.employment, nordby.social],
    )
    referral.refresh_from_db()
    rows, _result = rows_of(referral)
    assert rows[local_key(judged)].is_met is True
    assert rows[local_key(departments)].is_met is True
    assert rows[local_key(departments)].reason == "Needs help from 3 departments (at least 3)."
    in_areas.areas.set(HousingArea.objects.filter(name="Ravnsbjerg Syd"))
    rows, _result = rows_of(referral)
    assert rows[local_key(in_areas)].is_met is True


# --- Visitation -----------------------------------------------------------------------------


def test_include_moves_the_family_to_awaiting_consent(referral, caseworker, coordinator, meeting):
    judge_all(referral, caseworker)
    decision = visitation_services.decide_referral(
        actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.INCLUDE
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.INCLUDED
    assert decision.decided_by == coordinator and decision.criteria_met
    assert Family.objects.get(pk=referral.family_id).status == Family.Status.AWAITING_CONSENT


def test_including_against_the_criteria_needs_a_written_reason(
    referral, caseworker, coordinator, meeting
):
    judge_all(referral, caseworker, is_met=False)
    with pytest.raises(ValidationError, match="written reason"):
        visitation_services.decide_referral(
            actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.INCLUDE
        )
    assert not VisitationDecision.objects.exists()
    decision = visitation_services.decide_referral(
        actor=coordinator,
        referral=referral,
        meeting=meeting,
        outcome=Outcome.INCLUDE,
        override_reason="Storebror er i en bande.",
    )
    assert not decision.criteria_met and decision.override_reason == "Storebror er i en bande."


def test_a_referral_is_screened_before_it_is_decided(referral, coordinator, meeting):
    with pytest.raises(ValidationError, match="Screen the referral"):
        visitation_services.decide_referral(
            actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.INCLUDE
        )


def test_reject_needs_a_reason_from_the_list(referral, caseworker, coordinator, meeting):
    judge_all(referral, caseworker, is_met=False)
    with pytest.raises(ValidationError, match="reason"):
        visitation_services.decide_referral(
            actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.REJECT
        )
    assert Family.objects.get(pk=referral.family_id).status == Family.Status.SCREENING
    visitation_services.decide_referral(
        actor=coordinator,
        referral=referral,
        meeting=meeting,
        outcome=Outcome.REJECT,
        rejection_reason="Better helped by ordinary services",
        note="Skolen følger op.",
    )
    family = Family.objects.get(pk=referral.family_id)
    assert family.status == Family.Status.REJECTED
    change = FamilyStatusChange.objects.filter(family=family).first()
    assert change is not None
    assert change.reason == "Better helped by ordinary services: Skolen følger op."
    with pytest.raises(ValidationError, match="already been decided"):
        visitation_services.decide_referral(
            actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.INCLUDE
        )


def fill_team(team, count):
    for _ in range(count):
        FamilyFactory(team=team, status=Family.Status.INCLUDED)


def test_wait_list_only_when_at_capacity_and_in_order(nordby, caseworker, coordinator, areas):
    team = nordby.team
    team.capacity = 2
    team.save()
    meeting = visitation_services.record_meeting(
        actor=coordinator, team=team, held_on=timezone.localdate(), attendees=[coordinator]
    )
    referrals = [register(caseworker, team, name=f"Familie {n}") for n in range(4)]
    for referral in referrals:
        judge_all(referral, caseworker)
    fill_team(team, 1)
    with pytest.raises(ValidationError, match="has room"):
        visitation_services.decide_referral(
            actor=coordinator, referral=referrals[0], meeting=meeting, outcome=Outcome.WAIT_LIST
        )
    fill_team(team, 1)
    assert selectors.active_family_count(team) == 2
    first, second, third, fourth = referrals
    visitation_services.decide_referral(
        actor=coordinator, referral=first, meeting=meeting, outcome=Outcome.WAIT_LIST
    )
    visitation_services.decide_referral(
        actor=coordinator, referral=second, meeting=meeting, outcome=Outcome.WAIT_LIST
    )
    with pytest.raises(ValidationError, match="from 1 to 3"):
        visitation_services.decide_referral(
            actor=coordinator,
            referral=third,
            meeting=meeting,
            outcome=Outcome.WAIT_LIST,
            position=5,
        )
    assert not WaitListEntry.objects.filter(referral=third).exists()
    visitation_services.decide_referral(
        actor=coordinator, referral=third, meeting=meeting, outcome=Outcome.WAIT_LIST, position=1
    )

    def order():
        return list(
            WaitListEntry.objects.filter(team=team)
            .order_by("position")
            .values_list("referral_id", "position")
        )

    assert order() == [(third.pk, 1), (first.pk, 2), (second.pk, 3)]
    assert Family.objects.get(pk=third.family_id).status == Family.Status.SCREENING
    # Including the first in line closes the gap behind it.
    visitation_services.decide_referral(
        actor=coordinator, referral=third, meeting=meeting, outcome=Outcome.INCLUDE
    )
    assert order() == [(first.pk, 1), (second.pk, 2)]
    assert fourth.status == Referral.Status.OPEN


def test_meeting_attendees_must_be_on_the_team(nordby, coordinator, outside_caseworker):
    with pytest.raises(ValidationError, match="members of the core team"):
        visitation_services.record_meeting(
            actor=coordinator,
            team=nordby.team,
            held_on=timezone.localdate(),
            attendees=[outside_caseworker],
        )


def test_meeting_records_the_departments_present(meeting, nordby):
    assert set(meeting.attending_departments.all()) == {nordby.children_family, nordby.social}


# --- Declining and handover -----------------------------------------------------------------


@pytest.fixture
def included(referral, caseworker, coordinator, meeting):
    judge_all(referral, caseworker)
    visitation_services.decide_referral(
        actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.INCLUDE
    )
    referral.refresh_from_db()
    return referral


def test_family_declines_and_the_case_ends(included, caseworker):
    with pytest.raises(ValidationError, match="Other"):
        follow_up.decline_offer(
            actor=caseworker,
            referral=included,
            reason=Decline.Reason.OTHER,
            declined_on=timezone.localdate(),
        )
    follow_up.decline_offer(
        actor=caseworker,
        referral=included,
        reason=Decline.Reason.DISTRUST,
        declined_on=timezone.localdate(),
        note="Far vil ikke.",
    )
    included.refresh_from_db()
    family = Family.objects.get(pk=included.family_id)
    assert included.status == Referral.Status.DECLINED
    assert family.status == Family.Status.WITHDRAWN
    change = family.status_changes.first()
    assert change is not None
    assert change.reason == ("Declined: Distrust of the municipality. Far vil ikke.")


def test_only_a_family_awaiting_consent_can_decline(referral, caseworker):
    with pytest.raises(ValidationError, match="awaiting consent"):
        follow_up.decline_offer(
            actor=caseworker,
            referral=referral,
            reason=Decline.Reason.NO_ENERGY,
            declined_on=timezone.localdate(),
        )


def test_consent_includes_and_reminders_are_created_once(included, caseworker, nordby):
    family = Family.objects.get(pk=included.family_id)
    members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Amal",
        last_name="Hassan",
    )
    consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    assert family.status == Family.Status.INCLUDED
    children = list(included.children.all())
    follow_up.remind_investigations(
        actor=caseworker, referral=included, children_without_investigation=children
    )
    follow_up.remind_investigations(
        actor=caseworker, referral=included, children_without_investigation=children
    )
    task = Task.objects.get()
    assert task.member == children[0] and task.is_open
    assert task.due_on == timezone.localdate() + dt.timedelta(days=14)


def test_handover_without_an_existing_case_has_no_reference(family, caseworker, nordby):
    with pytest.raises(ValidationError, match="without an existing case"):
        handovers.record_handover(
            actor=caseworker,
            family=family,
            department=nordby.employment,
            handed_over_on=timezone.localdate(),
            has_existing_case=False,
            case_reference="JC-1",
        )
    handover = handovers.record_handover(
        actor=caseworker,
        family=family,
        department=nordby.employment,
        handed_over_on=timezone.localdate(),
        has_existing_case=False,
    )
    assert not handover.has_existing_case


# --- Reference data -------------------------------------------------------------------------


def test_import_is_idempotent_and_rejects_bad_rows(nordby):
    first = housing_areas.import_housing_areas(rows=AREA_ROWS)
    second = housing_areas.import_housing_areas(rows=AREA_ROWS)
    assert (first.created, second.created, second.updated) == (2, 0, 2)
    area = HousingArea.objects.get(name="Ravnsbjerg Syd")
    assert area.municipality == nordby.municipality and area.street_names == ["ravnsbjergvej"]
    with pytest.raises(ValidationError, match="Line 3"):
        housing_areas.import_housing_areas(rows=[AREA_ROWS[0], {**AREA_ROWS[1], "category": "x"}])
    assert HousingArea.objects.count() == 2
