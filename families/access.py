"""Who may see and do what with a family: the one place that decides access.

The rules (DESIGN.md, "Access"):
1. Tenant: nobody sees another municipality's families; such requests are a 404.
2. Team: members of the family's core team see the family.
3. Consent gate: before an active consent only referral and screening data (the family, its
   members, the contact log) are visible. Department-sourced content (journal notes, handovers) is
   visible when it is the reader's own department's, or when the consent covers both the source
   department and the reader's department. The same holds for the action plan's goals, steps,
   offers, follow-ups, statutory links and risk notes, wherever they appear (pages, history,
   PDFs, forms, queues). Core-team content with no owning department (the family's own goals, a
   goal or offer no department owns) is readable by team members whose department the consent
   covers and by the family's coordinators; an outside grant does not read it.
4. Department ownership: department content is changed by that department or the family's
   coordinators.
5. Per-object grants: an invited outside caseworker holds a guardian object permission on the
   family and an unexpired, unrevoked FamilyGrant; they read (never write) as a member of the
   grant's department.
6. Aggregate-only roles (steering group, national evaluator) never see a family page.
7. Refusals are a 404 outside the tenant and a 403 inside it; both are written to the access log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NoReturn

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from accounts import alerts
from accounts.http import AuthedRequest
from accounts.models import TeamMembership, User
from config import request_context
from families.models import (
    ENDED_STATUSES,
    AccessLogEntry,
    Consent,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    FamilyUserObjectPermission,
    Member,
)

GRANT_PERMISSION = "families.view_case_record"


class ContentKind(StrEnum):
    """What a record is for the consent gate (rule 3), e.g. a kind of change on the history page."""

    # Referral and screening data (the family, its members, the contact log): the team, always.
    TEAM = "team"
    # Case content past the consent gate, e.g. the assessment; department-owned rows of it are
    # further limited to `readable_department_ids`.
    CASE = "case"
    # Core-team content with no owning department, e.g. measurements of persons, the family's goals.
    CORE_TEAM = "core_team"


@dataclass(frozen=True)
class FamilyAccess:
    """What one user may do with one family, decided once per request."""

    user: User
    family: Family
    department_id: int | None
    membership_role: str | None
    is_family_coordinator: bool
    is_outside_grant: bool
    covered_department_ids: frozenset[int]

    @property
    def is_team_member(self) -> bool:
        return self.membership_role is not None

    @property
    def is_team_lead(self) -> bool:
        return self.membership_role in {
            TeamMembership.Role.TEAM_COORDINATOR,
            TeamMembership.Role.PROJECT_LEAD,
        }

    @property
    def has_consent(self) -> bool:
        return bool(self.covered_department_ids)

    @property
    def can_view_case_content(self) -> bool:
        """Past the consent gate: more than referral and screening data."""
        return self.has_consent

    @property
    def readable_department_ids(self) -> frozenset[int]:
        """Departments whose content this user may read in this family."""
        if not self.has_consent or self.department_id is None:
            return frozenset()
        if self.department_id in self.covered_department_ids:
            return self.covered_department_ids | {self.department_id}
        return frozenset({self.department_id})

    def can_read_department_content(self, department_id: int) -> bool:
        return department_id in self.readable_department_ids

    def can_change_department_content(self, department_id: int) -> bool:
        if not self.can_read_department_content(department_id):
            return False
        return self.is_family_coordinator or (
            self.is_team_member and department_id == self.department_id
        )

    @property
    def can_write_notes(self) -> bool:
        # Invited outsiders read what their grant covers; writing is the team's.
        return self.is_team_member and self.has_consent

    @property
    def can_change_case_content(self) -> bool:
        """Team-owned case content past the consent gate (e.g. the assessment), while open."""
        return self.is_team_member and self.has_consent and not self.family.is_ended

    @property
    def changeable_department_ids(self) -> frozenset[int]:
        """Departments whose content this user may add or change in this family."""
        return frozenset(
            department_id
            for department_id in self.readable_department_ids
            if self.can_change_department_content(department_id)
        )

    @property
    def can_view_consent_document(self) -> bool:
        return self.is_team_member

    @property
    def can_edit_family(self) -> bool:
        """Basic data of the family and its members belongs to the whole team."""
        return self.is_team_member and not self.family.is_ended

    @property
    def can_log_contact(self) -> bool:
        return self.is_team_member and not self.family.is_ended

    @property
    def can_record_consent(self) -> bool:
        return self.is_team_member and not self.family.is_ended

    @property
    def can_manage_family(self) -> bool:
        """Coordinators, outside grants and status changes: team leads and family coordinators."""
        return self.is_team_lead or (self.is_team_member and self.is_family_coordinator)

    @property
    def can_view_history(self) -> bool:
        return self.is_team_member

    def can_read_history_of(self, kind: ContentKind) -> bool:
        """Whether the history page shows changes to this kind of content. Rows a department owns
        show only for `readable_department_ids` (families/history.py filters them)."""
        if not self.can_view_history:
            return False
        if kind is ContentKind.CASE:
            return self.can_view_case_content
        if kind is ContentKind.CORE_TEAM:
            return self.can_read_core_team_content
        return True

    @property
    def can_view_access_log(self) -> bool:
        return self.can_manage_family

    @property
    def can_view_measurements(self) -> bool:
        """Measurements of persons are core-team content with no owning department (rule 3)."""
        return self.can_read_core_team_content

    @property
    def can_record_measurements(self) -> bool:
        """Enter or correct a measurement while the family's case is open."""
        return self.can_view_measurements and not self.family.is_ended

    @property
    def can_view_ssp_levels(self) -> bool:
        """The target children's later SSP concern levels (the partnership target's measure) are
        core-team content with no owning department (rule 3), like measurements of persons."""
        return self.can_read_core_team_content

    @property
    def can_record_ssp_levels(self) -> bool:
        """Record or correct a later SSP level while the family's case is open."""
        return self.can_view_ssp_levels and not self.family.is_ended

    # --- Action plans: goals, steps, offers, follow-ups, statutory links, risk notes ---------

    @property
    def can_read_core_team_content(self) -> bool:
        """Core-team content with no owning department, e.g. the family's own goals (rule 3):
        team members whose department the consent covers, and the family's coordinators."""
        return (
            self.is_team_member
            and self.has_consent
            and (self.department_id in self.covered_department_ids or self.is_family_coordinator)
        )

    def can_read_plan_content(self, department_id: int | None) -> bool:
        """A part of the plan owned by `department_id`, or by the core team when None (rule 3)."""
        if department_id is None:
            return self.can_read_core_team_content
        return self.can_read_department_content(department_id)

    def can_change_plan_content(self, department_id: int | None) -> bool:
        """Rule 4 on an open case: a department's part by that department and the family's
        coordinators; the core team's part by the team members who may read it."""
        if not self.can_change_case_content or not self.can_read_plan_content(department_id):
            return False
        return department_id is None or self.can_change_department_content(department_id)

    @property
    def can_change_plan(self) -> bool:
        """Start, activate and reassess the plan itself (not a department's part of it)."""
        return self.can_change_case_content

    @property
    def can_manage_plan(self) -> bool:
        """Phase-out, closing, aftercare and reopening: team leads and the family's coordinators."""
        return self.can_view_case_content and self.can_manage_family

    @property
    def can_complete_reassessment(self) -> bool:
        """Completing the joint reassessment: team leads and the family's coordinators."""
        return self.can_change_case_content and (self.is_team_lead or self.is_family_coordinator)

    @property
    def can_confirm_reassessment(self) -> bool:
        """Each department confirms its own part of a reassessment."""
        return self.can_change_case_content and self.department_id is not None

    @property
    def can_confirm_reassessment_on_behalf(self) -> bool:
        """Confirm a department's part of a reassessment for it, with a recorded reason (e.g. no
        one in the team works for it): whoever completes the reassessment (issue 11, item 1)."""
        return self.can_complete_reassessment

    @property
    def assignable_department_ids(self) -> frozenset[int]:
        """Departments this user may give a goal or offer to: ones they may change that the
        consent covers — a department outside it could never read or confirm its part."""
        return self.changeable_department_ids & self.covered_department_ids

    @property
    def can_view_plan_working_copy(self) -> bool:
        """The team's working copy of the plan: team members past the consent gate."""
        return self.is_team_member and self.has_consent

    # --- Assessment: team-owned case content past the consent gate --------------------------

    @property
    def can_view_assessment(self) -> bool:
        """The assessment pages; department rows in them are filtered by readable departments."""
        return self.can_view_case_content

    @property
    def can_change_assessment(self) -> bool:
        """Start, fill in and correct the assessment while the case is open (never an outsider)."""
        return self.can_change_case_content

    @property
    def can_finish_assessment(self) -> bool:
        """Finishing (locking) it: team leads and the family's coordinators, on an open case."""
        return self.can_change_case_content and self.can_manage_family

    # --- Screening: the referral pages are the team's, before consent too -------------------

    @property
    def can_view_referrals(self) -> bool:
        return self.is_team_member

    @property
    def can_work_on_referrals(self) -> bool:
        """Register a referral (a new one reopens an ended case), screen it, decide on it."""
        return self.is_team_member

    @property
    def can_record_handovers(self) -> bool:
        """Handovers are department content: past the consent gate, on an open case."""
        return self.can_view_case_content and self.can_edit_family

    # --- Data protection: information exchange, data subject access, archive exception ------

    @property
    def can_view_information_exchanges(self) -> bool:
        """The § 115 / Barnets Lov disclosure log: team members past the consent gate (an
        invited outsider never reads it)."""
        return self.is_team_member and self.has_consent

    @property
    def can_record_information_exchange(self) -> bool:
        """Record a disclosure while the case is open."""
        return self.can_view_information_exchanges and not self.family.is_ended

    @property
    def can_export_subject_data(self) -> bool:
        """A data subject's access request (GDPR art. 15): the family's coordinators and the
        team's leads compile everything the product holds about one person — all departments,
        as the controller must — after re-authentication, and the request is logged."""
        return self.can_manage_family

    @property
    def can_mark_for_archive(self) -> bool:
        """The archive-law exception to erasure: team leads and the family's coordinators."""
        return self.can_manage_family


