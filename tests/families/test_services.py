import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import User
from families.access import access_for
from families.models import (
    ALLOWED_TRANSITIONS,
    ENDED_STATUSES,
    Consent,
    Contact,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    Member,
)
from families.services import cases, consents, contacts, coordination, members, outside_access
from tests.conftest import give_consent
from tests.factories import FamilyFactory, MemberFactory
from tests.helpers import granted

Status = Family.Status


@pytest.fixture(autouse=True)
def english():
    # Messages are compared in the source language, whatever the catalogue holds.
    with translation.override("en"):
        yield


def _family_in(status: str, team, created_by: User) -> Family:
    return FamilyFactory(team=team, created_by=created_by, status=status)


def _status_snapshot(family: Family) -> tuple[str, int]:
    return Family.objects.get(pk=family.pk).status, family.status_changes.count()


# --- Status ----------------------------------------------------------------------------------

ALLOWED = [(old, new) for old, targets in ALLOWED_TRANSITIONS.items() for new in sorted(targets)]


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_every_allowed_transition_succeeds_and_is_recorded(
    nordby, caseworker, from_status, to_status
):
    family = _family_in(from_status, nordby.team, caseworker)
    reason = "Familien er flyttet" if to_status in ENDED_STATUSES else ""

    cases.change_family_status(actor=caseworker, family=family, to_status=to_status, reason=reason)

    assert Family.objects.get(pk=family.pk).status == to_status
    change = family.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        from_status,
        to_status,
        caseworker,
    )
    assert change.reason == reason


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (Status.REFERRED, Status.INCLUDED),  # skipping screening and consent
        (Status.REFERRED, Status.CLOSED),
        (Status.SCREENING, Status.INCLUDED),  # no consent step
        (Status.AWAITING_CONSENT, Status.REJECTED),
        (Status.INCLUDED, Status.REFERRED),
        (Status.ASSESSMENT, Status.INCLUDED),
        (Status.PHASING_OUT, Status.ASSESSMENT),
        (Status.CLOSED, Status.SCREENING),  # reopening is its own service
        (Status.REJECTED, Status.REFERRED),
        (Status.WITHDRAWN, Status.INCLUDED),
        (Status.INCLUDED, Status.INCLUDED),
    ],
)
def test_refused_transition_raises_and_changes_nothing(nordby, caseworker, from_status, to_status):
    family = _family_in(from_status, nordby.team, caseworker)

    with pytest.raises(ValidationError) as error:
        cases.change_family_status(
            actor=caseworker, family=family, to_status=to_status, reason="Begrundelse"
        )

    assert "cannot go from" in error.value.messages[0]
    assert _status_snapshot(family) == (from_status, 0)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (Status.REFERRED, Status.REJECTED),
        (Status.SCREENING, Status.WITHDRAWN),
        (Status.ACTION_PLAN, Status.CLOSED),
    ],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_ending_a_case_needs_a_reason(nordby, caseworker, from_status, to_status, reason):
    family = _family_in(from_status, nordby.team, caseworker)

    with pytest.raises(ValidationError) as error:
        cases.change_family_status(
            actor=caseworker, family=family, to_status=to_status, reason=reason
        )

    assert error.value.messages == ["Give a reason when a family's case ends."]
    assert _status_snapshot(family) == (from_status, 0)


@pytest.mark.parametrize("ended", sorted(ENDED_STATUSES))
def test_reopening_an_ended_family_sends_it_back_to_screening(nordby, caseworker, ended):
    family = _family_in(ended, nordby.team, caseworker)

    cases.reopen_family(actor=caseworker, family=family, reason="  Ny underretning  ")

    assert Family.objects.get(pk=family.pk).status == Status.SCREENING
    change = family.status_changes.get()
    assert (change.from_status, change.to_status, change.reason) == (
        ended,
        Status.SCREENING,
        "Ny underretning",
    )


@pytest.mark.parametrize("reason", ["", "  "])
def test_reopening_needs_a_reason(nordby, caseworker, reason):
    family = _family_in(Status.CLOSED, nordby.team, caseworker)

    with pytest.raises(ValidationError) as error:
        cases.reopen_family(actor=caseworker, family=family, reason=reason)

    assert error.value.messages == ["Give a reason for reopening the family."]
    assert _status_snapshot(family) == (Status.CLOSED, 0)


