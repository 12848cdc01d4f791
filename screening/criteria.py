"""The inclusion criteria: five national ones and the municipality's local ones.

Pure functions over loaded rows (no queries): selectors load, this module decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from families.cpr import age_on
from families.models import Family, Member
from screening.models import ChildArea, CriterionAnswer, HousingArea, LocalCriterion, Referral

MIN_AGE, MAX_AGE = 6, 22
AGE, AREA, ORIGIN, GANG_RISK, GANG_RELATION = (
    "age",
    "housing_area",
    "origin",
    "gang_risk",
    "gang_relation",
)
NATIONAL_CRITERIA: tuple[tuple[str, StrOrPromise, StrOrPromise, bool], ...] = (
    # key, label, help text, computed from the data
    (
        AGE,
        gettext_lazy("Age 6–22 at referral"),
        gettext_lazy("Computed from the birth date."),
        True,
    ),
    (
        AREA,
        gettext_lazy("Lives in a socially vulnerable housing area"),
        gettext_lazy("Computed from the address and the official housing-area lists."),
        True,
    ),
    (
        ORIGIN,
        gettext_lazy("Primarily non-Danish ethnic background"),
        gettext_lazy(
            "Statistics Denmark's definition: immigrant or descendant. Computed from the "
            "member's origin."
        ),
        True,
    ),
    (
        GANG_RISK,
        gettext_lazy("Indicators of gang-related risk behaviour"),
        gettext_lazy(
            "The taskforce's definition: seen with friends or family in or around troublesome "
            "youth groups or gangs."
        ),
        False,
    ),
    (
        GANG_RELATION,
        gettext_lazy("Related to one or more gang members"),
        gettext_lazy("E.g. a parent, sibling, uncle or cousin in a gang."),
        False,
    ),
)
COMPUTED_LOCAL_KINDS = frozenset(
    {
        LocalCriterion.Kind.MIN_DEPARTMENTS,
        LocalCriterion.Kind.MIN_SSP_LEVEL,
        LocalCriterion.Kind.IN_AREAS,
    }
)


def local_key(criterion: LocalCriterion) -> str:
    return f"local:{criterion.pk}"


@dataclass(frozen=True)
class AreaMatch:
    area: HousingArea | None
    is_certain: bool
    is_chosen: bool
    candidates: tuple[HousingArea, ...] = ()


@dataclass
class CriterionRow:
    key: str
    label: StrOrPromise
    help_text: StrOrPromise
    is_computed: bool
    is_met: bool | None
    reason: str
    is_flagged: bool = False


@dataclass
class ChildResult:
    member: Member
    area: AreaMatch
    rows: list[CriterionRow] = field(default_factory=list)

    @property
    def is_met(self) -> bool | None:
        return combine_all(row.is_met for row in self.rows)

    @property
    def flags(self) -> list[CriterionRow]:
        return [row for row in self.rows if row.is_flagged]


@dataclass
class ScreeningResult:
    children: list[ChildResult]

    @property
    def is_met(self) -> bool | None:
        """The family qualifies when at least one child meets every criterion."""
        results = [child.is_met for child in self.children]
        if any(result is True for result in results):
            return True
        if results and all(result is False for result in results):
            return False
        return None

    @property
    def judged_keys(self) -> list[str]:
        return [row.key for row in self.children[0].rows if not row.is_computed] if self else []

    def __bool__(self) -> bool:
        return bool(self.children)


def combine_all(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if any(value is False for value in values):
        return False
    if values and all(value is True for value in values):
        return True
    return None


_STREET = re.compile(r"^\s*(.*?)\s*\d")


def street_of(address: str) -> str:
    """The street name of an address: 'Ravnsbjergvej 14, 2. th.' → 'ravnsbjergvej'."""
    first = address.split(",")[0]
    match = _STREET.match(first)
    return (match.group(1) if match else first).strip().casefold()


def match_area(
    member: Member,
    family: Family,
    areas: list[HousingArea],
    chosen: ChildArea | None = None,
) -> AreaMatch:
    """The member's housing area: the team's choice, a certain street match, or candidates."""
    if chosen is not None:
        return AreaMatch(area=chosen.area, is_certain=True, is_chosen=True)
    street = street_of(member.address) if member.address else ""
    by_street = [area for area in areas if street and street in area.street_names]
    if len(by_street) == 1:
        return AreaMatch(area=by_street[0], is_certain=True, is_chosen=False)
    by_name = [
        area
        for area in areas
        if family.housing_area and area.name.casefold() == family.housing_area.casefold()
    ]
    candidates = tuple(by_street or by_name)
    return AreaMatch(area=None, is_certain=False, is_chosen=False, candidates=candidates)


def _same_area(area: HousingArea, others: Iterable[HousingArea]) -> bool:
    # Lists are re-imported yearly, so compare the area itself, not one year's row.
    return any(
        (area.name, area.municipality_name) == (other.name, other.municipality_name)
        for other in others
    )


def _judged(
    key: str, member: Member, answers: Mapping[tuple[int, str], CriterionAnswer]
) -> tuple[bool | None, str]:
    answer = answers.get((member.pk, key))
    if answer is None:
        return None, _("Not judged yet.")
    return answer.is_met, answer.justification


def _age(member: Member, referral: Referral) -> tuple[bool | None, str, bool]:
    if member.birth_date is None:
        return None, _("The birth date is not known."), False
    age = age_on(member.birth_date, referral.received_on)
    if MIN_AGE <= age <= MAX_AGE:
        return True, _("Age %(age)s at referral.") % {"age": age}, False
    return False, _("Age %(age)s at referral: outside 6–22.") % {"age": age}, True


def _origin(member: Member) -> tuple[bool | None, str]:
    if member.origin == Member.Origin.UNKNOWN:
        return None, _("The origin is not recorded on the member.")
    label = Member.Origin(member.origin).label
    return member.origin != Member.Origin.DANISH, str(label)


def _area_row(match: AreaMatch) -> tuple[bool | None, str]:
    if match.area is not None:
        how = _("chosen by the team") if match.is_chosen else _("matched by the address")
        return True, f"{match.area.name} ({match.area.get_category_display()}), {how}."
    if match.is_chosen:
        return False, _("The team found that the address is not in a listed area.")
    if match.candidates:
        return None, _("The address could not be matched with certainty: choose the area.")
    return False, _("The address is not in a listed housing area.")


def evaluate(
    *,
    referral: Referral,
    family: Family,
    children: list[Member],
    areas: list[HousingArea],
    chosen_areas: Mapping[int, ChildArea],
    answers: Mapping[tuple[int, str], CriterionAnswer],
    local_criteria: list[LocalCriterion],
    departments_needed: int,
) -> ScreeningResult:
    """Every child's result on every criterion, computed or judged, with the reason shown."""
    result = ScreeningResult(children=[])
    for member in children:
        match = match_area(member, family, areas, chosen_areas.get(member.pk))
        child = ChildResult(member=member, area=match)
        for key, label, help_text, is_computed in NATIONAL_CRITERIA:
            flagged = False
            if key == AGE:
                is_met, reason, flagged = _age(member, referral)
            elif key == AREA:
                is_met, reason = _area_row(match)
            elif key == ORIGIN:
                is_met, reason = _origin(member)
            else:
                is_met, reason = _judged(key, member, answers)
            child.rows.append(
                CriterionRow(key, label, help_text, is_computed, is_met, reason, flagged)
            )
        for criterion in local_criteria:
            key = local_key(criterion)
            is_computed = criterion.kind in COMPUTED_LOCAL_KINDS
            if criterion.kind == LocalCriterion.Kind.MIN_DEPARTMENTS:
                if departments_needed == 0:
                    is_met, reason = None, _("The departments needed are not recorded yet.")
                else:
                    is_met = departments_needed >= (criterion.number or 0)
                    reason = _("Needs help from %(count)s departments (at least %(n)s).") % {
                        "count": departments_needed,
                        "n": criterion.number,
                    }
            elif criterion.kind == LocalCriterion.Kind.MIN_SSP_LEVEL:
                if referral.ssp_level is None:
                    is_met, reason = None, _("No SSP concern level recorded.")
                else:
                    is_met = referral.ssp_level >= (criterion.number or 0)
                    reason = _("SSP level %(level)s (at least %(n)s).") % {
                        "level": referral.ssp_level,
                        "n": criterion.number,
                    }
            elif criterion.kind == LocalCriterion.Kind.IN_AREAS:
                selected = list(criterion.areas.all())
                if match.area is None:
                    is_met = None if match.candidates else False
                    reason = _("No housing area matched.")
                else:
                    is_met = _same_area(match.area, selected)
                    reason = _("Lives in %(area)s.") % {"area": match.area.name}
            else:
                is_met, reason = _judged(key, member, answers)
            child.rows.append(
                CriterionRow(key, criterion.label, criterion.help_text, is_computed, is_met, reason)
            )
        result.children.append(child)
    return result
