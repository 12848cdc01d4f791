"""Gaps in a member's basic data, for part 1 of the assessment (pure: no queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from families.models import Member

SCHOOL_AGE = range(6, 18)


@dataclass(frozen=True)
class Gap:
    field: str
    message: str
    is_required: bool  # required gaps stop part 1 from being marked done


def member_gaps(member: Member, today: dt.date) -> list[Gap]:
    """What is missing or worrying in one member's basic data."""
    gaps: list[Gap] = []
    age = member.age(today)
    if member.birth_date is None:
        gaps.append(Gap("birth_date", _("No birth date or CPR number."), True))
    if age in SCHOOL_AGE:
        if member.education_status == Member.EducationStatus.UNKNOWN:
            gaps.append(Gap("education_status", _("School or education not stated."), True))
        elif member.education_status == Member.EducationStatus.NONE:
            gaps.append(
                Gap(
                    "education_status",
                    _("No school or education at %(age)s.") % {"age": age},
                    False,
                )
            )
        if not member.school_or_workplace:
            gaps.append(Gap("school_or_workplace", _("No school named."), False))
    if age is not None and age >= 18 and member.support_status == Member.SupportStatus.UNKNOWN:
        gaps.append(Gap("support_status", _("Employment or support not stated."), True))
    if not member.address:
        gaps.append(Gap("address", _("No address."), False))
    if not member.languages:
        gaps.append(Gap("languages", _("Languages not stated."), False))
    if member.origin == Member.Origin.UNKNOWN:
        gaps.append(Gap("origin", _("Origin not stated."), False))
    return gaps
