"""Scoring vectors computed by hand from DOMAIN.md §1 (no database)."""

import datetime as dt
from collections.abc import Sequence

import pytest

from evaluation import scoring
from evaluation.instruments import (
    BACKGROUND,
    BACKGROUND_CHILD_SPEC,
    CHILD,
    CHILD_STATUS,
    CHILD_STATUS_SPEC,
    KIDSCREEN10,
    KIDSCREEN10_SPEC,
    PARENT,
    PARENT_STATUS,
    PSS,
    PSS_SPEC,
    WHO5,
    WHO5_SPEC,
    instruments_for_wave,
    spec_for,
)
from evaluation.waves import owed_waves, wave_due_on, wave_for_date


def _answers(values: Sequence[int | None]) -> dict[str, int | None]:
    return {f"q{number}": value for number, value in enumerate(values, start=1)}


# WHO-5 (DOMAIN.md §1a's own vectors): raw sum, percentage = raw × 4, flags.
@pytest.mark.parametrize(
    ("values", "raw", "percentage", "flags"),
    [
        ([5, 5, 5, 5, 5], 25, 100, ()),
        ([2, 2, 3, 2, 3], 12, 48, (scoring.FLAG_POOR_WELL_BEING,)),
        (
            [1, 1, 2, 2, 1],
            7,
            28,
            (scoring.FLAG_POOR_WELL_BEING, scoring.FLAG_LIKELY_DEPRESSION, scoring.FLAG_LOW_ITEM),
        ),
        ([4, 4, 4, 4, 1], 17, 68, (scoring.FLAG_LOW_ITEM,)),
        ([3, 3, 3, 2, 2], 13, 52, ()),  # raw 13 is not "< 13"
        ([2, 2, 2, 1, 1], 8, 32, (scoring.FLAG_POOR_WELL_BEING, scoring.FLAG_LOW_ITEM)),
    ],
)
def test_who5(values, raw, percentage, flags):
    result = scoring.score(WHO5_SPEC, _answers(values))

    assert (result.raw, result.value, result.flags) == (raw, percentage, flags)
    assert result.no_score_reason == ""


def test_who5_all_zero_has_every_flag():
    result = scoring.score(WHO5_SPEC, _answers([0, 0, 0, 0, 0]))

    assert (result.raw, result.value) == (0, 0)
    assert set(result.flags) == {
        scoring.FLAG_POOR_WELL_BEING,
        scoring.FLAG_LIKELY_DEPRESSION,
        scoring.FLAG_LOW_ITEM,
    }


def test_who5_missing_item_gives_no_score_with_reason():
    result = scoring.score(WHO5_SPEC, _answers([5, 5, None, 5, 5]))

    assert result.value is None
    assert result.raw is None
    assert result.no_score_reason == scoring.NO_SCORE_MISSING_ITEMS
    assert result.missing == ("q3",)


# PSS (DOMAIN.md §1b): items 1, 2, 5, 6, 7, 8, 17, 18 reversed (6 - answer); sum 18–90.
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3] * 18, 54),
        ([1] * 18, 8 * 5 + 10 * 1),  # 50
        ([5] * 18, 8 * 1 + 10 * 5),  # 58
        # The minimum: positive items answered 5 (→1), stress items answered 1.
        ([5, 5, 1, 1, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5], 18),
        # The maximum: positive items answered 1 (→5), stress items answered 5.
        ([1, 1, 5, 5, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5, 5, 1, 1], 90),
        # Item 1 = 2 (→4), item 3 = 2, the rest 3: 54 - 3 + 4 - 3 + 2 = 54.
        ([2, 3, 2] + [3] * 15, 54),
        # Item 2 = 4 (→2), item 4 = 4: 54 - 3 + 2 - 3 + 4 = 54; item 9 = 5: +2 → 56.
        ([3, 4, 3, 4, 3, 3, 3, 3, 5] + [3] * 9, 56),
    ],
)
def test_pss(values, expected):
    result = scoring.score(PSS_SPEC, _answers(values))

    assert (result.value, result.raw) == (expected, expected)


def test_pss_reverses_exactly_the_positive_items():
    reversed_items = [item.code for item in PSS_SPEC.items if item.is_reversed]

    assert reversed_items == ["q1", "q2", "q5", "q6", "q7", "q8", "q17", "q18"]


def test_pss_missing_item_gives_no_score():
    values: list[int | None] = [3] * 18
    values[17] = None

    result = scoring.score(PSS_SPEC, _answers(values))

    assert (result.value, result.no_score_reason, result.missing) == (
        None,
        scoring.NO_SCORE_MISSING_ITEMS,
        ("q18",),
    )


