"""The action plan's rows on "my work" (families/my_work.py): steps the user owns, follow-ups
and reassessments due for their families, and their unread notifications. Registered in
ActionplansConfig.ready(). Each reads through the family's `FamilyAccess` (rule 3: a step or
follow-up of a department the user may not read shows without its text)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from actionplans.models import ActionPlan, FollowUp, Notification, Reassessment, Step
from actionplans.rules import reassessment_due
from families.my_work import (
    SOON_DAYS,
    UNREAD,
    WorkContext,
    WorkItem,
    WorkSource,
    open_family_ids,
    register_work_source,
    state_for,
)


def _not_readable() -> str:
    return _("Not shown: the family's consent does not cover this department.")


def _step_filter(user: User, family_ids: list[int] | QuerySet[Any], today: dt.date) -> Q:
    return Q(
        owner_user=user,
        is_done=False,
        due_on__lte=today + dt.timedelta(days=SOON_DAYS),
        goal__plan__family_id__in=family_ids,
        goal__plan__status=ActionPlan.Status.ACTIVE,
    )


def _step_items(context: WorkContext) -> list[WorkItem]:
    steps = Step.objects.filter(
        _step_filter(context.user, list(context.accesses), context.today)
    ).select_related("goal__plan", "goal__member")
    items = []
    for step in steps:
        family_id = step.goal.plan.family_id
        access = context.accesses[family_id]
        readable = access.can_read_plan_content(step.goal.department_id)
        items.append(
            WorkItem(
                what=_("Step"),
                text=step.what if readable else _not_readable(),
                due_on=step.due_on,
                state=state_for(step.due_on, context.today),
                family=access.family,
                member=step.goal.member if readable else None,
                url=reverse("actionplans:plan", args=[family_id]),
                source="steps",
            )
        )
    return items


def _step_count(user: User, today: dt.date) -> QuerySet[Any]:
    return Step.objects.filter(_step_filter(user, open_family_ids(user), today))


def _follow_up_filter(user: User, family_ids: list[int] | QuerySet[Any], today: dt.date) -> Q:
    """Follow-ups due (their `next_on`) on the open plans of the families the user coordinates
    or where the user recorded the last one."""
    return Q(
        is_superseded=False,
        next_on__isnull=False,
        next_on__lte=today + dt.timedelta(days=SOON_DAYS),
        plan__family_id__in=family_ids,
        plan__status=ActionPlan.Status.ACTIVE,
    ) & (Q(recorded_by=user) | Q(plan__family__coordinators__user=user))


def _follow_up_items(context: WorkContext) -> list[WorkItem]:
    follow_ups = (
        FollowUp.objects.filter(
            _follow_up_filter(context.user, list(context.accesses), context.today)
        )
        .select_related("plan", "goal__member", "offer__member")
        .distinct()
    )
    items = []
    for follow_up in follow_ups:
        assert follow_up.next_on is not None  # the filter
        family_id = follow_up.plan.family_id
        access = context.accesses[family_id]
        subject = follow_up.goal or follow_up.offer
        assert subject is not None  # follow_up_on_goal_or_offer
        readable = access.can_read_plan_content(subject.department_id)
        text = str(subject) if readable else _not_readable()
        items.append(
            WorkItem(
                what=_("Follow-up"),
                text=text,
                due_on=follow_up.next_on,
                state=state_for(follow_up.next_on, context.today),
                family=access.family,
                member=subject.member if readable else None,
                url=reverse("actionplans:plan", args=[family_id]),
                source="follow_ups",
            )
        )
    return items


def _follow_up_count(user: User, today: dt.date) -> QuerySet[Any]:
    return FollowUp.objects.filter(_follow_up_filter(user, open_family_ids(user), today)).distinct()


def _reassessment_items(context: WorkContext) -> list[WorkItem]:
    """Reassessments due within 14 days or overdue on the plans of the families the user
    coordinates (caseworkers too, not only the team's leads); 1 query."""
    theirs = [
        family_id
        for family_id in context.their_family_ids
        if context.accesses[family_id].can_view_case_content
    ]
    plans = ActionPlan.objects.filter(
        family_id__in=theirs, status=ActionPlan.Status.ACTIVE, started_on__isnull=False
    ).annotate(
        last_reassessed=Max(
            "reassessments__completed_on",
            filter=Q(reassessments__status=Reassessment.Status.COMPLETED),
        )
    )
    items = []
    for plan in plans:
        assert plan.started_on is not None  # the filter
        last: dt.date | None = plan.last_reassessed  # annotated
        due_on = reassessment_due(plan.started_on, last)
        if due_on > context.today + dt.timedelta(days=SOON_DAYS):
            continue
        items.append(
            WorkItem(
                what=_("Reassessment"),
                text=_("The plan's reassessment is due."),
                due_on=due_on,
                state=state_for(due_on, context.today),
                family=context.accesses[plan.family_id].family,
                url=reverse("actionplans:plan", args=[plan.family_id]),
                source="reassessments",
            )
        )
    return items


def _notification_items(context: WorkContext) -> list[WorkItem]:
    """Unread notifications about families the user may still see (a notification of a family
    they no longer work with is not shown)."""
    unread = Notification.objects.filter(
        user=context.user, read_at__isnull=True, due_item__family_id__in=list(context.accesses)
    ).select_related("due_item")[:100]
    return [
        WorkItem(
            what=_("Notification"),
            text=notification.text,
            due_on=notification.due_item.due_on,
            state=UNREAD,
            family=context.accesses[notification.due_item.family_id].family,
            url=reverse("actionplans:plan", args=[notification.due_item.family_id]),
            read_id=notification.pk,
            source="notifications",
        )
        for notification in unread
    ]


def _notification_count(user: User, _today: dt.date) -> QuerySet[Any]:
    return Notification.objects.filter(
        user=user,
        read_at__isnull=True,
        due_item__family_id__in=open_family_ids(user),
    )


def _mark_notifications_read(user: User, notification_id: int | None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def register() -> None:
    for work_source in (
        WorkSource("steps", _step_items, _step_count, order=20),
        WorkSource("follow_ups", _follow_up_items, _follow_up_count, order=30),
        # Counted in the menu through the reminder notification the daily task sends.
        WorkSource("reassessments", _reassessment_items, None, order=50),
        WorkSource(
            "notifications",
            _notification_items,
            _notification_count,
            mark_read=_mark_notifications_read,
            order=900,
        ),
    ):
        register_work_source(work_source)
