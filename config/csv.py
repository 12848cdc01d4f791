"""The one CSV writer the product uses: spreadsheet formulas in cells are neutralised.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by Excel
and LibreOffice (CSV/formula injection, OWASP). Such cells get a leading apostrophe, which the
spreadsheet shows as text. Every CSV the product writes goes through `csv_response`/`CsvWriter`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Protocol

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def safe_cell(value: object) -> str:
    """The cell as text, prefixed with `'` when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class CsvWriter:
    """csv.writer with every cell passed through `safe_cell` (semicolon-separated: Danish Excel)."""

    def __init__(self, stream: _Writable, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(filename: str) -> tuple[HttpResponse, CsvWriter]:
    """A UTF-8 CSV download (with a BOM so Excel reads it as UTF-8) and its safe writer."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, CsvWriter(response)
