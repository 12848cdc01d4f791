"""Queries for the measurement pages: each page runs a fixed number of queries.

Who is measured: the target children in the programme (as children) and the parents and custody
holders (as parents). The waves a family owes follow from its inclusion date — the day it entered
the programme (its first change to "included") — and, for an ended family, the day it ended.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from evaluation import scoring
from evaluation.instruments import (
    CHILD,
    EDUCATION_NONE,
    EDUCATION_OTHER,
    EDUCATION_PRIMARY,
    EDUCATION_VOCATIONAL,
    KIDSCREEN10,
    PARENT,
    SCORED_INSTRUMENTS,
    WHO5,
    InstrumentSpec,
    instruments_for_wave,
    spec_for,
)
from evaluation.models import Measurement, MeasurementWording
from evaluation.models.measurements import wave_label
from evaluation.waves import owed_waves, state, wave_due_on
from families.access import FamilyAccess
from families.models import (
    ACTIVE_STATUSES,
    ENDED_STATUSES,
    Family,
    FamilyStatusChange,
    Member,
)

PARENT_ROLES = (Member.Role.PARENT, Member.Role.CUSTODY_HOLDER)
# A child's well-being instrument: one of the two, decided by the age on the answer date.
SWAPPABLE = frozenset({KIDSCREEN10, WHO5})

DONE = "done"
NOT_ANSWERED = "not_answered"
STATE_LABELS = {
    DONE: _("Answered"),
    NOT_ANSWERED: _("Not answered"),
    "overdue": _("Overdue"),
    "due": _("Due"),
    "later": _("Not due yet"),
}


def audience_of(member: Member) -> str | None:
    """CHILD for a target child, PARENT for a parent or custody holder, None for others."""
    if member.role == Member.Role.TARGET_CHILD:
        return CHILD
    if member.role in PARENT_ROLES or member.is_custody_holder:
        return PARENT
    return None


def measured_members_q() -> Q:
    return Q(role=Member.Role.TARGET_CHILD) | Q(role__in=PARENT_ROLES) | Q(is_custody_holder=True)


def _is_measured(member: Member, family: Family) -> bool:
    if member.role == Member.Role.TARGET_CHILD:
        # Closing ends the programme for every member; their earlier waves still count.
        return member.is_in_programme or family.is_ended
    return audience_of(member) is not None


def inclusion_dates(family_ids: Iterable[int]) -> dict[int, dt.date]:
    """Each family's inclusion date: its first change to "included" (one query)."""
    rows = (
        FamilyStatusChange.objects.filter(
            family_id__in=list(family_ids), to_status=Family.Status.INCLUDED
        )
        .values("family_id")
        .annotate(first=Min("changed_at"))
    )
    return {row["family_id"]: timezone.localdate(row["first"]) for row in rows}


def ended_dates(family_ids: Iterable[int]) -> dict[int, dt.date]:
    """For families whose case has ended: the day it ended (one query)."""
    rows = (
        FamilyStatusChange.objects.filter(
            family_id__in=list(family_ids),
            family__status__in=ENDED_STATUSES,
            to_status__in=ENDED_STATUSES,
        )
        .values("family_id")
        .annotate(last=Max("changed_at"))
    )
    return {row["family_id"]: timezone.localdate(row["last"]) for row in rows}


@dataclass(frozen=True)
class InstrumentCell:
    instrument: str
    label: str | Promise
    state: str  # done, not_answered, overdue, due, later
    measurement: Measurement | None

    @property
    def is_missing(self) -> bool:
        return self.measurement is None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def result(self) -> str:
        """The score, or why there is none (for a scored instrument that was recorded)."""
        measurement = self.measurement
        if measurement is None:
            return ""
        if not measurement.is_answered:
            return measurement.get_reason_display()
        if measurement.score is not None:
            return str(measurement.score)
        return measurement.get_no_score_reason_display()


