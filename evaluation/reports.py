"""The quarterly report to the steering group (seed 004): the dashboard for one quarter as a PDF.

The figures are the dashboard's, counted up to the quarter's last day and split at its first day,
suppressed exactly as on the page: each figure's table holds the municipality's row "in the
quarter" and its row "to date" (one table and one chart per figure, not the dashboard twice: the
PDF renders in about half the time). Families are counted in the stage they were in at the
quarter's end (their dated status changes), measurements by the waves answered by then.
"""

from __future__ import annotations

import dataclasses

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality
from evaluation.dashboard import Choice, Dashboard, Section, build_dashboard
from evaluation.figures import AFTER, WHOLE, Row, Table, chart_for
from families.pdf import render_pdf

# Figures that have no period (the fidelity rounds are listed by date): shown once.
WITHOUT_PERIOD = frozenset({"fidelity"})


def _both_periods(parts: list[tuple[str, Table]]) -> Table:
    """One table with each period's rows, labelled by the period."""
    first = parts[0][1]
    if first.slug in WITHOUT_PERIOD:
        return first
    rows = [
        Row(f"{row.label}, {label.lower()}" if row.label else label, row.cells)
        for label, table in parts
        for row in table.rows
    ]
    return dataclasses.replace(first, rows=rows)


def quarter_sections(dashboards: list[tuple[str, Dashboard]]) -> list[Section]:
    """The dashboards' sections with each figure's periods side by side (same layout, same
    suppressed cells)."""
    first = dashboards[0][1]
    sections = []
    for position, section in enumerate(first.sections):
        tables = [
            _both_periods(
                [
                    (label, dashboard.sections[position].tables[index])
                    for label, dashboard in dashboards
                ]
            )
            for index in range(len(section.tables))
        ]
        sections.append(Section(section.title, tables))
    return sections


def render_quarterly_report(*, municipality: Municipality, year: int, quarter: int) -> bytes:
    from evaluation.services import quarter_bounds

    start, end = quarter_bounds(year, quarter)
    dashboards = [
        (
            label,
            build_dashboard(
                municipality_ids=[municipality.pk],
                choice=Choice(cut_off=start, period=period, until=end),
            ),
        )
        for period, label in ((AFTER, _("In the quarter")), (WHOLE, _("To date")))
    ]
    sections = quarter_sections(dashboards)
    return render_pdf(
        "evaluation/quarterly_report.html",
        {
            "municipality": municipality,
            "year": year,
            "quarter": quarter,
            "start": start,
            "end": end,
            "sections": [
                (section, [(table, chart_for(table)) for table in section.tables])
                for section in sections
            ],
            "made_at": timezone.localtime(),
        },
        stylesheets=["evaluation/report.css"],
    )