def today() -> dt.date:
    return timezone.localdate()


def active_memberships(user: User) -> QuerySet[TeamMembership]:
    return TeamMembership.objects.filter(user=user, is_active=True).select_related(
        "team", "department"
    )


def member_team_ids(user: User) -> list[int]:
    """The core teams the user works in (active memberships)."""
    return list(active_memberships(user).values_list("team_id", flat=True))


def require_team_member(request: AuthedRequest, *, what: str) -> list[int]:
    """For team pages (e.g. an inbox): the user's team ids, or a logged 403 when they have none."""
    team_ids = member_team_ids(request.user)
    if not team_ids:
        refuse(request, what=what)
    return team_ids


def lead_team_ids(user: User) -> list[int]:
    return list(
        active_memberships(user)
        .filter(role__in=[TeamMembership.Role.TEAM_COORDINATOR, TeamMembership.Role.PROJECT_LEAD])
        .values_list("team_id", flat=True)
    )


def included_family_team_ids(user: User) -> list[int]:
    """The teams in which `can_register_included_family` holds for the user."""
    return lead_team_ids(user)


def can_register_included_family(user: User, team_id: int) -> bool:
    """Register a family straight as already included, skipping referral and screening — the
    backfill of a family the team took in before it used the product (issue 11, item 5): the
    team's leads (team coordinators, project leads) only. Everyone else opens a family with a
    referral, the one way in."""
    return team_id in included_family_team_ids(user)


