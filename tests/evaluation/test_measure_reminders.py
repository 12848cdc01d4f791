"""Due measurements: the family overview's block and the daily reminder (idempotent, no names)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluation.measurement_services import create_measurement_reminders, record_measurement
from evaluation.models import MeasurementReminder
from tests.conftest import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def included(family, caseworker, nordby):
    caseworker.email = "cw@nordby.example"
    caseworker.save()
    give_consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    return family


def test_reminder_once_per_family_and_wave_mail_without_names(
    included, caseworker, django_capture_on_commit_callbacks
):
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        first = create_measurement_reminders(today)
    with django_capture_on_commit_callbacks(execute=True):
        again = create_measurement_reminders(today)

    assert (first, again) == (1, 0)
    assert list(MeasurementReminder.objects.values_list("wave", "due_on")) == [(0, today)]
    assert len(mail.outbox) == 1
    body = f"{mail.outbox[0].body}{mail.outbox[0].subject}"
    assert mail.outbox[0].to == ["cw@nordby.example"]
    for name in ("Jensen", "Jonas", "Mette", included.reference):
        assert name not in body


def test_no_reminder_once_everyone_is_measured(included, caseworker):
    today = timezone.localdate()
    for member in included.members.all():
        record_measurement(
            actor=caseworker, member=member, wave=0, instrument="background", answered_on=today
        )

    assert create_measurement_reminders(today) == 0
    # Six months on, wave 1 is due for both.
    later = today + dt.timedelta(days=190)
    assert create_measurement_reminders(later) == 1
    assert MeasurementReminder.objects.get().wave == 1


def test_family_overview_shows_the_due_wave(client, caseworker, included):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(caseworker)

    body = client.get(reverse("families:detail", args=[included.pk])).content.decode()

    assert "Measurements due" in body
    assert "2 persons not measured" in body


def test_coordinators_queue_lists_the_due_wave(client, coordinator, included):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator)

    response = client.get(reverse("actionplans:queue"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Measurements due" in body
    assert reverse("measurements:family", args=[included.pk]) in body
    assert "2 persons" in body


def test_due_waves_run_a_fixed_number_of_queries(caseworker, nordby, included):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.measurement_selectors import queue_due_waves
    from families.models import Member
    from families.services import cases, members

    today = timezone.localdate()
    with CaptureQueriesContext(connection) as one:
        assert len(queue_due_waves([nordby.team.pk], today)) == 1
    for n in range(3):
        other = cases.create_family(actor=caseworker, team=nordby.team, name=f"Andersen {n}")
        for role, first in ((Member.Role.PARENT, "Ane"), (Member.Role.TARGET_CHILD, "Bo")):
            members.add_member(
                actor=caseworker, family=other, role=role, first_name=first,
                last_name="Andersen", birth_date=dt.date(2012, 1, 1), is_custody_holder=role
                == Member.Role.PARENT,
            )  # fmt: skip
        give_consent(other, caseworker, nordby.children_family)
    with CaptureQueriesContext(connection) as four:
        assert len(queue_due_waves([nordby.team.pk], today)) == 4

    assert len(four) == len(one) <= 5
