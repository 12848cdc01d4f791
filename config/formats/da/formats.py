"""Danish: "1. dec. 2026" (Danish abbreviations: jan., febr. → feb., marts, april, maj, juni …)."""

# No-break spaces (\xa0) keep a date on one line, also in a narrow table column.
DATE_FORMAT = "j.\xa0N\xa0Y"  # 1. dec. 2026
DATETIME_FORMAT = "j.\xa0N\xa0Y H:i"  # 1. dec. 2026 14:05
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j.\xa0N"  # 1. dec.
YEAR_MONTH_FORMAT = "F Y"  # december 2026
