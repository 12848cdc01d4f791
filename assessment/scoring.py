"""Pure scoring rules: no queries, so every boundary can be tested directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assessment.models import LEVEL_ORDER, Level


class HasCutoffs(Protocol):
    """An instrument or a municipality's instrument configuration."""

    @property
    def low_from(self) -> int: ...
    @property
    def moderate_from(self) -> int: ...
    @property
    def high_from(self) -> int: ...
    @property
    def very_high_from(self) -> int: ...


@dataclass(frozen=True)
class Cutoffs:
    """A total from ``x_from`` up is at least level x; below ``low_from`` it is very low."""

    low_from: int
    moderate_from: int
    high_from: int
    very_high_from: int

    @classmethod
    def of(cls, source: HasCutoffs) -> Cutoffs:
        return cls(
            low_from=source.low_from,
            moderate_from=source.moderate_from,
            high_from=source.high_from,
            very_high_from=source.very_high_from,
        )


def compute_level(total: int, cutoffs: Cutoffs) -> str:
    """The level a total falls in under the given cut-offs."""
    if total < 0:
        raise ValueError("A total cannot be negative.")
    if total >= cutoffs.very_high_from:
        return Level.VERY_HIGH
    if total >= cutoffs.high_from:
        return Level.HIGH
    if total >= cutoffs.moderate_from:
        return Level.MODERATE
    if total >= cutoffs.low_from:
        return Level.LOW
    return Level.VERY_LOW


def final_level(computed: str, override: str) -> str:
    """The professional override wins over the computed level."""
    return override or computed


def override_direction(computed: str, override: str) -> str:
    """'up', 'down' or '' (no override)."""
    if not override:
        return ""
    return "up" if LEVEL_ORDER.index(override) > LEVEL_ORDER.index(computed) else "down"


def level_bands(cutoffs: Cutoffs, max_total: int) -> list[tuple[str, int, int]]:
    """The (level, from, to) bands the cut-offs give on 0..max_total, for display."""
    starts = [
        (Level.VERY_LOW, 0),
        (Level.LOW, cutoffs.low_from),
        (Level.MODERATE, cutoffs.moderate_from),
        (Level.HIGH, cutoffs.high_from),
        (Level.VERY_HIGH, cutoffs.very_high_from),
    ]
    bands = []
    for index, (level, start) in enumerate(starts):
        end = starts[index + 1][1] - 1 if index + 1 < len(starts) else max_total
        if start <= end and start <= max_total:
            bands.append((str(level), start, min(end, max_total)))
    return bands
