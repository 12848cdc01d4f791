"""The case builder: writes one demo family through the real services, as the pages write it.

A family goes through up to four phases, each written by the helpers here and run for every family
by `demo.seed`: the family record (`Case`: members, status trail, consent, coordinators, handovers,
journal notes, contacts), the referral and visitation (`write_referral`), the assessment
(`demo.assessment_content`) and the action plan (`PlanCase`). A demo family's module
(`demo.families.<name>`) says what happens to it in one `DemoFamily`.

All people, streets and case references are invented, and nothing is random: birth dates and CPR
numbers come from a seed, dates are counted back from today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Min
from django.utils import timezone

from accounts.models import Department, TeamMembership, User
from actionplans.models import ActionPlan, OfferType
from actionplans.services import plans
from assessment.models import Assessment
from demo.assessment_content import AssessmentStory
from demo.organisation import MunicipalitySpec, Organisation, Staff
from families.cpr import parse_cpr, passes_modulus_11
from families.models import Contact, Family, FamilyCoordinator, JournalNote, Member
from families.services import cases, consents, contacts, coordination, handovers, journal, members
from screening.criteria import GANG_RELATION, GANG_RISK
from screening.models import (
    DEFAULT_REJECTION_REASONS,
    CriterionAnswer,
    Referral,
    VisitationDecision,
    VisitationMeeting,
    WaitListEntry,
)
from screening.services import referrals

# Member fields that several members of one family share (origin, languages, custody).
Traits = Mapping[str, object]

# Short names keep the family modules readable.
Status = Family.Status
Kind = Contact.Kind
Note = JournalNote.Category
Role = Member.Role
Gender = Member.Gender
Origin = Member.Origin
Education = Member.EducationStatus
Support = Member.SupportStatus
Source = Referral.Source
Outcome = VisitationDecision.Outcome


# --- Invented but well-formed people --------------------------------------------------------


def demo_birth_date(today: dt.date, age: int, seed: int) -> dt.date:
    """A birth date that makes a person exactly ``age`` today, spread over the year by seed."""
    anniversary = today.replace(year=today.year - age, day=min(today.day, 28))
    return anniversary - dt.timedelta(days=1 + (seed * 53) % 330)


def demo_cpr(birth_date: dt.date, *, gender: str, seed: int) -> str:
    """A CPR number for an invented person: right century digit, gender parity and modulus 11."""
    # Digit 7: 0–3 always means the 1900s; 4 means the 2000s for years 00–36.
    century_digit = 4 if birth_date.year >= 2000 else 2
    wants_odd = gender == Gender.MALE
    for step in range(1000):
        number = f"{birth_date:%d%m%y}{century_digit}{(seed * 37 + step) % 1000:03d}"
        if passes_modulus_11(number) and (int(number[-1]) % 2 == 1) == wants_odd:
            formatted = f"{number[:6]}-{number[6:]}"
            assert parse_cpr(formatted).birth_date == birth_date
            return formatted
    raise AssertionError(f"No demo CPR number for {birth_date}")  # pragma: no cover


# --- Phase 1: the family record ------------------------------------------------------------


@dataclass
class Case:
    """One demo family being written: the record, its members by key and the team's people."""

    family: Family
    organisation: Organisation
    address: str
    today: dt.date
    seed: int
    members: dict[str, Member] = field(default_factory=dict)

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def year(self, days_ago: int) -> int:
        return self.day(days_ago).year

    def at(self, days_ago: int, hour: int | None = None) -> dt.datetime:
        """An aware moment on a past day, during working hours unless told otherwise."""
        if days_ago < 1:
            raise ValueError("Demo contacts lie at least one day back.")
        hour = 9 + (days_ago * 5) % 9 if hour is None else hour
        minute = (days_ago * 13) % 4 * 15
        return dt.datetime.combine(
            self.day(days_ago), dt.time(hour, minute), tzinfo=timezone.get_current_timezone()
        )

    def staff(self, who: str) -> Staff:
        return self.organisation.staff[who]

    def people(self, keys: Iterable[str]) -> list[Member]:
        return [self.members[key] for key in keys]

    def member(
        self,
        key: str,
        role: str,
        first_name: str,
        last_name: str,
        *,
        age: int,
        gender: str,
        has_cpr: bool = True,
        traits: Traits | None = None,
        **fields: object,
    ) -> Member:
        """Add a member aged ``age`` today, with a CPR number unless ``has_cpr`` is off."""
        seed = self.seed * 10 + len(self.members)
        birth_date = demo_birth_date(self.today, age, seed)
        identity: dict[str, object] = (
            {"cpr": demo_cpr(birth_date, gender=gender, seed=seed)}
            if has_cpr
            else {"birth_date": birth_date}
        )
        fields = {**(traits or {}), **fields}
        fields.setdefault("address", self.address)
        fields.setdefault("postal_code", self.organisation.spec.postal_code)
        fields.setdefault("city", self.organisation.municipality.name)
        self.members[key] = members.add_member(
            actor=self.family.created_by,
            family=self.family,
            role=role,
            first_name=first_name,
            last_name=last_name,
            gender=gender,
            **identity,
            **fields,
        )
        return self.members[key]

    def move(self, who: str, *statuses: str, reason: str = "") -> None:
        """Walk the family through the given statuses; the last one gets the reason."""
        for index, status in enumerate(statuses):
            self.family = cases.change_family_status(
                actor=self.staff(who).user,
                family=self.family,
                to_status=status,
                reason=reason if index == len(statuses) - 1 else "",
            )

    def coordinators(self, primary: str, secondary: str = "", *, by: str = "coordinator") -> None:
        """Set the family coordinators; ``by`` is the team lead who decides it."""
        actor = self.staff(by).user
        wanted = {
            FamilyCoordinator.Kind.PRIMARY: primary,
            FamilyCoordinator.Kind.SECONDARY: secondary,
        }
        # Whoever opened the record is its primary coordinator until the team decides otherwise.
        for coordinator in self.family.coordinators.select_related("user"):
            if coordinator.user.username != wanted[FamilyCoordinator.Kind(coordinator.kind)]:
                coordination.remove_coordinator(actor=actor, coordinator=coordinator)
        kept = set(self.family.coordinators.values_list("kind", flat=True))
        for kind, who in wanted.items():
            if who and kind not in kept:
                coordination.assign_coordinator(
                    actor=actor, family=self.family, user=self.staff(who).user, kind=kind
                )

    def consent(
        self,
        who: str,
        days_ago: int,
        *,
        given_by: Iterable[str],
        departments: Iterable[str],
        note: str = "",
    ) -> None:
        consents.record_consent(
            actor=self.staff(who).user,
            family=self.family,
            given_by=self.people(given_by),
            departments=[self.organisation.departments[name] for name in departments],
            given_on=self.day(days_ago),
            note=note,
        )
        # The service moves an awaiting family to included on its own copy of the row.
        self.family.refresh_from_db()

    def handover(
        self,
        who: str,
        days_ago: int,
        department: str,
        *,
        about: str | None,
        case_reference: str,
        former_caseworker: str,
        note: str,
    ) -> None:
        handovers.record_handover(
            actor=self.staff(who).user,
            family=self.family,
            department=self.organisation.departments[department],
            handed_over_on=self.day(days_ago),
            member=self.members[about] if about else None,
            case_reference=case_reference,
            former_caseworker=former_caseworker,
            note=note,
        )

    def note(
        self, who: str, days_ago: int, category: str, text: str, *, about: Iterable[str] = ()
    ) -> None:
        staff = self.staff(who)
        journal.write_journal_note(
            actor=staff.user,
            family=self.family,
            department_id=staff.department.pk,
            written_on=self.day(days_ago),
            category=category,
            text=text,
            members=self.people(about),
        )

    def contact(
        self,
        who: str,
        kind: str,
        days_ago: int,
        summary: str,
        *,
        with_: Iterable[str] = (),
        hour: int | None = None,
    ) -> None:
        staff = self.staff(who)
        contacts.log_contact(
            actor=staff.user,
            family=self.family,
            department_id=staff.department.pk,
            kind=kind,
            occurred_at=self.at(days_ago, hour),
            summary=summary,
            members=self.people(with_),
        )


