"""Reads for the action plan pages: a fixed number of queries, limited to what the user may see.

Every selector that concerns one family takes the request's `FamilyAccess`; what a department owns
(goals, their steps, offers, follow-ups, statutory links) and what the core team owns (the family's
own goals, goals and offers no department owns, exemptions, the reassessment's risk note) is read
through it (families/access.py, rule 3) — on the page, in the history, the PDFs and the forms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Concat, Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, TeamMembership, User
from actionplans.family_language import (
    danish_text,
    family_goals_translation_in,
    family_language,
    language_name,
)
from actionplans.models import (
    ActionPlan,
    DepartmentConfirmation,
    Exemption,
    FollowUp,
    Goal,
    GoalReview,
    Notification,
    PlanOffer,
    Reassessment,
    StatutoryPlanLink,
    Step,
)
from actionplans.rules import DUE_SOON_DAYS, bucket
from assessment.models import Assessment
from families.access import FamilyAccess
from families.history import HistoricalRecord, display
from families.models import Contact, FamilyCoordinator, Member


def _readable(access: FamilyAccess, prefix: str = "") -> Q:
    """Rows whose owning department (`<prefix>department`) the user may read (rule 3)."""
    readable = Q(**{f"{prefix}department_id__in": access.readable_department_ids})
    if access.can_read_core_team_content:
        readable |= Q(**{f"{prefix}department__isnull": True})
    return readable


# --- The plan and its parts ------------------------------------------------------------------


def current_plan(access: FamilyAccess) -> ActionPlan | None:
    """The open plan, or else the latest closed one."""
    plans = ActionPlan.objects.filter(family=access.family).select_related("family")
    return plans.exclude(status=ActionPlan.Status.CLOSED).first() or plans.first()


def get_plan(access: FamilyAccess) -> ActionPlan:
    plan = current_plan(access)
    if plan is None:
        raise Http404
    return plan


def finished_assessments(access: FamilyAccess) -> list[Assessment]:
    return list(
        Assessment.objects.filter(family=access.family, status=Assessment.Status.FINISHED).order_by(
            "-version"
        )
    )


def get_finished_assessment(access: FamilyAccess, assessment_id: str | None) -> Assessment:
    assessment = next(
        (a for a in finished_assessments(access) if str(a.pk) == (assessment_id or "")), None
    )
    if assessment is None:
        raise Http404
    return assessment


def readable_goals(access: FamilyAccess, plan: ActionPlan) -> QuerySet[Goal]:
    return Goal.objects.filter(_readable(access), plan=plan).select_related("member")


def readable_offers(access: FamilyAccess, plan: ActionPlan) -> QuerySet[PlanOffer]:
    """Offers the user may read; one serving a goal they may not read is not theirs to see."""
    return (
        PlanOffer.objects.filter(_readable(access), plan=plan)
        .filter(Q(goal__isnull=True) | _readable(access, "goal__"))
        .select_related("offer_type", "member")
    )


def get_goal(access: FamilyAccess, plan: ActionPlan, goal_id: int) -> Goal:
    """A goal of the family's plan (whether the user may read or change it is the view's check)."""
    goal = Goal.objects.filter(plan=plan, plan__family=access.family, pk=goal_id).first()
    if goal is None:
        raise Http404
    return goal


def get_step(access: FamilyAccess, plan: ActionPlan, step_id: int) -> Step:
    step = (
        Step.objects.filter(goal__plan=plan, goal__plan__family=access.family, pk=step_id)
        .select_related("goal")
        .first()
    )
    if step is None:
        raise Http404
    return step


def get_offer(access: FamilyAccess, plan: ActionPlan, offer_id: int) -> PlanOffer:
    offer = (
        PlanOffer.objects.filter(plan=plan, plan__family=access.family, pk=offer_id)
        .select_related("offer_type", "goal")
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def offer_is_readable(access: FamilyAccess, offer: PlanOffer) -> bool:
    """The offer's department and (when it serves one) its goal's department are readable."""
    return access.can_read_plan_content(offer.department_id) and (
        offer.goal is None or access.can_read_plan_content(offer.goal.department_id)
    )


def own_department(access: FamilyAccess) -> Department:
    """The department the user works for in this family (membership or grant)."""
    department = (
        Department.objects.filter(pk=access.department_id).first()
        if access.department_id is not None
        else None
    )
    if department is None:
        raise Http404
    return department


def changeable_departments(access: FamilyAccess) -> QuerySet[Department]:
    return Department.objects.filter(pk__in=access.changeable_department_ids)


def assignable_departments(access: FamilyAccess, keep: int | None = None) -> QuerySet[Department]:
    """Departments a goal or offer may go to: ones the user may change that the consent covers
    (issue 11, item 1); `keep` a goal's present department, so editing it does not force a move."""
    ids = set(access.assignable_department_ids)
    if keep is not None:
        ids.add(keep)
    return Department.objects.filter(pk__in=ids)


