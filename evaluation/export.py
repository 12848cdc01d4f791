"""The national evaluator's pseudonymised export of measurement rows, streamed.

One row per measurement (answered or not). A person and a family appear under pseudonyms keyed by
the evaluator's own secret (the same in every export of that evaluator, different for any other).
Never a CPR number, a name, an address, a birth date or an answer date: the age in whole years at
the answer date, gender, origin category, municipality code, the family's status and the wave stand
in for them (issue 10 lists exactly these fields; the answer date is read only to compute the age).
Rows are read from the database in chunks and written as they come: no list of all rows is held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from config.csv import CsvWriter
from evaluation import instruments
from evaluation.models import Measurement
from evaluation.services import pseudonym
from families.cpr import age_on

CHUNK_SIZE = 2000

# Every item code of every instrument, in the instruments' order, without repeats.
ITEM_CODES: tuple[str, ...] = tuple(
    dict.fromkeys(item.code for spec in instruments.INSTRUMENTS for item in spec.items)
)
FIXED_COLUMNS = (
    "person",
    "family",
    "municipality_code",
    "family_status",
    "role",
    "measured_as",
    "gender",
    "origin",
    "age_at_answer",
    "wave",
    "instrument",
    "outcome",
    "not_answered_reason",
    "respondent",
    "score",
    "no_score_reason",
)
COLUMNS = (*FIXED_COLUMNS, *(f"item_{code}" for code in ITEM_CODES))


@dataclass(frozen=True)
class ExportFilters:
    municipality_id: int | None = None
    instrument: str = ""
    answered_from: dt.date | None = None
    answered_to: dt.date | None = None

    def describe(self) -> str:
        parts = [
            f"municipality={self.municipality_id or 'all'}",
            f"instrument={self.instrument or 'all'}",
            f"from={self.answered_from or '-'}",
            f"to={self.answered_to or '-'}",
        ]
        return "evaluation export " + " ".join(parts)


def export_rows(filters: ExportFilters) -> QuerySet[Measurement, tuple[Any, ...]]:
    """Only the columns the export may contain; names, CPR, address and birth date stay behind
    (the birth date is read to compute an age when the row has none, and never written)."""
    rows = Measurement.objects.all()
    if filters.municipality_id is not None:
        rows = rows.filter(family__municipality_id=filters.municipality_id)
    if filters.instrument:
        rows = rows.filter(instrument=filters.instrument)
    if filters.answered_from:
        rows = rows.filter(answered_on__gte=filters.answered_from)
    if filters.answered_to:
        rows = rows.filter(answered_on__lte=filters.answered_to)
    return rows.order_by("pk").values_list(
        "member_id",
        "family_id",
        "family__municipality__code",
        "family__status",
        "member__role",
        "audience",
        "member__gender",
        "member__origin",
        "age_at_answer",
        "member__birth_date",
        "wave",
        "instrument",
        "answered_on",
        "outcome",
        "reason",
        "respondent",
        "score",
        "no_score_reason",
        "answers",
    )


class _Line:
    """A stream the CSV writer writes one line into, taken out after each row."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def take(self) -> str:
        text, self.text = self.text, ""
        return text


def stream_csv(filters: ExportFilters, key: bytes) -> Iterator[str]:
    line = _Line()
    writer = CsvWriter(line)
    yield "\ufeff"
    writer.writerow(COLUMNS)
    yield line.take()
    for row in export_rows(filters).iterator(chunk_size=CHUNK_SIZE):
        (
            member_id,
            family_id,
            municipality_code,
            family_status,
            role,
            audience,
            gender,
            origin,
            age,
            birth_date,
            wave,
            instrument,
            answered_on,
            outcome,
            reason,
            respondent,
            score,
            no_score_reason,
            answers,
        ) = row
        if age is None and birth_date is not None:
            age = age_on(birth_date, answered_on)
        answers = answers or {}
        writer.writerow(
            [
                pseudonym(key, "person", member_id),
                pseudonym(key, "family", family_id),
                municipality_code,
                family_status,
                role,
                audience,
                gender,
                origin,
                "" if age is None else age,
                wave,
                instrument,
                outcome,
                reason,
                respondent,
                "" if score is None else score,
                no_score_reason,
                *("" if answers.get(code) is None else answers[code] for code in ITEM_CODES),
            ]
        )
        yield line.take()
