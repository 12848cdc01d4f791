"""Every query the screening pages need, limited to what the user may see."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from accounts.models import Department, Team, User
from families.access import FamilyAccess, active_memberships
from families.models import (
    ACTIVE_STATUSES,
    Consent,
    Contact,
    Family,
    Handover,
    Member,
    Task,
)
from screening.criteria import ScreeningResult, evaluate
from screening.models import (
    DEFAULT_REJECTION_REASONS,
    DEFAULT_SSP_LEVELS,
    ChildArea,
    CriterionAnswer,
    HousingArea,
    LocalCriterion,
    Referral,
    RejectionReason,
    SspLevel,
    VisitationDecision,
    VisitationMeeting,
    WaitListEntry,
)

LEAD_TIME_ROWS = 15
RECENT_MEETINGS = 10


# --- Configuration ------------------------------------------------------------------------


def ssp_levels(municipality_id: int) -> list[tuple[int, str]]:
    """The municipality's SSP concern scale, or the default 1–4 scale (DOMAIN.md §1e)."""
    levels = [
        (level.value, level.label)
        for level in SspLevel.objects.filter(municipality_id=municipality_id)
    ]
    return levels or [(value, str(label)) for value, label in DEFAULT_SSP_LEVELS]


def rejection_reasons(municipality_id: int) -> list[str]:
    reasons = list(
        RejectionReason.objects.filter(municipality_id=municipality_id, is_active=True).values_list(
            "label", flat=True
        )
    )
    return reasons or [str(reason) for reason in DEFAULT_REJECTION_REASONS]


def areas_valid_on(municipality_id: int, day: dt.date) -> list[HousingArea]:
    """The municipality's housing areas on the lists in force on a day (the latest list of each
    category published on or before it: an area left off a newer list no longer counts)."""
    latest = dict(
        HousingArea.objects.filter(valid_from__lte=day)
        .values("category")
        .annotate(latest=Max("valid_from"))
        .values_list("category", "latest")
    )
    if not latest:
        return []
    current = Q()
    for category, valid_from in latest.items():
        current |= Q(category=category, valid_from=valid_from)
    return list(HousingArea.objects.filter(current, municipality_id=municipality_id))


def local_criteria(municipality_id: int) -> list[LocalCriterion]:
    return list(
        LocalCriterion.objects.filter(municipality_id=municipality_id, is_active=True)
        .prefetch_related("areas")
        .order_by("order", "pk")
    )


# --- A referral and its family ------------------------------------------------------------


def referral_family_id(pk: int) -> int | None:
    """The family a referral is about (None: no such referral); the access decides the rest."""
    return Referral.objects.filter(pk=pk).values_list("family_id", flat=True).first()


def get_referral(access: FamilyAccess, pk: int) -> Referral:
    """The family's referral with its children and departments needed."""
    referral = (
        Referral.objects.filter(family=access.family, pk=pk)
        .select_related("team", "created_by")
        .prefetch_related(
            Prefetch("children", queryset=Member.objects.order_by("birth_date", "pk")),
            "departments_needed",
        )
        .first()
    )
    if referral is None:
        raise Http404
    referral.family = access.family
    return referral


def user_teams(user: User) -> list[Team]:
    """The core teams the user works in (active memberships), by name (a team page's teams:
    none means the page is refused, families.access.refuse)."""
    return list(
        Team.objects.filter(pk__in=active_memberships(user).values("team_id"))
        .select_related("municipality")
        .order_by("name")
    )


# --- Screening ------------------------------------------------------------------------------


def screening_result(referral: Referral) -> ScreeningResult:
    """Evaluate every criterion for every child of the referral (a fixed number of queries)."""
    family = referral.family
    return evaluate(
        referral=referral,
        family=family,
        children=list(referral.children.all()),
        areas=areas_valid_on(family.municipality_id, referral.received_on),
        chosen_areas={
            chosen.member_id: chosen
            for chosen in ChildArea.objects.filter(referral=referral).select_related("area")
        },
        answers={
            (answer.member_id, answer.criterion_key): answer
            for answer in CriterionAnswer.objects.filter(referral=referral)
        },
        local_criteria=local_criteria(family.municipality_id),
        departments_needed=len(referral.departments_needed.all()),
    )


