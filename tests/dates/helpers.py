"""What a date must look like, spelled out here independently of config/formats (issue 11, 12)."""

import datetime as dt
import re

DANISH_MONTHS = (
    "jan.", "feb.", "marts", "april", "maj", "juni",
    "juli", "aug.", "sept.", "okt.", "nov.", "dec.",
)  # fmt: skip
ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

# Any other way to write a date: 01-12-2026, 01.12.2026, 2026-12-01, 12/01/2026, "Dec. 1, 2026".
OTHER_DATE_FORMATS = re.compile(
    r"\b\d{1,2}[-./]\d{1,2}[-./]\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2},\s\d{4}\b"
)


NBSP = "\xa0"  # between a date's parts, so that it never breaks over two lines


def danish(day: dt.date) -> str:
    """1. dec. 2026"""
    return f"{day.day}.{NBSP}{DANISH_MONTHS[day.month - 1]}{NBSP}{day.year}"


def english(day: dt.date) -> str:
    """1 Dec 2026"""
    return f"{day.day}{NBSP}{ENGLISH_MONTHS[day.month - 1]}{NBSP}{day.year}"


def visible_text(html: str) -> str:
    """The text a page shows: no scripts, styles, tags or attribute values (an <input
    type="date"> value is ISO by HTML's rule and shown by the browser in its own way)."""
    html = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<[^>]*>", " ", html)
    return re.sub(r"[ \t\r\n\f]+", " ", html)  # a date's no-break spaces stay


def other_formats(text: str) -> list[str]:
    return [match.group(0) for match in OTHER_DATE_FORMATS.finditer(text)]