@pytest.mark.parametrize("status", sorted(set(Status.values) - ENDED_STATUSES))
def test_only_an_ended_family_can_be_reopened(nordby, caseworker, status):
    family = _family_in(status, nordby.team, caseworker)

    with pytest.raises(ValidationError) as error:
        cases.reopen_family(actor=caseworker, family=family, reason="Ny underretning")

    assert error.value.messages == ["Only a closed, rejected or withdrawn family can be reopened."]
    assert _status_snapshot(family) == (status, 0)


def test_status_is_decided_on_the_stored_status_not_a_stale_object(family, caseworker):
    # Another coordinator moved the family on meanwhile; this copy still says "referred".
    stale = Family.objects.get(pk=family.pk)
    cases.change_family_status(actor=caseworker, family=family, to_status=Status.SCREENING)

    with pytest.raises(ValidationError):
        cases.change_family_status(actor=caseworker, family=stale, to_status=Status.SCREENING)

    assert family.status_changes.filter(to_status=Status.SCREENING).count() == 1


# --- Consent ---------------------------------------------------------------------------------


def _custody(family: Family) -> list[Member]:
    return list(family.members.filter(is_custody_holder=True))


def _awaiting_consent(family: Family, actor: User) -> Family:
    for status in (Status.SCREENING, Status.AWAITING_CONSENT):
        cases.change_family_status(actor=actor, family=family, to_status=status)
    return family


def test_consent_on_an_awaiting_family_includes_it(family, nordby, caseworker):
    _awaiting_consent(family, caseworker)

    consent = consents.record_consent(
        actor=caseworker,
        family=family,
        given_by=_custody(family),
        departments=[nordby.children_family, nordby.employment],
        given_on=timezone.localdate(),
    )

    assert Family.objects.get(pk=family.pk).status == Status.INCLUDED
    assert set(consent.departments.all()) == {nordby.children_family, nordby.employment}
    assert list(consent.given_by.all()) == _custody(family)
    assert consent.recorded_by == caseworker
    assert family.status_changes.filter(
        from_status=Status.AWAITING_CONSENT, to_status=Status.INCLUDED
    ).exists()


def test_consent_on_a_referred_family_does_not_change_its_status(family, nordby, caseworker):
    consents.record_consent(
        actor=caseworker,
        family=family,
        given_by=_custody(family),
        departments=[nordby.children_family],
        given_on=timezone.localdate(),
    )

    assert Family.objects.get(pk=family.pk).status == Status.REFERRED


@pytest.fixture
def other_family(nordby, caseworker):
    other = cases.create_family(actor=caseworker, team=nordby.team, name="Familien Hansen")
    members.add_member(
        actor=caseworker,
        family=other,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Hanne",
        last_name="Hansen",
        birth_date=dt.date(1980, 1, 1),
    )
    return other


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no_departments", "Choose at least one department the consent covers."),
        ("other_municipality", "Choose departments of the family's own municipality."),
        ("mixed_municipalities", "Choose departments of the family's own municipality."),
        ("nobody_gave_it", "Choose who gave the consent."),
        ("other_family_member", "Only members of this family can give its consent."),
        ("future_date", "The consent date cannot be in the future."),
        ("expires_before_given", "The consent cannot expire before it was given."),
    ],
)
def test_invalid_consent_is_refused_and_nothing_saved(
    family, other_family, nordby, sydby, caseworker, case, message
):
    _awaiting_consent(family, caseworker)
    today = timezone.localdate()
    arguments: dict[str, Any] = {
        "given_by": _custody(family),
        "departments": [nordby.children_family],
        "given_on": today,
        "expires_on": None,
    }
    changes: dict[str, dict[str, Any]] = {
        "no_departments": {"departments": []},
        "other_municipality": {"departments": [sydby.children_family]},
        "mixed_municipalities": {"departments": [nordby.children_family, sydby.employment]},
        "nobody_gave_it": {"given_by": []},
        "other_family_member": {"given_by": [*_custody(family), *_custody(other_family)]},
        "future_date": {"given_on": today + dt.timedelta(days=1)},
        "expires_before_given": {
            "given_on": today - dt.timedelta(days=5),
            "expires_on": today - dt.timedelta(days=6),
        },
    }
    arguments.update(changes[case])

    with pytest.raises(ValidationError) as error:
        consents.record_consent(actor=caseworker, family=family, **arguments)

    assert error.value.messages == [message]
    assert Consent.objects.count() == 0
    assert Consent.history.count() == 0
    assert Family.objects.get(pk=family.pk).status == Status.AWAITING_CONSENT


