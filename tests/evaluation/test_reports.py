"""Quarterly reports: made on request and by the daily task on a quarter's first day, once."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import QuarterlyReport
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def test_quarter_bounds_and_the_quarter_just_ended():
    assert services.quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert services.quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert services.previous_quarter(dt.date(2027, 1, 1)) == (2026, 4)
    assert services.previous_quarter(dt.date(2026, 7, 1)) == (2026, 2)


def test_the_daily_task_makes_each_report_once_on_the_first_day_only(nordby, sydby):
    assert services.make_reports_for_quarter_just_ended(today=dt.date(2026, 7, 2)) == 0

    assert services.make_reports_for_quarter_just_ended(today=dt.date(2026, 7, 1)) == 2
    assert services.make_reports_for_quarter_just_ended(today=dt.date(2026, 7, 1)) == 0

    reports = QuarterlyReport.objects.all()
    assert {(r.municipality.name, r.year, r.quarter) for r in reports} == {
        ("Nordby", 2026, 2),
        ("Sydby", 2026, 2),
    }
    assert all(bytes(r.pdf).startswith(b"%PDF-") for r in reports)


def test_the_steering_group_makes_and_downloads_a_report(client, steering, nordby, caseworker):
    for _ in range(5):
        FamilyFactory(team=nordby.team, created_by=caseworker, name="Familien Usynlig")
    client.force_login(steering)

    response = client.post(reverse("evaluation:report_create"), {"year": 2026, "quarter": 2})

    assert response.status_code == 302
    report = QuarterlyReport.objects.get(municipality=nordby.municipality)
    assert report.made_by == steering
    download = client.get(reverse("evaluation:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    listing = client.get(reverse("evaluation:reports")).content.decode()
    assert "2026" in listing


def test_a_report_for_a_quarter_not_begun_is_refused(client, steering):
    client.force_login(steering)

    client.post(reverse("evaluation:report_create"), {"year": 2099, "quarter": 1})

    assert not QuarterlyReport.objects.exists()