def _granted_family_ids(user: User) -> QuerySet[FamilyGrant, Any]:
    return FamilyGrant.objects.filter(
        user=user, revoked_at__isnull=True, valid_until__gte=today()
    ).values("family_id")


def families_visible_to(user: User | AnonymousUser) -> QuerySet[Family]:
    """Families the user may open: their teams' families and unexpired grants, in their tenant."""
    if not isinstance(user, User) or user.municipality_id is None:
        return Family.objects.none()
    in_tenant = Family.objects.filter(municipality_id=user.municipality_id)
    team_ids = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
    granted = get_objects_for_user(
        user,
        GRANT_PERMISSION,
        klass=in_tenant.filter(pk__in=_granted_family_ids(user)),
        accept_global_perms=False,
        with_superuser=False,
    ).values("pk")
    return in_tenant.filter(Q(team_id__in=team_ids) | Q(pk__in=granted))


def open_family_ids_of(user_id: int, municipality_id: int, day: dt.date) -> QuerySet[Family, Any]:
    """The ids of the open families `families_visible_to` gives (their teams' families and those of
    grants unrevoked and unexpired on `day` that hold the grant permission), as a subquery built
    from its arguments alone, so its SQL can be compiled once and reused (families/my_work.py).
    tests/families/test_my_work.py checks it against `families_visible_to`."""
    teams = TeamMembership.objects.filter(user_id=user_id, is_active=True).values("team_id")
    granted = FamilyGrant.objects.filter(
        user_id=user_id, revoked_at__isnull=True, valid_until__gte=day
    ).filter(
        Exists(
            FamilyUserObjectPermission.objects.filter(
                user_id=user_id,
                content_object_id=OuterRef("family_id"),
                permission__codename=GRANT_PERMISSION.split(".")[1],
                permission__content_type__app_label="families",
            )
        )
    )
    return (
        Family.objects.filter(municipality_id=municipality_id)
        .filter(Q(team_id__in=teams) | Q(pk__in=granted.values("family_id")))
        .exclude(status__in=list(ENDED_STATUSES))
        .values("pk")
    )