def test_withdrawn_consent_stops_covering_the_same_day(family, nordby, caseworker):
    give_consent(family, caseworker, nordby.children_family)
    consent = family.consents.get()
    assert granted(caseworker, family).has_consent

    consents.withdraw_consent(actor=caseworker, consent=consent, note="Mor ringede")

    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert consent.note == "Mor ringede"
    access = granted(caseworker, family)
    assert not access.has_consent
    assert not access.can_view_case_content
    assert access.readable_department_ids == frozenset()


def test_consent_cannot_be_withdrawn_twice(family, nordby, caseworker):
    give_consent(family, caseworker, nordby.children_family)
    consent = family.consents.get()
    consents.withdraw_consent(actor=caseworker, consent=consent)

    with pytest.raises(ValidationError) as error:
        consents.withdraw_consent(actor=caseworker, consent=consent, note="Igen")

    assert error.value.messages == ["This consent has already been withdrawn."]
    consent.refresh_from_db()
    assert consent.note == ""


# --- Coordinators ----------------------------------------------------------------------------


def test_a_second_primary_coordinator_is_refused_clearly(family, caseworker, coordinator):
    with pytest.raises(ValidationError) as error:
        coordination.assign_coordinator(
            actor=coordinator, family=family, user=coordinator, kind="primary"
        )

    assert error.value.messages == [
        f"The family already has a primary family coordinator: {caseworker}. Remove them first."
    ]
    assert list(family.coordinators.values_list("user", "kind")) == [(caseworker.pk, "primary")]


def test_the_same_person_cannot_be_both_coordinators(family, caseworker):
    with pytest.raises(ValidationError) as error:
        coordination.assign_coordinator(
            actor=caseworker, family=family, user=caseworker, kind="secondary"
        )

    assert error.value.messages == [f"{caseworker} is already a coordinator of this family."]
    assert family.coordinators.count() == 1


def test_secondary_coordinator_is_assigned(family, caseworker, other_department_user):
    coordinator = coordination.assign_coordinator(
        actor=caseworker, family=family, user=other_department_user, kind="secondary"
    )

    assert (coordinator.user, coordinator.kind) == (other_department_user, "secondary")
    assert coordinator.history.get().history_user == caseworker


@pytest.mark.parametrize("who", ["outside_caseworker", "outsider", "steering"])
def test_a_coordinator_must_be_on_the_families_core_team(request, family, caseworker, who):
    user = request.getfixturevalue(who)

    with pytest.raises(ValidationError) as error:
        coordination.assign_coordinator(
            actor=caseworker, family=family, user=user, kind="secondary"
        )

    assert error.value.messages == [
        "A family coordinator must be a member of the family's core team."
    ]
    assert family.coordinators.count() == 1


def test_an_inactive_team_member_cannot_become_coordinator(family, caseworker, coordinator):
    coordinator.memberships.update(is_active=False)

    with pytest.raises(ValidationError):
        coordination.assign_coordinator(
            actor=caseworker, family=family, user=coordinator, kind="secondary"
        )

    assert family.coordinators.count() == 1


def test_removing_a_coordinator_deletes_the_row_and_keeps_history(family, caseworker):
    coordinator = family.coordinators.get()

    coordination.remove_coordinator(actor=caseworker, coordinator=coordinator)

    assert not FamilyCoordinator.objects.filter(family=family).exists()
    assert FamilyCoordinator.history.filter(family_id=family.pk, history_type="-").exists()


# --- Members ---------------------------------------------------------------------------------


def test_member_birth_date_comes_from_cpr_which_is_normalised(family, caseworker):
    member = members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.SIBLING,
        first_name="Emma",
        last_name="Jensen",
        cpr=" 0707614285 ",
        birth_date=dt.date(2001, 1, 1),  # the CPR number wins
    )

    member.refresh_from_db()
    assert member.cpr == "070761-4285"
    assert member.birth_date == dt.date(1961, 7, 7)
    assert member.history.get().history_user == caseworker


def test_a_target_child_is_always_in_the_programme(family, caseworker):
    member = members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.TARGET_CHILD,
        is_in_programme=False,
        first_name="Emma",
        last_name="Jensen",
        birth_date=dt.date(2012, 5, 1),
    )

    assert Member.objects.get(pk=member.pk).is_in_programme is True


def test_updating_a_member_to_target_child_puts_them_in_the_programme(family, caseworker):
    mother = family.members.get(first_name="Mette")
    sibling = MemberFactory(family=family, is_in_programme=False)

    members.update_member(actor=caseworker, member=sibling, role=Member.Role.TARGET_CHILD)
    members.update_member(actor=caseworker, member=mother, cpr="0707614285")

    assert Member.objects.get(pk=sibling.pk).is_in_programme is True
    mother.refresh_from_db()
    assert (mother.cpr, mother.birth_date) == ("070761-4285", dt.date(1961, 7, 7))