@dataclass(frozen=True)
class WaveRow:
    wave: int
    due_on: dt.date | None
    cells: list[InstrumentCell]

    @property
    def label(self) -> str:
        return wave_label(self.wave)

    @property
    def state(self) -> str:
        """overdue / due / later while something is missing; otherwise done."""
        missing = [cell.state for cell in self.cells if cell.is_missing]
        for candidate in ("overdue", "due", "later"):
            if candidate in missing:
                return candidate
        return DONE

    @property
    def is_missing(self) -> bool:
        return self.state in ("overdue", "due")

    @property
    def is_overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass(frozen=True)
class PersonWaves:
    member: Member
    audience: str
    waves: list[WaveRow]

    @property
    def open_waves(self) -> list[WaveRow]:
        return [wave for wave in self.waves if wave.is_missing]


@dataclass(frozen=True)
class FamilyMeasurements:
    included_on: dt.date | None
    ended_on: dt.date | None
    persons: list[PersonWaves]
    today: dt.date

    @property
    def overdue_count(self) -> int:
        return sum(1 for person in self.persons for wave in person.waves if wave.state == "overdue")

    @property
    def due_count(self) -> int:
        return sum(1 for person in self.persons for wave in person.waves if wave.state == "due")


def _person_waves(
    member: Member,
    audience: str,
    measurements: list[Measurement],
    *,
    included_on: dt.date | None,
    ended_on: dt.date | None,
    today: dt.date,
) -> PersonWaves:
    by_wave: dict[int, dict[str, Measurement]] = defaultdict(dict)
    for measurement in measurements:
        by_wave[measurement.wave][measurement.instrument] = measurement
    waves = set(by_wave)
    if included_on is not None:
        waves |= set(owed_waves(included_on, today, ended_on=ended_on))
    rows = []
    for wave in sorted(waves):
        due_on = wave_due_on(included_on, wave) if included_on else None
        recorded = by_wave.get(wave, {})
        age = member.age(due_on or today)
        expected = list(instruments_for_wave(audience=audience, wave=wave, age=age))
        # A child's well-being instrument follows the age on the answer date: whichever of
        # KIDSCREEN-10 and WHO-5 was recorded stands in for the one the due date suggests.
        for code in recorded:
            if code not in expected:
                swap = [i for i, e in enumerate(expected) if e in SWAPPABLE]
                if code in SWAPPABLE and swap:
                    expected[swap[0]] = code
                else:
                    expected.append(code)
        cells = []
        for code in expected:
            found = recorded.get(code)
            if found is not None:
                cell_state = DONE if found.is_answered else NOT_ANSWERED
            else:
                cell_state = state(due_on, today) if due_on else "later"
            cells.append(
                InstrumentCell(
                    instrument=code,
                    label=spec_for(code, audience).label,
                    state=cell_state,
                    measurement=found,
                )
            )
        rows.append(WaveRow(wave=wave, due_on=due_on, cells=cells))
    return PersonWaves(member=member, audience=audience, waves=rows)


def family_measurements(access: FamilyAccess, today: dt.date | None = None) -> FamilyMeasurements:
    """Every measured member's waves with what is done, not answered, due or overdue (3 queries)."""
    if not access.can_view_measurements:
        return FamilyMeasurements(None, None, [], today or timezone.localdate())
    today = today or timezone.localdate()
    family = access.family
    included_on = inclusion_dates([family.pk]).get(family.pk)
    ended_on = ended_dates([family.pk]).get(family.pk) if family.is_ended else None
    members = [
        member
        for member in family.members.filter(measured_members_q()).order_by("role", "birth_date")
        if _is_measured(member, family)
    ]
    by_member: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in Measurement.objects.filter(family=family).select_related("recorded_by"):
        by_member[measurement.member_id].append(measurement)
    persons = [
        _person_waves(
            member,
            audience_of(member) or CHILD,
            by_member.get(member.pk, []),
            included_on=included_on,
            ended_on=ended_on,
            today=today,
        )
        for member in members
    ]
    return FamilyMeasurements(included_on, ended_on, persons, today)


