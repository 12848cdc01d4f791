"""Reads for the SSP concern level page of a family (the partnership target "families whose SSP
level improved since inclusion"). Every function takes the request's `FamilyAccess`; the caller
has checked `can_view_ssp_levels`.

The level at inclusion is the SSP level on the family's included referral (the dashboard counts it
the same way, `evaluation.selectors.add_targets`); later levels are `SspLevelRecord` rows per target
child, recorded by the core team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q

from evaluation.measurement_selectors import FamilyMeasurements, inclusion_date
from evaluation.models import SspLevelRecord
from families.access import FamilyAccess
from families.models import Member
from screening.models import Referral
from screening.selectors import ssp_levels

# How many changes the page lists (newest first); the family's history page has them all.
HISTORY_ROWS = 50


@dataclass(frozen=True)
class LevelText:
    level: int
    label: str

    def __str__(self) -> str:
        return f"{self.level} – {self.label}" if self.label else str(self.level)


@dataclass
class ChildLevels:
    member: Member
    records: list[SspLevelRecord] = field(default_factory=list)  # oldest first
    latest_text: LevelText | None = None

    @property
    def latest(self) -> SspLevelRecord | None:
        return self.records[-1] if self.records else None


@dataclass(frozen=True)
class SspChange:
    """One row of the SSP levels' history: created, corrected or deleted, by whom and when."""

    when: dt.datetime
    kind: str  # "+", "~" or "-" (simple-history's types)
    member: Member | None
    assessed_on: dt.date
    level: LevelText | None
    by: Any


@dataclass
class SspPage:
    scale: list[tuple[int, str]]
    included_on: dt.date | None
    at_inclusion: LevelText | None
    children: list[ChildLevels]
    changes: list[SspChange] = field(default_factory=list)

    def text(self, level: int | None) -> LevelText | None:
        if level is None:
            return None
        return LevelText(level, dict(self.scale).get(level, ""))

    @property
    def members(self) -> list[Member]:
        return [child.member for child in self.children]


def level_at_inclusion(access: FamilyAccess) -> int | None:
    """The SSP level on the family's included referral (the highest, if several)."""
    level: int | None = Referral.objects.filter(
        family=access.family, status=Referral.Status.INCLUDED, ssp_level__isnull=False
    ).aggregate(level=Max("ssp_level"))["level"]
    return level


def ssp_children(access: FamilyAccess) -> list[Member]:
    """The target children an SSP level is recorded for: those in the programme (every target
    child once the case has ended), and any child who already has a level."""
    in_programme = Q(is_in_programme=True) if not access.family.is_ended else Q()
    return list(
        Member.objects.filter(family=access.family, role=Member.Role.TARGET_CHILD)
        .filter(in_programme | Q(ssp_levels__isnull=False))
        .distinct()
        .order_by("birth_date", "pk")
    )


def family_ssp_levels(
    access: FamilyAccess,
    *,
    with_history: bool = True,
    measurements: FamilyMeasurements | None = None,
) -> SspPage:
    """Scale, level at inclusion, each child's levels and (optionally) the latest changes. A page
    that has read the family's `measurements` passes them: their inclusion date is reused."""
    family = access.family
    scale = ssp_levels(family.municipality_id)
    children = [ChildLevels(member) for member in ssp_children(access)]
    by_member = {child.member.pk: child for child in children}
    for member in by_member.values():
        member.member.family = family  # no query per row when logging or linking
    for record in SspLevelRecord.objects.filter(family=family).order_by("assessed_on", "pk"):
        if record.member_id in by_member:
            by_member[record.member_id].records.append(record)
    page = SspPage(
        scale=scale,
        included_on=(
            measurements.included_on if measurements is not None else inclusion_date(family)
        ),
        at_inclusion=None,
        children=children,
    )
    page.at_inclusion = page.text(level_at_inclusion(access))
    for child in children:
        child.latest_text = page.text(child.latest.level) if child.latest else None
    if with_history:
        rows = (
            SspLevelRecord.history.filter(family_id=family.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:HISTORY_ROWS]
        )
        members = {child.member.pk: child.member for child in children}
        page.changes = [
            SspChange(
                when=row.history_date,
                kind=row.history_type,
                member=members.get(row.member_id),
                assessed_on=row.assessed_on,
                level=page.text(row.level),
                by=row.history_user,
            )
            for row in rows
        ]
    return page