# KIDSCREEN-10 (DOMAIN.md §1c): items 3 and 4 reversed; sum 10–50; missing rules.
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5] * 10, 5 * 8 + 1 * 2),  # 42: the two negative items answered 5 count 1
        ([1] * 10, 1 * 8 + 5 * 2),  # 18
        ([5, 5, 1, 1, 5, 5, 5, 5, 5, 5], 50),
        ([1, 1, 5, 5, 1, 1, 1, 1, 1, 1], 10),
        ([4, 3, 2, 1, 3, 3, 4, 2, 5, 3], 4 + 3 + 4 + 5 + 3 + 3 + 4 + 2 + 5 + 3),  # 36
    ],
)
def test_kidscreen(values, expected):
    result = scoring.score(KIDSCREEN10_SPEC, _answers(values))

    assert result.value == expected


def test_kidscreen_one_missing_item_is_not_imputed():
    result = scoring.score(KIDSCREEN10_SPEC, _answers([3] * 9 + [None]))

    assert result.value is None
    assert result.no_score_reason == scoring.NO_SCORE_NEEDS_IMPUTATION


def test_kidscreen_two_missing_items_give_no_score():
    result = scoring.score(KIDSCREEN10_SPEC, {f"q{n}": 3 for n in range(1, 9)})

    assert result.value is None
    assert result.no_score_reason == scoring.NO_SCORE_TOO_MANY_MISSING
    assert result.missing == ("q9", "q10")


def test_out_of_range_answers_are_refused():
    with pytest.raises(ValueError, match="outside"):
        scoring.score(WHO5_SPEC, _answers([6, 5, 5, 5, 5]))
    with pytest.raises(ValueError, match="outside"):
        scoring.score(PSS_SPEC, _answers([0] + [3] * 17))
    with pytest.raises(ValueError, match="Unknown"):
        scoring.score(WHO5_SPEC, _answers([5, 5, 5, 5, 5, 5]))


def test_status_instruments_have_no_total_and_allow_blanks():
    result = scoring.score(CHILD_STATUS_SPEC, {"education": 1, "crime_peers": 2})

    assert (result.value, result.no_score_reason) == (None, "")
    assert "leisure_job" in result.missing
    assert scoring.score(BACKGROUND_CHILD_SPEC, {}).value is None


def test_change_direction_follows_each_scale():
    assert scoring.change_direction(WHO5, 40, 60) == "improved"
    assert scoring.change_direction(KIDSCREEN10, 30, 29) == "worsened"
    assert scoring.change_direction(PSS, 50, 40) == "improved"  # less stress
    assert scoring.change_direction(PSS, 40, 40) == "unchanged"


# Which instruments at which wave; the age switch at 18.
@pytest.mark.parametrize(
    ("audience", "wave", "age", "expected"),
    [
        (CHILD, 0, 15, (BACKGROUND,)),
        (PARENT, 0, 45, (BACKGROUND,)),
        (CHILD, 1, 17, (KIDSCREEN10, CHILD_STATUS)),
        (CHILD, 1, 18, (WHO5, CHILD_STATUS)),
        (CHILD, 2, 6, (KIDSCREEN10, CHILD_STATUS)),
        (CHILD, 1, None, (KIDSCREEN10, CHILD_STATUS)),
        (PARENT, 3, 40, (PSS, PARENT_STATUS)),
    ],
)
def test_instruments_for_wave(audience, wave, age, expected):
    assert instruments_for_wave(audience=audience, wave=wave, age=age) == expected


def test_background_differs_for_children_and_parents():
    assert "lives_with" in spec_for(BACKGROUND, CHILD).item_codes
    assert "marital_status" in spec_for(BACKGROUND, PARENT).item_codes
    assert spec_for(PSS, PARENT).item_codes == tuple(f"q{n}" for n in range(1, 19))


# Waves: background at inclusion, then every six months.
def test_wave_due_dates():
    included = dt.date(2025, 8, 31)

    assert wave_due_on(included, 0) == included
    assert wave_due_on(included, 1) == dt.date(2026, 2, 28)  # short month: its last day
    assert wave_due_on(included, 2) == dt.date(2026, 8, 31)
    assert wave_due_on(included, 3) == dt.date(2027, 2, 28)


def test_owed_waves_up_to_fourteen_days_ahead_and_not_after_closing():
    included = dt.date(2025, 1, 10)

    assert owed_waves(included, dt.date(2025, 1, 10)) == [0]
    assert owed_waves(included, dt.date(2025, 6, 25)) == [0]
    assert owed_waves(included, dt.date(2025, 6, 26)) == [0, 1]  # 14 days before 10 July
    assert owed_waves(included, dt.date(2026, 1, 10)) == [0, 1, 2]
    assert owed_waves(included, dt.date(2027, 1, 1), ended_on=dt.date(2025, 9, 1)) == [0, 1]


def test_wave_for_an_answer_date_is_the_nearest_due_date():
    included = dt.date(2025, 1, 10)

    assert wave_for_date(included, dt.date(2025, 5, 1)) == 1
    assert wave_for_date(included, dt.date(2025, 10, 15)) == 2
    assert wave_for_date(included, dt.date(2026, 1, 9)) == 2
