"""The people of a family: adding them, their basic data, who is in the programme."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from config.concurrency import lock, refuse_stale, token_of, values_of
from families.cpr import parse_cpr
from families.models import Family, Member
from families.services.common import by_actor, refuse_future

MEMBER_FIELDS = (
    "role",
    "is_in_programme",
    "is_custody_holder",
    "first_name",
    "last_name",
    "cpr",
    "birth_date",
    "gender",
    "origin",
    "languages",
    "needs_interpreter",
    "address",
    "postal_code",
    "city",
    "lives_in_household",
    "school_or_workplace",
    "education_status",
    "support_status",
)


def _target_child_in_programme(member: Member) -> None:
    # While the case is open the child the programme is for is in it; closing ends that for all.
    if member.role == Member.Role.TARGET_CHILD and not member.family.is_ended:
        member.is_in_programme = True


def _apply_cpr(member: Member) -> None:
    """Normalise the CPR number and derive the birth date from it."""
    if member.cpr:
        info = parse_cpr(member.cpr)
        member.cpr = info.formatted
        member.birth_date = info.birth_date
    refuse_future(member.birth_date, _("The birth date cannot be in the future."))


@transaction.atomic
def add_member(*, actor: User, family: Family, **fields: object) -> Member:
    """Add a person to the family."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"Not member fields: {sorted(unknown)}")
    member = Member(family=family, **fields)
    _target_child_in_programme(member)
    _apply_cpr(member)
    member.full_clean()
    by_actor(member, actor).save()
    return member


def member_token(member: Member) -> str:
    """The edit token of a member's basic data (config.concurrency)."""
    return token_of(member, MEMBER_FIELDS)


@transaction.atomic
def update_member(
    *, actor: User, member: Member, expected_token: str | None = None, **fields: object
) -> Member:
    """Change a family member's basic data, unless someone else changed it since the form was
    loaded (`expected_token`, config.concurrency)."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"Not member fields: {sorted(unknown)}")
    saved = lock(member)
    refuse_stale(expected_token, values_of(saved, MEMBER_FIELDS), instance=saved)
    for name, value in fields.items():
        setattr(member, name, value)
    _target_child_in_programme(member)
    _apply_cpr(member)
    member.full_clean()
    by_actor(member, actor).save()
    return member


@transaction.atomic
def end_programme_for_members(*, actor: User, family: Family) -> int:
    """When the family's case closes, take every member out of the programme: no member of a
    closed family stays in it."""
    members = list(family.members.filter(is_in_programme=True))
    for member in members:
        member.is_in_programme = False
        by_actor(member, actor).save(update_fields=["is_in_programme"])
    return len(members)
