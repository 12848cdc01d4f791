""" "My work": what is the user's, soonest first, through FamilyAccess, logged, in a fixed number
of queries; the menu's count in one query; notifications marked read; the landing page."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from actionplans.models import ActionPlan, DueItem, Notification
from actionplans.services import goals, plans
from families import access as access_rules
from families import deadlines, my_work
from families.access import access_for
from families.models import ENDED_STATUSES, AccessLogEntry, DeadlineRule, Family, Member, Task
from families.services import cases, members, outside_access
from tests.actionplans.conftest import add_goal, finished_assessment
from tests.conftest import Organisation, give_consent

# Exactly 20 at 1 family and at 8 (issue 12), warm: session, user, second factor, menu; one
# query per source (9, each with a LIMIT), one for every source's capped count and the menu's
# count, 5 for the accesses of the families shown, the log insert. A person's family loaded
# per row (an N+1 once seen here) made it 32 at 8 families; the menu's count on its own, 21.
MY_WORK_QUERIES = 20


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def cold_content_type_cache():
    ContentType.objects.clear_cache()


def _family(org: Organisation, actor: User, name: str) -> Family:
    family = cases.create_family(actor=actor, team=org.team, name=name)
    members.add_member(
        actor=actor,
        family=family,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Mor",
        last_name=name,
    )
    members.add_member(
        actor=actor,
        family=family,
        role=Member.Role.TARGET_CHILD,
        first_name="Jonas",
        last_name=name,
    )
    return family


def _active_plan(family: Family, actor: User, org: Organisation) -> ActionPlan:
    give_consent(family, actor, org.children_family, org.social)
    family.refresh_from_db()
    plan = plans.start_plan(actor=actor, assessment=finished_assessment(family, actor))
    add_goal(plan, actor, department=org.children_family)
    return plans.activate_plan(actor=actor, plan=plan, started_on=timezone.localdate())


def _busy_family(org: Organisation, caseworker: User, number: int) -> Family:
    """A family with one of everything due for the caseworker, its coordinator."""
    today = timezone.localdate()
    family = _family(org, caseworker, f"Familie {number}")
    plan = _active_plan(family, caseworker, org)
    goal = plan.goals.get()
    goals.add_step(
        actor=caseworker,
        goal=goal,
        what=f"Ring til skolen {number}",
        due_on=today - dt.timedelta(days=1),
        owner_user=caseworker,
        owner_department=org.children_family,
    )
    Task.objects.create(
        family=family, title=f"Opgave {number}", due_on=today, created_by=caseworker
    )
    deadlines.start_deadlines(
        actor=caseworker,
        family=family,
        trigger=DeadlineRule.Trigger.INVESTIGATION_STARTED,
        started_at=timezone.now() - dt.timedelta(days=150),
    )
    item = DueItem.objects.create(
        family=family, plan=plan, kind=DueItem.Kind.REASSESSMENT, due_on=today
    )
    Notification.objects.create(user=caseworker, due_item=item, text=f"Revurdering {number}")
    return family


@pytest.mark.parametrize("size", [1, 8])
def test_my_work_runs_a_fixed_number_of_queries(
    client, nordby, caseworker, size, django_assert_num_queries, monkeypatch
):
    """The same queries at 1 family and at 8 (32 rows due, more than the page shows)."""
    monkeypatch.setattr(my_work, "ROWS", 6)
    for number in range(size):
        _busy_family(nordby, caseworker, number)
    client.force_login(caseworker)
    client.get(reverse("my_work:index"))  # warm the per-process caches (content types, guardian)

    with django_assert_num_queries(MY_WORK_QUERIES):
        response = client.get(reverse("my_work:index"))

    assert response.status_code == 200
    work = response.context["work"]
    # Per family: a step, a task, the investigation deadline (overdue), the background
    # measurement due at inclusion, a notification; the page shows the 6 soonest of each list.
    assert len(work.notifications) == min(size, 6)
    assert len(work.due) == min(4 * size, 6)
    assert work.totals == {
        "deadlines": size,
        "steps": size,
        "follow_ups": 0,
        "tasks": size,
        "reassessments": 0,
        "measurements": size,
        "consents": 0,
        "grants": 0,
        "notifications": size,
    }
    if size == 1:
        assert sorted(item.source for item in work.due) == [
            "deadlines",
            "measurements",
            "steps",
            "tasks",
        ]
        assert work.more_due == [] and work.more_notifications == 0
    else:
        # The overdue first: 8 deadlines (overdue for a month), then not all 8 steps.
        assert [item.source for item in work.due] == ["deadlines"] * 6
        assert work.more_due == [
            "2 deadlines", "8 steps", "8 tasks", "8 measurements"
        ]  # fmt: skip
        assert work.more_notifications == 2
        body = response.content.decode()
        assert "2 deadlines, 8 steps, 8 tasks, 8 measurements" in body


def test_rows_come_soonest_first_with_their_state_as_text(client, nordby, caseworker):
    family = _busy_family(nordby, caseworker, 1)
    client.force_login(caseworker)

    work = client.get(reverse("my_work:index")).context["work"]

    assert [(item.source, item.state_label) for item in work.due] == [
        ("deadlines", "Overdue"),  # 4 months from 150 days ago: overdue for about a month
        ("steps", "Overdue"),  # yesterday
        ("measurements", "Due soon"),  # today (the background measurement at inclusion)
        ("tasks", "Due soon"),  # today
    ]
    overdue_dates = [item.due_on for item in work.due if item.state == "overdue"]
    assert overdue_dates == sorted(overdue_dates)
    page = client.get(reverse("my_work:index")).content.decode()
    assert "Ring til skolen 1" in page and family.name in page
    assert "Overdue" in page and "Due soon" in page


def test_the_menu_count_is_one_query_and_matches_the_page(
    nordby, caseworker, django_assert_num_queries
):
    _busy_family(nordby, caseworker, 1)
    _busy_family(nordby, caseworker, 2)
    user = User.objects.get(pk=caseworker.pk)

    with django_assert_num_queries(1):
        count = my_work.count_for(user)
    with django_assert_num_queries(0):
        assert my_work.count_for(user) == count  # cached for the request

    # Everything on the page but the measurements (their reminder is a mail, not a notification).
    work = my_work.my_work(caseworker)
    counted = [item for item in work.due if item.source != "measurements"]
    assert count == len(counted) + len(work.notifications) == 8


def test_the_menu_shows_the_count(client, nordby, caseworker):
    _busy_family(nordby, caseworker, 1)
    client.force_login(caseworker)

    page = client.get(reverse("families:mine")).content.decode()

    assert "<span>My work (4)</span>" in page


def test_a_notification_is_marked_read_one_or_all(client, nordby, caseworker):
    _busy_family(nordby, caseworker, 1)
    _busy_family(nordby, caseworker, 2)
    first, second = Notification.objects.order_by("pk")
    client.force_login(caseworker)
    page = client.get(reverse("my_work:index")).content.decode()
    # "Mark all read" and one "Mark read" per notification post to the same address.
    assert page.count(f'action="{reverse("my_work:mark_read")}"') == 3
    assert f'href="{reverse("actionplans:plan", args=[first.due_item.family_id])}"' in page

    client.post(reverse("my_work:mark_read"), {"source": "notifications", "id": first.pk})
    assert list(Notification.objects.filter(read_at__isnull=True)) == [second]
    client.post(reverse("my_work:mark_read"), {"source": "notifications"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert client.get(reverse("my_work:mark_read")).status_code == 405


def test_someone_else_cannot_mark_my_notifications_read(client, nordby, caseworker, coordinator):
    _busy_family(nordby, caseworker, 1)
    client.force_login(coordinator)
    note = Notification.objects.get()

    client.post(reverse("my_work:mark_read"), {"source": "notifications", "id": note.pk})

    note.refresh_from_db()
    assert note.read_at is None


def test_the_page_logs_the_families_and_persons_it_shows(client, nordby, caseworker):
    family = _busy_family(nordby, caseworker, 1)
    client.force_login(caseworker)

    client.get(reverse("my_work:index"))

    logged = AccessLogEntry.objects.filter(user=caseworker, what="My work")
    assert {entry.family_id for entry in logged} == {family.pk}
    assert logged.filter(member__isnull=True).count() == 1


def test_another_municipality_sees_nothing(client, nordby, sydby, caseworker, outsider):
    family = _busy_family(nordby, caseworker, 1)
    client.force_login(outsider)

    response = client.get(reverse("my_work:index"))

    assert response.status_code == 200
    assert response.context["work"].due == []
    assert response.context["work"].notifications == []
    assert family.name not in response.content.decode()
    assert my_work.count_for(outsider) == 0


def test_a_department_outside_the_consent_sees_its_step_but_not_the_text(
    client, nordby, caseworker, other_department_user
):
    """The jobcentre owns a step on a goal of Børn og Familie; then the consent no longer
    covers the jobcentre: the row says a step is due, never what it is."""
    family = _family(nordby, caseworker, "Hansen")
    plan = _active_plan(family, caseworker, nordby)
    consent = family.consents.get()
    consent.departments.add(nordby.employment)
    goals.add_step(
        actor=caseworker,
        goal=plan.goals.get(),
        what="Hemmeligt skridt",
        due_on=timezone.localdate(),
        owner_user=other_department_user,
        owner_department=nordby.employment,
    )
    consent.departments.remove(nordby.employment)
    client.force_login(other_department_user)

    response = client.get(reverse("my_work:index"))

    (row,) = response.context["work"].due
    assert (row.source, row.family, row.member) == ("steps", family, None)
    assert "Hemmeligt skridt" not in response.content.decode()
    assert "does not cover" in row.text


def test_an_invited_caseworker_sees_when_their_access_ends(
    client, nordby, caseworker, outside_caseworker
):
    family = _family(nordby, caseworker, "Berg")
    outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=outside_caseworker,
        department=nordby.school,
        valid_until=timezone.localdate() + dt.timedelta(days=3),
        reason="Skolens konsulent",
    )
    client.force_login(outside_caseworker)

    response = client.get(reverse("my_work:index"))

    (row,) = response.context["work"].due
    assert (row.source, row.what, row.family) == ("grants", "Your outside access ends", family)


def test_caseworkers_see_their_families_reassessments_too(client, nordby, caseworker):
    family = _family(nordby, caseworker, "Lund")
    plan = _active_plan(family, caseworker, nordby)
    plan.started_on = timezone.localdate() - dt.timedelta(days=100)
    plan.save(update_fields=["started_on"])  # keeps the stored next-due date (queue_due_on)
    client.force_login(caseworker)

    due = client.get(reverse("my_work:index")).context["work"].due

    assert [(item.source, item.state) for item in due] == [
        ("reassessments", "overdue"),
        ("measurements", "soon"),
    ]


def test_the_bulk_access_equals_access_for(nordby, caseworker, other_department_user, coordinator):
    family = _busy_family(nordby, caseworker, 1)
    for user in (caseworker, other_department_user, coordinator):
        assert my_work.accesses_for(user) == {family.pk: access_for(user, family)}


def test_log_in_lands_on_my_work_and_others_on_their_families(client, caseworker, steering):
    client.force_login(caseworker)
    assert client.get("/").headers["Location"] == reverse("my_work:index")
    assert client.get(reverse("my_work:index")).status_code == 200
    client.force_login(steering)
    response = client.get(reverse("my_work:index"))
    assert response.headers["Location"] == reverse("families:mine")
    assert settings.LOGIN_REDIRECT_URL == "my_work:index"


def test_a_count_that_reached_the_cap_says_at_least():
    work = my_work.MyWork(
        due=[],
        notifications=[],
        totals={"steps": my_work.TOTAL_CAP, "tasks": 3},
        amounts={"steps": lambda n: f"{n} steps", "tasks": lambda n: f"{n} tasks"},
    )
    assert work.more_due == [f"at least {my_work.TOTAL_CAP} steps", "3 tasks"]


def test_every_count_stops_at_the_cap(nordby, caseworker, monkeypatch):
    """Each source's count and the menu's sum stop at TOTAL_CAP (a LIMITed subquery): here 1,
    with 2 of each due."""
    _busy_family(nordby, caseworker, 1)
    _busy_family(nordby, caseworker, 2)
    monkeypatch.setattr(my_work, "TOTAL_CAP", 1)

    assert my_work.count_for(User.objects.get(pk=caseworker.pk)) == 1
    user = User.objects.get(pk=caseworker.pk)
    work = my_work.my_work(user)
    assert work.totals == {
        "deadlines": 1,
        "steps": 1,
        "follow_ups": 0,
        "tasks": 1,
        "reassessments": 0,
        "measurements": 1,
        "consents": 0,
        "grants": 0,
        "notifications": 1,
    }
    assert my_work.count_for(user) == 1  # counted with the page's totals


def test_the_compiled_visibility_rule_gives_what_families_visible_to_gives(
    nordby: Organisation, caseworker: User, outside_caseworker: User, outsider: User
) -> None:
    """my work's subquery (families.access.open_family_ids_of) is the visibility rule: team
    families, live grants; never a revoked or expired grant, a closed family or another tenant."""
    today = timezone.localdate()
    mine = cases.create_family(actor=caseworker, team=nordby.team, name="Åben")
    closed = cases.create_family(actor=caseworker, team=nordby.team, name="Lukket")
    Family.objects.filter(pk=closed.pk).update(status=Family.Status.CLOSED)
    live, revoked, expired = (
        cases.create_family(actor=caseworker, team=nordby.team, name=name)
        for name in ("Levende", "Trukket", "Udløbet")
    )
    grants = {}
    for family in (live, revoked, expired):
        grants[family.pk] = outside_access.grant_outside_access(
            actor=caseworker,
            family=family,
            user=outside_caseworker,
            department=nordby.school,
            valid_until=today + dt.timedelta(days=1),
            reason="Trivselsmøde",
        )
    # Revoked and expired on the grant row alone (the permission row still there): the rule reads
    # the grant's own dates, not only the permission.
    grant_rows = type(grants[live.pk]).objects
    grant_rows.filter(pk=grants[revoked.pk].pk).update(revoked_at=timezone.now())
    grant_rows.filter(pk=grants[expired.pk].pk).update(valid_until=today - dt.timedelta(days=1))

    for user in (caseworker, outside_caseworker, outsider):
        assert user.municipality_id is not None
        compiled = set(
            Family.objects.filter(
                pk__in=access_rules.open_family_ids_of(user.pk, user.municipality_id, today)
            ).values_list("pk", flat=True)
        )
        visible = set(
            access_rules.families_visible_to(user)
            .exclude(status__in=list(ENDED_STATUSES))
            .values_list("pk", flat=True)
        )
        assert compiled == visible, user.username
    outside = set(
        Family.objects.filter(
            pk__in=access_rules.open_family_ids_of(
                outside_caseworker.pk, nordby.municipality.pk, today
            )
        ).values_list("pk", flat=True)
    )
    assert outside == {live.pk}
    assert mine.pk not in outside and closed.pk not in outside
