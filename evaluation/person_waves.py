"""Keeping `PersonWaves` (the dashboards' per-person summary of measurements) equal to what the
measurements say.

`summarise` is pure: a person's measurement facts in, the summary's field values out. `refresh`
recomputes the rows of some members from their measurements (the services call it in the same
transaction as the measurement they save); `rebuild` recomputes every row (the management command
and migration 0004); `catch_up` refreshes the persons of measurements written around the services
since the last mark (the dashboards call it before they count). Refreshing is idempotent: the
same measurements give the same row however often and in whatever order it runs, which the tests
check as "rebuild == incremental".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Model,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from evaluation import instruments

STATUS_VARIABLES = ("school", "leisure_job", "leisure_activity", "police")
PROGRESSION_INSTRUMENTS = (instruments.KIDSCREEN10, instruments.WHO5, instruments.PSS)
ANSWERED = "answered"
CHUNK = 2000
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# A measurement counts as on time when answered at most this many days after it was due.
MEASUREMENT_GRACE_DAYS = 30
# What `summarise` reads of each measurement (a values_list in this order).
FACT_FIELDS = (
    "member_id",
    "family_id",
    "audience",
    "wave",
    "instrument",
    "outcome",
    "answered_on",
    "score",
    "answers",
    "family__team_id",
    "family__created_at",
)


@dataclass(frozen=True)
class Fact:
    member_id: int
    family_id: int
    audience: str
    wave: int
    instrument: str
    outcome: str
    answered_on: dt.date
    score: int | None
    answers: Mapping[str, int] | None
    team_id: int
    family_created_at: dt.datetime


def status_flags(answers: Mapping[str, int]) -> dict[str, bool | None]:
    """The child's status answers as the dashboards' yes/no variables (None = not answered)."""
    education = answers.get("education")
    activity = answers.get("leisure_activity")
    crimes = [answers.get(f"crime_6m_{code}") for code, _label in instruments.CRIME_TYPES]
    return {
        "school": None
        if education is None
        else education in instruments.IN_SCHOOL_EDUCATION_OR_WORK,
        "leisure_job": None if answers.get("leisure_job") is None else answers["leisure_job"] == 1,
        # At least once a week (seed 001 fig. 6-4: "1–2 times a week" and more).
        "leisure_activity": None if activity is None else activity >= 3,
        "police": None if all(c is None for c in crimes) else any(c == 1 for c in crimes),
    }


def summarise(facts: Iterable[Fact]) -> dict[str, Any]:
    """One member's summary fields from that member's measurements (any order)."""
    fields: dict[str, Any] = {}
    latest_status: Fact | None = None
    for fact in facts:
        fields.setdefault("family_id", fact.family_id)
        fields.setdefault("team_id", fact.team_id)
        fields.setdefault("family_created_at", fact.family_created_at)
        if fact.outcome != ANSWERED:
            continue
        if fact.wave <= 2:
            name = f"{fact.audience}_{('background', 'wave1', 'wave2')[fact.wave]}_on"
            known = fields.get(name)
            if known is None or fact.answered_on < known:
                fields[name] = fact.answered_on
        scored = fact.score is not None and fact.instrument in PROGRESSION_INSTRUMENTS
        if fact.wave in (1, 2) and scored:
            fields[f"{fact.instrument}_wave{fact.wave}"] = fact.score
            fields[f"{fact.instrument}_wave{fact.wave}_on"] = fact.answered_on
        if fact.instrument == instruments.CHILD_STATUS:
            flags = status_flags(fact.answers or {})
            if fact.wave in (1, 2):
                fields[f"status_wave{fact.wave}_on"] = fact.answered_on
                for variable in STATUS_VARIABLES:
                    fields[f"status_wave{fact.wave}_{variable}"] = flags[variable]
            if latest_status is None or fact.wave > latest_status.wave:
                latest_status = fact
    if latest_status is not None:
        fields["latest_status_wave"] = latest_status.wave
        fields["latest_status_on"] = latest_status.answered_on
        fields["latest_status_school"] = status_flags(latest_status.answers or {})["school"]
    return fields


def _models() -> tuple[type[Model], type[Model], type[Model]]:
    from evaluation.models import Measurement, PersonWaves, PersonWavesMark

    return Measurement, PersonWaves, PersonWavesMark


def _due_model() -> type[Model]:
    from evaluation.models import FamilyDueCounts

    return FamilyDueCounts


def _write_due(
    measurement_model: type[Model], due_model: type[Model], family_ids: list[int]
) -> None:
    """Recompute these families' due-date counts (three queries: count, drop due dates no
    measurement has any more, upsert)."""
    deadline = ExpressionWrapper(
        F("due_on") + dt.timedelta(days=MEASUREMENT_GRACE_DAYS), output_field=DateField()
    )
    rows = (
        measurement_model._default_manager.filter(family_id__in=family_ids, due_on__isnull=False)
        .values("family_id", "family__team_id", "due_on")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(outcome=ANSWERED, answered_on__lte=deadline)),
        )
    )
    due_model._default_manager.filter(family_id__in=family_ids).exclude(
        Exists(
            measurement_model._default_manager.filter(
                family_id=OuterRef("family_id"), due_on=OuterRef("due_on")
            )
        )
    ).delete()
    due_model._default_manager.bulk_create(
        (
            due_model(
                family_id=row["family_id"],
                team_id=row["family__team_id"],
                due_on=row["due_on"],
                on_time=row["on_time"],
                late=row["total"] - row["on_time"],
            )
            for row in rows
        ),
        update_conflicts=True,
        unique_fields=["family", "due_on"],
        update_fields=["team", "on_time", "late"],
    )


def _write(
    measurement_model: type[Model],
    summary_model: type[Model],
    member_ids: list[int],
) -> tuple[int, set[int]]:
    """Recompute the rows of these members: upsert those with a measurement, delete the rest
    (an upsert, so a dashboard's catch-up and a service refreshing the same person at once both
    end with the same row instead of a duplicate key)."""
    by_member: dict[int, list[Fact]] = defaultdict(list)
    rows = measurement_model._default_manager.filter(member_id__in=member_ids).values_list(
        *FACT_FIELDS
    )
    for values in rows:
        fact = Fact(*values)
        by_member[fact.member_id].append(fact)
    if set(member_ids) - set(by_member):
        summary_model._default_manager.filter(member_id__in=member_ids).exclude(
            member_id__in=list(by_member)
        ).delete()
    if not by_member:
        return 0, set()
    now = timezone.now()
    columns = [
        field.name
        for field in summary_model._meta.concrete_fields
        if field.name not in ("member", "family", "team", "family_created_at", "refreshed_at")
    ]
    empty = dict.fromkeys(columns)
    # Only the columns the model has (migration 0006's historical model has no team yet).
    known = {field.attname for field in summary_model._meta.concrete_fields}
    summary_model._default_manager.bulk_create(
        (
            summary_model(
                member_id=member_id,
                refreshed_at=now,
                **{
                    name: value
                    for name, value in {**empty, **summarise(facts)}.items()
                    if name in known
                },
            )
            for member_id, facts in by_member.items()
        ),
        update_conflicts=True,
        unique_fields=["member"],
        update_fields=[
            *columns,
            *(
                name
                for name in ("family", "team", "family_created_at")
                if f"{name}_id" in known or name in known
            ),
            "refreshed_at",
        ],
    )
    return len(by_member), {facts[0].family_id for facts in by_member.values()}


def refresh(member_ids: Iterable[int]) -> int:
    """Recompute these members' rows, and their families' due-date counts, from their
    measurements (call inside the write's transaction). Returns the number of rows written."""
    measurement, summary, _mark = _models()
    ids = sorted(set(member_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        count, families = _write(measurement, summary, ids[start : start + CHUNK])
        written += count
        if families:
            _write_due(measurement, _due_model(), sorted(families))
    return written


def _set_mark(mark_model: type[Model], through: dt.datetime | None) -> None:
    mark_model._default_manager.bulk_create(
        [mark_model(pk=1, changed_through=through)],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["changed_through"],
    )


def rebuild(
    *,
    measurement_model: type[Model] | None = None,
    summary_model: type[Model] | None = None,
    mark_model: type[Model] | None = None,
    due_model: type[Model] | None = None,
) -> int:
    """Recompute every row (the management command; migrations pass their historical models,
    and those before the due-date counts existed pass no `due_model`: then only the persons).
    Returns the number of persons summarised."""
    default_measurement, default_summary, default_mark = _models()
    measurement = measurement_model or default_measurement
    summary = summary_model or default_summary
    mark = mark_model or default_mark
    due = due_model if measurement_model is not None else _due_model()
    with transaction.atomic():
        through = measurement._default_manager.aggregate(last=Max("changed_at"))["last"]
        summary._default_manager.all().delete()
        if due is not None:
            due._default_manager.all().delete()
        member_ids = sorted(
            set(measurement._default_manager.values_list("member_id", flat=True).distinct())
        )
        written = 0
        for start in range(0, len(member_ids), CHUNK):
            count, families = _write(measurement, summary, member_ids[start : start + CHUNK])
            written += count
            if due is not None and families:
                _write_due(measurement, due, sorted(families))
        _set_mark(mark, through)
    return written


def catch_up() -> int:
    """Refresh the persons whose measurements changed after the mark (written around the
    services), then move the mark. One query when nothing changed (the usual case); four when
    something did. Measurements deleted one by one outside a member's or family's deletion are
    not seen here: `manage.py rebuild_person_waves` repairs that (no code path does it)."""
    measurement, _summary, mark_model = _models()
    mark = mark_model._default_manager.filter(pk=1).values("changed_through")
    since = Coalesce(Subquery(mark[:1]), Value(NEVER))
    rows = list(
        measurement._default_manager.filter(changed_at__gt=since).values_list(
            "member_id", "changed_at"
        )
    )
    if not rows:
        return 0
    with transaction.atomic(savepoint=False):
        written = refresh(member_id for member_id, _changed in rows)
        _set_mark(mark_model, max(changed_at for _member, changed_at in rows))
    return written
