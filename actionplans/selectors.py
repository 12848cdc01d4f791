"""Reads for the action plan pages, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from actionplans.models import (
    ActionPlan,
    FollowUp,
    Goal,
    PlanOffer,
    Reassessment,
    Step,
)
from actionplans.rules import bucket, reassessment_due
from assessment.models import Assessment
from families.access import FamilyAccess
from families.models import Contact, FamilyCoordinator


def current_plan(family_id: int) -> ActionPlan | None:
    """The open plan, or else the latest closed one."""
    plans = ActionPlan.objects.filter(family_id=family_id).select_related("family")
    return plans.exclude(status=ActionPlan.Status.CLOSED).first() or plans.first()


def get_plan(access: FamilyAccess) -> ActionPlan:
    from django.http import Http404

    plan = current_plan(access.family.pk)
    if plan is None:
        raise Http404
    return plan


def finished_assessments(family_id: int) -> list[Assessment]:
    return list(
        Assessment.objects.filter(family_id=family_id, status=Assessment.Status.FINISHED).order_by(
            "-version"
        )
    )


def _visible_goals(access: FamilyAccess) -> Q:
    """The team reads the whole plan; an outside grant sees what it covers."""
    if access.is_team_member:
        return Q()
    return Q(department__isnull=True) | Q(department_id__in=access.readable_department_ids)


@dataclass
class PlanPage:
    plan: ActionPlan
    goals: list[Goal]
    offers: list[PlanOffer]
    exemptions: list
    statutory_links: list
    follow_ups: list[FollowUp]
    open_reassessment: Reassessment | None
    reassessments: list[Reassessment]
    next_due: dt.date | None
    coordinator: FamilyCoordinator | None
    recent_contacts: list = field(default_factory=list)


def plan_page(access: FamilyAccess, plan: ActionPlan) -> PlanPage:
    goals = list(
        plan.goals.filter(_visible_goals(access))
        .select_related("member", "department")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.select_related(
                    "owner_user", "owner_department", "owner_member"
                ),
            )
        )
    )
    goal_ids = {goal.pk for goal in goals}
    offers = [
        offer
        for offer in plan.offers.select_related("offer_type", "member", "department", "goal")
        if access.is_team_member
        or offer.department_id is None
        or offer.department_id in access.readable_department_ids
    ]
    follow_ups = [
        f
        for f in plan.follow_ups.select_related("goal__member", "offer__offer_type", "recorded_by")
        if access.is_team_member or f.goal_id in goal_ids
    ]
    reassessments = list(plan.reassessments.all())
    completed = [r.completed_on for r in reassessments if r.completed_on]
    return PlanPage(
        plan=plan,
        goals=goals,
        offers=offers,
        exemptions=list(plan.exemptions.select_related("member")),
        statutory_links=list(plan.statutory_links.select_related("member", "department")),
        follow_ups=follow_ups,
        open_reassessment=next(
            (r for r in reassessments if r.status == Reassessment.Status.OPEN), None
        ),
        reassessments=reassessments,
        next_due=reassessment_due(plan.started_on, max(completed, default=None))
        if plan.started_on and plan.status == ActionPlan.Status.ACTIVE
        else None,
        coordinator=primary_coordinator(plan.family_id),
        recent_contacts=recent_contacts(plan.family_id)
        if access.is_team_member and plan.is_open
        else [],
    )


def recent_contacts(family_id: int, limit: int = 5) -> list[Contact]:
    """The latest contact-log lines: each can become a follow-up."""
    return list(
        Contact.objects.filter(family_id=family_id)
        .prefetch_related("members")
        .order_by("-occurred_at")[:limit]
    )


def follow_up_initial_from_contact(family_id: int, contact_id: int) -> dict[str, object]:
    contact = (
        Contact.objects.filter(family_id=family_id, pk=contact_id)
        .prefetch_related("members")
        .first()
    )
    if contact is None:
        return {}
    return {
        "held_on": timezone.localtime(contact.occurred_at).date(),
        "with_whom": ", ".join(m.first_name for m in contact.members.all()),
        "progress": contact.summary,
    }


def primary_coordinator(family_id: int) -> FamilyCoordinator | None:
    return (
        FamilyCoordinator.objects.filter(family_id=family_id)
        .select_related("user")
        .order_by("kind")
        .first()
    )


# --- The coordinators' queue ------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    plan: ActionPlan
    kind: str  # "reassessment" or "aftercare"
    due_on: dt.date
    bucket: str
    coordinator: str
    last_reassessment: dt.date | None
    plan_age_days: int
    open_follow_ups: int
    open_reassessment_id: int | None


SORTS = {
    "due": lambda row: (row.due_on, row.plan.family.name),
    "family": lambda row: (row.plan.family.name.lower(), row.due_on),
    "age": lambda row: (-row.plan_age_days, row.due_on),
    "coordinator": lambda row: (row.coordinator.lower(), row.due_on),
}


def queue_plans(team_ids: list[int]) -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.filter(family__team_id__in=team_ids)
        .filter(
            Q(status=ActionPlan.Status.ACTIVE)
            | Q(
                status=ActionPlan.Status.CLOSED,
                aftercare_on__isnull=False,
                aftercare_done_on__isnull=True,
            )
        )
        .select_related("family")
        .annotate(
            last_reassessed=Max(
                "reassessments__completed_on",
                filter=Q(reassessments__status=Reassessment.Status.COMPLETED),
            ),
            open_reassessment_id=Max(
                "reassessments__pk", filter=Q(reassessments__status=Reassessment.Status.OPEN)
            ),
        )
        .prefetch_related(
            Prefetch(
                "family__coordinators",
                queryset=FamilyCoordinator.objects.select_related("user").order_by("kind"),
                to_attr="queue_coordinators",
            )
        )
    )


def queue_coordinators(team_ids: list[int]) -> list[tuple[int, str]]:
    """The family coordinators of the team's families, for the queue's filter (1 query)."""
    rows = (
        FamilyCoordinator.objects.filter(family__team_id__in=team_ids)
        .values_list("user_id", "user__first_name", "user__last_name", "user__username")
        .distinct()
    )
    names = {uid: (f"{first} {last}".strip() or username) for uid, first, last, username in rows}
    return sorted(names.items(), key=lambda item: item[1].lower())


def _open_follow_up_counts(plan_ids: list[int]) -> dict[int, int]:
    rows = (
        FollowUp.objects.filter(plan_id__in=plan_ids, is_superseded=False, next_on__isnull=False)
        .values("plan_id")
        .annotate(n=Count("pk"))
    )
    return {row["plan_id"]: row["n"] for row in rows}


def queue(
    team_ids: list[int],
    *,
    today: dt.date,
    only_bucket: str = "",
    coordinator_id: int | None = None,
    sort: str = "due",
) -> list[QueueRow]:
    """The team's families with a reassessment or aftercare check due; 3 queries at any size."""
    plans = list(queue_plans(team_ids))
    counts = _open_follow_up_counts([plan.pk for plan in plans])
    rows = []
    for plan in plans:
        coordinators = plan.family.queue_coordinators
        if coordinator_id and not any(c.user_id == coordinator_id for c in coordinators):
            continue
        if plan.status == ActionPlan.Status.ACTIVE:
            kind, due_on = "reassessment", reassessment_due(plan.started_on, plan.last_reassessed)
        else:
            kind, due_on = "aftercare", plan.aftercare_on
        row_bucket = bucket(due_on, today)
        if only_bucket and row_bucket != only_bucket:
            continue
        first = coordinators[0].user if coordinators else None
        rows.append(
            QueueRow(
                plan=plan,
                kind=kind,
                due_on=due_on,
                bucket=row_bucket,
                coordinator=(first.get_full_name() or first.username) if first else "",
                last_reassessment=plan.last_reassessed,
                plan_age_days=(today - plan.started_on).days if plan.started_on else 0,
                open_follow_ups=counts.get(plan.pk, 0),
                open_reassessment_id=plan.open_reassessment_id,
            )
        )
    return sorted(rows, key=SORTS.get(sort, SORTS["due"]))


