"""Danish: "1. dec. 2026" (Danish abbreviations: jan., febr. → feb., marts, april, maj, juni …)."""

DATE_FORMAT = "j. N Y"  # 1. dec. 2026
DATETIME_FORMAT = "j. N Y H:i"  # 1. dec. 2026 14:05
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j. N"  # 1. dec.
YEAR_MONTH_FORMAT = "F Y"  # december 2026
