""" "My work": what is the user's to do, soonest first (the landing page after log-in).

A registry like the queue's sections: each app registers its sources in its AppConfig.ready()
(families: deadlines, tasks, consents and outside access expiring; action plans: steps,
follow-ups, reassessments, notifications; evaluation: measurements), so families never imports
from them.

Bounded at any team size (issue 12): each source is a SQL query that applies the access rules
itself (the subqueries below), orders soonest first on an indexed column and is read with a
LIMIT; one more query counts every source's rows (each count stops at TOTAL_CAP) for the "N
more" line. Only the families of the rows shown get a `FamilyAccess` (built for all of them at
once in `accesses_for`), through which each row is shown (e.g. a step's text only when its
department may be read). No loop over the team's families anywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import TeamMembership, User
from families import deadlines
from families.access import (
    FamilyAccess,
    families_visible_to,
    open_family_ids_of,
    open_team_family_ids_of,
)
from families.models import (
    ENDED_STATUSES,
    Consent,
    Deadline,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    Member,
    Task,
)

SOON_DAYS = 14
CONSENT_SOON_DAYS = 30
# Rows read per source and shown on the page (the soonest of all sources); counts stop here.
ROWS = 25
TOTAL_CAP = 1000

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
    accesses: dict[int, FamilyAccess]  # the families of the rows read, by id

    def access(self, family_id: int) -> FamilyAccess | None:
        return self.accesses.get(family_id)


@dataclass(frozen=True)
class WorkSource:
    key: str
    # The user's rows, soonest first, with the access rules applied in SQL (an index serves the
    # ordering); read with a LIMIT of ROWS and counted (up to TOTAL_CAP) for the "N more" line.
    rows: Callable[[User, dt.date], QuerySet[Any]]
    # One row as a page item, through the access to its family (`WorkContext.accesses`).
    item: Callable[[Any, WorkContext], WorkItem]
    # The row's family id (the accesses are built for these families only).
    family_id: Callable[[Any], int]
    # "N steps" for the line under the table that says what is not shown.
    amount: Callable[[int], str]
    # Rows that count in the menu (due soon, overdue, unread): a queryset whose row count is
    # added up with every other source's in one SQL statement; `rows` itself when every row
    # counts (then counted once on "my work"). None: counted by its reminders.
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


# --- Access to the families shown ----------------------------------------------------------------


def accesses_for(
    user: User, today: dt.date | None = None, family_ids: Iterable[int] | None = None
) -> dict[int, FamilyAccess]:
    """The user's `FamilyAccess` to each open family they may see (only `family_ids` when
    given: the families of the rows shown), as `access_for` decides it family by family, in 5
    queries at any number of families."""
    today = today or timezone.localdate()
    visible = families_visible_to(user).exclude(status__in=list(ENDED_STATUSES))
    if family_ids is not None:
        wanted = sorted(set(family_ids))
        if not wanted:
            return {}
        visible = visible.filter(pk__in=wanted)
    families = list(visible.select_related("team", "municipality"))
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
        _consents_in_force(today)
        .filter(family_id__in=ids)
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


# --- The access rules as subqueries (no query of their own) --------------------------------------


# Each is compiled to SQL once per user and day (the SQL depends on nothing else: memberships,
# grants and permissions are read when the statement runs) and given to every source as raw SQL:
# building and compiling these nested subqueries for each of the sources and counts was most of
# the page's Python time (issue 12).
_SQL_CACHE_SIZE = 512
# A subquery of family ids (`family_id__in=`).
FamilyIds = RawSQL | QuerySet[Any]


def open_family_ids(user: User) -> FamilyIds:
    """The ids of the open families the user may see, as a subquery (no query of its own):
    `families_visible_to` in plain SQL (guardian's helper looks its permission up first)."""
    if user.municipality_id is None:
        return Family.objects.none().values("pk")
    return RawSQL(*_open_family_sql(user.pk, user.municipality_id, timezone.localdate()))


def team_family_ids(user: User) -> FamilyIds:
    """The ids of the open families of the user's teams, as a subquery (`is_team_member`)."""
    if user.municipality_id is None:
        return Family.objects.none().values("pk")
    return RawSQL(*_team_family_sql(user.pk, user.municipality_id))


@functools.lru_cache(maxsize=_SQL_CACHE_SIZE)
def _open_family_sql(
    user_id: int, municipality_id: int, today: dt.date
) -> tuple[str, tuple[Any, ...]]:
    return _sql(open_family_ids_of(user_id, municipality_id, today))


@functools.lru_cache(maxsize=_SQL_CACHE_SIZE)
def _team_family_sql(user_id: int, municipality_id: int) -> tuple[str, tuple[Any, ...]]:
    return _sql(open_team_family_ids_of(user_id, municipality_id))


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def coordinates(user: User, family_field: str = "family_id") -> Q:
    """The row's family is one the user coordinates (`is_family_coordinator`)."""
    return Q(Exists(FamilyCoordinator.objects.filter(family_id=OuterRef(family_field), user=user)))


def _consents_in_force(today: dt.date) -> QuerySet[Consent]:
    return Consent.objects.filter(given_on__lte=today).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today),
    )


