"""Every query the family pages need, limited to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import Team, TeamMembership, User
from families.access import FamilyAccess, families_visible_to, lead_team_ids, member_team_ids
from families.cpr import normalise
from families.models import (
    AccessLogEntry,
    Consent,
    Contact,
    ErasureDue,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    FamilyStatusChange,
    Handover,
    InformationExchange,
    JournalNote,
    Member,
    Task,
)

OVERVIEW_NOTES = 5
OVERVIEW_CONTACTS = 10


def _with_list_data(families: QuerySet[Family]) -> QuerySet[Family]:
    return (
        families.select_related("team")
        # A correlated count, computed for the rows of the page only: a GROUP BY over every
        # family and member of the team (then keeping 25) grows with the team (issue 12).
        .annotate(
            member_count=Coalesce(
                Subquery(
                    Member.objects.filter(family_id=OuterRef("pk"))
                    .order_by()
                    .values("family_id")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            )
        )
        .prefetch_related(
            Prefetch(
                "coordinators",
                queryset=FamilyCoordinator.objects.select_related("user").order_by("kind"),
            ),
            Prefetch(
                "members",
                queryset=Member.objects.filter(is_in_programme=True).only(
                    "first_name", "last_name", "birth_date", "family_id"
                ),
                to_attr="programme_members",
            ),
        )
    )


def search_families(
    families: QuerySet[Family],
    *,
    query: str = "",
    status: str = "",
    coordinator: User | None = None,
) -> QuerySet[Family]:
    query = query.strip()
    if query:
        cpr = normalise(query).replace("-", "")
        member_match = Member.objects.filter(family=OuterRef("pk")).filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | (
                Q(cpr__startswith=f"{cpr[:6]}-{cpr[6:]}".rstrip("-"))
                if cpr.isdigit()
                else Q(pk=None)
            )
        )
        families = families.filter(
            Q(name__icontains=query) | Q(reference__icontains=query) | Exists(member_match)
        )
    if status:
        families = families.filter(status=status)
    if coordinator is not None:
        families = families.filter(coordinators__user=coordinator)
    return families


def my_families(user: User) -> QuerySet[Family]:
    """Families the user coordinates, or is invited to from outside the team."""
    visible = families_visible_to(user)
    mine = visible.filter(
        Q(coordinators__user=user) | Q(grants__user=user, grants__revoked_at__isnull=True)
    ).values("pk")
    return _with_list_data(visible.filter(pk__in=mine)).order_by("name")


def team_families(user: User) -> QuerySet[Family]:
    """All families of the user's core teams."""
    team_ids = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
    return _with_list_data(families_visible_to(user).filter(team_id__in=team_ids)).order_by("name")


def teams_of(user: User) -> QuerySet[Team]:
    """The core teams the user works in: where they can open a new family."""
    return Team.objects.filter(pk__in=member_team_ids(user))


def team_coordinators(user: User) -> QuerySet[User]:
    team_ids = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
    return User.objects.filter(
        memberships__team_id__in=team_ids, memberships__is_active=True
    ).distinct()


@dataclass
class FamilyOverview:
    members: list[Member]
    coordinators: list[FamilyCoordinator]
    consents: list[Consent]
    handovers: list[Handover]
    notes: list[JournalNote]
    contacts: list[Contact]
    status_changes: list[FamilyStatusChange]
    grants: list[FamilyGrant]
    open_tasks: list[Task]


def family_members(family: Family) -> QuerySet[Member]:
    return Member.objects.filter(family=family).order_by("birth_date", "pk")


def family_coordinators(family: Family) -> QuerySet[FamilyCoordinator]:
    return FamilyCoordinator.objects.filter(family=family).select_related("user")


def family_consents(access: FamilyAccess) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(family=access.family)
        .prefetch_related("departments", "given_by")
        .select_related("recorded_by")
    )


def visible_handovers(access: FamilyAccess) -> QuerySet[Handover]:
    return Handover.objects.filter(
        family=access.family, department_id__in=access.readable_department_ids
    ).select_related("department", "member")


