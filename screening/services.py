"""Every change in screening: referrals, screening answers, visitation decisions, the wait list,
declines, reminders and the housing-area reference data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Department, Municipality, Team, TeamMembership, User
from families.models import ACTIVE_STATUSES, ENDED_STATUSES, Family, Member, Task
from families.services import cases, members, tasks
from families.services.common import by_actor, refuse_future
from screening import selectors
from screening.criteria import NATIONAL_CRITERIA, local_key
from screening.models import (
    ChildArea,
    CriterionAnswer,
    Decline,
    HousingArea,
    Referral,
    VisitationDecision,
    VisitationMeeting,
    WaitListEntry,
)

INVESTIGATION_TASK = gettext_lazy("Start a child-welfare investigation (Barnets lov § 20)")
INVESTIGATION_DUE_DAYS = 14
NEW_PERSON_FIELDS = (
    "first_name",
    "last_name",
    "cpr",
    "birth_date",
    "gender",
    "origin",
    "address",
    "postal_code",
    "city",
)


def _lock_referral(referral: Referral) -> Referral:
    # Two team members may decide at once: decide on the current row.
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    referral.status = locked.status
    referral.screened_at = locked.screened_at
    return referral


# --- Referrals ------------------------------------------------------------------------------


@transaction.atomic
def register_referral(
    *,
    actor: User,
    team: Team,
    received_on: dt.date,
    source: str,
    referred_by: str,
    concern: str,
    ssp_level: int | None = None,
    ukn_reference: str = "",
    ukn_kind: str = "",
    family: Family | None = None,
    family_name: str = "",
    housing_area: str = "",
    existing_children: Iterable[Member] = (),
    new_children: Iterable[Mapping[str, object]] = (),
) -> Referral:
    """Register a referral about new persons (a new family in status "referred") or about
    members of an existing family of the team; nothing is saved unless all of it is valid."""
    existing_children = list(existing_children)
    new_children = [dict(person) for person in new_children]
    refuse_future(received_on, _("A referral cannot be received in the future."))
    if not existing_children and not new_children:
        raise ValidationError(_("Name at least one child or young person the referral concerns."))
    if ssp_level is not None and ssp_level not in dict(selectors.ssp_levels(team.municipality_id)):
        raise ValidationError(_("Choose an SSP concern level on the municipality's scale."))
    if source == Referral.Source.UKN and not ukn_kind:
        raise ValidationError(
            _(
                "For a UKN order, say whether it is an improvement programme or an "
                "immediate reaction."
            )
        )
    if source != Referral.Source.UKN:
        ukn_reference, ukn_kind = "", ""
    if family is None:
        if not family_name.strip():
            raise ValidationError(_("Give the new family a name."))
        family = cases.create_family(
            actor=actor, team=team, name=family_name.strip(), housing_area=housing_area
        )
    else:
        family = _family_open_for_referral(actor=actor, team=team, family=family)
    if any(member.family_id != family.pk for member in existing_children):
        raise ValidationError(_("Choose members of this family."))
    children = existing_children + [
        members.add_member(
            actor=actor,
            family=family,
            role=Member.Role.TARGET_CHILD,
            **{name: value for name, value in person.items() if name in NEW_PERSON_FIELDS},
        )
        for person in new_children
    ]
    referral = Referral(
        team=team,
        family=family,
        received_on=received_on,
        source=source,
        referred_by=referred_by.strip(),
        concern=concern.strip(),
        ssp_level=ssp_level,
        ukn_reference=ukn_reference.strip(),
        ukn_kind=ukn_kind,
        created_by=actor,
    )
    referral.full_clean()
    by_actor(referral, actor).save()
    referral.children.set(children)
    return referral


def _family_open_for_referral(*, actor: User, team: Team, family: Family) -> Family:
    if family.team_id != team.pk:
        raise ValidationError(_("The family belongs to another core team."))
    if family.status in ENDED_STATUSES:
        return cases.reopen_family(
            actor=actor, family=family, reason=_("A new referral was received.")
        )
    if family.status not in {Family.Status.REFERRED, Family.Status.SCREENING}:
        raise ValidationError(
            _(
                "The family is already in the programme or awaiting consent: add the child as a "
                "member on the family's page instead."
            )
        )
    return family


# --- Screening ------------------------------------------------------------------------------

UNSET = object()


@dataclass(frozen=True)
class Judgement:
    is_met: bool
    justification: str


@transaction.atomic
def save_screening(
    *,
    actor: User,
    referral: Referral,
    judgements: Mapping[tuple[int, str], Judgement | None],
    chosen_areas: Mapping[int, object] = {},
    departments_needed: Iterable[Department] = (),
) -> Referral:
    """Save the team's judgements, chosen housing areas and departments needed; the family
    moves from "referred" to "screening"."""
    _lock_referral(referral)
    if referral.status not in {Referral.Status.OPEN, Referral.Status.WAIT_LISTED}:
        raise ValidationError(_("The referral has been decided; its screening is closed."))
    family = referral.family
    child_ids = {member.pk for member in referral.children.all()}
    valid_keys = {key for key, _label, _help, computed in NATIONAL_CRITERIA if not computed} | {
        local_key(criterion) for criterion in selectors.local_criteria(family.municipality_id)
    }
    departments_needed = list(departments_needed)
    if any(d.municipality_id != family.municipality_id for d in departments_needed):
        raise ValidationError(_("Choose departments of the family's own municipality."))
    for (member_id, key), judgement in judgements.items():
        if member_id not in child_ids or key not in valid_keys:
            raise ValidationError(_("The screening form is out of date; reload the page."))
        if judgement is None:
            CriterionAnswer.objects.filter(
                referral=referral, member_id=member_id, criterion_key=key
            ).delete()
            continue
        if not judgement.justification.strip():
            raise ValidationError(_("Give a short justification for every judged criterion."))
        answer, _created = CriterionAnswer.objects.get_or_create(
            referral=referral,
            member_id=member_id,
            criterion_key=key,
            defaults={
                "is_met": judgement.is_met,
                "justification": judgement.justification.strip(),
                "answered_by": actor,
            },
        )
        answer.is_met = judgement.is_met
        answer.justification = judgement.justification.strip()
        answer.answered_by = actor
        by_actor(answer, actor).save()
    areas = {
        area.pk for area in selectors.areas_valid_on(family.municipality_id, referral.received_on)
    }
    for member_id, area in chosen_areas.items():
        if member_id not in child_ids:
            raise ValidationError(_("The screening form is out of date; reload the page."))
        if area is UNSET:
            ChildArea.objects.filter(referral=referral, member_id=member_id).delete()
            continue
        if area is not None and area.pk not in areas:
            raise ValidationError(_("Choose a housing area on the lists in force at the referral."))
        chosen, _created = ChildArea.objects.get_or_create(
            referral=referral, member_id=member_id, defaults={"area": area}
        )
        chosen.area = area
        by_actor(chosen, actor).save()
    referral.departments_needed.set(departments_needed)
    referral.screened_at = timezone.now()
    by_actor(referral, actor).save(update_fields=["screened_at"])
    if family.status == Family.Status.REFERRED:
        cases.change_family_status(actor=actor, family=family, to_status=Family.Status.SCREENING)
    return referral


# --- Visitation -----------------------------------------------------------------------------


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
    _lock_referral(referral)
    family = referral.family
    if referral.status not in {Referral.Status.OPEN, Referral.Status.WAIT_LISTED}:
        raise ValidationError(_("The referral has already been decided."))
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
        referral.status = Referral.Status.INCLUDED
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
        referral.status = Referral.Status.REJECTED
    elif outcome == VisitationDecision.Outcome.WAIT_LIST:
        _join_wait_list(referral, position=position, day=meeting.held_on)
        _move_family(actor, family, Family.Status.SCREENING)
        referral.status = Referral.Status.WAIT_LISTED
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


# --- Motivation, consent and handover --------------------------------------------------------


@transaction.atomic
def decline_offer(
    *,
    actor: User,
    referral: Referral,
    reason: str,
    declined_on: dt.date,
    note: str = "",
) -> Decline:
    """The family declines while awaiting consent: the case ends as declined, with the reason."""
    _lock_referral(referral)
    family = referral.family
    family.refresh_from_db(fields=["status"])
    if (
        referral.status != Referral.Status.INCLUDED
        or family.status != Family.Status.AWAITING_CONSENT
    ):
        raise ValidationError(_("Only a family awaiting consent can decline."))
    refuse_future(declined_on, _("The date cannot be in the future."))
    if reason == Decline.Reason.OTHER and not note.strip():
        raise ValidationError(_("Describe the reason when it is “Other”."))
    decline = Decline(
        referral=referral,
        reason=reason,
        note=note.strip(),
        declined_on=declined_on,
        recorded_by=actor,
    )
    decline.full_clean()
    decline.save()
    label = Decline.Reason(reason).label
    cases.change_family_status(
        actor=actor,
        family=family,
        to_status=Family.Status.WITHDRAWN,
        reason=(_("Declined: %(reason)s") % {"reason": label})
        + (f". {note.strip()}" if note.strip() else ""),
    )
    referral.status = Referral.Status.DECLINED
    by_actor(referral, actor).save(update_fields=["status"])
    return decline


@transaction.atomic
def remind_investigations(
    *, actor: User, referral: Referral, children_without_investigation: Iterable[Member]
) -> list[Task]:
    """A reminder task for each child in the programme with no child-welfare investigation."""
    children = list(children_without_investigation)
    family = referral.family
    if any(not (child.family_id == family.pk and child.is_in_programme) for child in children):
        raise ValidationError(_("Choose children in the programme of this family."))
    due = timezone.localdate() + dt.timedelta(days=INVESTIGATION_DUE_DAYS)
    return [
        tasks.create_task(
            actor=actor,
            family=family,
            member=child,
            title=str(INVESTIGATION_TASK),
            due_on=due,
        )
        for child in children
    ]


# --- Reference data -------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaImport:
    created: int
    updated: int


@transaction.atomic
def import_housing_areas(*, rows: Iterable[Mapping[str, str]]) -> AreaImport:
    """Load housing areas (area, municipality, category, valid_from[, municipality_code,
    streets]); re-importing the same file changes nothing. A bad row rejects the whole file."""
    created = updated = 0
    by_code = {m.code: m for m in Municipality.objects.all()}
    by_name = {m.name.casefold(): m for m in Municipality.objects.all()}
    for number, row in enumerate(rows, start=2):
        try:
            name = row["area"].strip()
            municipality_name = row["municipality"].strip()
            category = row["category"].strip()
            valid_from = dt.date.fromisoformat(row["valid_from"].strip())
        except (KeyError, ValueError, AttributeError) as error:
            raise ValidationError(
                _("Line %(line)s: needs area, municipality, category and valid_from (YYYY-MM-DD).")
                % {"line": number}
            ) from error
        if category not in HousingArea.Category.values:
            raise ValidationError(
                _("Line %(line)s: unknown category “%(category)s”.")
                % {"line": number, "category": category}
            )
        if not name or not municipality_name:
            raise ValidationError(
                _("Line %(line)s: area and municipality are needed.") % {"line": number}
            )
        code = (row.get("municipality_code") or "").strip()
        municipality = by_code.get(code) if code else by_name.get(municipality_name.casefold())
        streets = "\n".join(
            street.strip() for street in (row.get("streets") or "").split(";") if street.strip()
        )
        area, was_created = HousingArea.objects.update_or_create(
            municipality_name=municipality_name,
            name=name,
            category=category,
            valid_from=valid_from,
            defaults={"municipality": municipality, "streets": streets},
        )
        created += was_created
        updated += not was_created
        area.full_clean()
    return AreaImport(created=created, updated=updated)
