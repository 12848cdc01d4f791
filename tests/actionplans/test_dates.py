"""Dates in the language's one format on the plan's pages, its PDFs, and in the notifications
and mails built for each person in the language they chose (issue 11, item 12)."""

import datetime as dt
import subprocess

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from actionplans.models import Notification
from actionplans.rules import reassessment_due
from actionplans.services import goals, reminders
from families.models import FamilyCoordinator
from tests.actionplans.conftest import active_plan_for, member
from tests.dates.helpers import danish, english, other_formats, visible_text

DUE = {"da": danish, "en": english}


@pytest.fixture
def plan_with_step(active_plan, caseworker):
    goals.add_step(
        actor=caseworker,
        goal=active_plan.goals.get(),
        what="Vækkeur hver morgen",
        due_on=active_plan.started_on + dt.timedelta(days=20),
        owner_member=member(active_plan.family, "Jonas"),
    )
    return active_plan


def _spaced(text: str) -> str:
    """pdftotext's words are compared with plain spaces (a no-break space splits like any other)."""
    return " ".join(text.split())


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_family_pdf_prints_the_languages_dates(
    client, caseworker, plan_with_step, tmp_path, language
):
    client.force_login(caseworker)
    response = client.post(
        reverse("actionplans:family_pdf", args=[plan_with_step.family_id, language])
    )
    text = " ".join(_pdf_text(response.content, tmp_path).split())
    step_due = plan_with_step.started_on + dt.timedelta(days=20)
    assert _spaced(DUE[language](step_due)) in text  # the step's "when"
    assert _spaced(DUE[language](timezone.localdate())) in text  # "printed"
    assert other_formats(text) == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_working_copy_pdf_prints_the_readers_dates(
    client, caseworker, plan_with_step, tmp_path, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(caseworker)
    response = client.post(reverse("actionplans:working_copy", args=[plan_with_step.family_id]))
    data = b"".join(response) if response.streaming else response.content
    text = " ".join(_pdf_text(data, tmp_path).split())
    assert _spaced(DUE[language](plan_with_step.started_on + dt.timedelta(days=20))) in text
    assert other_formats(text) == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_plan_page_and_queue_show_the_languages_dates(
    client, caseworker, coordinator, plan_with_step, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(caseworker)
    page = visible_text(
        client.get(reverse("actionplans:plan", args=[plan_with_step.family_id])).content.decode()
    )
    assert DUE[language](plan_with_step.started_on + dt.timedelta(days=20)) in page
    assert other_formats(page) == []
    client.force_login(coordinator)
    queue = visible_text(client.get(reverse("actionplans:queue")).content.decode())
    assert DUE[language](reassessment_due(plan_with_step.started_on, None)) in queue
    assert other_formats(queue) == []


def test_notifications_and_mails_follow_each_recipients_language(
    draft_plan, caseworker, coordinator, nordby, django_capture_on_commit_callbacks
):
    """The caseworker chose English, the second coordinator Danish: each gets their own."""
    caseworker.email, caseworker.language = "cw@nordby.dk", "en"
    caseworker.save()
    coordinator.email, coordinator.language = "co@nordby.dk", "da"
    coordinator.save()
    started = timezone.localdate() - dt.timedelta(days=85)
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)
    FamilyCoordinator.objects.create(
        family=plan.family, user=coordinator, kind=FamilyCoordinator.Kind.SECONDARY
    )
    due = reassessment_due(started, None)
    # The task runs in whatever language is active (Danish in the worker): it must not matter.
    with translation.override("da"), django_capture_on_commit_callbacks(execute=True):
        assert reminders.create_due_items() == 2
    reference = plan.family.reference
    assert Notification.objects.get(user=caseworker).text == (
        f"Reassessment for Familien Jensen ({reference}) is due on {english(due)}."
    )
    assert Notification.objects.get(user=coordinator).text == (
        f"Revurdering for Familien Jensen ({reference}) skal ske senest {danish(due)}."
    )
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "cw@nordby.dk": "Kerneteam: you have something due",
        "co@nordby.dk": "Kerneteam: du har noget, der forfalder",
    }


def test_the_language_switch_keeps_the_choice_on_the_person(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/work/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(pk=caseworker.pk).language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/work/"})
    assert User.objects.get(pk=caseworker.pk).language == "en"  # no language we offer: kept
    client.post(reverse("set_language"), {"language": "da", "next": "/work/"})
    assert User.objects.get(pk=caseworker.pk).language == "da"