def visible_notes(access: FamilyAccess) -> QuerySet[JournalNote]:
    """The notes the user reads; `can_change` says whether they may edit each (rule 4)."""
    return (
        JournalNote.objects.filter(
            family=access.family, department_id__in=access.readable_department_ids
        )
        .annotate(
            can_change=Case(
                When(department_id__in=access.changeable_department_ids, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("author", "department")
        .prefetch_related("members")
    )


def family_contacts(access: FamilyAccess) -> QuerySet[Contact]:
    # The one-line contact log is visible to the team before consent: it documents motivation.
    return (
        Contact.objects.filter(family=access.family)
        .select_related("staff", "department")
        .prefetch_related("members")
    )


def family_grants(access: FamilyAccess) -> QuerySet[FamilyGrant]:
    return FamilyGrant.objects.filter(family=access.family).select_related(
        "user", "department", "granted_by"
    )


def family_overview(access: FamilyAccess) -> FamilyOverview:
    """Everything the family page shows, in a fixed number of queries."""
    family = access.family
    return FamilyOverview(
        members=list(family_members(family)),
        coordinators=list(family_coordinators(family)),
        consents=list(family_consents(access)),
        handovers=list(visible_handovers(access)) if access.can_view_case_content else [],
        notes=list(visible_notes(access)[:OVERVIEW_NOTES]),
        contacts=list(family_contacts(access)[:OVERVIEW_CONTACTS]),
        status_changes=list(
            FamilyStatusChange.objects.filter(family=family).select_related("changed_by")
        ),
        grants=list(family_grants(access)) if access.can_manage_family else [],
        open_tasks=list(open_tasks(access)) if access.is_team_member else [],
    )


def open_tasks(access: FamilyAccess) -> QuerySet[Task]:
    return Task.objects.filter(family=access.family, completed_at__isnull=True).select_related(
        "member"
    )


def get_open_task(access: FamilyAccess, task_id: int) -> Task:
    task = open_tasks(access).filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


def get_member(access: FamilyAccess, member_id: int) -> Member:
    member = Member.objects.filter(family=access.family, pk=member_id).first()
    if member is None:
        raise Http404
    return member


def get_consent(access: FamilyAccess, consent_id: int) -> Consent:
    consent = Consent.objects.filter(family=access.family, pk=consent_id).first()
    if consent is None:
        raise Http404
    return consent


def get_note(access: FamilyAccess, note_id: int) -> JournalNote:
    """A note of this family; the caller decides with access whether it may be read."""
    note = (
        JournalNote.objects.filter(family=access.family, pk=note_id)
        .select_related("author", "department")
        .first()
    )
    if note is None:
        raise Http404
    return note


def get_coordinator(access: FamilyAccess, coordinator_id: int) -> FamilyCoordinator:
    coordinator = FamilyCoordinator.objects.filter(family=access.family, pk=coordinator_id).first()
    if coordinator is None:
        raise Http404
    return coordinator


def get_grant(access: FamilyAccess, grant_id: int) -> FamilyGrant:
    grant = FamilyGrant.objects.filter(family=access.family, pk=grant_id).first()
    if grant is None:
        raise Http404
    return grant


# --- Access log ----------------------------------------------------------------------------


def family_access_log(access: FamilyAccess) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(family=access.family).select_related("user", "member")


def team_access_log(user: User) -> QuerySet[AccessLogEntry]:
    """The access log of the teams the user leads: the team stored on each row (issue 12), read
    from the (team, time) index; rows stay after the family is erased or moves to another team."""
    if user.municipality_id is None:
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(
        team_id__in=lead_team_ids(user), team__municipality_id=user.municipality_id
    ).select_related("user", "member__family", "family")


@dataclass(frozen=True)
class KeysetPage:
    """One page of a log read newest first, without counting the log (issue 12, item 3)."""

    entries: list[AccessLogEntry]
    older: str  # the cursor of the next older page ("" when there is none)
    newer: str  # the cursor of the next newer page ("" on the newest page)


def _cursor(entry: AccessLogEntry) -> str:
    return f"{entry.at.timestamp():.6f}_{entry.pk}"


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    stamp, _sep, pk = cursor.partition("_")
    try:
        return dt.datetime.fromtimestamp(float(stamp), tz=dt.UTC), int(pk)
    except (ValueError, OverflowError, OSError):
        return None


def keyset_page(
    entries: QuerySet[AccessLogEntry], *, older: str = "", newer: str = "", size: int = 50
) -> KeysetPage:
    """Newest first; `older`/`newer` are cursors from a previous page. One query at any size."""
    after = _parse_cursor(newer) if newer else None
    before = _parse_cursor(older) if older and after is None else None
    if after is not None:
        at, pk = after
        rows = list(
            entries.filter(Q(at__gt=at) | Q(at=at, pk__gt=pk), at__gte=at).order_by("at", "pk")[
                : size + 1
            ]
        )
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(
            entries=rows,
            older=_cursor(rows[-1]) if rows else "",
            newer=_cursor(rows[0]) if rows and more_newer else "",
        )
    if before is not None:
        at, pk = before
        entries = entries.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk), at__lte=at)
    rows = list(entries.order_by("-at", "-pk")[: size + 1])
    more_older = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        entries=rows,
        older=_cursor(rows[-1]) if rows and more_older else "",
        newer=_cursor(rows[0]) if rows and before is not None else "",
    )


def person_access_log(member: Member) -> QuerySet[AccessLogEntry]:
    """Reads that showed this person's data: their own pages and their family's shared pages."""
    return (
        AccessLogEntry.objects.filter(
            Q(member=member) | Q(family_id=member.family_id, member__isnull=True)
        )
        .exclude(outcome__in=[AccessLogEntry.Outcome.DENIED, AccessLogEntry.Outcome.NOT_FOUND])
        .select_related("user")
        .order_by("at", "pk")
    )


def information_exchanges(access: FamilyAccess) -> QuerySet[InformationExchange]:
    """The family's disclosures to other authorities (§ 115, Barnets Lov), with who and whom."""
    return (
        InformationExchange.objects.filter(family=access.family)
        .select_related("shared_by", "recorded_by")
        .prefetch_related("members")
    )


def get_erasure_due(municipality_id: int, due_pk: int) -> ErasureDue:
    """A family listed for erasure in the administrator's own municipality, or a 404."""
    due = (
        ErasureDue.objects.select_related("family")
        .filter(pk=due_pk, municipality_id=municipality_id)
        .first()
    )
    if due is None:
        raise Http404
    return due