def referral_decisions(referral: Referral) -> list[VisitationDecision]:
    return list(
        VisitationDecision.objects.filter(referral=referral).select_related("meeting", "decided_by")
    )


@dataclass
class ReferralPage:
    result: ScreeningResult
    decisions: list[VisitationDecision]
    wait_list_position: int | None
    contacts: list[Contact]
    handovers: list[Handover]
    tasks: list[Task]
    ssp_label: str
    awaits_consent: bool


def referral_page(access: FamilyAccess, referral: Referral) -> ReferralPage:
    entry = WaitListEntry.objects.filter(referral=referral).first()
    levels = dict(ssp_levels(access.family.municipality_id))
    return ReferralPage(
        result=screening_result(referral),
        decisions=referral_decisions(referral),
        wait_list_position=entry.position if entry else None,
        contacts=list(
            Contact.objects.filter(family=access.family)
            .select_related("staff")
            .prefetch_related("members")[:10]
        ),
        handovers=visible_handovers(access),
        tasks=list(Task.objects.filter(family=access.family).select_related("member")),
        ssp_label=levels.get(referral.ssp_level, "") if referral.ssp_level else "",
        awaits_consent=access.family.status == Family.Status.AWAITING_CONSENT,
    )


def visible_handovers(access: FamilyAccess) -> list[Handover]:
    """Handovers the user may read: none before consent (the consent gate)."""
    return list(
        Handover.objects.filter(
            family=access.family, department_id__in=access.readable_department_ids
        ).select_related("department", "member")
    )


@dataclass
class ChecklistRow:
    department: Department
    handovers: list[Handover]

    @property
    def is_recorded(self) -> bool:
        return bool(self.handovers)

    @property
    def has_case(self) -> bool:
        """An existing case was handed over (not only "no existing case")."""
        return any(h.has_existing_case for h in self.handovers)


def handover_checklist(
    departments: QuerySet[Department], handovers: list[Handover]
) -> list[ChecklistRow]:
    """Each department of the municipality with the handovers recorded for it (or none yet)."""
    return [
        ChecklistRow(
            department=department,
            handovers=[h for h in handovers if h.department_id == department.pk],
        )
        for department in departments
    ]


def municipality_departments(municipality_id: int) -> QuerySet[Department]:
    return Department.objects.filter(municipality_id=municipality_id).order_by("name")


def family_referrals(access: FamilyAccess) -> list[Referral]:
    return list(
        Referral.objects.filter(family=access.family)
        .select_related("team")
        .prefetch_related("children")
        .order_by("-received_on", "-pk")
    )


def programme_children(access: FamilyAccess) -> list[Member]:
    return list(Member.objects.filter(family=access.family, is_in_programme=True))


# --- Duplicates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    entered: str
    member: Member
    match: str


def possible_duplicates(
    municipality_id: int, persons: list[dict[str, object]], *, exclude_family_id: int | None = None
) -> list[Duplicate]:
    """Members of the municipality (closed families too) with the same CPR number, or the same
    name and birth date, as a person about to be entered."""
    condition = Q(pk__in=[])
    for person in persons:
        if person.get("cpr"):
            condition |= Q(cpr=person["cpr"])
        if person.get("birth_date"):
            condition |= Q(
                first_name__iexact=person["first_name"],
                last_name__iexact=person["last_name"],
                birth_date=person["birth_date"],
            )
    candidates = Member.objects.filter(condition, family__municipality_id=municipality_id)
    if exclude_family_id:
        candidates = candidates.exclude(family_id=exclude_family_id)
    duplicates = []
    for member in candidates.select_related("family"):
        for person in persons:
            entered = f"{person['first_name']} {person['last_name']}"
            if person.get("cpr") and member.cpr == person["cpr"]:
                duplicates.append(Duplicate(entered, member, _("same CPR number")))
            elif (
                member.birth_date == person.get("birth_date")
                and member.first_name.casefold() == str(person["first_name"]).casefold()
                and member.last_name.casefold() == str(person["last_name"]).casefold()
            ):
                duplicates.append(Duplicate(entered, member, _("same name and birth date")))
    return duplicates


# --- Team pages -----------------------------------------------------------------------------


@dataclass
class LeadTime:
    referral: Referral
    days_to_decision: int | None
    days_to_consent: int | None


@dataclass
class LeadTimes:
    rows: list[LeadTime]
    median_to_decision: float | None
    median_to_consent: float | None


