"""Aggregates for the steering group and the national evaluator: counts, never persons."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from accounts.models import Municipality
from families.models import Family

# Any cell that describes this many persons or fewer is suppressed.
SUPPRESS_AT_OR_BELOW = 3
HIDDEN = "·"


def suppress(count: int) -> str:
    return f"≤{SUPPRESS_AT_OR_BELOW}" if 0 < count <= SUPPRESS_AT_OR_BELOW else str(count)


@dataclass(frozen=True)
class StatusRow:
    municipality: str
    counts: list[str]  # one cell per Family.Status, suppressed
    total: str


def families_by_status(municipality_ids: list[int] | None) -> list[StatusRow]:
    """Families per municipality and status, in one query."""
    municipalities: QuerySet[Municipality] = Municipality.objects.all()
    if municipality_ids is not None:
        municipalities = municipalities.filter(pk__in=municipality_ids)
    counts: dict[tuple[int, str], int] = {
        (row["municipality_id"], row["status"]): row["n"]
        for row in Family.objects.filter(municipality__in=municipalities)
        .values("municipality_id", "status")
        .annotate(n=Count("pk"))
    }
    rows = []
    for municipality in municipalities:
        cells = [counts.get((municipality.pk, status), 0) for status in Family.Status.values]
        shown = [suppress(n) for n in cells]
        total = sum(cells)
        # An exact total next to a hidden cell would give the hidden count away: hide it too.
        any_hidden = any(0 < n <= SUPPRESS_AT_OR_BELOW for n in cells)
        rows.append(
            StatusRow(
                municipality=municipality.name,
                counts=shown,
                total=HIDDEN if any_hidden and total > SUPPRESS_AT_OR_BELOW else suppress(total),
            )
        )
    return rows