def consented_departments(access: FamilyAccess) -> QuerySet[Department]:
    """Departments a step may be given to: the ones the family's consent covers."""
    return Department.objects.filter(
        pk__in=access.covered_department_ids, municipality_id=access.family.municipality_id
    )


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    steps: list[Step]
    can_change: bool


@dataclass(frozen=True)
class OfferRow:
    offer: PlanOffer
    # The goal it serves, when the user may read that goal.
    goal: Goal | None
    can_end: bool


@dataclass(frozen=True)
class MissingTranslation:
    """A text of the plan not (or no longer) in the family's language (issue 11, item 10)."""

    kind: str  # "family_goals", "goal" or "step"
    text: str
    member: str
    # There is a translation, but of an earlier Danish text.
    is_outdated: bool


@dataclass
class FamilyLanguagePart:
    """The plan page's view of the plan in the family's language."""

    language: str | None  # a TranslationLanguage value, from the family record; None: none named
    missing: list[MissingTranslation]
    untranslated_goal_ids: set[int]
    untranslated_step_ids: set[int]
    family_goals_untranslated: bool
    total: int
    # The user may enter translations for some of the texts.
    can_translate: bool

    @property
    def language_name(self) -> str:
        return language_name(self.language) if self.language else ""

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)


@dataclass
class PlanPage:
    plan: ActionPlan
    # The family's own goals are core-team content: "" when the user may not read them.
    can_read_family_goals: bool
    family_goals: str
    goals: list[GoalRow]
    offers: list[OfferRow]
    exemptions: list[Exemption]
    statutory_links: list[StatutoryPlanLink]
    follow_ups: list[FollowUp]
    open_reassessment: Reassessment | None
    reassessments: list[Reassessment]
    next_due: dt.date | None
    is_overdue: bool
    coordinator: FamilyCoordinator | None
    can_edit: bool
    can_change_core_content: bool
    can_activate: bool
    can_reassess: bool
    can_manage: bool
    recent_contacts: list[Contact] = field(default_factory=list)
    family_language: FamilyLanguagePart | None = None


