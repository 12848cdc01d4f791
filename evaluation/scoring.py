"""Scoring the measurement instruments (DOMAIN.md §1a–1c): pure functions, no database.

A score the rules do not allow is "no score" with its reason — never a guess:
* WHO-5: the raw sum of 5 items (0–5), reported as a percentage (raw × 4). No imputation rule is
  published, so any missing item gives no score.
* PSS: the sum of 18 items (1–5) after reversing items 1, 2, 5, 6, 7, 8, 17, 18 (1↔5, 2↔4).
  No missing-item rule is published: any missing item gives no score.
* KIDSCREEN-10: the sum of 10 items (1–5) after reversing items 3 and 4, 10–50 (the scale
  the evaluation reports; the Rasch T-value table is licensed and not shipped). One missing item
  may only be imputed with the official SPSS syntax, which the product does not ship — so one
  missing item gives no score (reason: imputation needs the licensed syntax); more than one gives
  no score.
* Status questions and background variables have no total score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from evaluation.instruments import KIDSCREEN10, PSS, WHO5, InstrumentSpec

# Reasons for "no score" (stored on the measurement as a code).
NO_SCORE_NOT_ANSWERED = "not_answered"
NO_SCORE_MISSING_ITEMS = "missing_items"
NO_SCORE_NEEDS_IMPUTATION = "needs_imputation"
NO_SCORE_TOO_MANY_MISSING = "too_many_missing"
NO_SCORE_REASONS = (
    NO_SCORE_NOT_ANSWERED,
    NO_SCORE_MISSING_ITEMS,
    NO_SCORE_NEEDS_IMPUTATION,
    NO_SCORE_TOO_MANY_MISSING,
)

# WHO-5 flags (DOMAIN.md §1a).
FLAG_POOR_WELL_BEING = "poor_well_being"  # raw < 13 (percentage ≤ 48)
FLAG_LIKELY_DEPRESSION = "likely_depression"  # percentage ≤ 28 (raw ≤ 7)
FLAG_LOW_ITEM = "low_item"  # any item 0 or 1
WHO5_MEANINGFUL_CHANGE = 10  # percentage points

# Bounds of each reported score, for charts.
SCORE_RANGES: dict[str, tuple[int, int]] = {WHO5: (0, 100), KIDSCREEN10: (10, 50), PSS: (18, 90)}
# Whether a higher score is better (PSS measures stress: lower is better).
HIGHER_IS_BETTER: dict[str, bool] = {WHO5: True, KIDSCREEN10: True, PSS: False}


@dataclass(frozen=True)
class Score:
    value: int | None  # the reported score (WHO-5 as a percentage), None when there is none
    raw: int | None  # the sum after reversing
    no_score_reason: str  # "" when there is a score or the instrument has no total
    missing: tuple[str, ...]  # item codes without an answer
    flags: tuple[str, ...] = ()

    @property
    def has_score(self) -> bool:
        return self.value is not None


def _checked(spec: InstrumentSpec, answers: Mapping[str, int | None]) -> dict[str, int]:
    """The given answers, each checked against its item's range; unknown codes are an error."""
    unknown = set(answers) - set(spec.item_codes)
    if unknown:
        raise ValueError(f"Unknown items for {spec.code}: {sorted(unknown)}")
    given: dict[str, int] = {}
    for code, value in answers.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{spec.code} {code}: answers are whole numbers")
        if not spec.item(code).allows(value):
            raise ValueError(f"{spec.code} {code}: {value} is outside the answer range")
        given[code] = value
    return given


def _reversed_sum(spec: InstrumentSpec, given: Mapping[str, int]) -> int:
    total = 0
    for item in spec.items:
        value = given[item.code]
        total += item.minimum + item.maximum - value if item.is_reversed else value
    return total


def score(spec: InstrumentSpec, answers: Mapping[str, int | None]) -> Score:
    """Score one answered instrument. Raises ValueError on answers the instrument cannot hold."""
    given = _checked(spec, answers)
    missing = tuple(code for code in spec.item_codes if code not in given)
    if not spec.is_scored:
        return Score(value=None, raw=None, no_score_reason="", missing=missing)
    if spec.scoring == KIDSCREEN10 and missing:
        reason = NO_SCORE_NEEDS_IMPUTATION if len(missing) == 1 else NO_SCORE_TOO_MANY_MISSING
        return Score(value=None, raw=None, no_score_reason=reason, missing=missing)
    if missing:
        return Score(value=None, raw=None, no_score_reason=NO_SCORE_MISSING_ITEMS, missing=missing)
    raw = _reversed_sum(spec, given)
    if spec.scoring == WHO5:
        percentage = raw * 4
        flags = []
        if raw < 13:
            flags.append(FLAG_POOR_WELL_BEING)
        if percentage <= 28:
            flags.append(FLAG_LIKELY_DEPRESSION)
        if any(value <= 1 for value in given.values()):
            flags.append(FLAG_LOW_ITEM)
        return Score(value=percentage, raw=raw, no_score_reason="", missing=(), flags=tuple(flags))
    if spec.scoring in (PSS, KIDSCREEN10):
        return Score(value=raw, raw=raw, no_score_reason="", missing=())
    raise ValueError(f"No scoring rule {spec.scoring!r}")


def change_direction(instrument: str, first: int, second: int) -> str:
    """'improved', 'unchanged' or 'worsened' between two scores of the same instrument."""
    if first == second:
        return "unchanged"
    better = second > first if HIGHER_IS_BETTER[instrument] else second < first
    return "improved" if better else "worsened"
