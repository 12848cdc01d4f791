""" "My work": what is the user's to do, soonest first (the landing page after log-in).

A registry like the queue's sections: each app registers its sources in its AppConfig.ready()
(families: deadlines, tasks, consents and outside access expiring; action plans: steps,
follow-ups, reassessments, notifications; evaluation: measurements), so families never imports
from them. Every source reads through the `FamilyAccess` of each family (built for all the
user's families at once in `accesses_for`, a fixed number of queries) and runs a fixed number of
queries itself, so the page costs the same at any size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import TeamMembership, User
from families import deadlines
from families.access import GRANT_PERMISSION, FamilyAccess, families_visible_to
from families.models import (
    ENDED_STATUSES,
    Consent,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    FamilyUserObjectPermission,
    Member,
    Task,
)

SOON_DAYS = 14
CONSENT_SOON_DAYS = 30

# Row states, worst first; each shows as text (never colour alone).
OVERDUE, SOON, LATER, UNREAD = "overdue", "soon", "later", "unread"
_STATE_RANK = {OVERDUE: 0, SOON: 1, LATER: 2, UNREAD: 3}


def state_labels() -> dict[str, str]:
    return {
        OVERDUE: _("Overdue"),
        SOON: _("Due soon"),
        LATER: _("Later"),
        UNREAD: _("Unread"),
    }


def state_for(due_on: dt.date, today: dt.date) -> str:
    if due_on < today:
        return OVERDUE
    if due_on <= today + dt.timedelta(days=SOON_DAYS):
        return SOON
    return LATER


@dataclass(frozen=True)
class WorkItem:
    what: str  # the kind of thing, e.g. "Step"
    text: str  # what to do; empty when the user may not read it
    due_on: dt.date | None
    state: str
    family: Family | None
    url: str = ""
    member: Member | None = None
    due_at: dt.datetime | None = None  # hour-based deadlines: the exact time
    read_id: int | None = None  # a notification that can be marked read
    source: str = ""

    @property
    def state_label(self) -> str:
        return state_labels()[self.state]

    @property
    def sort_key(self) -> tuple[int, dt.date, str]:
        return (_STATE_RANK[self.state], self.due_on or dt.date.max, self.what)


@dataclass(frozen=True)
class WorkContext:
    user: User
    today: dt.date
    now: dt.datetime
    accesses: dict[int, FamilyAccess]  # the user's open families (not ended), by id
    coordinated_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def their_family_ids(self) -> list[int]:
        """The families the user coordinates (their reassessments, follow-ups, measurements)."""
        return [family_id for family_id in self.accesses if family_id in self.coordinated_ids]

    def access(self, family_id: int) -> FamilyAccess | None:
        return self.accesses.get(family_id)


@dataclass(frozen=True)
class WorkSource:
    key: str
    items: Callable[[WorkContext], Sequence[WorkItem]]
    # Rows that count in the menu (due soon, overdue, unread): a queryset whose row count is
    # added up with every other source's in one SQL statement. None: counted by its reminders.
    count: Callable[[User, dt.date], QuerySet[Any]] | None = None
    # Mark one (an id) or all (None) of the user's rows read; returns how many.
    mark_read: Callable[[User, int | None], int] | None = None
    order: int = 100


_SOURCES: dict[str, WorkSource] = {}


def register_work_source(source: WorkSource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[WorkSource]:
    return sorted(_SOURCES.values(), key=lambda source: source.order)


def source(key: str) -> WorkSource | None:
    return _SOURCES.get(key)


# --- Access to all the user's families at once -------------------------------------------------


def accesses_for(user: User, today: dt.date | None = None) -> dict[int, FamilyAccess]:
    """The user's `FamilyAccess` to each open family they may see, as `access_for` decides it
    family by family, in 5 queries at any number of families."""
    today = today or timezone.localdate()
    families = list(
        families_visible_to(user)
        .exclude(status__in=list(ENDED_STATUSES))
        .select_related("team", "municipality")
    )
    if not families:
        return {}
    ids = [family.pk for family in families]
    memberships = {
        membership.team_id: membership
        for membership in TeamMembership.objects.filter(user=user, is_active=True).only(
            "team_id", "role", "department_id"
        )
    }
    grants = {
        grant.family_id: grant
        for grant in FamilyGrant.objects.filter(
            user=user, family_id__in=ids, revoked_at__isnull=True, valid_until__gte=today
        ).only("family_id", "department_id")
    }
    coordinated = set(
        FamilyCoordinator.objects.filter(user=user, family_id__in=ids).values_list(
            "family_id", flat=True
        )
    )
    covered: dict[int, set[int]] = defaultdict(set)
    for family_id, department_id in (
        Consent.objects.filter(family_id__in=ids, given_on__lte=today)
        .filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today),
        )
        .exclude(departments__id__isnull=True)
        .values_list("family_id", "departments__id")
    ):
        covered[family_id].add(department_id)
    result: dict[int, FamilyAccess] = {}
    for family in families:
        membership = memberships.get(family.team_id)
        if membership is not None:
            department_id, role, is_outside = membership.department_id, membership.role, False
        else:
            grant = grants.get(family.pk)
            if grant is None:
                continue  # families_visible_to checked the guardian permission with the grant
            department_id, role, is_outside = grant.department_id, None, True
        result[family.pk] = FamilyAccess(
            user=user,
            family=family,
            department_id=department_id,
            membership_role=role,
            is_family_coordinator=family.pk in coordinated,
            is_outside_grant=is_outside,
            covered_department_ids=frozenset(covered[family.pk]),
        )
    return result


def work_context(user: User, now: dt.datetime | None = None) -> WorkContext:
    now = now or timezone.now()
    today = timezone.localdate(now)
    accesses = accesses_for(user, today)
    return WorkContext(
        user=user,
        today=today,
        now=now,
        accesses=accesses,
        coordinated_ids=frozenset(
            family_id for family_id, access in accesses.items() if access.is_family_coordinator
        ),
    )


@dataclass(frozen=True)
class MyWork:
    due: list[WorkItem]
    notifications: list[WorkItem]

    @property
    def families(self) -> list[Family]:
        return [item.family for item in [*self.due, *self.notifications] if item.family]

    @property
    def members(self) -> list[Member]:
        return [item.member for item in self.due if item.member is not None]

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.due if item.state == OVERDUE)


def my_work(context: WorkContext) -> MyWork:
    """Every source's rows: the due ones soonest first (overdue first), then unread
    notifications, newest first."""
    due: list[WorkItem] = []
    unread: list[WorkItem] = []
    for work_source in sources():
        for item in work_source.items(context):
            if item.member is not None and item.family is not None:
                # The access log needs each person's family: the one already loaded.
                assert item.member.family_id == item.family.pk
                item.member.family = item.family
            (unread if item.state == UNREAD else due).append(item)
    return MyWork(due=sorted(due, key=lambda item: item.sort_key), notifications=unread)


def open_family_ids(user: User) -> QuerySet[Any]:
    """The ids of the open families the user may see, as a subquery (no query of its own):
    `families_visible_to` in plain SQL (guardian's helper looks its permission up first)."""
    if user.municipality_id is None:
        return Family.objects.none().values("pk")
    teams = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
    granted = FamilyGrant.objects.filter(
        user=user, revoked_at__isnull=True, valid_until__gte=timezone.localdate()
    ).filter(
        Exists(
            FamilyUserObjectPermission.objects.filter(
                user=user,
                content_object_id=OuterRef("family_id"),
                permission__codename=GRANT_PERMISSION.split(".")[1],
                permission__content_type__app_label="families",
            )
        )
    )
    return (
        Family.objects.filter(municipality_id=user.municipality_id)
        .filter(Q(team_id__in=teams) | Q(pk__in=granted.values("family_id")))
        .exclude(status__in=list(ENDED_STATUSES))
        .values("pk")
    )


def team_family_ids(user: User) -> QuerySet[Any]:
    """The ids of the open families of the user's teams, as a subquery."""
    if user.municipality_id is None:
        return Family.objects.none().values("pk")
    teams = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
    return (
        Family.objects.filter(municipality_id=user.municipality_id, team_id__in=teams)
        .exclude(status__in=list(ENDED_STATUSES))
        .values("pk")
    )


def count_for(user: User, today: dt.date | None = None) -> int:
    """The menu's count: every source's rows due soon, overdue or unread, in ONE query, once
    per request (cached on the user object like the navigation)."""
    cached: int | None = getattr(user, "_my_work_count", None)
    if cached is not None:
        return cached
    today = today or timezone.localdate()
    parts: dict[str, Any] = {}
    for index, work_source in enumerate(sources()):
        if work_source.count is None:
            continue
        counted = (
            work_source.count(user, today)
            .order_by()
            .annotate(_group=Value(1, output_field=IntegerField()))
            .values("_group")
            .annotate(n=Count("*"))
            .values("n")[:1]
        )
        parts[f"n{index}"] = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    total = 0
    if parts:
        values = User.objects.filter(pk=user.pk).annotate(**parts).values(*parts).first() or {}
        total = sum(int(value) for value in values.values())
    # A per-request cache on the user object, not a model field: mypy cannot know it.
    user._my_work_count = total  # type: ignore[attr-defined]  # per-request cache
    return total


# --- The family record's own sources -------------------------------------------------------------


def _deadline_items(context: WorkContext) -> list[WorkItem]:
    team_families = [
        family_id for family_id, access in context.accesses.items() if access.is_team_member
    ]
    owned = deadlines.owned_open_deadlines(context.user, team_families).select_related(
        "family", "member"
    )
    items = []
    for row in deadlines.rows(owned, context.now):
        deadline = row.deadline
        state = {deadlines.OVERDUE: OVERDUE, deadlines.SOON: SOON}.get(row.status, LATER)
        items.append(
            WorkItem(
                what=_("Deadline"),
                text=row.label,
                due_on=row.due_on,
                due_at=deadline.due_at if row.shows_time else None,
                state=state,
                family=context.accesses[deadline.family_id].family,
                member=deadline.member,
                url=reverse("families:detail", args=[deadline.family_id]) + "#deadlines",
                source="deadlines",
            )
        )
    return items


def _deadline_count(user: User, _today: dt.date) -> QuerySet[Any]:
    return deadlines.owned_open_deadlines(user, team_family_ids(user)).filter(
        warn_at__lte=timezone.now()
    )


def _task_filter(user: User, family_ids: Iterable[int] | QuerySet[Any], today: dt.date) -> Q:
    return Q(
        family_id__in=family_ids,
        completed_at__isnull=True,
        due_on__lte=today + dt.timedelta(days=SOON_DAYS),
    ) & (Q(created_by=user) | Q(family__coordinators__user=user))


def _task_items(context: WorkContext) -> list[WorkItem]:
    team_families = [
        family_id for family_id, access in context.accesses.items() if access.is_team_member
    ]
    tasks = (
        Task.objects.filter(_task_filter(context.user, team_families, context.today))
        .select_related("member")
        .distinct()
    )
    return [
        WorkItem(
            what=_("Task"),
            text=task.title,
            due_on=task.due_on,
            state=state_for(task.due_on, context.today),
            family=context.accesses[task.family_id].family,
            member=task.member,
            url=reverse("families:detail", args=[task.family_id]),
            source="tasks",
        )
        for task in tasks
    ]


def _task_count(user: User, today: dt.date) -> QuerySet[Any]:
    return Task.objects.filter(_task_filter(user, team_family_ids(user), today)).distinct()


def _expiring_consents(
    family_ids: Iterable[int] | QuerySet[Any], today: dt.date
) -> QuerySet[Consent]:
    """Consents in force whose last day is within 30 days, unless another consent runs longer."""
    horizon = today + dt.timedelta(days=CONSENT_SOON_DAYS)
    longer = Consent.objects.filter(
        family_id=OuterRef("family_id"),
        given_on__lte=OuterRef("expires_on"),
        withdrawn_on__isnull=True,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    return (
        Consent.objects.filter(
            family_id__in=family_ids,
            given_on__lte=today,
            expires_on__gte=today,
            expires_on__lte=horizon,
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
        .exclude(Exists(longer))
    )


def _consent_items(context: WorkContext) -> list[WorkItem]:
    theirs = [
        family_id
        for family_id in context.their_family_ids
        if context.accesses[family_id].can_view_consent_document
    ]
    items = []
    for consent in _expiring_consents(theirs, context.today):
        assert consent.expires_on is not None  # the filter
        items.append(
            WorkItem(
                what=_("Consent expires"),
                text=_("The family's consent runs out: renew it or close the case."),
                due_on=consent.expires_on,
                state=state_for(consent.expires_on, context.today),
                family=context.accesses[consent.family_id].family,
                url=reverse("families:detail", args=[consent.family_id]),
                source="consents",
            )
        )
    return items


def _consent_count(user: User, today: dt.date) -> QuerySet[Any]:
    theirs = FamilyCoordinator.objects.filter(user=user, family_id__in=team_family_ids(user))
    return _expiring_consents(theirs.values("family_id"), today).filter(
        expires_on__lte=today + dt.timedelta(days=SOON_DAYS)
    )


def _grant_filter(user: User, family_ids: Iterable[int] | QuerySet[Any], today: dt.date) -> Q:
    """Outside access ending within 14 days: the user's own, or one the user manages."""
    return Q(
        family_id__in=family_ids,
        revoked_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=SOON_DAYS),
    ) & (Q(user=user) | Q(family__coordinators__user=user))


def _grant_items(context: WorkContext) -> list[WorkItem]:
    grants = FamilyGrant.objects.filter(
        _grant_filter(context.user, list(context.accesses), context.today)
    ).distinct()
    items = []
    for grant in grants:
        access = context.accesses[grant.family_id]
        own = grant.user_id == context.user.pk
        if not own and not access.can_manage_family:
            continue
        items.append(
            WorkItem(
                what=_("Your outside access ends") if own else _("Outside access ends"),
                text=""
                if own
                else _(
                    "An invited caseworker's access to the family ends: extend it or let it end."
                ),
                due_on=grant.valid_until,
                state=state_for(grant.valid_until, context.today),
                family=access.family,
                url=reverse("families:detail", args=[grant.family_id]),
                source="grants",
            )
        )
    return items


def _grant_count(user: User, today: dt.date) -> QuerySet[Any]:
    return FamilyGrant.objects.filter(_grant_filter(user, open_family_ids(user), today)).distinct()


def register_family_sources() -> None:
    """Called from FamiliesConfig.ready()."""
    for work_source in (
        WorkSource("deadlines", _deadline_items, _deadline_count, order=10),
        WorkSource("tasks", _task_items, _task_count, order=40),
        WorkSource("consents", _consent_items, _consent_count, order=60),
        WorkSource("grants", _grant_items, _grant_count, order=70),
    ):
        register_work_source(work_source)