# --- Phase 2: the referral and visitation ------------------------------------------------------


@dataclass(frozen=True)
class ReferralStory:
    """How the family came to the team and what visitation decided.

    ``outcome`` empty: not decided yet (screened or not). The records are dated to agree with the
    family's status trail: an included family was decided nine days before its first consent.
    """

    source: str
    referred_by: str
    ssp_level: int | None
    outcome: str = ""
    screened: bool = True


# The referral's status after the visitation outcome (none yet: open).
REFERRAL_STATUS_AFTER: dict[str, str] = {
    Outcome.INCLUDE: Referral.Status.INCLUDED,
    Outcome.REJECT: Referral.Status.REJECTED,
    Outcome.WAIT_LIST: Referral.Status.WAIT_LISTED,
}


def _visitation_meeting(team_members: list[TeamMembership], held_on: dt.date) -> VisitationMeeting:
    team = team_members[0].team
    meeting, created = VisitationMeeting.objects.get_or_create(
        team=team, held_on=held_on, defaults={"created_by": team_members[0].user}
    )
    if created:
        meeting.attendees.set([m.user for m in team_members])
        meeting.attending_departments.set({m.department_id for m in team_members})
    return meeting


def write_referral(family: Family, story: ReferralStory, today: dt.date) -> Referral:
    """The referral, its screening (criteria, departments needed) and the visitation decision.

    Written as records, not through `screening.services`: the family's status trail (phase 1)
    already says how far it came, and the services would date everything today and move the
    family's status again. New arrivals (`register_new_referral`) do go through the service.
    """
    team_members = list(
        TeamMembership.objects.filter(team=family.team, is_active=True)
        .select_related("user", "team")
        .order_by("-role", "pk")
    )
    outcome = story.outcome
    actor: User = family.created_by
    first_consent = family.consents.aggregate(first=Min("given_on"))["first"]
    decided_on: dt.date | None
    if outcome == Outcome.INCLUDE and first_consent:
        decided_on = first_consent - dt.timedelta(days=9)
    elif outcome:
        decided_on = today - dt.timedelta(days=8 + family.pk % 5)
    else:
        decided_on = None
    received_on = (decided_on or today) - dt.timedelta(days=18 if story.screened else 3)
    children = list(family.members.filter(is_in_programme=True))
    referral = Referral.objects.create(
        team=family.team,
        family=family,
        received_on=received_on,
        source=story.source,
        referred_by=story.referred_by,
        concern=family.notes or "Bekymring for børnene i familien.",
        ssp_level=story.ssp_level,
        ukn_reference="UKN-2025-0412" if story.source == Source.UKN else "",
        ukn_kind=Referral.UknKind.IMPROVEMENT if story.source == Source.UKN else "",
        created_by=actor,
        status=REFERRAL_STATUS_AFTER.get(outcome, Referral.Status.OPEN),
        screened_at=timezone.now() if story.screened else None,
    )
    referral.children.set(children)
    if not story.screened:
        return referral
    rejected = outcome == Outcome.REJECT
    referral.departments_needed.set(
        Department.objects.filter(municipality=family.municipality).order_by("pk")[
            : 2 if rejected else 3
        ]
    )
    for child in children:
        for key, text in (
            (GANG_RISK, "Ses jævnligt med ældre unge fra en kendt gruppering."),
            (GANG_RELATION, "En fætter er kendt af politiet som medlem af en gruppering."),
        ):
            CriterionAnswer.objects.create(
                referral=referral,
                member=child,
                criterion_key=key,
                is_met=not rejected,
                justification=(
                    "Ingen tegn på kontakt til grupperinger; konflikterne er i skolen."
                    if rejected
                    else text
                ),
                answered_by=actor,
            )
    if decided_on is None:
        return referral
    decision = VisitationDecision(
        referral=referral,
        meeting=_visitation_meeting(team_members, decided_on),
        outcome=outcome,
        criteria_met=not rejected,
        decided_by=team_members[0].user,
    )
    if rejected:
        decision.rejection_reason = str(DEFAULT_REJECTION_REASONS[0])
        decision.note = "Ikke i et udsat boligområde og ingen tegn på bandetilknytning."
    if outcome == Outcome.WAIT_LIST:
        decision.note = "Teamet er fuldt; familien står først på ventelisten."
        WaitListEntry.objects.create(
            team=family.team,
            referral=referral,
            position=WaitListEntry.objects.filter(team=family.team).count() + 1,
            added_on=decided_on,
        )
    decision.save()
    return referral