@pytest.mark.parametrize("cpr", ["3102101234", "1313851234", "12345"])
def test_an_impossible_cpr_number_is_refused_and_nothing_saved(family, caseworker, cpr):
    before = Member.objects.count()

    with pytest.raises(ValidationError):
        members.add_member(
            actor=caseworker,
            family=family,
            role=Member.Role.SIBLING,
            first_name="Emma",
            last_name="Jensen",
            cpr=cpr,
        )

    assert Member.objects.count() == before
    assert Member.history.filter(first_name="Emma").count() == 0


def test_a_cpr_number_failing_modulus_11_is_saved(family, caseworker):
    member = members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.SIBLING,
        first_name="Emma",
        last_name="Jensen",
        cpr="070761-4286",
    )

    member.refresh_from_db()
    assert (member.cpr, member.birth_date) == ("070761-4286", dt.date(1961, 7, 7))


def test_a_birth_date_in_the_future_is_refused(family, caseworker):
    with pytest.raises(ValidationError) as error:
        members.add_member(
            actor=caseworker,
            family=family,
            role=Member.Role.SIBLING,
            first_name="Emma",
            last_name="Jensen",
            birth_date=timezone.localdate() + dt.timedelta(days=1),
        )

    assert error.value.messages == ["The birth date cannot be in the future."]
    assert family.members.count() == 2


# --- Contacts --------------------------------------------------------------------------------


def test_contact_is_logged_with_its_members(family, caseworker, nordby):
    son = family.members.get(first_name="Jonas")

    contact = contacts.log_contact(
        actor=caseworker,
        family=family,
        department_id=nordby.children_family.pk,
        kind=Contact.Kind.HOME_VISIT,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        summary="  Hjemmebesøg  ",
        members=[son],
    )

    assert contact.summary == "Hjemmebesøg"
    assert (contact.staff, contact.department) == (caseworker, nordby.children_family)
    assert list(contact.members.all()) == [son]


def test_a_contact_in_the_future_is_refused(family, caseworker, nordby):
    with pytest.raises(ValidationError) as error:
        contacts.log_contact(
            actor=caseworker,
            family=family,
            department_id=nordby.children_family.pk,
            kind=Contact.Kind.CALL,
            occurred_at=timezone.now() + dt.timedelta(hours=1),
            summary="Opkald",
        )

    assert error.value.messages == ["A contact cannot be logged in the future."]
    assert Contact.objects.count() == 0


def test_a_contact_with_another_familys_member_is_refused(family, other_family, caseworker, nordby):
    with pytest.raises(ValidationError):
        contacts.log_contact(
            actor=caseworker,
            family=family,
            department_id=nordby.children_family.pk,
            kind=Contact.Kind.CALL,
            occurred_at=timezone.now(),
            summary="Opkald",
            members=list(other_family.members.all()),
        )

    assert Contact.objects.count() == 0


# --- Outside access --------------------------------------------------------------------------


def _grant(family: Family, actor: User, user: User, department, **overrides) -> FamilyGrant:
    arguments: dict[str, Any] = {
        "valid_until": timezone.localdate() + dt.timedelta(days=30),
        "reason": "Skolens trivselsmøde",
    }
    arguments.update(overrides)
    return outside_access.grant_outside_access(
        actor=actor, family=family, user=user, department=department, **arguments
    )


def _fresh(user: User) -> User:
    # Guardian caches permissions on the user object: only a fresh copy sees a change.
    return User.objects.get(pk=user.pk)


def test_outside_access_grants_the_object_permission(
    family, nordby, caseworker, outside_caseworker
):
    grant = _grant(family, caseworker, outside_caseworker, nordby.school)

    assert (grant.granted_by, grant.department) == (caseworker, nordby.school)
    assert _fresh(outside_caseworker).has_perm("families.view_case_record", family)
    assert granted(_fresh(outside_caseworker), family).is_outside_grant


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("outsider", "Only users of the family's own municipality can be invited."),
        ("evaluator", "Only users of the family's own municipality can be invited."),
        ("other_department_user", "{name} is already on the core team."),
    ],
)
def test_outside_access_only_for_own_municipality_users_outside_the_team(
    request, family, nordby, caseworker, who, message
):
    user = request.getfixturevalue(who)

    with pytest.raises(ValidationError) as error:
        _grant(family, caseworker, user, nordby.school)

    assert error.value.messages == [message.format(name=user)]
    assert FamilyGrant.objects.count() == 0
    assert not _fresh(user).has_perm("families.view_case_record", family)


