"""The deadline engine: working days at weekend and holiday edges, rules as data, starting and
meeting deadlines, status with text, the idempotent reminder, the overview block, the admin."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families import deadlines
from families.deadlines import add_working_days, due_at, is_working_day
from families.models import Deadline, DeadlineRule, Family, Member
from tests.conftest import Organisation
from tests.factories import UserFactory

Kind = DeadlineRule.Kind
Trigger = DeadlineRule.Trigger


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


# --- Working days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Wednesday before Easter 2026: Maundy Thursday, Good Friday, the weekend and Easter
        # Monday do not count → Tue 7, Wed 8, Thu 9, Fri 10, Mon 13, Tue 14 April.
        (dt.date(2026, 4, 1), dt.date(2026, 4, 14)),
        # Received on Maundy Thursday (a holiday itself): the same six days.
        (dt.date(2026, 4, 2), dt.date(2026, 4, 14)),
        # A Friday: Mon–Fri and the next Monday.
        (dt.date(2026, 3, 6), dt.date(2026, 3, 16)),
        # A Saturday: counting starts on Monday.
        (dt.date(2026, 3, 7), dt.date(2026, 3, 16)),
        # Christmas 2026: 24 (closing day), 25, 26 Dec, the weekends, 31 Dec and 1 Jan skip →
        # Mon 28, Tue 29, Wed 30 Dec, Mon 4, Tue 5, Wed 6 Jan.
        (dt.date(2026, 12, 23), dt.date(2027, 1, 6)),
        # Ascension Day (Thursday 14 May 2026) and Whit Monday (25 May) are holidays;
        # Constitution Day (5 June) is a closing day.
        (dt.date(2026, 5, 13), dt.date(2026, 5, 22)),
        # From Friday 29 May: Mon 1 – Thu 4 June, (Fri 5 closed), Mon 8, Tue 9.
        (dt.date(2026, 5, 29), dt.date(2026, 6, 9)),
    ],
)
def test_six_working_days_skip_weekends_and_danish_holidays(received, due):
    assert add_working_days(received, 6) == due


def test_working_days_come_from_the_holiday_package():
    assert not is_working_day(dt.date(2026, 4, 3))  # Good Friday
    assert not is_working_day(dt.date(2026, 12, 24))  # Christmas Eve: offices closed
    assert not is_working_day(dt.date(2026, 6, 5))  # Constitution Day
    assert is_working_day(dt.date(2026, 5, 1))  # Workers' Day is a working day
    assert not is_working_day(dt.date(2026, 3, 7))  # a Saturday
    assert is_working_day(dt.date(2026, 4, 7))  # the Tuesday after Easter


def test_due_times_per_unit():
    start = local(2026, 4, 1, 16, 30)
    # Hours are exact, across the holiday.
    assert due_at(start, 24, DeadlineRule.Unit.HOURS) == local(2026, 4, 2, 16, 30)
    # Days run to the end of the due day (local time).
    assert due_at(start, 6, DeadlineRule.Unit.WORKING_DAYS) == local(2026, 4, 15, 0, 0)
    assert due_at(start, 3, DeadlineRule.Unit.CALENDAR_DAYS) == local(2026, 4, 5, 0, 0)
    # Months keep the day, or the month's last day when it is shorter.
    assert due_at(local(2026, 1, 31), 1, DeadlineRule.Unit.MONTHS) == local(2026, 3, 1, 0, 0)
    assert due_at(local(2026, 10, 31), 4, DeadlineRule.Unit.MONTHS) == local(2027, 3, 1, 0, 0)
    assert deadlines.last_day(local(2026, 4, 15, 0, 0)) == dt.date(2026, 4, 14)


# --- Rules are data ------------------------------------------------------------------------


def test_every_municipality_has_the_default_rules(nordby, sydby):
    deadlines.ensure_rules(nordby.municipality.pk)
    rules = {rule.kind: rule for rule in deadlines.rules_for(nordby.municipality.pk)}
    assert set(rules) == set(Kind.values)
    assert (rules[Kind.CONCERN_ASSESSED].duration, rules[Kind.CONCERN_ASSESSED].unit) == (
        24,
        "hours",
    )
    assert (rules[Kind.CONCERN_RECEIPT].duration, rules[Kind.CONCERN_RECEIPT].unit) == (
        6,
        "working_days",
    )
    assert (rules[Kind.INVESTIGATION].duration, rules[Kind.INVESTIGATION].unit) == (4, "months")
    assert (rules[Kind.JUDGE_VISIT].duration, rules[Kind.JUDGE_VISIT].unit) == (3, "calendar_days")
    assert rules[Kind.JUDGE_PRELIMINARY_PLAN].duration == 7
    assert (rules[Kind.JUDGE_FINAL_PLAN].duration, rules[Kind.JUDGE_FINAL_PLAN].unit) == (
        1,
        "months",
    )
    assert (rules[Kind.PRE_INVESTIGATION].duration, rules[Kind.PRE_INVESTIGATION].unit) == (
        48,
        "hours",
    )
    assert (rules[Kind.REASSESSMENT].duration, rules[Kind.MEASUREMENT].duration) == (3, 6)


def test_the_seeding_migration_and_the_code_agree():
    migration = importlib.import_module("families.migrations.0008_seed_deadline_rules")
    in_code = {
        kind: (r.trigger, r.duration, r.unit, r.owner, r.warn_days, r.per_person)
        for kind, r in deadlines.DEFAULT_RULES.items()
    }
    assert in_code == migration.DEFAULTS


def test_a_municipality_adjusts_a_duration_and_new_deadlines_follow(family, caseworker, nordby):
    deadlines.ensure_rules(nordby.municipality.pk)
    DeadlineRule.objects.filter(municipality=nordby.municipality, kind=Kind.CONCERN_RECEIPT).update(
        duration=10
    )
    start = local(2026, 3, 2)  # a Monday
    with time_machine.travel(local(2026, 3, 2, 12), tick=False):
        started = deadlines.start_deadlines(
            actor=caseworker, family=family, trigger=Trigger.CONCERN_RECEIVED, started_at=start
        )
    by_kind = {deadline.kind: deadline for deadline in started}
    assert set(by_kind) == {Kind.CONCERN_ASSESSED, Kind.CONCERN_RECEIPT}
    assert by_kind[Kind.CONCERN_RECEIPT].due_at == local(2026, 3, 17, 0, 0)  # 10 working days
    assert by_kind[Kind.CONCERN_ASSESSED].due_at == local(2026, 3, 3, 10, 0)


# --- Starting, meeting, status -------------------------------------------------------------


def _son(family: Family) -> Member:
    return family.members.get(first_name="Jonas")


def test_brought_before_a_judge_starts_three_deadlines_for_the_young_person(family, caseworker):
    with time_machine.travel(local(2026, 3, 10, 12), tick=False):
        started = deadlines.start_deadlines(
            actor=caseworker,
            family=family,
            trigger=Trigger.BROUGHT_BEFORE_JUDGE,
            started_at=local(2026, 3, 10, 9),
            member=_son(family),
        )
        again = deadlines.start_deadlines(
            actor=caseworker,
            family=family,
            trigger=Trigger.BROUGHT_BEFORE_JUDGE,
            started_at=local(2026, 3, 10, 9),
            member=_son(family),
        )
    assert {(d.kind, deadlines.last_day(d.due_at)) for d in started} == {
        (Kind.JUDGE_VISIT, dt.date(2026, 3, 13)),
        (Kind.JUDGE_PRELIMINARY_PLAN, dt.date(2026, 3, 17)),
        (Kind.JUDGE_FINAL_PLAN, dt.date(2026, 4, 10)),
    }
    assert all(d.member == _son(family) for d in started)
    assert {d.pk for d in again} == {d.pk for d in started}  # not doubled
    assert Deadline.objects.filter(family=family).count() == 3


def test_a_per_person_event_needs_the_person(family, caseworker):
    with pytest.raises(ValidationError):
        deadlines.start_deadlines(
            actor=caseworker,
            family=family,
            trigger=Trigger.BROUGHT_BEFORE_JUDGE,
            started_at=timezone.now(),
        )
    assert not Deadline.objects.exists()


def test_status_turns_soon_then_overdue_with_text(family, caseworker):
    with time_machine.travel(local(2026, 3, 2, 9), tick=False):
        (deadline,) = deadlines.start_deadlines(
            actor=caseworker,
            family=family,
            trigger=Trigger.INVESTIGATION_STARTED,
            started_at=local(2026, 3, 2, 9),
        )
    assert deadlines.last_day(deadline.due_at) == dt.date(2026, 7, 2)  # 4 months
    labels = deadlines.status_labels()
    states = [
        deadlines.rows([deadline], local(2026, 6, 1))[0],
        deadlines.rows([deadline], local(2026, 6, 25))[0],  # 14 days before
        deadlines.rows([deadline], local(2026, 7, 2, 23, 59))[0],  # the last day
        deadlines.rows([deadline], local(2026, 7, 3, 0, 1))[0],
    ]
    assert [(row.status, row.status_label) for row in states] == [
        ("fine", labels["fine"]),
        ("soon", labels["soon"]),
        ("soon", labels["soon"]),
        ("overdue", labels["overdue"]),
    ]
    deadlines.meet_deadlines(actor=caseworker, family=family, kinds=[Kind.INVESTIGATION])
    deadline.refresh_from_db()
    assert deadlines.rows([deadline], local(2026, 7, 3, 0, 1))[0].status == "met"


# --- The reminder --------------------------------------------------------------------------


def test_the_reminder_goes_once_per_deadline_names_nobody_and_waits_for_soon(
    family, caseworker, coordinator, django_capture_on_commit_callbacks
):
    caseworker.email = "cw@example.org"
    caseworker.save()
    coordinator.email = "lead@example.org"
    coordinator.save()
    with time_machine.travel(local(2026, 3, 2, 9), tick=False):
        deadlines.start_deadlines(
            actor=caseworker,
            family=family,
            trigger=Trigger.INVESTIGATION_STARTED,
            started_at=local(2026, 3, 2, 9),
        )
    # Not yet soon: nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines.remind_deadlines(local(2026, 6, 1)) == 0
    assert mail.outbox == []
    # Soon: the family's coordinator (the caseworker who created it) is reminded once.
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines.remind_deadlines(local(2026, 6, 20)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines.remind_deadlines(local(2026, 6, 21)) == 0
        assert deadlines.remind_deadlines(local(2026, 7, 10)) == 0  # overdue: still once
    assert [message.to for message in mail.outbox] == [["cw@example.org"]]
    body = f"{mail.outbox[0].subject}{mail.outbox[0].body}"
    assert family.name not in body and "Jonas" not in body and family.reference not in body
    assert reverse("my_work:index") in body


def test_a_lead_owned_deadline_reminds_the_team_leads(
    family, caseworker, coordinator, django_capture_on_commit_callbacks
):
    coordinator.email = "lead@example.org"
    coordinator.save()
    caseworker.email = "cw@example.org"
    caseworker.save()
    with time_machine.travel(local(2026, 3, 2, 9), tick=False):
        deadlines.start_deadlines(
            actor=caseworker,
            family=family,
            trigger=Trigger.CONCERN_RECEIVED,
            started_at=local(2026, 3, 2, 9),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines.remind_deadlines(local(2026, 3, 2, 10)) == 1  # the 24-hour one
    assert [message.to for message in mail.outbox] == [["lead@example.org"]]


# --- Pages ---------------------------------------------------------------------------------


def test_the_overview_shows_deadlines_and_starts_them_by_hand(client, family, caseworker):
    client.force_login(caseworker)
    today = timezone.localdate()
    response = client.post(
        reverse("my_work:deadline_start", args=[family.pk]),
        {"trigger": Trigger.BROUGHT_BEFORE_JUDGE, "member": _son(family).pk, "on": today},
    )
    assert response.status_code == 302
    assert Deadline.objects.filter(family=family, member=_son(family)).count() == 3
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert 'id="deadlines"' in page
    assert str(DeadlineRule.Kind.JUDGE_VISIT.label) in page
    assert "I rute" in page  # the status as text ("On track" in Danish), not colour alone

    visit = Deadline.objects.get(kind=Kind.JUDGE_VISIT)
    client.post(reverse("my_work:deadline_met", args=[family.pk, visit.pk]))
    visit.refresh_from_db()
    assert visit.met_by == caseworker and visit.met_at is not None


def test_another_municipality_cannot_start_or_meet_a_deadline(client, family, caseworker, outsider):
    (deadline,) = deadlines.start_deadlines(
        actor=caseworker,
        family=family,
        trigger=Trigger.INVESTIGATION_STARTED,
        started_at=timezone.now(),
    )
    client.force_login(outsider)
    start = client.post(
        reverse("my_work:deadline_start", args=[family.pk]),
        {"trigger": Trigger.INVESTIGATION_STARTED, "on": timezone.localdate()},
    )
    met = client.post(reverse("my_work:deadline_met", args=[family.pk, deadline.pk]))
    assert (start.status_code, met.status_code) == (404, 404)
    deadline.refresh_from_db()
    assert deadline.met_at is None
    assert Deadline.objects.count() == 1


def test_the_municipality_admin_adjusts_durations_but_adds_none(
    client, nordby: Organisation, sydby: Organisation
):
    admin: User = UserFactory(
        username="admin", municipality=nordby.municipality, is_municipality_admin=True
    )
    deadlines.ensure_rules(sydby.municipality.pk)
    client.force_login(admin)
    listing = client.get("/administration/families/deadlinerule/")
    assert listing.status_code == 200
    assert DeadlineRule.objects.filter(municipality=nordby.municipality).count() == len(Kind)
    rule = DeadlineRule.objects.get(municipality=nordby.municipality, kind=Kind.CONCERN_RECEIPT)
    response = client.post(
        f"/administration/families/deadlinerule/{rule.pk}/change/",
        {"duration": 8, "unit": "working_days", "owner": "team_leads", "warn_days": 2},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.duration == 8
    other = DeadlineRule.objects.get(municipality=sydby.municipality, kind=Kind.CONCERN_RECEIPT)
    # Another municipality's rule is not found (the admin sends the user back to its index).
    foreign = client.get(f"/administration/families/deadlinerule/{other.pk}/change/")
    assert (foreign.status_code, foreign.headers["Location"]) == (302, "/administration/")
    assert client.get("/administration/families/deadlinerule/add/").status_code == 403


def test_the_progression_measurements_interval_is_not_the_administrators(
    client, nordby: Organisation
):
    """Wave n is due n × 6 months after inclusion everywhere (the national export compares
    waves; the instruments ask about the last six months): its duration is shown, not edited."""
    admin: User = UserFactory(
        username="admin", municipality=nordby.municipality, is_municipality_admin=True
    )
    deadlines.ensure_rules(nordby.municipality.pk)
    client.force_login(admin)
    rule = DeadlineRule.objects.get(municipality=nordby.municipality, kind=Kind.MEASUREMENT)
    url = f"/administration/families/deadlinerule/{rule.pk}/change/"

    page = client.get(url).content.decode()
    response = client.post(
        url, {"duration": 4, "unit": "calendar_days", "owner": "team_leads", "warn_days": 3}
    )

    assert 'name="duration"' not in page
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.duration, rule.unit, rule.owner, rule.warn_days) == (
        6,
        "months",
        "team_leads",
        3,
    )
    # The reassessment's interval is the administrator's (actionplans follow it).
    reassessment = DeadlineRule.objects.get(
        municipality=nordby.municipality, kind=Kind.REASSESSMENT
    )
    assert (
        'name="duration"'
        in client.get(
            f"/administration/families/deadlinerule/{reassessment.pk}/change/"
        ).content.decode()
    )
