"""One date format per language (issue 11, item 12); FORMAT_MODULE_PATH points here.

Danish "1. dec. 2026", English "1 Dec 2026" — in pages, tables, PDFs, notifications and mails
alike (SHORT_DATE_FORMAT is the same as DATE_FORMAT, so a table cannot drift to "01-12-2026").
Templates use `{{ value|date }}` (or `|date:"SHORT_DATE_FORMAT"`, the same text); Python code uses
`config.dates.date_text`. No date pattern is spelled out anywhere else; CSV files and other exports
for machines keep ISO 8601.

Each module only overrides what differs from Django's own locale formats.
"""
