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
    rows = selectors.queue([nordby.team.pk], today=TODAY).rows
    assert [(row.is_aftercare, row.bucket) for row in rows] == [(False, "overdue"), (True, "due")]
    assert [row.bucket_label for row in rows] == ["Overdue", "Due within 14 days"]
    assert rows[0].coordinator == "Sara Holm"
    assert rows[0].plan_age_days == 100
    by_age = selectors.queue([nordby.team.pk], today=TODAY, sort="age").rows
    assert by_age[0].plan == closed
    assert selectors.queue([nordby.team.pk], today=TODAY, only_bucket="later").rows == []
    assert selectors.queue([nordby.team.pk], today=TODAY, only_bucket="due").rows == [rows[1]]
    assert selectors.queue([nordby.team.pk], today=TODAY, coordinator_id=coordinator.pk).rows == []


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
    (row,) = selectors.queue([nordby.team.pk], today=TODAY).rows
    assert row.last_reassessment == TODAY and row.bucket == "later"


def test_queue_due_date_is_stored_and_kept(draft_plan, caseworker, nordby):
    """The queue reads ActionPlan.queue_due_on: set on activation, closing and the aftercare."""
    from actionplans.rules import reassessment_due
    from actionplans.services import closing

    started = TODAY - dt.timedelta(days=10)
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family, started_on=started)
    plan.refresh_from_db()
    assert plan.queue_due_on == reassessment_due(started, None)
    ActionPlan.objects.filter(pk=plan.pk).update(status="closed")
    plan.refresh_from_db()
    plan.aftercare_on = TODAY + dt.timedelta(days=30)
    plan.save(update_fields=["aftercare_on"])
    plan.refresh_from_db()
    assert plan.queue_due_on == TODAY + dt.timedelta(days=30)
    closing.record_aftercare(actor=caseworker, plan=plan, note="Fint")
    assert ActionPlan.objects.get(pk=plan.pk).queue_due_on is None
    assert selectors.queue([nordby.team.pk], today=TODAY).rows == []


def test_queue_pages_soonest_first(draft_plan, caseworker, nordby):
    from tests.actionplans.test_query_counts import _team_families

    _team_families(nordby, caseworker, selectors.QUEUE_PAGE_SIZE + 5)
    first = selectors.queue([nordby.team.pk], today=TODAY)
    assert len(first.rows) == selectors.QUEUE_PAGE_SIZE and first.page.has_next()
    second = selectors.queue([nordby.team.pk], today=TODAY, page_number=2)
    assert len(second.rows) == 5
    dues = [row.due_on for row in first.rows + second.rows]
    assert dues == sorted(dues)
