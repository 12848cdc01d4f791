"""The reassessment interval is the municipality's deadline rule (issue 11, deadlines): three months
unless its administrator changes it; the plan's stored next reassessment (the queue's
`queue_due_on`) follows the rule, also for plans already active when the rule changes."""

import datetime as dt

import pytest
from django.utils import timezone

from actionplans import selectors
from actionplans.models import ActionPlan
from actionplans.rule_changes import refresh_reassessments_due
from actionplans.rules import add_months, reassessment_due
from actionplans.services import reassessments, reminders
from families.access import access_for
from families.deadlines import ensure_rules, interval_end
from families.models import DeadlineRule
from families.services import cases
from tests.actionplans.conftest import active_plan_for

Kind = DeadlineRule.Kind
TODAY = timezone.localdate()


def _set_rule(municipality_id: int, duration: int, unit: str) -> DeadlineRule:
    """As the administrator's form does: change the row and save it."""
    ensure_rules(municipality_id)
    rule = DeadlineRule.objects.get(municipality_id=municipality_id, kind=Kind.REASSESSMENT)
    rule.duration, rule.unit = duration, unit
    rule.save()
    return rule


def test_by_default_a_plan_is_reassessed_three_months_after_it_started(
    draft_plan, caseworker, nordby
):
    started = TODAY - dt.timedelta(days=10)
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)

    plan.refresh_from_db()
    assert plan.queue_due_on == add_months(started, 3)


def test_the_municipalitys_rule_sets_the_interval(draft_plan, caseworker, coordinator, nordby):
    _set_rule(nordby.municipality.pk, 2, DeadlineRule.Unit.MONTHS)
    started = TODAY - dt.timedelta(days=10)

    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)

    plan.refresh_from_db()
    assert plan.queue_due_on == add_months(started, 2)
    assert reassessments.next_reassessment_due(plan) == add_months(started, 2)
    access = access_for(coordinator, plan.family)
    assert access is not None
    assert selectors.plan_page(access, plan).next_due == add_months(started, 2)
    # The reassessment started now is due on that day too.
    assert reassessments.start_reassessment(actor=coordinator, plan=plan).due_on == add_months(
        started, 2
    )


def test_a_rule_change_moves_the_active_plans_of_that_municipality_only(
    draft_plan, caseworker, nordby, sydby, outsider
):
    started = TODAY - dt.timedelta(days=40)
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)
    southern_family = cases.create_family(actor=outsider, team=sydby.team, name="Syd")
    southern = ActionPlan.objects.create(
        family=southern_family, status="active", created_by=outsider, started_on=started
    )
    assert southern.queue_due_on == add_months(started, 3)

    _set_rule(nordby.municipality.pk, 30, DeadlineRule.Unit.CALENDAR_DAYS)

    plan.refresh_from_db()
    southern.refresh_from_db()
    assert plan.queue_due_on == started + dt.timedelta(days=30)
    assert southern.queue_due_on == add_months(started, 3)
    # Overdue by the new rule: the queue and the daily reminder see it at once.
    (row,) = selectors.queue([nordby.team.pk], today=TODAY).rows
    assert (row.plan, row.bucket) == (plan, "overdue")
    assert [(p.pk, on) for p, _kind, on in reminders._due_plans(TODAY)] == [
        (plan.pk, started + dt.timedelta(days=30))
    ]


def test_a_rule_change_counts_from_the_last_reassessment(draft_plan, caseworker, nordby):
    started = TODAY - dt.timedelta(days=200)
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)
    last = TODAY - dt.timedelta(days=5)
    plan.last_reassessed_on = last
    plan.save(update_fields=["last_reassessed_on"])

    _set_rule(nordby.municipality.pk, 10, DeadlineRule.Unit.WORKING_DAYS)

    plan.refresh_from_db()
    assert plan.queue_due_on == interval_end(last, 10, DeadlineRule.Unit.WORKING_DAYS)
    assert refresh_reassessments_due(nordby.municipality.pk) == 0  # already in step


def test_changing_another_rule_leaves_the_plans_alone(
    draft_plan, caseworker, nordby, django_assert_num_queries
):
    started = TODAY - dt.timedelta(days=10)
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)
    ensure_rules(nordby.municipality.pk)
    rule = DeadlineRule.objects.get(municipality=nordby.municipality, kind=Kind.MEASUREMENT)
    rule.duration = 2

    with django_assert_num_queries(2):  # the update and its history row: no plan read
        rule.save()

    plan.refresh_from_db()
    assert plan.queue_due_on == add_months(started, 3)


@pytest.mark.parametrize(
    ("duration", "unit", "expected"),
    [
        (3, DeadlineRule.Unit.MONTHS, dt.date(2026, 2, 28)),  # 30 Nov + 3 months: the last day
        (14, DeadlineRule.Unit.CALENDAR_DAYS, dt.date(2025, 12, 14)),
        (5, DeadlineRule.Unit.WORKING_DAYS, dt.date(2025, 12, 5)),
        (20, DeadlineRule.Unit.WORKING_DAYS, dt.date(2026, 1, 2)),  # 24–26 and 31 Dec, 1 Jan
        (48, DeadlineRule.Unit.HOURS, dt.date(2025, 12, 2)),
        (30, DeadlineRule.Unit.HOURS, dt.date(2025, 12, 2)),  # a started day counts whole
    ],
)
def test_reassessment_due_by_an_interval(duration, unit, expected):
    assert reassessment_due(dt.date(2025, 11, 30), None, (duration, unit)) == expected


def test_the_administrators_change_on_administration_moves_the_plans(
    client, draft_plan, caseworker, nordby
):
    from tests.factories import UserFactory

    started = TODAY - dt.timedelta(days=10)
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)
    ensure_rules(nordby.municipality.pk)
    rule = DeadlineRule.objects.get(municipality=nordby.municipality, kind=Kind.REASSESSMENT)
    client.force_login(
        UserFactory(username="admin", municipality=nordby.municipality, is_municipality_admin=True)
    )

    response = client.post(
        f"/administration/families/deadlinerule/{rule.pk}/change/",
        {"duration": 6, "unit": "months", "owner": "coordinators", "warn_days": 14},
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.queue_due_on == add_months(started, 6)