def has_consent(today: dt.date, family_field: str = "family_id") -> Exists:
    """The row's family has a consent in force covering a department (`has_consent`, the
    consent gate of `can_view_case_content`)."""
    return Exists(
        _consents_in_force(today).filter(
            family_id=OuterRef(family_field), departments__isnull=False
        )
    )


# --- The page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyWork:
    due: list[WorkItem]
    notifications: list[WorkItem]
    # Each source's rows in all (a count stops at TOTAL_CAP) and how many of them are shown.
    totals: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, Callable[[int], str]] = field(default_factory=dict)

    @property
    def families(self) -> list[Family]:
        return [item.family for item in [*self.due, *self.notifications] if item.family]

    @property
    def members(self) -> list[Member]:
        return [item.member for item in self.due if item.member is not None]

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.due if item.state == OVERDUE)

    def _not_shown(self, unread: bool) -> dict[str, int]:
        shown: dict[str, int] = defaultdict(int)
        for item in self.notifications if unread else self.due:
            shown[item.source] += 1
        return {
            key: total - shown[key]
            for key, total in self.totals.items()
            if (key == "notifications") == unread and total > shown[key]
        }

    @property
    def more_due(self) -> list[str]:
        """What is not shown, by kind, e.g. "12 steps" (a count that reached TOTAL_CAP reads
        "at least 975 steps")."""
        return [
            _("at least %(amount)s") % {"amount": self.amounts[key](count)}
            if self.totals[key] >= TOTAL_CAP
            else self.amounts[key](count)
            for key, count in self._not_shown(unread=False).items()
        ]

    @property
    def more_notifications(self) -> int:
        return sum(self._not_shown(unread=True).values())


def _capped_counts(querysets: dict[str, QuerySet[Any]]) -> dict[str, int]:
    """Each queryset's row count in ONE statement; each count stops at TOTAL_CAP rows (a
    LIMITed subquery: the database stops reading there). Identical querysets (a menu count
    that is the source's own rows) are counted once."""
    parts: list[str] = []
    params: list[Any] = []
    seen: dict[tuple[str, str], int] = {}
    columns: list[int | None] = []
    compiled: dict[int, int | None] = {}  # the same queryset object given twice: compiled once
    for rows in querysets.values():
        if id(rows) in compiled:
            columns.append(compiled[id(rows)])
            continue
        try:
            sql, rows_params = rows.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # e.g. a user without a municipality: nothing to count
            compiled[id(rows)] = None
            columns.append(None)
            continue
        same = (sql, repr(rows_params))
        if same not in seen:
            seen[same] = len(parts)
            parts.append(f"(SELECT COUNT(*) FROM ({sql} LIMIT {int(TOTAL_CAP)}) capped)")
            params.extend(rows_params)
        compiled[id(rows)] = seen[same]
        columns.append(seen[same])
    values: tuple[Any, ...] = ()
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            values = tuple(cursor.fetchone() or ())
    return {
        key: 0 if column is None else int(values[column])
        for key, column in zip(querysets, columns, strict=True)
    }


def _first_rows(rows: QuerySet[Any]) -> list[Any]:
    """The first ROWS rows with their related rows (`select_related`) joined to those rows
    only: the ids are found on the ordering's index without the joins (a join to every person
    made the follow-ups a hash join over all rows at 10,000 families), then ROWS rows joined."""
    first = rows.model._default_manager.filter(pk__in=rows.values("pk")[:ROWS])
    first.query.select_related = rows.query.select_related
    return list(first.order_by(*rows.query.order_by))


def _menu_querysets(user: User, today: dt.date) -> dict[str, QuerySet[Any]]:
    return {
        work_source.key: work_source.count(user, today)
        for work_source in sources()
        if work_source.count is not None
    }


