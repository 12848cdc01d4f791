"""Arabic (the family plan PDF only): day first in Western digits, "01/12/2026", printed left to
right inside the right-to-left page (Django's own Arabic format mixes the month's name into a
left-to-right span)."""

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
