"""Aggregates for the steering group and the national evaluator: counts, never persons.

Each function runs a fixed number of grouped queries (the number of rows they return grows with
teams and categories, never with persons) and feeds `evaluation.figures.Page`, which suppresses
everything the page shows together. Which date splits a figure before/after the cut-off:
families (and what is counted per family) by the day the family was registered, referrals by the
day they were received, measurements by the answer date (a person by the date of the furthest
wave counted), reassessments and due measurements by their due date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import Municipality, Team
from actionplans.models import ActionPlan, OfferType, PlanOffer, Reassessment
from evaluation import fidelity, instruments
from evaluation.figures import (
    AFTER,
    BEFORE,
    TOTAL,
    WHOLE,
    CountKey,
    Organisation,
    Page,
)
from evaluation.models import (
    FamilyDueCounts,
    FidelityRound,
    Measurement,
    MunicipalityTarget,
    PersonWaves,
    QuarterlyReport,
    SspLevelRecord,
)
from evaluation.models.reports import DEFAULT_TARGET_PERCENT
from evaluation.person_waves import (
    MEASUREMENT_GRACE_DAYS as MEASUREMENT_GRACE_DAYS,  # the dashboard's note quotes it
)
from evaluation.person_waves import (
    PROGRESSION_INSTRUMENTS,
    STATUS_VARIABLES,
    status_flags,
)
from evaluation.scoring import HIGHER_IS_BETTER
from families.models import (
    ACTIVE_STATUSES,
    ErasedFamily,
    Family,
    FamilyStatusChange,
    Member,
)
from screening.models import Referral, VisitationDecision

_M = TypeVar("_M", bound=Model)
FAR_FUTURE = dt.date(9999, 12, 31)
DIRECTIONS = ("improved", "unchanged", "worsened")


@dataclass(frozen=True)
class Filters:
    """What the page counts: which teams, and whether to split at a cut-off date."""

    municipality_ids: list[int] | None  # None = every municipality (the evaluator)
    team_id: int | None = None
    cut_off: dt.date | None = None
    until: dt.date | None = None  # count nothing after this day (a report's quarter end)


def organisation_for(municipality_ids: list[int] | None, *, national: bool) -> Organisation:
    municipalities = Municipality.objects.order_by("name")
    teams = Team.objects.order_by("municipality__name", "name")
    if municipality_ids is not None:
        municipalities = municipalities.filter(pk__in=municipality_ids)
        teams = teams.filter(municipality_id__in=municipality_ids)
    return Organisation(
        municipalities=dict(municipalities.values_list("pk", "name")),
        teams={
            pk: (mun, name) for pk, mun, name in teams.values_list("pk", "municipality_id", "name")
        },
        national=national,
    )


def team_capacities(team_ids: Iterable[int]) -> dict[int, int]:
    return dict(Team.objects.filter(pk__in=list(team_ids)).values_list("pk", "capacity"))


# --- Helpers ----------------------------------------------------------------------------------


def _period(field: str, cut_off: dt.date | None) -> Case | Value:
    if cut_off is None:
        return Value(WHOLE)
    return Case(
        When(**{f"{field}__lt": cut_off}, then=Value(BEFORE)),
        default=Value(AFTER),
        output_field=CharField(),
    )


def _python_period(day: dt.date | None, cut_off: dt.date | None) -> str:
    if cut_off is None:
        return WHOLE
    return BEFORE if day is not None and day < cut_off else AFTER


def _until(queryset: QuerySet[_M], field: str, until: dt.date | None) -> QuerySet[_M]:
    return queryset if until is None else queryset.filter(**{f"{field}__lte": until})


def _counts(rows: Iterable[Mapping[str, Any]], column: str) -> dict[CountKey, int]:
    counts: dict[CountKey, int] = defaultdict(int)
    for row in rows:
        counts[(row["team_id"], row["period"], str(row[column]))] += row["n"]
    return counts


def _families(org: Organisation, filters: Filters) -> QuerySet[Family]:
    families = Family.objects.filter(team_id__in=list(org.teams))
    return _until(families, "created_at__date", filters.until)


# --- Families and referrals ------------------------------------------------------------------


def _status_on(until: dt.date) -> Coalesce:
    """A family's stage at the end of `until` (a report's quarter end), from its dated status
    changes: the last change by then, else the stage the first later change left, else (a family
    with no recorded change) its stage today."""
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    changes = FamilyStatusChange.objects.filter(family_id=OuterRef("pk"))
    by_then = changes.filter(changed_at__lt=end).order_by("-changed_at", "-pk")
    later = changes.filter(changed_at__gte=end).exclude(from_status="")
    return Coalesce(
        Subquery(by_then.values("to_status")[:1]),
        Subquery(later.order_by("changed_at", "pk").values("from_status")[:1]),
        F("status"),
        output_field=CharField(),
    )


def add_families(page: Page, filters: Filters) -> None:
    """Families by stage (today's, or at `until`), with the erased families' tombstones: an
    aggregate count is no personal data, so a family erased after its retention period still
    counts as registered and ended (`ErasedFamily` keeps its team, dates and final stage)."""
    families = _families(page.organisation, filters)
    if filters.until is not None:
        families = families.annotate(stage=_status_on(filters.until))
    else:
        families = families.annotate(stage=F("status"))
    rows = (
        families.annotate(day=TruncDate("created_at"))
        .annotate(period=_period("day", filters.cut_off))
        .values("team_id", "stage", "period")
        .annotate(n=Count("pk"))
        .order_by()  # SQLite allows no ORDER BY inside a UNION
    )
    # A tombstone's stage is known only once it ended (an erased family ended years earlier
    # than any quarter a report is made again for, so this leaves out none in practice).
    erased = _until(
        _until(
            ErasedFamily.objects.filter(team_id__in=list(page.organisation.teams)),
            "created_on",
            filters.until,
        ),
        "ended_on",
        filters.until,
    )
    rows = rows.union(
        erased.annotate(stage=F("status"), period=_period("created_on", filters.cut_off))
        .values("team_id", "stage", "period")
        .annotate(n=Count("pk"))
        .order_by(),
        all=True,
    )
    counts = _counts(rows, "stage")
    page.add_counts(
        "families",
        [f"status:{value}" for value in Family.Status.values],
        {(team, period, f"status:{status}"): n for (team, period, status), n in counts.items()},
        partition=True,
    )
    active = [f"status:{value}" for value in Family.Status.values if value in ACTIVE_STATUSES]
    active_counts: dict[CountKey, int] = defaultdict(int)
    for (team, period, status), n in counts.items():
        if f"status:{status}" in active:
            active_counts[(team, period, "active")] += n
    page.add_counts("families", ["active"], active_counts, partition=False)
    page.relate_columns("families", "active", active)


def add_referrals(page: Page, filters: Filters) -> None:
    referrals = _until(
        Referral.objects.filter(team_id__in=list(page.organisation.teams)),
        "received_on",
        filters.until,
    ).annotate(period=_period("received_on", filters.cut_off))
    for field, choices in (("status", Referral.Status), ("source", Referral.Source)):
        counts = _counts(
            referrals.values("team_id", "period", field).annotate(n=Count("pk")), field
        )
        page.add_counts(
            "referrals",
            [f"{field}:{value}" for value in choices.values],
            {(team, period, f"{field}:{value}"): n for (team, period, value), n in counts.items()},
            partition=True,
        )


def decision_days(page: Page, filters: Filters) -> dict[tuple[int, str], list[float]]:
    """Days from referral to the first final visitation decision, per team and period."""
    rows = _until(
        VisitationDecision.objects.filter(
            referral__team_id__in=list(page.organisation.teams)
        ).exclude(outcome=VisitationDecision.Outcome.WAIT_LIST),
        "referral__received_on",
        filters.until,
    ).values("referral_id", "referral__team_id", "referral__received_on", "meeting__held_on")
    first: dict[int, tuple[int, dt.date, dt.date]] = {}
    for row in rows:
        held = row["meeting__held_on"]
        known = first.get(row["referral_id"])
        if known is None or held < known[2]:
            first[row["referral_id"]] = (
                row["referral__team_id"],
                row["referral__received_on"],
                held,
            )
    days: dict[tuple[int, str], list[float]] = defaultdict(list)
    counts: dict[CountKey, int] = defaultdict(int)
    for team, received, held in first.values():
        period = _python_period(received, filters.cut_off)
        days[(team, period)].append(float((held - received).days))
        counts[(team, period, TOTAL)] += 1
    page.add_counts("decided_referrals", [TOTAL], counts, partition=False)
    return days


def add_reassessments(page: Page, filters: Filters) -> None:
    """Completed reassessments: held by the due date (three months after the last) or late."""
    rows = (
        _until(
            Reassessment.objects.filter(
                plan__family__team_id__in=list(page.organisation.teams),
                status=Reassessment.Status.COMPLETED,
            ),
            "due_on",
            filters.until,
        )
        .annotate(
            period=_period("due_on", filters.cut_off),
            timing=Case(
                When(Q(held_on__isnull=False, held_on__lte=F("due_on")), then=Value("on_time")),
                When(Q(held_on__isnull=True, completed_on__lte=F("due_on")), then=Value("on_time")),
                default=Value("late"),
                output_field=CharField(),
            ),
        )
        .values("plan__family__team_id", "period", "timing")
        .annotate(n=Count("pk"))
    )
    counts: dict[CountKey, int] = defaultdict(int)
    for row in rows:
        counts[(row["plan__family__team_id"], row["period"], row["timing"])] += row["n"]
    page.add_counts("reassessments", ["on_time", "late"], counts, partition=True)


def add_due_measurements(page: Page, filters: Filters) -> None:
    """Measurements with a due date: recorded as answered within the grace days, or not (from
    the families' due-date counts the measurement services keep, evaluation.person_waves)."""
    rows = (
        _until(
            FamilyDueCounts.objects.filter(team_id__in=list(page.organisation.teams)),
            "due_on",
            filters.until,
        )
        .annotate(period=_period("due_on", filters.cut_off))
        .values("team_id", "period")
        .annotate(on_time=Sum("on_time"), late=Sum("late"))
    )
    counts: dict[CountKey, int] = defaultdict(int)
    for row in rows:
        counts[(row["team_id"], row["period"], "on_time")] += row["on_time"]
        counts[(row["team_id"], row["period"], "late")] += row["late"]
    page.add_counts("due_measurements", ["on_time", "late"], counts, partition=True)


# --- Offers ------------------------------------------------------------------------------------


def add_offers(page: Page, filters: Filters) -> None:
    """Families with an action plan, and of those the families with an offer of each category."""
    families = _families(page.organisation, filters).annotate(
        day=TruncDate("created_at"), period=_period("day", filters.cut_off)
    )
    with_plan = (
        families.filter(pk__in=ActionPlan.objects.values("family_id"))
        .values("team_id", "period")
        .annotate(n=Count("pk"))
    )
    page.add_counts(
        "families_with_plan",
        [TOTAL],
        {(row["team_id"], row["period"], TOTAL): row["n"] for row in with_plan},
        partition=False,
    )
    counts: dict[CountKey, int] = {}
    for category in OfferType.Category.values:
        offered = PlanOffer.objects.filter(offer_type__category=category).values("plan__family_id")
        for row in (
            families.filter(pk__in=offered).values("team_id", "period").annotate(n=Count("pk"))
        ):
            counts[(row["team_id"], row["period"], f"offer:{category}")] = row["n"]
    page.add_counts(
        "families_with_plan_offers",
        [f"offer:{category}" for category in OfferType.Category.values],
        counts,
        partition=False,
    )


# --- Measurements: programme status (seed 001 table A-2) and progression ---------------------


def _team_filter_sql(org: Organisation, alias: str = "s") -> tuple[str, list[int]]:
    ids = list(org.teams) or [0]
    return f"{alias}.team_id IN (" + ", ".join(["%s"] * len(ids)) + ")", ids


# The measurement figures read `PersonWaves`, one row per measured person that the measurement
# services keep up to date (evaluation/person_waves.py): a fixed number of grouped queries over
# persons instead of over every measurement row. Each date is compared with `until` in the query,
# so a report counts only what was answered by its quarter's end.
_SUMMARY_FROM = "evaluation_personwaves s"


def _within(column: str) -> str:
    """The column's date if it is on or before `until` (the parameter), else NULL."""
    return f"CASE WHEN s.{column} <= %s THEN s.{column} END"


def _period_sql(column: str) -> str:
    """'' when the date is NULL, else before/after the cut-off (the parameter)."""
    return f"CASE WHEN {column} IS NULL THEN '' WHEN {column} < %s THEN 'before' ELSE 'after' END"


def add_programme_status(page: Page, filters: Filters) -> None:
    """Persons with a background measurement, with wave 1 only, with waves 1 and 2 (children and
    parents apart; a person with both waves counts only under "both"): one grouped query, one
    pass over the summary for both audiences."""
    team_sql, team_params = _team_filter_sql(page.organisation)
    cut = filters.cut_off or FAR_FUTURE
    until = filters.until or FAR_FUTURE
    audiences = (instruments.CHILD, instruments.PARENT)
    inner = ", ".join(
        f"{_within(f'{a}_{wave}_on')} AS {a}_{wave}"
        for a in audiences
        for wave in ("background", "wave1", "wave2")
    )
    outer = []
    for a in audiences:
        outer += [
            _period_sql(f"{a}_background"),
            f"""CASE WHEN {a}_wave1 IS NOT NULL AND {a}_wave2 IS NOT NULL THEN 'both'
                     WHEN {a}_wave1 IS NOT NULL THEN 'wave1' ELSE '' END""",
            f"""CASE WHEN {a}_wave1 IS NULL THEN ''
                     WHEN {a}_wave2 IS NOT NULL THEN ({_period_sql(f"{a}_wave2")})
                     ELSE ({_period_sql(f"{a}_wave1")}) END""",
        ]
    counted = " OR ".join(f"{a}_background IS NOT NULL OR {a}_wave1 IS NOT NULL" for a in audiences)
    sql = f"""
        SELECT team_id, {", ".join(outer)}, COUNT(*)
        FROM (SELECT s.team_id AS team_id, {inner} FROM {_SUMMARY_FROM} WHERE {team_sql}) persons
        WHERE {counted}
        GROUP BY {", ".join(str(n) for n in range(1, len(outer) + 2))}
    """
    params = [cut, cut, cut] * len(audiences) + [until] * 3 * len(audiences) + team_params
    counts: dict[str, dict[CountKey, int]] = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for team, *columns, n in cursor.fetchall():
            for position, audience in enumerate(audiences):
                bg_period, progression, progression_period = columns[
                    3 * position : 3 * position + 3
                ]
                if bg_period:
                    period = bg_period if filters.cut_off else WHOLE
                    counts[f"{audience}:background"][(team, period, TOTAL)] += n
                if progression:
                    period = progression_period if filters.cut_off else WHOLE
                    counts[f"{audience}:waves"][(team, period, progression)] += n
    for audience in audiences:
        page.add_counts(
            f"{audience}_background", [TOTAL], counts[f"{audience}:background"], partition=False
        )
        # "wave 1 only" and "both" are disjoint; their sum is a count readers can add up.
        page.add_counts(
            f"{audience}_progression",
            ["wave1", "both"],
            counts[f"{audience}:waves"],
            partition=True,
        )


@dataclass
class ScoreSums:
    wave1: dict[tuple[int, str, str], int]  # (team, period, instrument) → sum of wave-1 scores
    wave2: dict[tuple[int, str, str], int]


def add_progression(page: Page, filters: Filters) -> ScoreSums:
    """Per instrument, only persons with a score at both wave 1 and wave 2: n, improved /
    unchanged / worsened and the sums behind the two means; one grouped query, one pass over
    the summary for every instrument."""
    team_sql, team_params = _team_filter_sql(page.organisation)
    cut = filters.cut_off or FAR_FUTURE
    until = filters.until or FAR_FUTURE
    inner, outer, sums_sql = [], [], []
    for code in PROGRESSION_INSTRUMENTS:
        paired = f"s.{code}_wave1_on <= %s AND s.{code}_wave2_on <= %s"
        inner += [
            f"CASE WHEN {paired} THEN s.{code}_wave1 END AS {code}_s1",
            f"CASE WHEN {paired} THEN s.{code}_wave2 END AS {code}_s2",
            f"CASE WHEN {paired} THEN s.{code}_wave2_on END AS {code}_d2",
        ]
        better = "<" if not HIGHER_IS_BETTER[code] else ">"
        outer += [
            _period_sql(f"{code}_d2"),
            f"""CASE WHEN {code}_s1 IS NULL THEN '' WHEN {code}_s2 = {code}_s1 THEN 'unchanged'
                     WHEN {code}_s2 {better} {code}_s1 THEN 'improved' ELSE 'worsened' END""",
        ]
        sums_sql += [f"SUM({code}_s1)", f"SUM({code}_s2)"]
    sql = f"""
        SELECT team_id, {", ".join(outer)}, COUNT(*), {", ".join(sums_sql)}
        FROM (SELECT s.team_id AS team_id, {", ".join(inner)} FROM {_SUMMARY_FROM}
              WHERE {team_sql}) persons
        WHERE {" OR ".join(f"{code}_s1 IS NOT NULL" for code in PROGRESSION_INSTRUMENTS)}
        GROUP BY {", ".join(str(n) for n in range(1, len(outer) + 2))}
    """
    params = [cut] * len(PROGRESSION_INSTRUMENTS) + [until] * 6 * len(PROGRESSION_INSTRUMENTS)
    counts: dict[str, dict[CountKey, int]] = defaultdict(dict)
    sums = ScoreSums(wave1=defaultdict(int), wave2=defaultdict(int))
    width = len(outer)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *team_params])
        for team, *columns in cursor.fetchall():
            n = columns[width]
            for position, code in enumerate(PROGRESSION_INSTRUMENTS):
                period, direction = columns[2 * position : 2 * position + 2]
                if not direction:
                    continue
                period = period if filters.cut_off else WHOLE
                known = counts[code].get((team, period, direction), 0)
                counts[code][(team, period, direction)] = known + n
                sum1, sum2 = columns[width + 1 + 2 * position : width + 3 + 2 * position]
                sums.wave1[(team, period, code)] += int(sum1)
                sums.wave2[(team, period, code)] += int(sum2)
    for code in PROGRESSION_INSTRUMENTS:
        page.add_counts(f"paired:{code}", list(DIRECTIONS), counts[code], partition=True)
    return sums


