"""Aggregates for the steering group and the national evaluator: counts, never persons."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from accounts.models import Municipality
from families.models import Family
from screening.models import Referral

# Any cell that describes this many persons or fewer is suppressed.
SUPPRESS_AT_OR_BELOW = 3
HIDDEN = "·"


def suppress(count: int) -> str:
    return f"≤{SUPPRESS_AT_OR_BELOW}" if 0 < count <= SUPPRESS_AT_OR_BELOW else str(count)


@dataclass(frozen=True)
class CountRow:
    municipality: str
    counts: list[str]  # one suppressed cell per column
    total: str


@dataclass(frozen=True)
class CountTable:
    columns: list[str]
    rows: list[CountRow]


def _municipalities(municipality_ids: list[int] | None) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.all()
    if municipality_ids is not None:
        municipalities = municipalities.filter(pk__in=municipality_ids)
    return municipalities


def _table(
    municipalities: QuerySet[Municipality],
    counted: QuerySet,
    *,
    municipality_path: str,
    field: str,
    choices: list[tuple[str, str]],
) -> CountTable:
    """One row per municipality, one suppressed cell per choice of `field`, in one query."""
    counts: dict[tuple[int, str], int] = {
        (row[municipality_path], row[field]): row["n"]
        for row in counted.filter(**{f"{municipality_path}__in": municipalities})
        .values(municipality_path, field)
        .annotate(n=Count("pk"))
    }
    rows = []
    for municipality in municipalities:
        cells = [counts.get((municipality.pk, value), 0) for value, _label in choices]
        total = sum(cells)
        # An exact total next to a hidden cell would give the hidden count away: hide it too.
        any_hidden = any(0 < n <= SUPPRESS_AT_OR_BELOW for n in cells)
        rows.append(
            CountRow(
                municipality=municipality.name,
                counts=[suppress(n) for n in cells],
                total=HIDDEN if any_hidden and total > SUPPRESS_AT_OR_BELOW else suppress(total),
            )
        )
    return CountTable(columns=[str(label) for _value, label in choices], rows=rows)


def families_by_status(municipality_ids: list[int] | None) -> CountTable:
    return _table(
        _municipalities(municipality_ids),
        Family.objects.all(),
        municipality_path="municipality_id",
        field="status",
        choices=Family.Status.choices,
    )


def referrals_by_source(municipality_ids: list[int] | None) -> CountTable:
    return _table(
        _municipalities(municipality_ids),
        Referral.objects.all(),
        municipality_path="team__municipality_id",
        field="source",
        choices=Referral.Source.choices,
    )


def referrals_by_status(municipality_ids: list[int] | None) -> CountTable:
    return _table(
        _municipalities(municipality_ids),
        Referral.objects.all(),
        municipality_path="team__municipality_id",
        field="status",
        choices=Referral.Status.choices,
    )