def test_outside_access_must_last_until_today_or_later(
    family, nordby, caseworker, outside_caseworker
):
    with pytest.raises(ValidationError):
        _grant(
            family,
            caseworker,
            outside_caseworker,
            nordby.school,
            valid_until=timezone.localdate() - dt.timedelta(days=1),
        )

    assert FamilyGrant.objects.count() == 0


def test_outside_access_department_must_be_the_familys_municipality(
    family, nordby, sydby, caseworker, outside_caseworker
):
    with pytest.raises(ValidationError):
        _grant(family, caseworker, outside_caseworker, sydby.school)

    assert FamilyGrant.objects.count() == 0
    assert not _fresh(outside_caseworker).has_perm("families.view_case_record", family)


def test_revoking_outside_access_removes_the_permission(
    family, nordby, caseworker, outside_caseworker
):
    grant = _grant(family, caseworker, outside_caseworker, nordby.school)

    outside_access.revoke_outside_access(actor=caseworker, grant=grant)

    grant.refresh_from_db()
    assert grant.revoked_at is not None
    user = _fresh(outside_caseworker)
    assert not user.has_perm("families.view_case_record", family)
    assert access_for(user, family) is None


def test_revoking_one_of_two_grants_keeps_the_permission(
    family, nordby, caseworker, outside_caseworker
):
    first = _grant(family, caseworker, outside_caseworker, nordby.school)
    second = _grant(family, caseworker, outside_caseworker, nordby.social)

    outside_access.revoke_outside_access(actor=caseworker, grant=first)

    assert _fresh(outside_caseworker).has_perm("families.view_case_record", family)

    outside_access.revoke_outside_access(actor=caseworker, grant=second)

    assert not _fresh(outside_caseworker).has_perm("families.view_case_record", family)


# --- References ------------------------------------------------------------------------------


def test_family_references_are_sequential_per_municipality(nordby, sydby, caseworker, outsider):
    year = timezone.localdate().year

    first = cases.create_family(actor=caseworker, team=nordby.team, name="Familien A")
    second = cases.create_family(actor=caseworker, team=nordby.team, name="Familien B")
    southern = cases.create_family(actor=outsider, team=sydby.team, name="Familien C")
    third = cases.create_family(actor=caseworker, team=nordby.team, name="Familien D")

    assert [first.reference, second.reference, third.reference] == [
        f"NOR-{year}-0001",
        f"NOR-{year}-0002",
        f"NOR-{year}-0003",
    ]
    assert southern.reference == f"SYD-{year}-0001"


def test_a_new_family_starts_referred_with_its_creator_as_primary_coordinator(nordby, caseworker):
    family = cases.create_family(actor=caseworker, team=nordby.team, name="Familien A")

    assert family.status == Status.REFERRED
    assert family.status_changes.get().to_status == Status.REFERRED
    assert list(family.coordinators.values_list("user", "kind")) == [(caseworker.pk, "primary")]
    assert family.history.get().history_user == caseworker


def test_access_stops_at_expiry_and_the_permission_is_tidied_later(
    family, nordby, caseworker, outside_caseworker
):
    _grant(
        family,
        caseworker,
        outside_caseworker,
        nordby.school,
        valid_until=timezone.localdate() + dt.timedelta(days=1),
    )

    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        user = _fresh(outside_caseworker)
        assert access_for(user, family) is None
        assert user.has_perm("families.view_case_record", family)  # not yet tidied

        assert outside_access.remove_expired_grant_permissions() == 1

        assert not _fresh(outside_caseworker).has_perm("families.view_case_record", family)


def test_no_member_of_a_closed_family_stays_in_the_programme_and_reopening_brings_the_child_back(
    family, caseworker
):
    son = family.members.get(first_name="Jonas")
    for status in (
        Family.Status.SCREENING,
        Family.Status.AWAITING_CONSENT,
        Family.Status.WITHDRAWN,
    ):
        cases.change_family_status(
            actor=caseworker, family=family, to_status=status, reason="Flyttet"
        )
    assert members.end_programme_for_members(actor=caseworker, family=family) == 1
    assert not family.members.filter(is_in_programme=True).exists()
    # Editing the child of an ended family does not put them back in.
    son.refresh_from_db()
    members.update_member(actor=caseworker, member=son, first_name="Jonas")
    son.refresh_from_db()
    assert son.is_in_programme is False

    cases.reopen_family(actor=caseworker, family=family, reason="Ny henvendelse")

    son.refresh_from_db()
    assert son.is_in_programme is True
