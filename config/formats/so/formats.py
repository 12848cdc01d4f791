"""Somali (the family plan PDF only): "01/12/2026", day first. Django has no Somali month names
(they would fall back to Danish), so the date is all digits."""

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
