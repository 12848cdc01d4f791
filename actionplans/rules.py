"""Time rules (DESIGN.md): pure functions, no database."""

from __future__ import annotations

import calendar
import datetime as dt

from families.deadlines import interval_end

REASSESSMENT_MONTHS = 3
# The default of the municipality's reassessment rule (families.deadlines.DEFAULT_RULES).
DEFAULT_REASSESSMENT_INTERVAL = (REASSESSMENT_MONTHS, "months")
DUE_SOON_DAYS = 14


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (30 Nov → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reassessment_due(
    started_on: dt.date,
    last_reassessed_on: dt.date | None,
    interval: tuple[int, str] = DEFAULT_REASSESSMENT_INTERVAL,
) -> dt.date:
    """Due one interval after the plan started or after the last reassessment: the
    municipality's reassessment rule (families/deadlines.py `recurring_interval`), three months
    unless its administrator changed it."""
    duration, unit = interval
    return interval_end(last_reassessed_on or started_on, duration, unit)


def bucket(due_on: dt.date, today: dt.date) -> str:
    """overdue (before today), due (today to 14 days ahead) or later."""
    if due_on < today:
        return "overdue"
    if due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return "due"
    return "later"