def _cache_count(user: User, counts: Iterable[int]) -> int:
    total = min(sum(counts), TOTAL_CAP)
    # A per-request cache on the user object, not a model field: mypy cannot know it.
    user._my_work_count = total  # type: ignore[attr-defined]  # per-request cache
    return total


def my_work(user: User, now: dt.datetime | None = None) -> MyWork:
    """The ROWS soonest due rows of all sources (overdue first), then the newest unread
    notifications, and how many more there are: one query per source, one for the counts (the
    menu's count too, cached for `count_for`), 5 for the accesses of the families shown — the
    same at any number of families."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    read: dict[str, list[Any]] = {}
    querysets: dict[str, QuerySet[Any]] = {}
    for work_source in sources():
        querysets[work_source.key] = work_source.rows(user, today)
        read[work_source.key] = _first_rows(querysets[work_source.key])
    menu = {
        f"menu_{work_source.key}": querysets[work_source.key]
        if work_source.count is work_source.rows
        else work_source.count(user, today)
        for work_source in sources()
        if work_source.count is not None
    }
    counted = _capped_counts({**querysets, **menu})
    totals = {key: counted[key] for key in querysets}
    _cache_count(user, (counted[key] for key in menu))
    family_ids = {_source(key).family_id(row) for key, rows in read.items() for row in rows}
    context = WorkContext(
        user=user, today=today, now=now, accesses=accesses_for(user, today, family_ids)
    )
    due: list[WorkItem] = []
    unread: list[WorkItem] = []
    for key, rows in read.items():
        work_source = _source(key)
        for row in rows:
            if work_source.family_id(row) not in context.accesses:
                continue  # the SQL rules and the access disagree: the access decides
            item = work_source.item(row, context)
            if item.member is not None and item.family is not None:
                # The access log needs each person's family: the one already loaded.
                assert item.member.family_id == item.family.pk
                item.member.family = item.family
            (unread if item.state == UNREAD else due).append(item)
    due.sort(key=lambda item: item.sort_key)
    return MyWork(
        due=due[:ROWS],
        notifications=unread[:ROWS],
        totals=totals,
        amounts={work_source.key: work_source.amount for work_source in sources()},
    )


def _source(key: str) -> WorkSource:
    return _SOURCES[key]


def has_work_page(user: User) -> bool:
    """Whether anything of theirs can appear on "my work": a team member, or someone who may
    see an open family (an invited outside caseworker)."""
    if TeamMembership.objects.filter(user=user, is_active=True).exists():
        return True
    return Family.objects.filter(pk__in=open_family_ids(user)).exists()


def count_for(user: User, today: dt.date | None = None) -> int:
    """The menu's count: every source's rows due soon, overdue or unread, in ONE query, once
    per request (cached on the user object like the navigation; "my work" counts it with its
    own totals). Each source's count stops at TOTAL_CAP rows and so does the sum."""
    cached: int | None = getattr(user, "_my_work_count", None)
    if cached is not None:
        return cached
    today = today or timezone.localdate()
    return _cache_count(user, _capped_counts(_menu_querysets(user, today)).values())


# --- The family record's own sources -------------------------------------------------------------


def _deadline_rows(user: User, _today: dt.date) -> QuerySet[Deadline]:
    """The user's open deadlines of their teams' families, soonest first (index deadline due_at)."""
    return (
        deadlines.owned_open_deadlines(user, _team_families(user))
        .select_related("member")
        .order_by("due_at", "pk")
    )


def _team_families(user: User) -> QuerySet[Any]:
    return Family.objects.filter(pk__in=team_family_ids(user)).values("pk")


