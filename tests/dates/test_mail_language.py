"""Mails built outside the recipient's request are written in the language they chose
(User.language, kept by the language switch), whatever language the task runs in."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.utils import translation

from accounts.language import mail_in_their_languages
from families import deadlines
from families.models import DeadlineRule
from tests.factories import UserFactory

Trigger = DeadlineRule.Trigger


def _local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_one_mail_per_language_each_written_in_it(db):
    english = UserFactory(username="en1", email="en@example.org", language="en")
    danes = [
        UserFactory(username="da1", email="da1@example.org", language="da"),
        UserFactory(username="da2", email="da2@example.org"),  # the default: Danish
    ]
    nobody = UserFactory(username="none", email="", language="en")  # no address: no mail
    with translation.override("en"):
        sent = mail_in_their_languages(
            [english, *danes, nobody],
            lambda: (translation.gettext("Kerneteam: a deadline is near"), "body"),
        )
    assert sent == 2
    by_recipients = {tuple(message.to): message.subject for message in mail.outbox}
    assert by_recipients == {
        ("da1@example.org", "da2@example.org"): "Kerneteam: en frist nærmer sig",
        ("en@example.org",): "Kerneteam: a deadline is near",
    }


def test_the_deadline_reminder_is_in_the_owners_language(
    family, caseworker, coordinator, django_capture_on_commit_callbacks
):
    caseworker.email, caseworker.language = "cw@example.org", "en"
    caseworker.save()
    coordinator.email, coordinator.language = "lead@example.org", "da"
    coordinator.save()
    with time_machine.travel(_local(2026, 3, 2, 9), tick=False):
        deadlines.start_deadlines(
            actor=caseworker,
            family=family,
            trigger=Trigger.CONCERN_RECEIVED,
            started_at=_local(2026, 3, 2, 9),
        )
    # The 24-hour assessment is the team leads' (the coordinator, Danish) …
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert deadlines.remind_deadlines(_local(2026, 3, 2, 10)) == 1
    (message,) = mail.outbox
    assert message.to == ["lead@example.org"]
    assert message.subject == "Kerneteam: en frist nærmer sig"
    assert "frist" in message.body
