"""One date format per language (issue 11, item 12): Danish "1. dec. 2026", English
"1 Dec 2026" (never US), the same in prose and tables, from templates and from Python."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from config.dates import date_text
from tests.dates.helpers import danish, english, other_formats

DAYS = [dt.date(2026, month, day) for month, day in ((1, 1), (3, 9), (5, 31), (9, 15), (12, 1))]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize(("language", "expected"), [("da", danish), ("en", english)])
def test_one_format_in_python_and_every_template_form(day, language, expected):
    template = Template(
        '{{ day }}|{{ day|date }}|{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date:"DATE_FORMAT" }}'
    )
    with translation.override(language):
        shown = template.render(Context({"day": day})).split("|")
        assert date_text(day) == expected(day)
    assert shown == [expected(day)] * 4


def test_the_december_examples():
    day = dt.date(2026, 12, 1)
    # Joined by no-break spaces: a date never breaks over two lines in a narrow column.
    with translation.override("da"):
        assert date_text(day) == "1.\xa0dec.\xa02026"
    with translation.override("en"):
        assert date_text(day) == "1\xa0Dec\xa02026"


@pytest.mark.parametrize(("language", "expected"), [("da", danish), ("en", english)])
def test_a_datetime_is_its_local_date_and_24_hour_time(language, expected):
    # 23:30 UTC on 30 November is 00:30 on 1 December in Copenhagen.
    moment = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    template = Template(
        '{{ at }}|{{ at|date:"SHORT_DATETIME_FORMAT" }}|{{ at|date:"DATETIME_FORMAT" }}'
    )
    with translation.override(language), timezone.override("Europe/Copenhagen"):
        shown = template.render(Context({"at": moment})).split("|")
        assert date_text(moment) == f"{expected(dt.date(2026, 12, 1))} 00:30"
    assert shown == [f"{expected(dt.date(2026, 12, 1))} 00:30"] * 3


def test_english_is_not_us():
    with translation.override("en"):
        text = Template('{{ d }} {{ d|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"d": dt.date(2026, 12, 1)})
        )
    assert "12/01/2026" not in text and "Dec. 1, 2026" not in text
    assert other_formats(text) == []


@pytest.mark.parametrize("language", ["ar", "so"])
def test_the_family_pdf_languages_without_month_names_are_day_first(language):
    with translation.override(language):
        assert date_text(dt.date(2026, 12, 1)) == "01/12/2026"


def test_typed_english_dates_are_day_first():
    from django import forms

    class DayForm(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        form = DayForm({"day": "01/12/2026"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 12, 1)