def plan_page(access: FamilyAccess, plan: ActionPlan) -> PlanPage:
    """Everything the plan page and the PDFs show, as far as the user may read it (9 queries)."""
    goals = list(
        plan.goals.filter(_readable(access))
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
    goals_by_id = {goal.pk: goal for goal in goals}
    offers = [
        offer
        for offer in plan.offers.filter(_readable(access)).select_related(
            "offer_type", "member", "department"
        )
        if offer.goal_id is None or offer.goal_id in goal_ids
    ]
    offer_ids = {offer.pk for offer in offers}
    follow_ups = [
        follow_up
        for follow_up in plan.follow_ups.select_related(
            "goal__member", "offer__offer_type", "recorded_by"
        )
        if follow_up.goal_id in goal_ids or follow_up.offer_id in offer_ids
    ]
    reassessments = list(plan.reassessments.all())
    today = timezone.localdate()
    # An active plan's next reassessment is stored (by the municipality's rule) in queue_due_on.
    next_due = plan.queue_due_on if plan.status == ActionPlan.Status.ACTIVE else None
    open_reassessment = next(
        (r for r in reassessments if r.status == Reassessment.Status.OPEN), None
    )
    can_edit = access.can_change_plan and plan.is_open
    core = access.can_read_core_team_content
    return PlanPage(
        plan=plan,
        can_read_family_goals=core,
        family_goals=plan.family_goals if core else "",
        goals=[
            GoalRow(
                goal=goal,
                steps=list(goal.steps.all()),
                can_change=can_edit and access.can_change_plan_content(goal.department_id),
            )
            for goal in goals
        ],
        offers=[
            OfferRow(
                offer=offer,
                goal=goals_by_id.get(offer.goal_id) if offer.goal_id else None,
                can_end=can_edit
                and offer.status == PlanOffer.Status.ACTIVE
                and access.can_change_plan_content(offer.department_id),
            )
            for offer in offers
        ],
        exemptions=list(plan.exemptions.select_related("member")) if core else [],
        statutory_links=list(
            plan.statutory_links.filter(_readable(access)).select_related("member", "department")
        ),
        follow_ups=follow_ups,
        open_reassessment=open_reassessment,
        reassessments=reassessments,
        next_due=next_due,
        is_overdue=next_due is not None and next_due < today,
        coordinator=primary_coordinator(access),
        can_edit=can_edit,
        can_change_core_content=can_edit and access.can_change_plan_content(None),
        can_activate=can_edit and plan.status == ActionPlan.Status.DRAFT,
        can_reassess=can_edit and plan.status == ActionPlan.Status.ACTIVE,
        can_manage=access.can_manage_plan,
        recent_contacts=recent_contacts(access) if can_edit else [],
        family_language=_family_language_part(
            access,
            plan,
            goals,
            language=family_language_of(access),
            can_edit=can_edit,
            family_goals=plan.family_goals if core else "",
        ),
    )


def family_language_of(access: FamilyAccess) -> str | None:
    """The family's language from the family record (actionplans/family_language.py)."""
    return family_language(
        Member.objects.filter(family=access.family).only("languages", "needs_interpreter")
    )


def _family_language_part(
    access: FamilyAccess,
    plan: ActionPlan,
    goals: list[Goal],
    *,
    language: str | None,
    can_edit: bool,
    family_goals: str,
) -> FamilyLanguagePart:
    """Which of the texts the user may read still lack a translation into `language` (goals with
    their steps prefetched; no query)."""
    missing: list[MissingTranslation] = []
    goal_ids: set[int] = set()
    step_ids: set[int] = set()
    total = 0
    family_goals_untranslated = False
    can_translate = False
    if language is None:
        return FamilyLanguagePart(None, [], set(), set(), False, 0, False)
    if family_goals.strip():
        total += 1
        can_translate = can_edit and access.can_change_plan_content(None)
        if not family_goals_translation_in(plan, language):
            family_goals_untranslated = True
            missing.append(
                MissingTranslation(
                    "family_goals",
                    family_goals,
                    "",
                    bool(plan.family_goals_translation),
                )
            )
    for goal in goals:
        can_translate = can_translate or (
            can_edit and access.can_change_plan_content(goal.department_id)
        )
        texts: list[Goal | Step] = [goal, *goal.steps.all()]
        for item in texts:
            total += 1
            if item.translation_in(language, danish_text(item)):
                continue
            (goal_ids if isinstance(item, Goal) else step_ids).add(item.pk)
            missing.append(
                MissingTranslation(
                    "goal" if isinstance(item, Goal) else "step",
                    danish_text(item),
                    goal.member.first_name,
                    bool(item.translation),
                )
            )
    return FamilyLanguagePart(
        language=language,
        missing=missing,
        untranslated_goal_ids=goal_ids,
        untranslated_step_ids=step_ids,
        family_goals_untranslated=family_goals_untranslated,
        total=total,
        can_translate=can_translate,
    )


@dataclass(frozen=True)
class TranslationRow:
    """A text the translation form edits: the family's own goals (item None), a goal or a step."""

    item: Goal | Step | None
    member: str
    danish: str
    # The translation in the family's language of the Danish text as it is now ("" when none).
    present: str
    # A translation of an earlier Danish text (shown beside the field, never saved again as is).
    outdated: str


@dataclass(frozen=True)
class TranslationForm:
    language: str
    rows: list[TranslationRow]
    family_goals: bool  # the rows include the family's own goals

    @property
    def items(self) -> list[Goal | Step]:
        return [row.item for row in self.rows if row.item is not None]


def translation_form(access: FamilyAccess, plan: ActionPlan, language: str) -> TranslationForm:
    """The texts the user may translate into `language`: the family's own goals (core team), the
    goals and steps of the departments whose part of the plan they may change (4 queries)."""
    rows: list[TranslationRow] = []
    family_goals = bool(plan.family_goals.strip()) and access.can_change_plan_content(None)
    if family_goals:
        present = family_goals_translation_in(plan, language)
        rows.append(
            TranslationRow(
                item=None,
                member="",
                danish=plan.family_goals,
                present=present,
                outdated="" if present else plan.family_goals_translation,
            )
        )
    goals = (
        plan.goals.filter(_readable(access))
        .select_related("member")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.select_related("goal")))
    )
    for goal in goals:
        if not access.can_change_plan_content(goal.department_id):
            continue
        texts: list[Goal | Step] = [goal, *goal.steps.all()]
        for item in texts:
            present = item.translation_in(language, danish_text(item))
            rows.append(
                TranslationRow(
                    item=item,
                    member=goal.member.first_name,
                    danish=danish_text(item),
                    present=present,
                    outdated="" if present else item.translation,
                )
            )
    return TranslationForm(language=language, rows=rows, family_goals=family_goals)


