"""Measurement waves (DESIGN.md time rules): pure functions, no database.

The background measurement (wave 0) is due at inclusion; progression wave n is due n × 6 months
after inclusion (the day the family entered the programme). A closed family owes no wave that falls
due after it closed.
"""

from __future__ import annotations

import datetime as dt

from actionplans.rules import DUE_SOON_DAYS, add_months, bucket

BACKGROUND_WAVE = 0
WAVE_MONTHS = 6


def wave_due_on(included_on: dt.date, wave: int) -> dt.date:
    if wave < 0:
        raise ValueError("A wave is 0 (background) or a positive number.")
    return add_months(included_on, WAVE_MONTHS * wave)


def owed_waves(
    included_on: dt.date, today: dt.date, *, ended_on: dt.date | None = None
) -> list[int]:
    """The waves falling due up to 14 days from today (and not after the family ended)."""
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    if ended_on is not None:
        horizon = min(horizon, ended_on)
    waves = []
    wave = BACKGROUND_WAVE
    while wave_due_on(included_on, wave) <= horizon:
        waves.append(wave)
        wave += 1
    return waves


def wave_for_date(included_on: dt.date, answered_on: dt.date) -> int:
    """The progression wave whose due date is nearest to an answer date (at least wave 1)."""
    wave = 1
    while abs((wave_due_on(included_on, wave + 1) - answered_on).days) < abs(
        (wave_due_on(included_on, wave) - answered_on).days
    ):
        wave += 1
    return wave


def state(due_on: dt.date, today: dt.date) -> str:
    """overdue (due date passed), due (within 14 days) or later — as reassessments."""
    return bucket(due_on, today)
