"""Danish CPR numbers: shape, birth date and century from digit 7, and the soft modulus-11 check.

Since 1 October 2007 numbers need not satisfy modulus 11, so a failed check is only a warning.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CPR_PATTERN = re.compile(r"^(\d{6})-?(\d{4})$")
_MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


@dataclass(frozen=True)
class CprInfo:
    number: str  # ten digits, no hyphen
    birth_date: dt.date
    passes_modulus_11: bool

    @property
    def formatted(self) -> str:
        return f"{self.number[:6]}-{self.number[6:]}"


def century_for(*, year_in_century: int, seventh_digit: int) -> int:
    """The century a CPR number's birth year falls in (CPR office table)."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if year_in_century <= 36 else 1900
    # digits 5–8
    if year_in_century <= 57:
        return 2000
    return 1800


def passes_modulus_11(number: str) -> bool:
    return sum(int(d) * w for d, w in zip(number, _MOD11_WEIGHTS, strict=True)) % 11 == 0


def normalise(raw: str) -> str:
    return re.sub(r"\s", "", raw or "")


def parse_cpr(raw: str) -> CprInfo:
    """Validate a CPR number and derive its birth date; raise ValidationError when impossible."""
    match = _CPR_PATTERN.match(normalise(raw))
    if not match:
        raise ValidationError(
            _("A CPR number has ten digits, written DDMMYY-SSSS."), code="cpr_format"
        )
    number = match.group(1) + match.group(2)
    day, month, year_in_century = int(number[0:2]), int(number[2:4]), int(number[4:6])
    century = century_for(year_in_century=year_in_century, seventh_digit=int(number[6]))
    try:
        birth_date = dt.date(century + year_in_century, month, day)
    except ValueError as error:
        raise ValidationError(
            _("The CPR number does not start with a real date (DDMMYY)."), code="cpr_date"
        ) from error
    return CprInfo(
        number=number, birth_date=birth_date, passes_modulus_11=passes_modulus_11(number)
    )


def validate_cpr(raw: str) -> None:
    """Model-field validator: the number must be well formed and hold a real date."""
    if raw:
        parse_cpr(raw)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday
