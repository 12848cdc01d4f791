"""Visitation: the team's meetings, their decisions on referrals, and the wait list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Team, TeamMembership, User
from families.models import ACTIVE_STATUSES, Family
from families.services import cases
from families.services.common import by_actor, refuse_future
from screening import selectors
from screening.models import (
    Referral,
    VisitationDecision,
    VisitationMeeting,
    WaitListEntry,
)
from screening.services.referrals import check_transition, lock_referral, move_referral


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    team: Team,
    held_on: dt.date,
    attendees: Iterable[User],
    other_attendees: str = "",
) -> VisitationMeeting:
    """Record a visitation meeting: who attended and from which departments."""
    attendees = list(attendees)
    refuse_future(held_on, _("A meeting cannot be recorded in the future."))
    if not attendees:
        raise ValidationError(_("Choose who attended the meeting."))
    memberships = TeamMembership.objects.filter(team=team, user__in=attendees, is_active=True)
    if memberships.count() != len(set(attendees)):
        raise ValidationError(_("Attendees from the team must be members of the core team."))
    meeting = VisitationMeeting(
        team=team, held_on=held_on, other_attendees=other_attendees.strip(), created_by=actor
    )
    meeting.full_clean()
    by_actor(meeting, actor).save()
    meeting.attendees.set(attendees)
    meeting.attending_departments.set({m.department_id for m in memberships})
    return meeting


# The referral's status after each visitation outcome.
OUTCOME_STATUS: dict[str, Referral.Status] = {
    VisitationDecision.Outcome.INCLUDE: Referral.Status.INCLUDED,
    VisitationDecision.Outcome.REJECT: Referral.Status.REJECTED,
    VisitationDecision.Outcome.WAIT_LIST: Referral.Status.WAIT_LISTED,
}


@transaction.atomic
def decide_referral(
    *,
    actor: User,
    referral: Referral,
    meeting: VisitationMeeting,
    outcome: str,
    rejection_reason: str = "",
    note: str = "",
    override_reason: str = "",
    position: int | None = None,
) -> VisitationDecision:
    """Include, reject or wait-list a screened referral at a visitation meeting."""
    lock_referral(referral)
    family = referral.family
    if not referral.is_undecided:
        raise ValidationError(_("The referral has already been decided."))
    if outcome in OUTCOME_STATUS:
        check_transition(referral, OUTCOME_STATUS[outcome])
    if referral.screened_at is None:
        raise ValidationError(_("Screen the referral before the team decides on it."))
    if meeting.team_id != referral.team_id:
        raise ValidationError(_("Choose a meeting of the referral's core team."))
    if meeting.held_on < referral.received_on:
        raise ValidationError(_("The meeting was held before the referral was received."))
    criteria_met = selectors.screening_result(referral).is_met is True
    decision = VisitationDecision(
        referral=referral,
        meeting=meeting,
        outcome=outcome,
        note=note.strip(),
        criteria_met=criteria_met,
        decided_by=actor,
    )
    if outcome == VisitationDecision.Outcome.INCLUDE:
        if not criteria_met and not override_reason.strip():
            raise ValidationError(
                _("Not every criterion is met: give a written reason for including the family.")
            )
        decision.override_reason = "" if criteria_met else override_reason.strip()
        _leave_wait_list(referral)
        _move_family(actor, family, Family.Status.AWAITING_CONSENT)
        move_referral(referral, Referral.Status.INCLUDED)
    elif outcome == VisitationDecision.Outcome.REJECT:
        if rejection_reason not in selectors.rejection_reasons(family.municipality_id):
            raise ValidationError(_("Choose a reason for rejecting the referral."))
        decision.rejection_reason = rejection_reason
        _leave_wait_list(referral)
        _move_family(
            actor,
            family,
            Family.Status.REJECTED,
            reason=f"{rejection_reason}: {note.strip()}" if note.strip() else rejection_reason,
        )
        move_referral(referral, Referral.Status.REJECTED)
    elif outcome == VisitationDecision.Outcome.WAIT_LIST:
        _join_wait_list(referral, position=position, day=meeting.held_on)
        _move_family(actor, family, Family.Status.SCREENING)
        move_referral(referral, Referral.Status.WAIT_LISTED)
    else:
        raise ValidationError(_("Choose a decision."))
    decision.full_clean()
    decision.save()
    by_actor(referral, actor).save(update_fields=["status"])
    return decision


def _move_family(actor: User, family: Family, to_status: str, reason: str = "") -> None:
    if family.status == to_status:
        return
    if family.status == Family.Status.REFERRED and to_status != Family.Status.REJECTED:
        cases.change_family_status(actor=actor, family=family, to_status=Family.Status.SCREENING)
    if family.status != to_status:
        cases.change_family_status(actor=actor, family=family, to_status=to_status, reason=reason)


def _join_wait_list(referral: Referral, *, position: int | None, day: dt.date) -> None:
    team = Team.objects.select_for_update().get(pk=referral.team_id)
    if WaitListEntry.objects.filter(referral=referral).exists():
        raise ValidationError(_("The referral is already on the wait list."))
    active = Family.objects.filter(team=team, status__in=ACTIVE_STATUSES).count()
    if active < team.capacity:
        raise ValidationError(
            _("The team has room (%(active)s of %(capacity)s families): include instead.")
            % {"active": active, "capacity": team.capacity}
        )
    length = WaitListEntry.objects.filter(team=team).count()
    position = length + 1 if position is None else position
    if not 1 <= position <= length + 1:
        raise ValidationError(
            _("Choose a wait-list position from 1 to %(last)s; positions cannot skip.")
            % {"last": length + 1}
        )
    # Make room: everyone from the position on moves one down (highest first).
    for entry in WaitListEntry.objects.filter(team=team, position__gte=position).order_by(
        "-position"
    ):
        entry.position = F("position") + 1
        entry.save(update_fields=["position"])
    WaitListEntry.objects.create(team=team, referral=referral, position=position, added_on=day)


def _leave_wait_list(referral: Referral) -> None:
    entry = WaitListEntry.objects.filter(referral=referral).first()
    if entry is None:
        return
    Team.objects.select_for_update().get(pk=entry.team_id)
    entry.delete()
    for later in WaitListEntry.objects.filter(
        team_id=entry.team_id, position__gt=entry.position
    ).order_by("position"):
        later.position = F("position") - 1
        later.save(update_fields=["position"])