def recent_contacts(access: FamilyAccess, limit: int = 5) -> list[Contact]:
    """The latest contact-log lines: each can become a follow-up (the log is open to the team)."""
    return list(
        Contact.objects.filter(family=access.family)
        .prefetch_related("members")
        .order_by("-occurred_at")[:limit]
    )


def follow_up_initial(access: FamilyAccess, query: dict[str, str]) -> dict[str, object]:
    """A follow-up form's first values: today, a contact-log line, or a goal or offer to follow."""
    initial: dict[str, object] = {"held_on": timezone.localdate()}
    contact_id = query.get("contact", "")
    if contact_id.isdigit():
        contact = (
            Contact.objects.filter(family=access.family, pk=int(contact_id))
            .prefetch_related("members")
            .first()
        )
        if contact is not None:
            initial.update(
                held_on=timezone.localtime(contact.occurred_at).date(),
                with_whom=", ".join(m.first_name for m in contact.members.all()),
                progress=contact.summary,
            )
    for key in ("goal", "offer"):
        if query.get(key, "").isdigit():
            initial[key] = int(query[key])
    return initial


def primary_coordinator(access: FamilyAccess) -> FamilyCoordinator | None:
    return (
        FamilyCoordinator.objects.filter(family=access.family)
        .select_related("user")
        .order_by("kind")
        .first()
    )


# --- Reassessment ------------------------------------------------------------------------------


def get_reassessment(access: FamilyAccess, reassessment_id: int) -> Reassessment:
    reassessment = (
        Reassessment.objects.select_related("plan__family")
        .filter(pk=reassessment_id, plan__family=access.family)
        .first()
    )
    if reassessment is None:
        raise Http404
    return reassessment


@dataclass(frozen=True)
class DepartmentPart:
    """One department's part of a reassessment: who confirms it, and whether it is confirmed."""

    department: Department
    confirmation: DepartmentConfirmation | None
    # The core team's members who work for the department (who the confirmation comes from).
    staff: list[str]
    # Whether the family's consent covers the department.
    is_covered: bool
    # The user confirms it now as the department's own member.
    can_confirm: bool
    # The user may confirm it for the department, giving a reason.
    can_confirm_on_behalf: bool


@dataclass(frozen=True)
class ReassessmentPage:
    item: Reassessment
    reviews: list[GoalReview]
    # None when the user may not read the core team's risk note.
    risk_note: str | None
    departments: list[DepartmentPart]
    is_open: bool
    can_save: bool
    can_complete: bool
    can_start_assessment: bool

    @property
    def missing(self) -> list[DepartmentPart]:
        """The departments whose confirmation the reassessment still waits for."""
        return [part for part in self.departments if part.confirmation is None]


def plan_department_ids(plan: ActionPlan) -> set[int]:
    """The departments represented in the plan: they confirm the reassessment."""
    ids = set(plan.goals.exclude(department=None).values_list("department_id", flat=True))
    ids |= set(plan.offers.exclude(department=None).values_list("department_id", flat=True))
    ids |= set(
        Step.objects.filter(goal__plan=plan)
        .exclude(owner_department=None)
        .values_list("owner_department_id", flat=True)
    )
    return ids