def measured_member(access: FamilyAccess, member_id: int) -> tuple[Member, str]:
    """A member of the family who is measured, with their audience; 404 otherwise."""
    member = (
        Member.objects.filter(family=access.family, pk=member_id)
        .filter(measured_members_q())
        .first()
    )
    if member is None or not _is_measured(member, access.family):
        raise Http404
    return member, audience_of(member) or CHILD


def get_measurement(member: Member, wave: int, instrument: str) -> Measurement | None:
    return Measurement.objects.filter(member=member, wave=wave, instrument=instrument).first()


def inclusion_date(family: Family) -> dt.date | None:
    return inclusion_dates([family.pk]).get(family.pk)


def wording(municipality_id: int, spec: InstrumentSpec, language: str) -> dict[str, str]:
    """The licensed item wording a municipality loaded for this instrument, if any."""
    return dict(
        MeasurementWording.objects.filter(
            municipality_id=municipality_id, instrument=spec.code, language=language
        ).values_list("item_code", "text")
    )


# The member's progression: one series per scored instrument.
@dataclass(frozen=True)
class ScorePoint:
    wave: int
    answered_on: dt.date
    score: int | None
    no_score_reason: str
    outcome: str

    @property
    def label(self) -> str:
        return wave_label(self.wave)


@dataclass(frozen=True)
class ScoreSeries:
    instrument: str
    label: str | Promise
    low: int
    high: int
    higher_is_better: bool
    points: list[ScorePoint] = field(default_factory=list)


def member_progression(member: Member) -> list[ScoreSeries]:
    """Each scored instrument of one member over the waves, in wave order (one query)."""
    series: dict[str, ScoreSeries] = {}
    audience = audience_of(member) or CHILD
    for measurement in Measurement.objects.filter(
        member=member, instrument__in=SCORED_INSTRUMENTS
    ).order_by("wave"):
        code = measurement.instrument
        if code not in series:
            low, high = scoring.SCORE_RANGES[code]
            series[code] = ScoreSeries(
                instrument=code,
                label=spec_for(code, audience).label,
                low=low,
                high=high,
                higher_is_better=scoring.HIGHER_IS_BETTER[code],
            )
        series[code].points.append(
            ScorePoint(
                wave=measurement.wave,
                answered_on=measurement.answered_on,
                score=measurement.score,
                no_score_reason=measurement.get_no_score_reason_display()
                if measurement.no_score_reason
                else (measurement.get_reason_display() if not measurement.is_answered else ""),
                outcome=measurement.outcome,
            )
        )
    return list(series.values())


def status_answers(member: Member) -> QuerySet[Measurement]:
    return Measurement.objects.filter(member=member).exclude(instrument__in=SCORED_INSTRUMENTS)


# What the record already holds, to prefill the entry form (the answer codes of instruments.py).
_EDUCATION_FROM_RECORD: dict[str, int] = {
    Member.EducationStatus.PRIMARY_SCHOOL: EDUCATION_PRIMARY,
    Member.EducationStatus.SPECIAL_CLASS: EDUCATION_PRIMARY,
    Member.EducationStatus.VOCATIONAL: EDUCATION_VOCATIONAL,
    Member.EducationStatus.FGU: EDUCATION_OTHER,
    Member.EducationStatus.UPPER_SECONDARY: EDUCATION_OTHER,
    Member.EducationStatus.HIGHER: EDUCATION_OTHER,
    Member.EducationStatus.NONE: EDUCATION_NONE,
}
_SUPPORT_FROM_RECORD: dict[str, int] = {
    Member.SupportStatus.EMPLOYED: 1,
    Member.SupportStatus.IN_EDUCATION: 2,
    Member.SupportStatus.PUBLIC_BENEFIT: 3,
    Member.SupportStatus.SELF_SUPPORTING: 4,
}
_ORIGIN_FROM_RECORD: dict[str, int] = {
    Member.Origin.DANISH: 1,
    Member.Origin.DESCENDANT_WESTERN: 4,
    Member.Origin.DESCENDANT_NON_WESTERN: 4,
}


