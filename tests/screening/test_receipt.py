"""The receipt of a notification of concern (issue 11, deadlines): recorded on the referral page,
it meets the family's "receipt within 6 working days" deadline — on the day it was sent."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from config.dates import date_text
from families import deadlines
from families.models import Deadline, DeadlineRule
from screening.models import Referral
from screening.services import receipts
from tests.screening.conftest import register

Kind = DeadlineRule.Kind

pytestmark = pytest.mark.django_db


def local(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def _receipt_deadline(referral: Referral) -> Deadline:
    return Deadline.objects.get(family=referral.family_id, kind=Kind.CONCERN_RECEIPT)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@time_machine.travel(local(2026, 4, 1, 9), tick=False)
def test_recording_the_receipt_on_the_referral_page_meets_the_deadline(
    client, nordby, caseworker, areas, english
):
    referral = register(
        caseworker,
        nordby.team,
        source=Referral.Source.NOTIFICATION,
        received_on=dt.date(2026, 3, 30),
    )
    client.force_login(caseworker)
    page = client.get(reverse("screening:referral_detail", args=[referral.pk]))
    assert "Record that the receipt was sent" in page.content.decode()

    response = client.post(
        reverse("screening:referral_receipt", args=[referral.pk]), {"sent_on": "2026-03-31"}
    )

    assert response.status_code == 302
    assert response["Location"] == referral.get_absolute_url()
    referral.refresh_from_db()
    assert (referral.receipt_sent_on, referral.receipt_recorded_by) == (
        dt.date(2026, 3, 31),
        caseworker,
    )
    deadline = _receipt_deadline(referral)
    # Met on the day it was sent (its start), by whoever recorded it; the 24-hour one untouched.
    assert (deadline.met_at, deadline.met_by) == (local(2026, 3, 31), caseworker)
    assert deadlines.status_of(deadline, timezone.now()) == deadlines.MET
    assert Deadline.objects.get(family=referral.family_id, kind=Kind.CONCERN_ASSESSED).is_open
    # The referral's history names who recorded it.
    assert referral.history.first().history_user == caseworker
    page = client.get(reverse("screening:referral_detail", args=[referral.pk])).content.decode()
    assert "Record that the receipt was sent" not in page
    with translation.override("en"):
        assert f"Sent on {date_text(dt.date(2026, 3, 31))}; recorded by" in page


@time_machine.travel(local(2026, 4, 1, 9), tick=False)
def test_a_receipt_sent_today_is_met_now(nordby, caseworker, areas):
    referral = register(
        caseworker,
        nordby.team,
        source=Referral.Source.NOTIFICATION,
        received_on=dt.date(2026, 4, 1),
    )

    receipts.record_receipt_sent(actor=caseworker, referral=referral, sent_on=dt.date(2026, 4, 1))

    assert _receipt_deadline(referral).met_at == local(2026, 4, 1, 9)


@time_machine.travel(local(2026, 4, 20, 9), tick=False)
def test_a_late_receipt_still_meets_it_on_the_day_sent_after_the_due_day(nordby, caseworker, areas):
    referral = register(
        caseworker,
        nordby.team,
        source=Referral.Source.NOTIFICATION,
        received_on=dt.date(2026, 4, 1),
    )
    deadline = _receipt_deadline(referral)
    assert deadline.due_at == local(2026, 4, 15)  # the 6th working day, Easter skipped

    receipts.record_receipt_sent(actor=caseworker, referral=referral, sent_on=dt.date(2026, 4, 16))

    deadline.refresh_from_db()
    assert deadline.met_at == local(2026, 4, 16)
    assert deadline.met_at > deadline.due_at  # met, and the record shows it was late


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [
        (dt.date(2026, 4, 2), "future"),
        (dt.date(2026, 3, 29), "before the notification was received"),
        (None, "Give the day"),
    ],
)
@time_machine.travel(local(2026, 4, 1, 9), tick=False)
def test_a_receipt_date_in_the_future_or_before_the_notification_is_refused(
    nordby, caseworker, areas, sent_on, message
):
    referral = register(
        caseworker,
        nordby.team,
        source=Referral.Source.NOTIFICATION,
        received_on=dt.date(2026, 3, 30),
    )

    # The service's messages are matched in English, whatever language an earlier test left
    # active in this worker (they speak the active language; Danish by default).
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        receipts.record_receipt_sent(actor=caseworker, referral=referral, sent_on=sent_on)

    referral.refresh_from_db()
    assert referral.receipt_sent_on is None
    assert _receipt_deadline(referral).is_open


def test_a_receipt_is_recorded_once(nordby, caseworker, coordinator, areas):
    referral = register(caseworker, nordby.team, source=Referral.Source.NOTIFICATION)
    today = timezone.localdate()
    receipts.record_receipt_sent(actor=caseworker, referral=referral, sent_on=today)

    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        receipts.record_receipt_sent(actor=coordinator, referral=referral, sent_on=today)

    referral.refresh_from_db()
    assert referral.receipt_recorded_by == caseworker


def test_only_a_notification_of_concern_is_sent_a_receipt(client, nordby, caseworker, areas):
    referral = register(caseworker, nordby.team, source=Referral.Source.SCHOOL)
    client.force_login(caseworker)

    page = client.get(reverse("screening:referral_detail", args=[referral.pk])).content.decode()
    response = client.post(
        reverse("screening:referral_receipt", args=[referral.pk]),
        {"sent_on": timezone.localdate().isoformat()},
    )

    assert 'id="receipt-heading"' not in page
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.receipt_sent_on is None


def test_another_municipality_cannot_record_it(client, nordby, caseworker, outsider, areas):
    referral = register(caseworker, nordby.team, source=Referral.Source.NOTIFICATION)
    client.force_login(outsider)

    response = client.post(
        reverse("screening:referral_receipt", args=[referral.pk]),
        {"sent_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.receipt_sent_on is None
    assert _receipt_deadline(referral).is_open