def add_status_variables(page: Page, filters: Filters) -> None:
    """Children with the status questions at both wave 1 and wave 2: yes/no per variable and wave,
    each variable counted over the children who answered it at both waves (one grouped query)."""
    flag_columns = [
        f"s.status_wave{wave}_{variable}" for wave in (1, 2) for variable in STATUS_VARIABLES
    ]
    summary = PersonWaves.objects.filter(
        team_id__in=list(page.organisation.teams),
        status_wave1_on__isnull=False,
        status_wave2_on__isnull=False,
    )
    if filters.until is not None:
        summary = summary.filter(
            status_wave1_on__lte=filters.until, status_wave2_on__lte=filters.until
        )
    fields = [column.removeprefix("s.") for column in flag_columns]
    rows = (
        summary.annotate(period=_period("status_wave2_on", filters.cut_off))
        .values("team_id", "period", *fields)
        .annotate(n=Count("pk"))
    )
    counts: dict[str, dict[CountKey, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        team, period, n = row["team_id"], row["period"], row["n"]
        for variable in STATUS_VARIABLES:
            first = row[f"status_wave1_{variable}"]
            second = row[f"status_wave2_{variable}"]
            if first is None or second is None:
                continue
            counts[variable][(team, period, f"w1:{'yes' if first else 'no'}")] += n
            counts[variable][(team, period, f"w2:{'yes' if second else 'no'}")] += n
    for variable in STATUS_VARIABLES:
        for wave_code in ("w1", "w2"):
            page.add_counts(
                f"status:{variable}",
                [f"{wave_code}:yes", f"{wave_code}:no"],
                {key: n for key, n in counts[variable].items() if key[2].startswith(wave_code)},
                partition=True,
            )


# --- Partnership targets ----------------------------------------------------------------------


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def add_targets(page: Page, filters: Filters) -> None:
    """Families whose SSP level improved since inclusion (of those with a level at inclusion and a
    later one), and target children in school, education or work (latest status answer)."""
    families = _families(page.organisation, filters).filter(
        referrals__status=Referral.Status.INCLUDED, referrals__ssp_level__isnull=False
    )
    # Family → (team, day registered, SSP level at inclusion): only the families that count.
    included = {
        pk: (team, created_at, level)
        for pk, team, created_at, level in families.values("pk")
        .annotate(level=Max("referrals__ssp_level"))
        .values_list("pk", "team_id", "created_at", "level")
    }
    latest: dict[int, dict[int, tuple[dt.date, int]]] = defaultdict(dict)
    records = _until(
        SspLevelRecord.objects.filter(family_id__in=list(included)),
        "assessed_on",
        filters.until,
    ).values_list("family_id", "member_id", "assessed_on", "level")
    for family_id, member_id, assessed_on, level in records:
        known = latest[family_id].get(member_id)
        if known is None or assessed_on > known[0]:
            latest[family_id][member_id] = (assessed_on, level)
    ssp: dict[CountKey, int] = defaultdict(int)
    for family_id, members in latest.items():
        now = max(level for _day, level in members.values())
        team, created_at, at_inclusion = included[family_id]
        period = _python_period(created_at.date(), filters.cut_off)
        ssp[(team, period, "improved" if now < at_inclusion else "not_improved")] += 1
    page.add_counts("ssp_target", ["improved", "not_improved"], ssp, partition=True)
    page.add_counts("school_target", ["yes", "no"], _school_counts(page, filters), partition=True)


def _school_counts(page: Page, filters: Filters) -> dict[CountKey, int]:
    """Target children by their newest status answer (answered by `until`): in school, education
    or work or not; a family by the day it was registered (its UTC date, as before the summary)."""
    children = _until(
        PersonWaves.objects.filter(
            team_id__in=list(page.organisation.teams),
            member__role=Member.Role.TARGET_CHILD,
            latest_status_wave__isnull=False,
        ),
        "family_created_at__date",
        filters.until,
    )
    if filters.cut_off is None:
        period: Case | Value = Value(WHOLE)
    else:
        period = Case(
            When(family_created_at__lt=_utc_midnight(filters.cut_off), then=Value(BEFORE)),
            default=Value(AFTER),
            output_field=CharField(),
        )
    newest_in_time = children
    if filters.until is not None:
        newest_in_time = children.filter(latest_status_on__lte=filters.until)
    school: dict[CountKey, int] = defaultdict(int)
    for row in (
        newest_in_time.filter(latest_status_school__isnull=False)
        .annotate(period=period)
        .values("team_id", "period", "latest_status_school")
        .annotate(n=Count("pk"))
    ):
        answer = "yes" if row["latest_status_school"] else "no"
        school[(row["team_id"], row["period"], answer)] += row["n"]
    if filters.until is None:
        return school
    # A report's quarter end before a child's newest answer: that child's newest answer by then,
    # from the measurements (only these children; few unless the quarter is long past).
    later = Measurement.objects.filter(
        member_id__in=children.filter(latest_status_on__gt=filters.until).values("member_id"),
        instrument=instruments.CHILD_STATUS,
        outcome=Measurement.Outcome.ANSWERED,
        answered_on__lte=filters.until,
    ).values_list("member_id", "family__team_id", "family__created_at", "wave", "answers")
    newest: dict[int, tuple[int, dt.datetime, int, dict[str, int]]] = {}
    for member_id, team, created_at, wave, answers in later:
        if member_id not in newest or wave > newest[member_id][2]:
            newest[member_id] = (team, created_at, wave, answers or {})
    for team, created_at, _wave, answers in newest.values():
        flag = status_flags(answers)["school"]
        if flag is not None:
            period_code = _python_period(created_at.date(), filters.cut_off)
            school[(team, period_code, "yes" if flag else "no")] += 1
    return school


def targets_for(municipality_ids: Iterable[int]) -> dict[int, MunicipalityTarget | None]:
    found = {
        target.municipality_id: target
        for target in MunicipalityTarget.objects.filter(municipality_id__in=list(municipality_ids))
    }
    return {pk: found.get(pk) for pk in municipality_ids}


def target_percent(target: MunicipalityTarget | None, field: str) -> int:
    return getattr(target, field) if target else DEFAULT_TARGET_PERCENT


# --- Fidelity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FidelityRow:
    municipality_id: int
    municipality: str
    answered_on: dt.date
    indices: dict[str, float | None]


def fidelity_rounds(
    municipality_ids: list[int] | None, until: dt.date | None = None
) -> list[FidelityRow]:
    rounds = FidelityRound.objects.select_related("municipality").order_by(
        "municipality__name", "answered_on"
    )
    if municipality_ids is not None:
        rounds = rounds.filter(municipality_id__in=municipality_ids)
    if until is not None:
        rounds = rounds.filter(answered_on__lte=until)
    return [
        FidelityRow(
            municipality_id=round_.municipality_id,
            municipality=round_.municipality.name,
            answered_on=round_.answered_on,
            indices=fidelity.phase_indices(round_.answers),
        )
        for round_ in rounds
    ]


def fidelity_round_list(municipality_id: int) -> QuerySet[FidelityRound]:
    return (
        FidelityRound.objects.filter(municipality_id=municipality_id)
        .select_related("recorded_by")
        .order_by("-answered_on")
    )


def get_fidelity_round(municipality_id: int, pk: int) -> FidelityRound | None:
    return FidelityRound.objects.filter(municipality_id=municipality_id, pk=pk).first()


def municipality(municipality_id: int) -> Municipality:
    """The municipality an aggregate page is about (its id comes from families.access)."""
    return Municipality.objects.get(pk=municipality_id)


def quarterly_reports(municipality: Municipality) -> QuerySet[QuarterlyReport]:
    """The municipality's stored quarterly reports, without their PDF bytes."""
    return QuarterlyReport.objects.filter(municipality=municipality).defer("pdf")


def quarterly_report(municipality: Municipality, pk: int) -> QuarterlyReport | None:
    return QuarterlyReport.objects.filter(municipality=municipality, pk=pk).first()