def prefill(member: Member, spec: InstrumentSpec) -> dict[str, int]:
    """Answers the record already holds (education, support, origin, siblings); ≤ 1 query."""
    values: dict[str, int | None] = {}
    if "education" in spec.item_codes and spec.audience == CHILD:
        values["education"] = _EDUCATION_FROM_RECORD.get(member.education_status)
    if "support" in spec.item_codes:
        values["support"] = _SUPPORT_FROM_RECORD.get(member.support_status)
    if "origin" in spec.item_codes:
        values["origin"] = _ORIGIN_FROM_RECORD.get(member.origin)
    if "siblings" in spec.item_codes:
        values["siblings"] = (
            Member.objects.filter(family_id=member.family_id)
            .filter(role__in=[Member.Role.SIBLING, Member.Role.TARGET_CHILD])
            .exclude(pk=member.pk)
            .count()
        )
    return {code: value for code, value in values.items() if value is not None}


# Due and overdue waves across families: the queue, the overview and the daily reminders.
@dataclass(frozen=True)
class DueWave:
    family: Family
    wave: int
    due_on: dt.date
    state: str  # overdue or due
    missing: int  # persons without a recorded outcome for every instrument of the wave

    @property
    def label(self) -> str:
        return wave_label(self.wave)

    @property
    def is_overdue(self) -> bool:
        return self.state == "overdue"


def due_waves(
    families: QuerySet[Family] | list[Family], today: dt.date | None = None
) -> list[DueWave]:
    """Waves due within 14 days or overdue with someone not yet measured, oldest first.

    A fixed number of queries however many families: the families (none when a loaded list is
    given), their inclusion and end dates, and, only for families that owe a wave, their
    measured members and the (member, wave, instrument) triples recorded.
    """
    today = today or timezone.localdate()
    family_list = (
        list(families.select_related("team")) if isinstance(families, QuerySet) else families
    )
    ids = [family.pk for family in family_list]
    included = inclusion_dates(ids)
    ended = ended_dates([family.pk for family in family_list if family.is_ended])
    owed = {
        family_id: owed_waves(included_on, today, ended_on=ended.get(family_id))
        for family_id, included_on in included.items()
    }
    owing = [family_id for family_id, waves in owed.items() if waves]  # empty: no query below
    members: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(family_id__in=owing).filter(measured_members_q()):
        members[member.family_id].append(member)
    recorded: dict[tuple[int, int], set[str]] = defaultdict(set)
    for member_id, wave, instrument in Measurement.objects.filter(family_id__in=owing).values_list(
        "member_id", "wave", "instrument"
    ):
        recorded[(member_id, wave)].add(instrument)
    result = []
    for family in family_list:
        included_on = included.get(family.pk)
        if included_on is None:
            continue
        for wave in owed.get(family.pk, []):
            due_on = wave_due_on(included_on, wave)
            missing = 0
            for member in members[family.pk]:
                if not _is_measured(member, family):
                    continue
                expected = instruments_for_wave(
                    audience=audience_of(member) or CHILD, wave=wave, age=member.age(due_on)
                )
                done = recorded[(member.pk, wave)]
                # Either well-being instrument counts (the age on the answer date decides).
                done_expected = {
                    code
                    for code in expected
                    if code in done or (code in SWAPPABLE and done & SWAPPABLE)
                }
                if len(done_expected) < len(expected):
                    missing += 1
            if missing:
                result.append(
                    DueWave(
                        family=family,
                        wave=wave,
                        due_on=due_on,
                        state=state(due_on, today),
                        missing=missing,
                    )
                )
    return sorted(result, key=lambda due: (due.due_on, due.family.pk))


def family_due_waves(access: FamilyAccess) -> list[DueWave]:
    """The family overview's block: its waves due or overdue, for those who may see them."""
    if not access.can_view_measurements:
        return []
    return due_waves([access.family])  # the family (and its team) the access already loaded


def queue_due_waves(team_ids: list[int], today: dt.date) -> list[DueWave]:
    """The coordinators' queue: due and overdue waves of the lead's teams' open families."""
    return due_waves(Family.objects.filter(team_id__in=team_ids, status__in=ACTIVE_STATUSES), today)
