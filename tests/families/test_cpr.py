import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from families.cpr import age_on, century_for, parse_cpr


def test_valid_cpr_gives_birth_date_and_formatting():
    info = parse_cpr("0707614285")
    assert info.birth_date == dt.date(1961, 7, 7)
    assert info.formatted == "070761-4285"
    assert info.passes_modulus_11


def test_hyphen_and_spaces_are_accepted():
    assert parse_cpr(" 070761-4285 ").number == "0707614285"


@pytest.mark.parametrize("raw", ["12345", "0707614285x", "abcdefghij", "070761-42855"])
def test_malformed_cpr_is_rejected(raw):
    with pytest.raises(ValidationError) as error:
        parse_cpr(raw)
    assert error.value.code == "cpr_format"


@pytest.mark.parametrize("raw", ["3102101234", "0013851234", "3204101234", "2902014123"])
def test_impossible_date_is_rejected(raw):
    # 31 February, month 13, 32 April, 29 February in 1901 (not a leap year; digit 7 = 4 → 1900s)
    with pytest.raises(ValidationError) as error:
        parse_cpr(raw)
    assert error.value.code == "cpr_date"


def test_29_february_in_a_leap_year_is_accepted():
    # Digit 7 = 4 and YY 00 → year 2000, a leap year.
    assert parse_cpr("2902004123").birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("year_in_century", "seventh_digit", "century"),
    [
        (0, 0, 1900),
        (99, 3, 1900),  # digits 0–3: always the 1900s
        (36, 4, 2000),
        (37, 4, 1900),  # digit 4: 00–36 → 2000s, 37–99 → 1900s
        (36, 9, 2000),
        (37, 9, 1900),  # digit 9: as digit 4
        (57, 5, 2000),
        (58, 5, 1800),  # digits 5–8: 00–57 → 2000s, 58–99 → 1800s
        (0, 8, 2000),
        (99, 8, 1800),
    ],
)
def test_century_rules(year_in_century, seventh_digit, century):
    assert century_for(year_in_century=year_in_century, seventh_digit=seventh_digit) == century


def test_century_applied_to_birth_date():
    assert parse_cpr("0101104000").birth_date == dt.date(2010, 1, 1)
    assert parse_cpr("0101604000").birth_date == dt.date(1960, 1, 1)
    assert parse_cpr("0101605000").birth_date == dt.date(1860, 1, 1)


def test_modulus_11_failure_is_valid_but_flagged():
    info = parse_cpr("0707614286")
    assert info.birth_date == dt.date(1961, 7, 7)
    assert not info.passes_modulus_11


def test_age_counts_whole_years():
    born = dt.date(2010, 6, 15)
    assert age_on(born, dt.date(2026, 6, 14)) == 15
    assert age_on(born, dt.date(2026, 6, 15)) == 16
