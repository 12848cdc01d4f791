"""The action plan's rows on "my work" (families/my_work.py): steps the user owns, follow-ups
and reassessments due for their families, and their unread notifications. Registered in
ActionplansConfig.ready(). Each reads through the family's `FamilyAccess` (rule 3: a step or
follow-up of a department the user may not read shows without its text)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from actionplans.models import ActionPlan, FollowUp, Notification, Step
from families.my_work import (
    SOON_DAYS,
    UNREAD,
    FamilyIds,
    WorkContext,
    WorkItem,
    WorkSource,
    coordinates,
    has_consent,
    open_family_ids,
    register_work_source,
    state_for,
)


def _not_readable() -> str:
    return _("Not shown: the family's consent does not cover this department.")


def _step_filter(user: User, family_ids: list[int] | FamilyIds, today: dt.date) -> Q:
    return Q(
        owner_user=user,
        is_done=False,
        due_on__lte=today + dt.timedelta(days=SOON_DAYS),
        goal__plan__family_id__in=family_ids,
        goal__plan__status=ActionPlan.Status.ACTIVE,
    )


def _step_rows(user: User, today: dt.date) -> QuerySet[Step]:
    return (
        Step.objects.filter(_step_filter(user, open_family_ids(user), today))
        .select_related("goal__plan", "goal__member")
        .order_by("due_on", "pk")
    )


def _step_item(step: Step, context: WorkContext) -> WorkItem:
    family_id = step.goal.plan.family_id
    access = context.accesses[family_id]
    readable = access.can_read_plan_content(step.goal.department_id)
    return WorkItem(
        what=_("Step"),
        text=step.what if readable else _not_readable(),
        due_on=step.due_on,
        state=state_for(step.due_on, context.today),
        family=access.family,
        member=step.goal.member if readable else None,
        url=reverse("actionplans:plan", args=[family_id]),
        source="steps",
    )


def _follow_up_filter(user: User, family_ids: list[int] | FamilyIds, today: dt.date) -> Q:
    """Follow-ups due (their `next_on`) on the open plans of the families the user coordinates
    or where the user recorded the last one."""
    return Q(
        is_superseded=False,
        next_on__isnull=False,
        next_on__lte=today + dt.timedelta(days=SOON_DAYS),
        plan__family_id__in=family_ids,
        plan__status=ActionPlan.Status.ACTIVE,
    ) & (Q(recorded_by=user) | coordinates(user, "plan__family_id"))


def _follow_up_rows(user: User, today: dt.date) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(_follow_up_filter(user, open_family_ids(user), today))
        .select_related("plan", "goal__member", "offer__member")
        .order_by("next_on", "pk")
    )


def _follow_up_item(follow_up: FollowUp, context: WorkContext) -> WorkItem:
    assert follow_up.next_on is not None  # the filter
    family_id = follow_up.plan.family_id
    access = context.accesses[family_id]
    subject = follow_up.goal or follow_up.offer
    assert subject is not None  # follow_up_on_goal_or_offer
    readable = access.can_read_plan_content(subject.department_id)
    return WorkItem(
        what=_("Follow-up"),
        text=str(subject) if readable else _not_readable(),
        due_on=follow_up.next_on,
        state=state_for(follow_up.next_on, context.today),
        family=access.family,
        member=subject.member if readable else None,
        url=reverse("actionplans:plan", args=[family_id]),
        source="follow_ups",
    )


def _reassessment_rows(user: User, today: dt.date) -> QuerySet[ActionPlan]:
    """Reassessments due within 14 days or overdue on the active plans of the open families the
    user coordinates (caseworkers too, not only the team's leads), past the consent gate
    (`can_view_case_content`); the stored next-due date, soonest first (index
    actionplan_queue_due)."""
    return ActionPlan.objects.filter(
        coordinates(user),
        has_consent(today),
        family_id__in=open_family_ids(user),
        status=ActionPlan.Status.ACTIVE,
        queue_due_on__lte=today + dt.timedelta(days=SOON_DAYS),
    ).order_by("queue_due_on", "pk")


def _reassessment_item(plan: ActionPlan, context: WorkContext) -> WorkItem:
    due_on = plan.queue_due_on
    assert due_on is not None  # the filter
    return WorkItem(
        what=_("Reassessment"),
        text=_("The plan's reassessment is due."),
        due_on=due_on,
        state=state_for(due_on, context.today),
        family=context.accesses[plan.family_id].family,
        url=reverse("actionplans:plan", args=[plan.family_id]),
        source="reassessments",
    )


def _notification_rows(user: User, _today: dt.date) -> QuerySet[Notification]:
    """Unread notifications about families the user may still see (a notification of a family
    they no longer work with is not shown), newest first."""
    return (
        Notification.objects.filter(
            user=user, read_at__isnull=True, due_item__family_id__in=open_family_ids(user)
        )
        .select_related("due_item")
        .order_by("-created_at", "-pk")
    )


def _notification_item(notification: Notification, context: WorkContext) -> WorkItem:
    family_id = notification.due_item.family_id
    return WorkItem(
        what=_("Notification"),
        text=notification.text,
        due_on=notification.due_item.due_on,
        state=UNREAD,
        family=context.accesses[family_id].family,
        url=reverse("actionplans:plan", args=[family_id]),
        read_id=notification.pk,
        source="notifications",
    )


def _mark_notifications_read(user: User, notification_id: int | None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def register() -> None:
    for work_source in (
        WorkSource(
            "steps",
            _step_rows,
            _step_item,
            lambda step: step.goal.plan.family_id,
            lambda n: ngettext("%(n)s step", "%(n)s steps", n) % {"n": n},
            _step_rows,  # every row counts
            order=20,
        ),
        WorkSource(
            "follow_ups",
            _follow_up_rows,
            _follow_up_item,
            lambda follow_up: follow_up.plan.family_id,
            lambda n: ngettext("%(n)s follow-up", "%(n)s follow-ups", n) % {"n": n},
            _follow_up_rows,  # every row counts
            order=30,
        ),
        # Counted in the menu through the reminder notification the daily task sends.
        WorkSource(
            "reassessments",
            _reassessment_rows,
            _reassessment_item,
            lambda plan: plan.family_id,
            lambda n: ngettext("%(n)s reassessment", "%(n)s reassessments", n) % {"n": n},
            None,
            order=50,
        ),
        WorkSource(
            "notifications",
            _notification_rows,
            _notification_item,
            lambda notification: notification.due_item.family_id,
            lambda n: ngettext("%(n)s notification", "%(n)s notifications", n) % {"n": n},
            _notification_rows,  # every row counts
            mark_read=_mark_notifications_read,
            order=900,
        ),
    ):
        register_work_source(work_source)
