import datetime as dt

from django.utils import timezone

from actionplans import selectors
from actionplans.models import ActionPlan
from actionplans.services import reassessments
from tests.actionplans.conftest import active_plan_for

TODAY = timezone.localdate()


def test_queue_buckets_and_ordering(draft_plan, caseworker, coordinator, nordby):
    caseworker.first_name, caseworker.last_name = "Sara", "Holm"
    caseworker.save()
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
    assert [(row.is_aftercare, row.bucket) for row in rows] == [(False, "overdue"), (True, "due")]
    assert [row.bucket_label for row in rows] == ["Overdue", "Due within 14 days"]
    assert rows[0].coordinator == "Sara Holm"
    assert rows[0].plan_age_days == 100
    by_age = selectors.queue([nordby.team.pk], today=TODAY, sort="age")
    assert by_age[0].plan == closed
    assert selectors.queue([nordby.team.pk], today=TODAY, only_bucket="later") == []
    assert selectors.queue([nordby.team.pk], today=TODAY, coordinator_id=coordinator.pk) == []


def test_last_reassessment_moves_the_due_date(draft_plan, caseworker, coordinator, nordby):
    plan = active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY - dt.timedelta(days=100)
    )
    item = reassessments.start_reassessment(actor=coordinator, plan=plan)
    reassessments.save_reassessment(
        actor=coordinator,
        reassessment=item,
        progress={},
        held_on=TODAY,
        support_need="unchanged",
        risk_should_change=False,
    )
    reassessments.confirm_department(
        actor=caseworker, reassessment=item, department=nordby.children_family
    )
    reassessments.complete_reassessment(actor=coordinator, reassessment=item)
    (row,) = selectors.queue([nordby.team.pk], today=TODAY)
    assert row.last_reassessment == TODAY and row.bucket == "later"