def _decision_day(referral: Referral) -> dt.date | None:
    # Set by _with_lead_time_data's Prefetch(to_attr=...), which mypy cannot see.
    decisions: list[VisitationDecision] = referral.prefetched_decisions  # type: ignore[attr-defined]
    final = [
        decision.meeting.held_on
        for decision in decisions
        if decision.outcome != VisitationDecision.Outcome.WAIT_LIST
    ]
    return min(final) if final else None


def compute_lead_times(referrals: list[Referral]) -> LeadTimes:
    """Days from referral to the visitation decision and on to consent, and the medians."""
    rows = []
    for referral in referrals:
        decided = _decision_day(referral)
        # Set by _with_lead_time_data's Prefetch(to_attr=...), which mypy cannot see.
        given: list[Consent] = referral.family.prefetched_consents  # type: ignore[attr-defined]
        consents = [
            consent.given_on for consent in given if decided and consent.given_on >= decided
        ]
        rows.append(
            LeadTime(
                referral=referral,
                days_to_decision=(decided - referral.received_on).days if decided else None,
                days_to_consent=(min(consents) - decided).days if decided and consents else None,
            )
        )
    to_decision = [row.days_to_decision for row in rows if row.days_to_decision is not None]
    to_consent = [row.days_to_consent for row in rows if row.days_to_consent is not None]
    return LeadTimes(
        rows=rows,
        median_to_decision=statistics.median(to_decision) if to_decision else None,
        median_to_consent=statistics.median(to_consent) if to_consent else None,
    )