def get_plan_department(item: Reassessment, department_id: int) -> Department:
    """A department with a part in the reassessment's plan, or a 404."""
    if department_id not in plan_department_ids(item.plan):
        raise Http404
    return Department.objects.get(pk=department_id)


def reassessment_page(access: FamilyAccess, item: Reassessment) -> ReassessmentPage:
    reviews = list(
        item.reviews.filter(_readable(access, "goal__"))
        .select_related("goal__member")
        .order_by("goal_id")
    )
    confirmed = {c.department_id: c for c in item.confirmations.select_related("confirmed_by")}
    departments = list(
        Department.objects.filter(pk__in=plan_department_ids(item.plan)).order_by("name")
    )
    staff: dict[int, list[str]] = {}
    for membership in (
        TeamMembership.objects.filter(
            team_id=access.family.team_id,
            is_active=True,
            department_id__in=[department.pk for department in departments],
        )
        .select_related("user")
        .order_by("user__first_name", "user__username")
    ):
        user = membership.user
        staff.setdefault(membership.department_id, []).append(user.get_full_name() or user.username)
    is_open = item.status == Reassessment.Status.OPEN
    can_save = is_open and access.can_change_plan
    return ReassessmentPage(
        item=item,
        reviews=reviews,
        risk_note=item.risk_note if access.can_read_core_team_content else None,
        departments=[
            DepartmentPart(
                department=department,
                confirmation=confirmed.get(department.pk),
                staff=staff.get(department.pk, []),
                is_covered=department.pk in access.covered_department_ids,
                can_confirm=is_open
                and access.can_confirm_reassessment
                and department.pk == access.department_id,
                can_confirm_on_behalf=is_open
                and access.can_confirm_reassessment_on_behalf
                and department.pk != access.department_id,
            )
            for department in departments
        ],
        is_open=is_open,
        can_save=can_save and access.can_read_core_team_content,
        can_complete=is_open and access.can_complete_reassessment,
        can_start_assessment=can_save and item.risk_should_change,
    )


# --- The coordinators' queue ------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    plan: ActionPlan
    is_aftercare: bool
    due_on: dt.date
    bucket: str
    bucket_label: str
    coordinator: str
    last_reassessment: dt.date | None
    plan_age_days: int
    open_follow_ups: int
    open_reassessment_id: int | None


QUEUE_BUCKETS = ("overdue", "due", "later")
QUEUE_PAGE_SIZE = 50


def _queue_orderings(sort: str) -> list[Any]:
    """The queue's orderings, in SQL on the stored next-due date (issue 12): pages stay small."""
    first_coordinator = Subquery(
        FamilyCoordinator.objects.filter(family_id=OuterRef("family_id"))
        .order_by("kind", "pk")
        .annotate(full=Lower(Concat("user__first_name", Value(" "), "user__last_name")))
        .values("full")[:1]
    )
    due: list[Any] = ["queue_due_on", "family__name", "pk"]
    orderings: dict[str, list[Any]] = {
        "due": due,
        "family": [Lower("family__name"), "queue_due_on", "pk"],
        "age": [F("started_on").asc(nulls_last=True), "queue_due_on", "pk"],
        "coordinator": [first_coordinator.asc(nulls_first=True), "queue_due_on", "pk"],
    }
    return orderings.get(sort, due)


QUEUE_SORTS = ("due", "family", "age", "coordinator")


def bucket_labels() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "due": _("Due within 14 days"),
        "later": _("Later"),
    }


def queue_plans(
    team_ids: list[int],
    *,
    today: dt.date,
    only_bucket: str = "",
    coordinator_id: int | None = None,
) -> QuerySet[ActionPlan]:
    """The team's plans with a reassessment or aftercare check due, filtered in SQL."""
    plans = ActionPlan.objects.filter(family__team_id__in=team_ids, queue_due_on__isnull=False)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    if only_bucket == "overdue":
        plans = plans.filter(queue_due_on__lt=today)
    elif only_bucket == "due":
        plans = plans.filter(queue_due_on__gte=today, queue_due_on__lte=soon)
    elif only_bucket == "later":
        plans = plans.filter(queue_due_on__gt=soon)
    if coordinator_id:
        plans = plans.filter(
            Exists(
                FamilyCoordinator.objects.filter(
                    family_id=OuterRef("family_id"), user_id=coordinator_id
                )
            )
        )
    return plans


