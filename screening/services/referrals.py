"""Registering a referral, and the one way a referral's status changes (REFERRAL_TRANSITIONS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Team, User
from families import deadlines
from families.cpr import age_on
from families.models import ENDED_STATUSES, DeadlineRule, Family, Member
from families.services import cases, members
from families.services.common import by_actor, refuse_future
from screening import selectors
from screening.models import Referral

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
# A person a referral names who is not registered yet: a child or young person (the referral
# concerns them), a parent, or another relative.
REFERRAL_PERSON_FIELDS = ("role", *NEW_PERSON_FIELDS, "is_custody_holder")

# Ages the referral form asks to confirm (a likely typing error, e.g. the CPR number's century
# digit): anyone older than OLDEST_AGE, a child or young person outside CHILD_AGES.
OLDEST_AGE = 100
CHILD_AGES = (0, 25)


def age_warning(
    *, role: str, birth_date: dt.date, from_cpr: bool, name: str, on: dt.date | None = None
) -> str:
    """Why a person's age looks wrong (empty: it looks right)."""
    age = age_on(birth_date, on or timezone.localdate())
    values = {"name": name or _("the person"), "age": age, "year": birth_date.year}
    if age > OLDEST_AGE:
        if from_cpr:
            return (
                _(
                    "The CPR number makes %(name)s %(age)s years old (born %(year)s): check the "
                    "number, its 7th digit gives the century. If it is right, confirm the age."
                )
                % values
            )
        return (
            _(
                "The birth date makes %(name)s %(age)s years old (born %(year)s): check it. If "
                "it is right, confirm the age."
            )
            % values
        )
    low, high = CHILD_AGES
    if role == Member.Role.TARGET_CHILD and not low <= age <= high:
        message = (
            _(
                "A child or young person in the programme is %(low)s–%(high)s years old; "
                "%(name)s would be %(age)s. Check the CPR number and the role, or confirm the age."
            )
            if from_cpr
            else _(
                "A child or young person in the programme is %(low)s–%(high)s years old; "
                "%(name)s would be %(age)s. Check the birth date and the role, or confirm the age."
            )
        )
        return message % {**values, "low": low, "high": high}
    return ""


def lock_referral(referral: Referral) -> Referral:
    """Lock the row and take its current status: two team members may decide at once."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    referral.status = locked.status
    referral.screened_at = locked.screened_at
    return referral


def check_transition(referral: Referral, to_status: str) -> None:
    """Refuse a status change that REFERRAL_TRANSITIONS does not allow."""
    if not referral.can_move_to(to_status):
        raise ValidationError(
            _("A referral that is “%(status)s” cannot become “%(to)s”.")
            % {
                "status": Referral.Status(referral.status).label,
                "to": Referral.Status(to_status).label,
            }
        )


def move_referral(referral: Referral, to_status: str) -> Referral:
    """Set an allowed status (the caller saves the referral)."""
    check_transition(referral, to_status)
    referral.status = to_status
    return referral


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
    new_persons: Iterable[Mapping[str, object]] = (),
) -> Referral:
    """Register a referral about new persons (a new family in status "referred") or about
    members of an existing family of the team; nothing is saved unless all of it is valid.

    `new_persons` are any number of people not registered yet, each with a role (children and
    young people, parents, other relatives; REFERRAL_PERSON_FIELDS); `new_children` are children
    only (their role is set). The referral concerns the existing children chosen and the new
    persons whose role is "child/young person in the programme"."""
    existing_children = list(existing_children)
    persons = [{**person, "role": Member.Role.TARGET_CHILD} for person in new_children] + [
        dict(person) for person in new_persons
    ]
    refuse_future(received_on, _("A referral cannot be received in the future."))
    if any(person.get("role") not in Member.Role.values for person in persons):
        raise ValidationError(_("Choose each new person's role in the family."))
    if not existing_children and not any(
        person["role"] == Member.Role.TARGET_CHILD for person in persons
    ):
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
    added = [
        _add_person(actor=actor, family=family, person=person, number=number)
        for number, person in enumerate(persons, start=1)
    ]
    children = existing_children + [
        member for member in added if member.role == Member.Role.TARGET_CHILD
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
    if referral.source == Referral.Source.NOTIFICATION:
        # A notification of concern: assessed within 24 hours, receipt within 6 working days.
        deadlines.start_deadlines(
            actor=actor,
            family=family,
            trigger=DeadlineRule.Trigger.CONCERN_RECEIVED,
            started_at=received_at(received_on),
        )
    return referral


def _add_person(
    *, actor: User, family: Family, person: Mapping[str, object], number: int
) -> Member:
    """Add one new person; an error names the person (the whole referral is undone)."""
    try:
        return members.add_member(
            actor=actor,
            family=family,
            **{name: value for name, value in person.items() if name in REFERRAL_PERSON_FIELDS},
        )
    except ValidationError as error:
        name = f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()
        raise ValidationError(
            [
                _("Person %(number)s (%(name)s): %(message)s")
                % {"number": number, "name": name, "message": message}
                for message in error.messages
            ]
        ) from error


def received_at(received_on: dt.date) -> dt.datetime:
    """When a referral received on a day arrived, for the deadlines it starts: now when that is
    today, else the start of that day (the hour is not recorded; the earliest is the safe one)."""
    if received_on >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(received_on, dt.time.min))


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
