"""Queries for the measurement pages: each page runs a fixed number of queries.

Who is measured: the target children in the programme (as children) and the parents and custody
holders (as parents). The waves a family owes follow from its inclusion date — the day it entered
the programme (its first change to "included") — and, for an ended family, the day it ended.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from actionplans.rules import DUE_SOON_DAYS
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
from evaluation.models import Measurement, MeasurementDue, MeasurementWording
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


# Due and overdue waves across families: the queue, the overview, "my work" and the daily
# reminders. They read the stored next owed wave of each family (MeasurementDue, kept by
# evaluation.measurement_due) with SQL filters, order and LIMIT: the same cost at any team size.
QUEUE_ROWS = 25


@dataclass(frozen=True)
class DueWave:
    family: Family
    wave: int
    due_on: dt.date
    state: str  # overdue, due (within 14 days) or later
    missing: int  # persons without a recorded outcome for every instrument of the wave

    @property
    def label(self) -> str:
        return wave_label(self.wave)

    @property
    def is_overdue(self) -> bool:
        return self.state == "overdue"


@dataclass(frozen=True)
class DuePage:
    """The first rows, soonest first, and how many there are in all."""

    rows: list[DueWave]
    total: int

    def __iter__(self) -> Iterator[DueWave]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _due_wave(due: MeasurementDue, family: Family, today: dt.date) -> DueWave:
    return DueWave(
        family=family,
        wave=due.wave,
        due_on=due.due_on,
        state=state(due.due_on, today),
        missing=due.missing,
    )


def owed_by(today: dt.date) -> Q:
    """The stored next waves that are overdue or due within 14 days, of open families."""
    return Q(is_active=True, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))


def family_due_waves(access: FamilyAccess) -> list[DueWave]:
    """The family overview's block: its next wave when due or overdue (1 query), for those who
    may see measurements. Closed families keep the waves they owed before closing."""
    if not access.can_view_measurements:
        return []
    today = timezone.localdate()
    due = MeasurementDue.objects.filter(
        family=access.family, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
    ).first()
    return [] if due is None else [_due_wave(due, access.family, today)]


def team_due(team_ids: list[int], today: dt.date) -> QuerySet[MeasurementDue]:
    """The lead's teams' open families owing a wave now, soonest first (the index
    measurement_due_team_due serves filter and order; the family's own team is checked too)."""
    return (
        MeasurementDue.objects.filter(owed_by(today), team_id__in=team_ids)
        .filter(family__team_id__in=team_ids, family__status__in=ACTIVE_STATUSES)
        .order_by("due_on", "family_id")
    )


def queue_due_waves(team_ids: list[int], today: dt.date) -> DuePage:
    """The coordinators' queue: the 25 soonest due or overdue waves of the lead's teams' open
    families and how many there are (2 queries)."""
    due = team_due(team_ids, today)
    rows = [_due_wave(one, one.family, today) for one in due.select_related("family")[:QUEUE_ROWS]]
    return DuePage(rows=rows, total=due.count())


def reminders_due(today: dt.date) -> list[DueWave]:
    """Every open family's next wave due within 14 days or overdue, for the daily reminder."""
    due = (
        MeasurementDue.objects.filter(owed_by(today), family__status__in=ACTIVE_STATUSES)
        .select_related("family")
        .order_by("due_on", "family_id")
    )
    return [_due_wave(one, one.family, today) for one in due]
