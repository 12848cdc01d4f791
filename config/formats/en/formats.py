"""English, never US: "1 Dec 2026" (01/12 reads as 12 January to a reader used to US dates);
24-hour clock."""

# No-break spaces (\xa0) keep a date on one line, also in a narrow table column.
DATE_FORMAT = "j\xa0M\xa0Y"  # 1 Dec 2026
DATETIME_FORMAT = "j\xa0M\xa0Y H:i"  # 1 Dec 2026 14:05
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j\xa0M"  # 1 Dec
YEAR_MONTH_FORMAT = "F Y"  # December 2026
FIRST_DAY_OF_WEEK = 1  # Monday
# Typed dates: ISO (what <input type="date"> sends) or day first, never month first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M",
]
