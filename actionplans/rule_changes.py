"""A municipality's reassessment rule changed (its administrator, on /administration/): the stored
next reassessment (`ActionPlan.queue_due_on`) of its active plans follows, so the queue, "my
work" and the reminders keep reading one indexed column (issue 11, deadlines; issue 12)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from actionplans.models import ActionPlan
from actionplans.rules import reassessment_due
from families.deadlines import recurring_interval
from families.models import DeadlineRule


def refresh_reassessments_due(municipality_id: int) -> int:
    """Recompute the next reassessment of the municipality's active plans by its rule (two
    queries and one batched update of the plans that change); returns how many changed."""
    interval = recurring_interval(municipality_id, DeadlineRule.Kind.REASSESSMENT)
    changed: list[ActionPlan] = []
    for plan in ActionPlan.objects.filter(
        family__municipality_id=municipality_id,
        status=ActionPlan.Status.ACTIVE,
        started_on__isnull=False,
    ).only("pk", "started_on", "last_reassessed_on", "queue_due_on"):
        assert plan.started_on is not None  # the queryset's filter
        due_on = reassessment_due(plan.started_on, plan.last_reassessed_on, interval)
        if due_on != plan.queue_due_on:
            plan.queue_due_on = due_on
            changed.append(plan)
    ActionPlan.objects.bulk_update(changed, ["queue_due_on"], batch_size=500)
    return len(changed)


def _rule_saved(*, instance: DeadlineRule, **_signal: Any) -> None:
    if instance.kind == DeadlineRule.Kind.REASSESSMENT:
        refresh_reassessments_due(instance.municipality_id)


def connect() -> None:
    post_save.connect(_rule_saved, sender=DeadlineRule, dispatch_uid="actionplans_rule_changes")
