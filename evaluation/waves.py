"""Measurement waves (DESIGN.md time rules): pure functions, no database.

The background measurement (wave 0) is due at inclusion; progression wave n is due n × 6 months
after inclusion (the day the family entered the programme). A closed family owes no wave that falls
due after it closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Set
from dataclasses import dataclass

from actionplans.rules import DUE_SOON_DAYS, add_months, bucket
from evaluation.instruments import KIDSCREEN10, WHO5

BACKGROUND_WAVE = 0
WAVE_MONTHS = 6
# The last wave anyone is asked for (as the entry form's limit): 20 years of progression waves.
LAST_WAVE = 40
# A child's well-being instrument: either one counts (the age on the answer date decides).
SWAPPABLE = frozenset({KIDSCREEN10, WHO5})


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


def misses_wave(expected: Collection[str], done: Set[str]) -> bool:
    """Whether a person still lacks a recorded outcome (answered or not) for one of the
    instruments the wave expects of them; either well-being instrument stands for the other."""
    covered = {
        code for code in expected if code in done or (code in SWAPPABLE and bool(done & SWAPPABLE))
    }
    return len(covered) < len(expected)


@dataclass(frozen=True)
class NextWave:
    """The first wave a family owes: its due date and how many persons it still misses."""

    wave: int
    due_on: dt.date
    missing: int


def next_owed_wave(
    included_on: dt.date,
    *,
    ended_on: dt.date | None,
    missing_at: Callable[[int, dt.date], int],
) -> NextWave | None:
    """The first wave, in order, in which someone is missing (`missing_at(wave, due_on)` counts
    them), whenever it falls due; None when none is owed (nobody measured, or every wave up to
    the end of a closed case is complete). A wave falling due after the family ended is not owed.
    The stored next-due date (evaluation.measurement_due) is this, so it does not depend on today:
    the wave is due, overdue or later by `state(due_on, today)`."""
    for wave in range(BACKGROUND_WAVE, LAST_WAVE + 1):
        due_on = wave_due_on(included_on, wave)
        if ended_on is not None and due_on > ended_on:
            return None
        missing = missing_at(wave, due_on)
        if missing:
            return NextWave(wave=wave, due_on=due_on, missing=missing)
    return None
