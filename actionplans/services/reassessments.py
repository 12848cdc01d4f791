"""The three-monthly joint reassessment: progress per goal, each department confirms its part."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from actionplans.models import (
    ActionPlan,
    DepartmentConfirmation,
    GoalReview,
    Reassessment,
)
from actionplans.rules import reassessment_due
from actionplans.selectors import plan_department_ids
from actionplans.services.common import lock_open, note_change
from assessment.models import Assessment
from assessment.services import versions as assessment_versions
from families.services.common import by_actor, refuse_future


def next_reassessment_due(plan: ActionPlan) -> dt.date | None:
    if plan.started_on is None:
        return None
    last = (
        plan.reassessments.filter(status=Reassessment.Status.COMPLETED)
        .order_by("-completed_on")
        .values_list("completed_on", flat=True)
        .first()
    )
    return reassessment_due(plan.started_on, last, plan.reassessment_interval())


@transaction.atomic
def start_reassessment(*, actor: User, plan: ActionPlan) -> Reassessment:
    lock_open(plan)
    if plan.status != ActionPlan.Status.ACTIVE:
        raise ValidationError(_("Only an active plan can be reassessed."))
    existing = plan.reassessments.filter(status=Reassessment.Status.OPEN).first()
    if existing is not None:
        return existing
    due_on = next_reassessment_due(plan)
    assert due_on is not None  # an active plan has started
    reassessment = Reassessment(plan=plan, due_on=due_on, started_by=actor)
    by_actor(reassessment, actor).save()
    for goal in plan.goals.all():
        by_actor(GoalReview(reassessment=reassessment, goal=goal), actor).save()
    return reassessment


def _lock_reassessment(reassessment: Reassessment) -> Reassessment:
    current = Reassessment.objects.select_for_update().get(pk=reassessment.pk)
    if current.status != Reassessment.Status.OPEN:
        raise ValidationError(_("This reassessment is completed."))
    return reassessment


@transaction.atomic
def save_reassessment(
    *,
    actor: User,
    reassessment: Reassessment,
    progress: dict[int, str],
    held_on: dt.date | None,
    support_need: str,
    risk_should_change: bool,
    risk_note: str = "",
    plan_changes: str = "",
) -> Reassessment:
    _lock_reassessment(reassessment)
    refuse_future(held_on, _("The meeting date cannot be in the future."))
    reassessment.held_on = held_on
    reassessment.support_need = support_need
    reassessment.risk_should_change = risk_should_change
    reassessment.risk_note = risk_note
    reassessment.plan_changes = plan_changes
    reassessment.full_clean()
    by_actor(reassessment, actor).save()
    for review in reassessment.reviews.all():
        if review.goal_id in progress:
            review.progress = progress[review.goal_id]
            by_actor(review, actor).save(update_fields=["progress"])
    return reassessment


@transaction.atomic
def confirm_department(
    *, actor: User, reassessment: Reassessment, department: Department
) -> DepartmentConfirmation:
    _lock_reassessment(reassessment)
    if department.pk not in plan_department_ids(reassessment.plan):
        raise ValidationError(_("This department has no part in the plan."))
    confirmation, _created = DepartmentConfirmation.objects.get_or_create(
        reassessment=reassessment, department=department, defaults={"confirmed_by": actor}
    )
    return confirmation


@transaction.atomic
def confirm_on_behalf(
    *, actor: User, reassessment: Reassessment, department: Department, reason: str
) -> DepartmentConfirmation:
    """The coordinator confirms a department's part for it — a department with no one in the
    core team, or one the consent no longer covers — and records why (issue 11, item 1)."""
    _lock_reassessment(reassessment)
    if department.pk not in plan_department_ids(reassessment.plan):
        raise ValidationError(_("This department has no part in the plan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you confirm on the department's behalf.")})
    confirmation, created = DepartmentConfirmation.objects.get_or_create(
        reassessment=reassessment,
        department=department,
        defaults={"confirmed_by": actor, "on_behalf_reason": reason.strip()},
    )
    if not created:
        raise ValidationError(_("The department's part is already confirmed."))
    note_change(reassessment.plan, actor)
    return confirmation


@transaction.atomic
def complete_reassessment(*, actor: User, reassessment: Reassessment) -> Reassessment:
    _lock_reassessment(reassessment)
    missing = plan_department_ids(reassessment.plan) - set(
        reassessment.confirmations.values_list("department_id", flat=True)
    )
    if missing:
        names = ", ".join(
            sorted(Department.objects.filter(pk__in=missing).values_list("name", flat=True))
        )
        raise ValidationError(
            _("Every department in the plan confirms first. Not confirmed yet: %(names)s.")
            % {"names": names}
        )
    if not reassessment.support_need or reassessment.held_on is None:
        raise ValidationError(_("Record the meeting date and the support need first."))
    reassessment.status = Reassessment.Status.COMPLETED
    reassessment.completed_by = actor
    reassessment.completed_on = timezone.localdate()
    by_actor(reassessment, actor).save()
    plan = reassessment.plan
    # The queue's next-due date moves three months on (no history row of its own: derived).
    plan.last_reassessed_on = reassessment.completed_on
    plan.queue_due_on = plan.compute_queue_due_on()
    ActionPlan.objects.filter(pk=plan.pk).update(
        last_reassessed_on=plan.last_reassessed_on, queue_due_on=plan.queue_due_on
    )
    note_change(plan, actor)
    return reassessment


@transaction.atomic
def start_new_risk_assessment(*, actor: User, reassessment: Reassessment) -> Assessment:
    """The risk rating should change: a new assessment version, through the assessment app."""
    if not reassessment.risk_should_change:
        raise ValidationError(_("The reassessment does not say the risk rating should change."))
    return assessment_versions.start_assessment(actor=actor, family=reassessment.plan.family)