@dataclass(frozen=True)
class NewChild:
    """The one child a brand-new referral names (registered with the referral form)."""

    first_name: str
    age: int
    gender: str
    address: str


def register_new_referral(
    organisation: Organisation,
    today: dt.date,
    *,
    family_name: str,
    housing_area: str,
    source: str,
    referred_by: str,
    days_ago: int,
    child: NewChild,
    ukn_reference: str = "",
    ukn_kind: str = "",
) -> Referral:
    """A referral that has just come in: registered like the referral form does, family and all."""
    return referrals.register_referral(
        actor=organisation.staff["caseworker"].user,
        team=organisation.team,
        received_on=today - dt.timedelta(days=days_ago),
        source=source,
        referred_by=referred_by,
        concern="Ses sent om aftenen med ældre unge; fravær fra skolen.",
        ssp_level=2,
        family_name=family_name,
        housing_area=housing_area,
        new_children=[
            {
                "first_name": child.first_name,
                "last_name": family_name,
                "birth_date": today.replace(year=today.year - child.age) - dt.timedelta(days=40),
                "gender": child.gender,
                "origin": Origin.DESCENDANT_NON_WESTERN,
                "address": child.address,
                "postal_code": organisation.spec.postal_code,
                "city": organisation.municipality.name,
            }
        ],
        ukn_reference=ukn_reference,
        ukn_kind=ukn_kind,
    )