@dataclass(frozen=True)
class HistoryRow:
    when: dt.datetime
    who: str
    what: str
    change: str
    text: str


def plan_history(plan: ActionPlan, limit: int = 300) -> list[HistoryRow]:
    """Every recorded change to the plan, its goals, steps and offers, newest first (4 queries)."""
    from actionplans.models import PlanOffer, Step

    goal_ids = Goal.history.filter(plan_id=plan.pk).values("id")
    sources = [
        (ActionPlan, ActionPlan.history.filter(id=plan.pk), lambda h: h.get_status_display()),
        (Goal, Goal.history.filter(plan_id=plan.pk), lambda h: h.family_wording),
        (Step, Step.history.filter(goal_id__in=goal_ids), lambda h: h.what),
        (PlanOffer, PlanOffer.history.filter(plan_id=plan.pk), lambda h: h.provider or ""),
    ]
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    rows = []
    for model, queryset, describe in sources:
        for record in queryset.select_related("history_user").order_by("-history_date")[:limit]:
            user = record.history_user
            rows.append(
                HistoryRow(
                    when=record.history_date,
                    who=(user.get_full_name() or user.username) if user else "",
                    what=str(model._meta.verbose_name),
                    change=kinds.get(record.history_type, ""),
                    text=describe(record),
                )
            )
    return sorted(rows, key=lambda row: row.when, reverse=True)[:limit]