def open_team_family_ids_of(user_id: int, municipality_id: int) -> QuerySet[Family, Any]:
    """The ids of the open families of the user's teams (the team part of the rule above)."""
    teams = TeamMembership.objects.filter(user_id=user_id, is_active=True).values("team_id")
    return (
        Family.objects.filter(municipality_id=municipality_id, team_id__in=teams)
        .exclude(status__in=list(ENDED_STATUSES))
        .values("pk")
    )


def active_consents(family_id: int) -> QuerySet[Consent]:
    day = today()
    return Consent.objects.filter(family_id=family_id, given_on__lte=day).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
    )


def covered_department_ids(family_id: int) -> frozenset[int]:
    return frozenset(
        active_consents(family_id)
        .values_list("departments__id", flat=True)
        .exclude(departments__id__isnull=True)
    )


def _deny(
    request: AuthedRequest, *, family: Family | None, what: str, outside_tenant: bool
) -> NoReturn:
    context = request_context.current()
    if context is not None:
        context.refusal_logged = True
    log_access(
        user=request.user,
        family=family,
        what=what,
        path=request.get_full_path(),
        outcome=AccessLogEntry.Outcome.NOT_FOUND
        if outside_tenant
        else AccessLogEntry.Outcome.DENIED,
    )
    if outside_tenant:
        raise Http404
    raise PermissionDenied


def access_for(user: User, family: Family) -> FamilyAccess | None:
    """The user's access to a family of their own municipality, or None when they have none."""
    membership = (
        TeamMembership.objects.filter(user=user, team_id=family.team_id, is_active=True)
        .only("role", "department_id")
        .first()
    )
    if membership is not None:
        department_id, role, is_outside_grant = membership.department_id, membership.role, False
    else:
        grant = (
            FamilyGrant.objects.filter(
                user=user, family=family, revoked_at__isnull=True, valid_until__gte=today()
            )
            .only("department_id")
            .first()
        )
        if grant is None or not user.has_perm(GRANT_PERMISSION, family):
            return None
        department_id, role, is_outside_grant = grant.department_id, None, True
    is_coordinator = FamilyCoordinator.objects.filter(family=family, user=user).exists()
    return FamilyAccess(
        user=user,
        family=family,
        department_id=department_id,
        membership_role=role,
        is_family_coordinator=is_coordinator,
        is_outside_grant=is_outside_grant,
        covered_department_ids=covered_department_ids(family.pk),
    )


def get_family_access(request: AuthedRequest, family_id: int, *, what: str) -> FamilyAccess:
    """Load a family for the request's user or refuse: 404 outside the tenant, 403 inside it."""
    user = request.user
    family = (
        Family.objects.select_related("team", "municipality")
        .filter(pk=family_id, municipality_id=user.municipality_id)
        .first()
        if user.municipality_id
        else None
    )
    if family is None:
        _deny(request, family=None, what=what, outside_tenant=True)
    access = access_for(user, family)
    if access is None:
        _deny(request, family=family, what=what, outside_tenant=False)
    context = request_context.current()
    if context is not None:
        # A 404 later in this request (e.g. another family's member id in this family's URL) is
        # a refused look-up: families.middleware logs it.
        context.family_id = family.pk
    return access


def get_family_access_of(
    request: AuthedRequest, family_id: int | None, *, what: str
) -> FamilyAccess:
    """For pages addressed by one of a family's objects (e.g. a referral): the access to the
    object's family. None (no such object) is refused like a family outside the tenant."""
    if family_id is None:
        _deny(request, family=None, what=what, outside_tenant=True)
        raise Http404  # not reached: _deny raised
    return get_family_access(request, family_id, what=what)


def require(request: AuthedRequest, access: FamilyAccess, allowed: bool, *, what: str) -> None:
    """Refuse an action inside the tenant with a logged 403."""
    if not allowed:
        _deny(request, family=access.family, what=what, outside_tenant=False)


def refuse(request: AuthedRequest, *, what: str) -> NoReturn:
    """Refuse a request that concerns no single family (e.g. a team page) with a logged 403."""
    _deny(request, family=None, what=what, outside_tenant=False)


# A CPR number, with or without its dash (also URL-encoded), not part of a longer number.
_CPR_IN_TEXT = re.compile(r"(?<!\d)\d{6}(?:-|%2[dD])?\d{4}(?!\d)")
CPR_MASK = "XXXXXX-XXXX"


