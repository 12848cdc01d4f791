"""Screening starts and meets the deadlines of the law (families/deadlines.py, issue 11): a
notification of concern received starts "assessed within 24 hours" and "receipt within 6 working
days", screening it meets the first; the investigation reminder done starts the § 20 deadline.
Running the same event twice starts nothing twice."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone, translation

from families.models import Deadline, DeadlineRule, Family, Member, Task
from families.services import members, tasks
from screening.models import Referral, VisitationDecision
from screening.services import follow_up
from screening.services import visitation as visitation_services
from tests.screening.conftest import consent, judge_all, register

Kind = DeadlineRule.Kind
Outcome = VisitationDecision.Outcome
CONCERN_KINDS = {Kind.CONCERN_ASSESSED, Kind.CONCERN_RECEIPT}

pytestmark = pytest.mark.django_db


def local(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def open_kinds(family_id: int) -> list[str]:
    return sorted(
        Deadline.objects.filter(family_id=family_id, met_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


@time_machine.travel(local(2026, 4, 1, 9), tick=False)
def test_a_notification_of_concern_starts_both_concern_deadlines(nordby, caseworker, areas):
    referral = register(
        caseworker,
        nordby.team,
        source=Referral.Source.NOTIFICATION,
        received_on=dt.date(2026, 4, 1),
    )
    by_kind = {d.kind: d for d in Deadline.objects.filter(family=referral.family)}
    assert set(by_kind) == CONCERN_KINDS
    # Received today: 24 hours from now; the receipt on the 6th working day (Easter skipped).
    assert by_kind[Kind.CONCERN_ASSESSED].due_at == local(2026, 4, 2, 9)
    assert by_kind[Kind.CONCERN_RECEIPT].due_at == local(2026, 4, 15)
    assert all(d.started_by == caseworker and d.member is None for d in by_kind.values())


@time_machine.travel(local(2026, 4, 1, 9), tick=False)
def test_a_notification_received_earlier_runs_from_the_start_of_that_day(nordby, caseworker, areas):
    referral = register(
        caseworker,
        nordby.team,
        source=Referral.Source.NOTIFICATION,
        received_on=dt.date(2026, 3, 30),
    )
    assessed = Deadline.objects.get(family=referral.family, kind=Kind.CONCERN_ASSESSED)
    assert assessed.started_at == local(2026, 3, 30)
    assert assessed.due_at == local(2026, 3, 31)


def test_other_sources_start_no_deadline(referral):
    assert referral.source == Referral.Source.SCHOOL
    assert not Deadline.objects.filter(family=referral.family).exists()


def test_a_second_notification_while_the_first_is_open_starts_nothing_twice(
    nordby, caseworker, areas
):
    first = register(caseworker, nordby.team, source=Referral.Source.NOTIFICATION)
    family = Family.objects.get(pk=first.family_id)
    second = register(
        caseworker,
        nordby.team,
        source=Referral.Source.NOTIFICATION,
        family=family,
        name="",
        children=[],
        existing_children=list(first.children.all()),
    )
    assert second.family_id == family.pk
    assert Deadline.objects.filter(family=family).count() == 2
    assert open_kinds(family.pk) == sorted(CONCERN_KINDS)


def test_screening_the_notification_meets_the_24_hour_deadline_once(nordby, caseworker, areas):
    referral = register(caseworker, nordby.team, source=Referral.Source.NOTIFICATION)
    judge_all(referral, caseworker)
    assessed = Deadline.objects.get(family=referral.family, kind=Kind.CONCERN_ASSESSED)
    assert assessed.met_at is not None and assessed.met_by == caseworker
    # The receipt to the notifier is not sent by screening: it stays open.
    assert open_kinds(referral.family_id) == [Kind.CONCERN_RECEIPT]
    met_at = assessed.met_at
    judge_all(referral, caseworker)  # saved again: nothing changes
    assessed.refresh_from_db()
    assert assessed.met_at == met_at
    assert Deadline.objects.filter(family=referral.family).count() == 2


def test_screening_another_kind_of_referral_leaves_a_concern_deadline_open(
    nordby, caseworker, areas
):
    referral = register(caseworker, nordby.team, source=Referral.Source.NOTIFICATION)
    family = Family.objects.get(pk=referral.family_id)
    police = register(
        caseworker,
        nordby.team,
        source=Referral.Source.POLICE,
        family=family,
        name="",
        children=[],
        existing_children=list(referral.children.all()),
    )
    judge_all(police, caseworker)
    assert open_kinds(family.pk) == sorted(CONCERN_KINDS)


# --- The § 20 investigation -----------------------------------------------------------------


@pytest.fixture
def included_family(referral, caseworker, coordinator, meeting, nordby):
    judge_all(referral, caseworker)
    visitation_services.decide_referral(
        actor=coordinator, referral=referral, meeting=meeting, outcome=Outcome.INCLUDE
    )
    referral.refresh_from_db()
    family = Family.objects.get(pk=referral.family_id)
    members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Amal",
        last_name="Hassan",
    )
    consent(family, caseworker, nordby.children_family)
    return referral


def test_the_investigation_reminder_done_starts_the_4_month_deadline_once(
    included_family, caseworker, nordby, areas
):
    referral = included_family
    family = referral.family
    second = members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.TARGET_CHILD,
        first_name="Sara",
        last_name="Hassan",
    )
    reminders = follow_up.remind_investigations(
        actor=caseworker,
        referral=referral,
        children_without_investigation=[*referral.children.all(), second],
    )
    assert len(reminders) == 2
    assert not Deadline.objects.filter(family=family, kind=Kind.INVESTIGATION).exists()
    done = tasks.complete_task(actor=caseworker, task=reminders[0])
    investigation = Deadline.objects.get(family=family, kind=Kind.INVESTIGATION)
    assert investigation.started_at == done.completed_at
    assert investigation.met_at is None and investigation.started_by == caseworker
    # Completing it again, or the second child's reminder, keeps the one open deadline.
    tasks.complete_task(actor=caseworker, task=reminders[0])
    tasks.complete_task(actor=caseworker, task=reminders[1])
    assert Deadline.objects.filter(family=family, kind=Kind.INVESTIGATION).count() == 1


def test_a_reminder_made_in_danish_is_recognised_in_english(included_family, caseworker):
    with translation.override("da"):
        [reminder] = follow_up.remind_investigations(
            actor=caseworker,
            referral=included_family,
            children_without_investigation=list(included_family.children.all()),
        )
    assert reminder.title != str(follow_up.INVESTIGATION_TASK)  # stored in Danish
    tasks.complete_task(actor=caseworker, task=reminders_task(reminder))
    assert Deadline.objects.filter(family=included_family.family, kind=Kind.INVESTIGATION).exists()


def reminders_task(task):  # the task as the view passes it: reloaded
    return type(task).objects.get(pk=task.pk)


def test_another_task_done_starts_no_deadline(family, caseworker):
    task = tasks.create_task(
        actor=caseworker, family=family, title="Ring til skolen", due_on=timezone.localdate()
    )
    tasks.complete_task(actor=caseworker, task=task)
    assert not Deadline.objects.filter(family=family).exists()


def test_a_task_merely_titled_like_the_reminder_starts_no_deadline(family, caseworker):
    """The kind decides, not the words: a hand-made task with the same title is just a task."""
    task = tasks.create_task(
        actor=caseworker,
        family=family,
        title=str(follow_up.INVESTIGATION_TASK),
        due_on=timezone.localdate(),
    )
    assert task.kind == Task.Kind.GENERAL
    tasks.complete_task(actor=caseworker, task=task)
    assert not Deadline.objects.filter(family=family).exists()
