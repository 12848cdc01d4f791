import datetime as dt

from django.utils import timezone

from actionplans import selectors, services
from actionplans.models import ActionPlan
from tests.actionplans.conftest import active_plan_for

TODAY = timezone.localdate()


def test_queue_buckets_and_ordering(draft_plan, caseworker, coordinator, nordby):
    plan = active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY - dt.timedelta(days=100)
    )
    closed = ActionPlan.objects.create(
        family=plan.family,
        status="closed",
        created_by=caseworker,
        started_on=TODAY - dt.timedelta(days=300),
        aftercare_on=TODAY + dt.timedelta(days=3),
    )
    rows = selectors.queue([nordby.team.pk], today=TODAY)
    assert [(row.kind, row.bucket) for row in rows] == [
        ("reassessment", "overdue"),
        ("aftercare", "due"),
    ]
    assert rows[0].coordinator == caseworker.get_full_name() or caseworker.username
    assert rows[0].plan_age_days == 100
    by_age = selectors.queue([nordby.team.pk], today=TODAY, sort="age")
    assert by_age[0].plan == closed
    assert selectors.queue([nordby.team.pk], today=TODAY, only_bucket="later") == []
    assert selectors.queue([nordby.team.pk], today=TODAY, coordinator_id=coordinator.pk) == []


def test_last_reassessment_moves_the_due_date(draft_plan, caseworker, coordinator, nordby):
    plan = active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY - dt.timedelta(days=100)
    )
    item = services.start_reassessment(actor=coordinator, plan=plan)
    services.save_reassessment(
        actor=coordinator,
        reassessment=item,
        progress={},
        held_on=TODAY,
        support_need="unchanged",
        risk_should_change=False,
    )
    services.confirm_department(
        actor=caseworker, reassessment=item, department=nordby.children_family
    )
    services.complete_reassessment(actor=coordinator, reassessment=item)
    (row,) = selectors.queue([nordby.team.pk], today=TODAY)
    assert row.last_reassessment == TODAY and row.bucket == "later"