def _with_lead_time_data(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("family").prefetch_related(
        Prefetch(
            "decisions",
            queryset=VisitationDecision.objects.select_related("meeting"),
            to_attr="prefetched_decisions",
        ),
        Prefetch(
            "family__consents",
            queryset=Consent.objects.only("given_on", "family_id"),
            to_attr="prefetched_consents",
        ),
    )


def _listed(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("family", "team").prefetch_related(
        Prefetch("children", queryset=Member.objects.order_by("birth_date", "pk"))
    )


@dataclass
class Inbox:
    open_referrals: list[Referral]
    wait_list: list[WaitListEntry]
    awaiting_consent: list[Referral]
    lead_times: LeadTimes
    counts: list[tuple[StrOrPromise, int]] = field(default_factory=list)
    open_page: Page[Referral] | None = None
    wait_list_total: int = 0
    awaiting_consent_total: int = 0


# Rows of each inbox and visitation list on one page (issue 12: pages, not the whole team).
INBOX_ROWS = 50


def inbox(
    user: User,
    team_ids: list[int],
    lead_team_ids: list[int],
    page_number: int | str | None = 1,
) -> Inbox:
    """The team's referral inbox: open referrals, the wait list, families awaiting consent,
    lead times and (for team leads) referral counts by status."""
    referrals = (
        Referral.objects.filter(team_id__in=team_ids, family__municipality_id=user.municipality_id)
        if user.municipality_id is not None
        else Referral.objects.none()  # no municipality (an evaluator): no team, no referrals
    )
    # Exists, not a DISTINCT join: the newest decided referrals come from the index (issue 12).
    decided = _with_lead_time_data(
        referrals.filter(
            Exists(VisitationDecision.objects.filter(referral_id=OuterRef("pk")))
        ).order_by("-received_on", "-pk")
    )
    counts: list[tuple[StrOrPromise, int]] = []
    if lead_team_ids:
        by_status = Counter(
            dict(
                referrals.filter(team_id__in=lead_team_ids)
                .values("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
        )
        counts = [(label, by_status.get(value, 0)) for value, label in Referral.Status.choices]
    # Paged (open referrals) or cut to the first rows with the total shown (issue 12).
    open_page = Paginator(
        _listed(referrals.filter(status=Referral.Status.OPEN)).order_by("-received_on", "-pk"),
        INBOX_ROWS,
    ).get_page(page_number)
    wait_list = WaitListEntry.objects.filter(team_id__in=team_ids, referral__in=referrals)
    awaiting = referrals.filter(
        status=Referral.Status.INCLUDED, family__status=Family.Status.AWAITING_CONSENT
    )
    return Inbox(
        open_referrals=list(open_page.object_list),
        open_page=open_page,
        wait_list=list(
            wait_list.select_related("referral__family", "team").order_by("team", "position")[
                :INBOX_ROWS
            ]
        ),
        wait_list_total=wait_list.count(),
        awaiting_consent=list(_listed(awaiting)[:INBOX_ROWS]),
        awaiting_consent_total=awaiting.count(),
        lead_times=compute_lead_times(list(decided[:LEAD_TIME_ROWS])),
        counts=counts,
    )


@dataclass
class TeamVisitation:
    team: Team
    active_families: int
    wait_list: list[WaitListEntry]
    ready: list[Referral]
    meetings: list[VisitationMeeting]
    wait_list_total: int = 0
    ready_total: int = 0

    @property
    def is_at_capacity(self) -> bool:
        return self.active_families >= self.team.capacity


def active_family_count(team: Team) -> int:
    return Family.objects.filter(team=team, status__in=ACTIVE_STATUSES).count()


def visitation(teams: list[Team]) -> list[TeamVisitation]:
    """Per team: capacity vs active families, the wait list in order, referrals ready for a
    decision and recent meetings (a fixed number of queries however many rows)."""
    team_ids = [team.pk for team in teams]
    active = dict(
        Family.objects.filter(team_id__in=team_ids, status__in=ACTIVE_STATUSES)
        .values("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    # The first INBOX_ROWS of each list per team (oldest first), with the totals (issue 12).
    waiting = WaitListEntry.objects.filter(team_id__in=team_ids)
    entries = list(
        waiting.select_related("referral__family").order_by("position")[
            : INBOX_ROWS * len(team_ids)
        ]
    )
    ready_referrals = Referral.objects.filter(
        team_id__in=team_ids, status=Referral.Status.OPEN, screened_at__isnull=False
    )
    ready = list(
        _listed(ready_referrals.order_by("received_on", "pk"))[: INBOX_ROWS * len(team_ids)]
    )
    totals = {
        (kind, team_id): n
        for kind, rows in (
            ("wait", waiting.values("team_id").annotate(n=Count("pk")).values_list("team_id", "n")),
            (
                "ready",
                ready_referrals.values("team_id")
                .annotate(n=Count("pk"))
                .values_list("team_id", "n"),
            ),
        )
        for team_id, n in rows
    }
    meetings = list(
        VisitationMeeting.objects.filter(team_id__in=team_ids)
        .prefetch_related("attendees", "attending_departments")
        .order_by("-held_on", "-pk")[: RECENT_MEETINGS * len(team_ids)]
    )
    return [
        TeamVisitation(
            team=team,
            active_families=active.get(team.pk, 0),
            wait_list=[entry for entry in entries if entry.team_id == team.pk][:INBOX_ROWS],
            ready=[referral for referral in ready if referral.team_id == team.pk][:INBOX_ROWS],
            wait_list_total=totals.get(("wait", team.pk), 0),
            ready_total=totals.get(("ready", team.pk), 0),
            meetings=[meeting for meeting in meetings if meeting.team_id == team.pk][
                :RECENT_MEETINGS
            ],
        )
        for team in teams
    ]


def meetings_for(referral: Referral) -> QuerySet[VisitationMeeting]:
    """The team's meetings held since the referral was received (the ones that can decide it)."""
    return VisitationMeeting.objects.filter(
        team_id=referral.team_id, held_on__gte=referral.received_on
    ).order_by("-held_on", "-pk")


def last_meeting_before(referral: Referral) -> VisitationMeeting | None:
    """The team's latest meeting held before the referral was received (it cannot decide it:
    the decision page says so when no later meeting exists)."""
    return (
        VisitationMeeting.objects.filter(team_id=referral.team_id, held_on__lt=referral.received_on)
        .order_by("-held_on", "-pk")
        .first()
    )


def team_members(team_ids: list[int]) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__team_id__in=team_ids, memberships__is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


def referral_teams(team_ids: list[int], *, family: Family | None = None) -> QuerySet[Team]:
    """The teams a referral may be registered for: the user's, or the family's own."""
    teams = Team.objects.filter(pk__in=team_ids)
    return teams.filter(pk=family.team_id) if family is not None else teams


def membership_departments(team: Team, users: list[User]) -> list[Department]:
    return list(
        Department.objects.filter(
            memberships__team=team, memberships__user__in=users, memberships__is_active=True
        ).distinct()
    )
