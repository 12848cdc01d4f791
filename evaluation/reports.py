"""The quarterly report to the steering group (seed 004): the dashboard for one quarter as a PDF.

The figures are the dashboard's, counted up to the quarter's last day and split at its first day
("before the quarter" / "in the quarter" / "to date"), suppressed exactly as on the page.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality
from evaluation.dashboard import Choice, build_dashboard
from evaluation.figures import AFTER, WHOLE
from families.pdf import render_pdf


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
    return render_pdf(
        "evaluation/quarterly_report.html",
        {
            "municipality": municipality,
            "year": year,
            "quarter": quarter,
            "start": start,
            "end": end,
            "dashboards": [
                (label, dashboard, dashboard.charts()) for label, dashboard in dashboards
            ],
            "made_at": timezone.localtime(),
        },
        stylesheets=["evaluation/report.css"],
    )