def _deadline_item(deadline: Deadline, context: WorkContext) -> WorkItem:
    (row,) = deadlines.rows([deadline], context.now)
    state = {deadlines.OVERDUE: OVERDUE, deadlines.SOON: SOON}.get(row.status, LATER)
    return WorkItem(
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


def _deadline_count(user: User, _today: dt.date) -> QuerySet[Any]:
    return deadlines.owned_open_deadlines(user, _team_families(user)).filter(
        warn_at__lte=timezone.now()
    )


def _task_filter(user: User, family_ids: Iterable[int] | FamilyIds, today: dt.date) -> Q:
    """Open tasks due within 14 days of the given families, made by the user or of a family
    they coordinate."""
    return Q(
        family_id__in=family_ids,
        completed_at__isnull=True,
        due_on__lte=today + dt.timedelta(days=SOON_DAYS),
    ) & (Q(created_by=user) | coordinates(user))


def _task_rows(user: User, today: dt.date) -> QuerySet[Task]:
    return (
        Task.objects.filter(_task_filter(user, team_family_ids(user), today))
        .select_related("member")
        .order_by("due_on", "pk")
    )


def _task_item(task: Task, context: WorkContext) -> WorkItem:
    return WorkItem(
        what=_("Task"),
        text=task.title,
        due_on=task.due_on,
        state=state_for(task.due_on, context.today),
        family=context.accesses[task.family_id].family,
        member=task.member,
        url=reverse("families:detail", args=[task.family_id]),
        source="tasks",
    )


def _expiring_consents(family_ids: Iterable[int] | FamilyIds, today: dt.date) -> QuerySet[Consent]:
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


def _coordinated_team_families(user: User) -> QuerySet[Any]:
    """The team's open families the user coordinates (`can_view_consent_document`)."""
    return FamilyCoordinator.objects.filter(user=user, family_id__in=team_family_ids(user)).values(
        "family_id"
    )


def _consent_rows(user: User, today: dt.date) -> QuerySet[Consent]:
    return _expiring_consents(_coordinated_team_families(user), today).order_by("expires_on", "pk")


def _consent_item(consent: Consent, context: WorkContext) -> WorkItem:
    assert consent.expires_on is not None  # the filter
    return WorkItem(
        what=_("Consent expires"),
        text=_("The family's consent runs out: renew it or close the case."),
        due_on=consent.expires_on,
        state=state_for(consent.expires_on, context.today),
        family=context.accesses[consent.family_id].family,
        url=reverse("families:detail", args=[consent.family_id]),
        source="consents",
    )


def _consent_count(user: User, today: dt.date) -> QuerySet[Any]:
    return _expiring_consents(_coordinated_team_families(user), today).filter(
        expires_on__lte=today + dt.timedelta(days=SOON_DAYS)
    )


def _grant_filter(user: User, today: dt.date) -> Q:
    """Outside access ending within 14 days: the user's own, or one the user manages (a family
    of their team they coordinate: `can_manage_family`)."""
    return Q(
        family_id__in=open_family_ids(user),
        revoked_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=SOON_DAYS),
    ) & (Q(user=user) | (coordinates(user) & Q(family_id__in=team_family_ids(user))))


def _grant_rows(user: User, today: dt.date) -> QuerySet[FamilyGrant]:
    return FamilyGrant.objects.filter(_grant_filter(user, today)).order_by("valid_until", "pk")


def _grant_item(grant: FamilyGrant, context: WorkContext) -> WorkItem:
    own = grant.user_id == context.user.pk
    return WorkItem(
        what=_("Your outside access ends") if own else _("Outside access ends"),
        text=""
        if own
        else _("An invited caseworker's access to the family ends: extend it or let it end."),
        due_on=grant.valid_until,
        state=state_for(grant.valid_until, context.today),
        family=context.accesses[grant.family_id].family,
        url=reverse("families:detail", args=[grant.family_id]),
        source="grants",
    )


def _family_of(row: Any) -> int:  # noqa: ANN401  (any row with a family)
    family_id: int = row.family_id
    return family_id


def register_family_sources() -> None:
    """Called from FamiliesConfig.ready()."""
    for work_source in (
        WorkSource(
            "deadlines",
            _deadline_rows,
            _deadline_item,
            _family_of,
            lambda n: ngettext("%(n)s deadline", "%(n)s deadlines", n) % {"n": n},
            _deadline_count,
            order=10,
        ),
        WorkSource(
            "tasks",
            _task_rows,
            _task_item,
            _family_of,
            lambda n: ngettext("%(n)s task", "%(n)s tasks", n) % {"n": n},
            _task_rows,  # every row counts
            order=40,
        ),
        WorkSource(
            "consents",
            _consent_rows,
            _consent_item,
            _family_of,
            lambda n: ngettext("%(n)s consent", "%(n)s consents", n) % {"n": n},
            _consent_count,
            order=60,
        ),
        WorkSource(
            "grants",
            _grant_rows,
            _grant_item,
            _family_of,
            lambda n: ngettext("%(n)s outside access", "%(n)s outside accesses", n) % {"n": n},
            _grant_rows,  # every row counts
            order=70,
        ),
    ):
        register_work_source(work_source)
