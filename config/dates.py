"""Dates shown to people, from Python code: the active language's one format (config/formats/).

Danish "1. dec. 2026", English "1 Dec 2026"; a datetime adds the local time ("1. dec. 2026 14:05").
Templates use the `date` filter instead; neither ever spells a pattern out. Build a text for
someone else (a notification, a mail) inside `translation.override(their language)`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def date_text(value: dt.date) -> str:
    """A date, or a datetime's local date and time, in the active language's format."""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(local, "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")