def mask_cpr(text: str) -> str:
    """Any CPR-shaped number in `text` masked: no log stores a CPR number (issue 9, item 9)."""
    return _CPR_IN_TEXT.sub(CPR_MASK, text)


def _entry(
    *,
    user: User,
    family: Family | None,
    member: Member | None,
    what: str,
    path: str,
    outcome: str,
    context: request_context.RequestContext | None,
) -> AccessLogEntry:
    return AccessLogEntry(
        user=user,
        family=family,
        member=member,
        family_reference=family.reference if family is not None else "",
        member_name=member.full_name if member is not None else "",
        what=what[:100],
        path=mask_cpr(path)[:300],
        outcome=outcome,
        client_address=context.client_address if context else None,
        request_id=context.request_id if context else "",
    )


def _count_reads(user: User, family_ids: Iterable[int], outcome: str) -> None:
    """Reads and exports of families count towards the user's hourly rate (accounts.alerts)."""
    if outcome in (AccessLogEntry.Outcome.VIEWED, AccessLogEntry.Outcome.EXPORTED):
        alerts.note_families_read(user, family_ids)


def log_access(
    *,
    user: User,
    family: Family | None,
    what: str,
    path: str = "",
    member: Member | None = None,
    outcome: str = AccessLogEntry.Outcome.VIEWED,
) -> AccessLogEntry:
    """Write one access-log row. The path is stored with any CPR number masked; the row carries
    the request's id and client address (config.request_context) and keeps the case reference
    and the person's name should the family or member later be erased."""
    entry = _entry(
        user=user,
        family=family,
        member=member,
        what=what,
        path=path,
        outcome=outcome,
        context=request_context.current(),
    )
    entry.save()
    if family is not None:
        _count_reads(user, [family.pk], outcome)
    return entry


def record_view(
    request: AuthedRequest, access: FamilyAccess, *, what: str, member: Member | None = None
) -> None:
    log_access(
        user=request.user,
        family=access.family,
        member=member,
        what=what,
        path=request.get_full_path(),
    )


def log_persons_shown(
    request: AuthedRequest,
    *,
    what: str,
    families: Iterable[Family] = (),
    members: Iterable[Member] = (),
    outcome: str = AccessLogEntry.Outcome.VIEWED,
) -> None:
    """A page that shows people of several families (a family list, an inbox, a queue, the team
    access log) logs one row per family and one per person it shows, in ONE insert, so each
    appears in that person's access-log extract. A member needs its `family` loaded. A page
    that shows nobody logs one row for the page itself."""
    user = request.user
    path = request.get_full_path()
    context = request_context.current()
    entries: list[AccessLogEntry] = []
    seen_families: set[int] = set()
    for family in families:
        if family.pk not in seen_families:
            seen_families.add(family.pk)
            entries.append(
                _entry(
                    user=user,
                    family=family,
                    member=None,
                    what=what,
                    path=path,
                    outcome=outcome,
                    context=context,
                )
            )
    seen_members: set[int] = set()
    for member in members:
        if member.pk not in seen_members:
            seen_members.add(member.pk)
            entries.append(
                _entry(
                    user=user,
                    family=member.family,
                    member=member,
                    what=what,
                    path=path,
                    outcome=outcome,
                    context=context,
                )
            )
    if not entries:
        entries.append(
            _entry(
                user=user,
                family=None,
                member=None,
                what=what,
                path=path,
                outcome=outcome,
                context=context,
            )
        )
    AccessLogEntry.objects.bulk_create(entries)
    _count_reads(
        user,
        seen_families | {entry.family_id for entry in entries if entry.family_id is not None},
        outcome,
    )


def aggregate_municipality_ids(user: User) -> list[int] | None:
    """Municipalities whose aggregates the user may see: None means all (national evaluator).

    Raises PermissionDenied for users without an aggregate role.
    """
    if user.is_national_evaluator:
        return None
    if user.is_steering_group and user.municipality_id:
        return [user.municipality_id]
    raise PermissionDenied


def fidelity_survey_municipality_id(user: User) -> int:
    """The municipality whose fidelity survey the user answers: its project leads and team
    coordinators (seed 001: the project lead / team lead fills it in). Else PermissionDenied."""
    if user.municipality_id and lead_team_ids(user):
        return user.municipality_id
    raise PermissionDenied


def steering_municipality_id(user: User) -> int:
    """The municipality whose targets and quarterly reports the user keeps: its steering group."""
    if user.is_steering_group and user.municipality_id:
        return user.municipality_id
    raise PermissionDenied


def require_national_evaluator(user: User) -> None:
    """The pseudonymised export is the national evaluator's only."""
    if not user.is_national_evaluator:
        raise PermissionDenied