def queue_coordinators(team_ids: list[int]) -> QuerySet[User]:
    """The family coordinators of the team's families, for the queue's filter (1 query)."""
    return (
        User.objects.filter(coordinated_families__family__team_id__in=team_ids)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _open_follow_up_counts(plan_ids: list[int]) -> dict[int, int]:
    """Open follow-ups per plan: a count, never a text (who follows up what stays on the plan)."""
    rows = (
        FollowUp.objects.filter(plan_id__in=plan_ids, is_superseded=False, next_on__isnull=False)
        .values("plan_id")
        .annotate(n=Count("pk"))
    )
    return {row["plan_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    page: Page[Any]


def queue(
    team_ids: list[int],
    *,
    today: dt.date,
    only_bucket: str = "",
    coordinator_id: int | None = None,
    sort: str = "due",
    page_number: int | str | None = 1,
) -> QueuePage:
    """One page of the team's families with a reassessment or aftercare check due.

    Filtered, ordered and paged in SQL on the plan's stored next-due date: the same 4 queries
    (count, page, coordinators, follow-ups) whatever the team's size; overdue and due first.
    """
    plans = (
        queue_plans(team_ids, today=today, only_bucket=only_bucket, coordinator_id=coordinator_id)
        .select_related("family")
        .annotate(
            open_reassessment_id=Subquery(
                Reassessment.objects.filter(plan_id=OuterRef("pk"), status=Reassessment.Status.OPEN)
                .order_by("-pk")
                .values("pk")[:1]
            )
        )
        .order_by(*_queue_orderings(sort))
    )
    page = Paginator(plans, QUEUE_PAGE_SIZE).get_page(page_number)
    shown: list[ActionPlan] = list(page.object_list)
    prefetch_related_objects(
        shown,
        Prefetch(
            "family__coordinators",
            queryset=FamilyCoordinator.objects.select_related("user").order_by("kind", "pk"),
            to_attr="queue_coordinators",
        ),
    )
    counts = _open_follow_up_counts([plan.pk for plan in shown])
    labels = bucket_labels()
    rows = []
    for plan in shown:
        # Attributes annotated and prefetched above (the stubs know only the fields).
        coordinators: list[FamilyCoordinator] = plan.family.queue_coordinators  # type: ignore[attr-defined]  # prefetched to_attr
        open_reassessment_id: int | None = plan.open_reassessment_id  # type: ignore[attr-defined]  # annotated
        due_on = plan.queue_due_on
        assert due_on is not None  # the queue's filter
        row_bucket = bucket(due_on, today)
        first = coordinators[0].user if coordinators else None
        rows.append(
            QueueRow(
                plan=plan,
                is_aftercare=plan.status == ActionPlan.Status.CLOSED,
                due_on=due_on,
                bucket=row_bucket,
                bucket_label=labels[row_bucket],
                coordinator=(first.get_full_name() or first.username) if first else "",
                last_reassessment=plan.last_reassessed_on,
                plan_age_days=(today - plan.started_on).days if plan.started_on else 0,
                open_follow_ups=counts.get(plan.pk, 0),
                open_reassessment_id=open_reassessment_id,
            )
        )
    return QueuePage(rows=rows, page=page)


def notifications(user: User, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user=user).select_related("due_item__family")[:limit])


# --- History -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    when: dt.datetime
    who: str
    what: str
    change: str
    text: str
    # What changed, as (field label, before, after), in the reader's language (issue 11, item 9).
    changes: list[tuple[str, str, str]] = field(default_factory=list)


# Bookkeeping, not content: never shown as a change.
_HISTORY_HIDDEN = frozenset(
    {
        "id",
        "changed_at",
        "created_at",
        "created_by",
        "printed_at",
        "queue_due_on",
        "plan",
        "goal",
        "family",
        # The Danish text a translation was made from: the goal's or step's own text shows it.
        "translation_source",
        "family_goals_translation_source",
    }
)
# The plan's own free texts are core-team content (families/access.py, rule 3): in the history they
# follow the same rule as on the page.
_PLAN_CORE_TEAM_FIELDS = frozenset(
    {
        "family_goals",
        "close_note",
        "aftercare_note",
        "family_goals_translation",
        "family_goals_translation_language",
        "family_goals_interpreter",
        "family_goals_interpreted_on",
    }
)


def _shown_fields(model: type[Model], hidden: frozenset[str] = frozenset()) -> dict[str, str]:
    """The content fields of a model's history, by name, with their labels."""
    return {
        f.name: str(f.verbose_name).capitalize()
        for f in model._meta.concrete_fields
        if f.name not in _HISTORY_HIDDEN and f.name not in hidden
    }


def _relations(model: type[Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in _HISTORY_HIDDEN
    ]


def _changes(
    model: type[Model],
    previous: HistoricalRecord | None,
    record: HistoricalRecord,
    hidden: frozenset[str] = frozenset(),
) -> list[tuple[str, str, str]]:
    """The fields that differ between two versions, each as (label, before, after); for a new
    record, every field it was created with. `hidden` fields the reader may not read."""
    changes = []
    for name, label in _shown_fields(model, hidden).items():
        after = display(record, name)
        if previous is None:
            if record.history_type == "+" and after not in ("", "–"):
                changes.append((label, "", after))
            continue
        before = display(previous, name)
        if before != after:
            changes.append((label, before, after))
    return changes


def plan_history(access: FamilyAccess, plan: ActionPlan, limit: int = 300) -> list[HistoryRow]:
    """Every recorded change to the plan and the goals, steps and offers the user may read, each
    naming what changed, before → after (issue 11, item 9); a save that changed only bookkeeping
    (e.g. the time of the last change) is not a row.

    A goal's or offer's records show when both the department it had then and the one it has now
    (if it still exists) are readable: moving a goal to another department hides its past too.
    """
    hidden_goals = Goal.objects.filter(plan=plan).exclude(_readable(access)).values("pk")
    hidden_offers = PlanOffer.objects.filter(plan=plan).exclude(_readable(access)).values("pk")
    readable_goal_ids = (
        Goal.history.filter(_readable(access), plan_id=plan.pk)
        .exclude(id__in=hidden_goals)
        .values("id")
    )
    # Historical records are generated models the stubs do not know: described as Any.
    sources: list[tuple[type[Model], QuerySet[Any], Callable[[Any], str]]] = [
        (
            ActionPlan,
            ActionPlan.history.filter(id=plan.pk),
            lambda h: _("Version %(version)s") % {"version": h.version},
        ),
        (
            Goal,
            Goal.history.filter(_readable(access), plan_id=plan.pk).exclude(id__in=hidden_goals),
            lambda h: h.family_wording,
        ),
        (Step, Step.history.filter(goal_id__in=readable_goal_ids), lambda h: h.what),
        (
            PlanOffer,
            PlanOffer.history.filter(_readable(access), plan_id=plan.pk).exclude(
                id__in=hidden_offers
            ),
            lambda h: str(h.offer_type),
        ),
    ]
    actions = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    unreadable = frozenset() if access.can_read_core_team_content else _PLAN_CORE_TEAM_FIELDS
    rows = []
    for model, records, describe in sources:
        hidden = unreadable if model is ActionPlan else frozenset()
        newest = list(
            records.select_related("history_user", *_relations(model)).order_by(
                "-history_date", "-history_id"
            )[:limit]
        )
        previous_of: dict[int, HistoricalRecord] = {}
        for record in reversed(newest):  # oldest first: each version against the one before
            previous = previous_of.get(record.id)
            previous_of[record.id] = record
            changes = _changes(model, previous, record, hidden)
            if record.history_type == "~" and not changes:
                continue
            user = record.history_user
            rows.append(
                HistoryRow(
                    when=record.history_date,
                    who=(user.get_full_name() or user.username) if user else "",
                    what=str(model._meta.verbose_name),
                    change=actions.get(record.history_type, ""),
                    text=describe(record),
                    changes=changes,
                )
            )
    return sorted(rows, key=lambda row: row.when, reverse=True)[:limit]
