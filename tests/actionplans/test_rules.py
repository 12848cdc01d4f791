import datetime as dt

import pytest

from actionplans.rules import add_months, bucket, reassessment_due

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 15), D(2026, 4, 15)),
        (D(2025, 11, 30), D(2026, 2, 28)),  # shorter month: its last day
        (D(2027, 11, 30), D(2028, 2, 29)),  # leap year
        (D(2026, 10, 31), D(2027, 1, 31)),  # over the year end
        (D(2026, 12, 31), D(2027, 3, 31)),
    ],
)
def test_reassessment_due_three_months_after_start(day, expected):
    assert reassessment_due(day, None) == expected


def test_reassessment_due_counts_from_the_last_reassessment():
    assert reassessment_due(D(2026, 1, 1), D(2026, 5, 20)) == D(2026, 8, 20)


def test_add_months_twelve_is_a_year():
    assert add_months(D(2026, 2, 28), 12) == D(2027, 2, 28)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-1, "overdue"), (0, "due"), (14, "due"), (15, "later")],
)
def test_bucket_boundaries(offset, expected):
    today = D(2026, 6, 1)
    assert bucket(today + dt.timedelta(days=offset), today) == expected
