"""Dates shown to people, from Python code: the active language's one format (config/formats/).

Danish "1. dec. 2026", English "1 Dec 2026"; a datetime adds the local time ("1. dec. 2026 14:05").
Templates use the `date` filter instead; neither ever spells a pattern out. Build a text for
someone else (a notification, a mail) inside `translation.override(their language)`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def noon_on(day: dt.date) -> dt.datetime:
    """A moment for something known only by its day (an inclusion from an earlier system, a
    past event given without an hour): noon local time, so it stays on that day in every zone
    the reports convert to."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def date_text(value: dt.date) -> str:
    """A date, or a datetime's local date and time, in the active language's format."""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(local, "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")