# --- Phase 4: the action plan ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCase:
    """One demo family's action plan being written: its people, departments and offers."""

    family: Family
    organisation: Organisation
    today: dt.date

    def user(self, username: str) -> User:
        return self.organisation.staff[username].user

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def ahead(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)

    def member(self, first_name: str) -> Member:
        return Member.objects.get(family=self.family, first_name=first_name)

    def department(self, kind: str) -> Department:
        return Department.objects.get(municipality=self.family.municipality, kind=kind)

    def offer(self, name: str) -> OfferType:
        return OfferType.objects.get(municipality=self.family.municipality, name=name)

    def start(self, *, actor: str) -> ActionPlan | None:
        """A draft plan from the family's latest finished assessment (none: no plan)."""
        finished = (
            Assessment.objects.filter(family=self.family, status=Assessment.Status.FINISHED)
            .order_by("-version")
            .first()
        )
        if finished is None:
            return None
        return plans.start_plan(actor=self.user(actor), assessment=finished)


# --- One demo family -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoFamily:
    """A demo family and how far it has come; `demo.seed` writes it phase by phase.

    Either ``record`` writes the family record (phase 1) and ``referral`` its referral (phase 2),
    or the family first arrives as a referral and ``arrives`` writes both (phase 2).
    ``assessment`` (phase 3) and ``plan`` (phase 4) are for families that have come that far;
    ``plan`` returns a one-line summary.
    """

    name: str
    municipality: MunicipalitySpec
    housing_area: str
    address: str = ""
    notes: str = ""
    registered_by: str = "caseworker"
    record: Callable[[Case], None] | None = None
    referral: ReferralStory | None = None
    arrives: Callable[[Organisation, dt.date], None] | None = None
    assessment: AssessmentStory | None = None
    plan: Callable[[PlanCase], str] | None = None
