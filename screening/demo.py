"""Demo referrals in every state, for the families families/demo.py already wrote.

The family statuses set there are left alone: the screening records written here (referral,
judgements, visitation decision, wait list) are dated to agree with them. Two brand-new referrals
go through the services like a real registration. Idempotent: a family with a referral is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from accounts.models import Department, Municipality, TeamMembership, User
from families.models import Family, Member
from families.services import cases, members
from screening import services
from screening.criteria import GANG_RELATION, GANG_RISK
from screening.models import (
    DEFAULT_REJECTION_REASONS,
    CriterionAnswer,
    Decline,
    LocalCriterion,
    Referral,
    VisitationDecision,
    VisitationMeeting,
    WaitListEntry,
)

AREAS_CSV = Path(__file__).resolve().parent / "data" / "housing_areas.csv"
Source = Referral.Source
Outcome = VisitationDecision.Outcome

# family name → (source, referred by, SSP level, outcome or "" for open/unscreened, screened)
NORDBY_REFERRALS: dict[str, tuple[str, str, int | None, str, bool]] = {
    "Holmgaard": (Source.NOTIFICATION, "Politiet, § 115-møde", 3, Outcome.INCLUDE, True),
    "Baran": (Source.SSP, "SSP Nordby, Jamal Esbensen", 3, Outcome.INCLUDE, True),
    "Amedi": (Source.OUTREACH, "Gadeplansteamet", 2, Outcome.INCLUDE, True),
    "Mansour": (Source.UKN, "Ungdomskriminalitetsnævnet", 4, Outcome.INCLUDE, True),
    "Warsame": (Source.HOUSING_SOCIAL_WORKER, "Boligsocial medarbejder, Kildeparken", 1, "", False),
    "Ahmadi": (Source.POLICE, "Nordby Politi via SSP", 3, "", True),
    "Chahine": (Source.NETWORK, "Kerneteamet (netværk om ung i forløb)", 2, Outcome.INCLUDE, True),
    "Yılmaz": (Source.SCHOOL, "Nordby Skole, skoleleder", 2, Outcome.INCLUDE, True),
    "Al-Sayed": (Source.SSP, "SSP Nordby", 3, Outcome.INCLUDE, True),
    "Osmani": (Source.OTHER_DEPARTMENT, "Børn og Familie", 3, Outcome.INCLUDE, True),
    "Lindberg": (Source.SCHOOL, "Bakkely Skole, AKT-lærer", 1, Outcome.REJECT, True),
    "El-Amin": (Source.POLICE, "Nordby Politi", 2, Outcome.INCLUDE, True),
}
SYDBY_REFERRALS: dict[str, tuple[str, str, int | None, str, bool]] = {
    "Hussein": (Source.SSP, "SSP Sydby", 3, Outcome.INCLUDE, True),
    "Kristiansen": (Source.SCHOOL, "Sydby Skole", 2, Outcome.WAIT_LIST, True),
}


def _import_areas() -> str:
    with AREAS_CSV.open(encoding="utf-8", newline="") as handle:
        result = services.import_housing_areas(rows=list(csv.DictReader(handle)))
    return f"{result.created} housing areas created"


def _local_criteria(municipality: Municipality, departments: int) -> None:
    LocalCriterion.objects.get_or_create(
        municipality=municipality,
        label="Familien har brug for hjælp fra mindst tre forvaltninger",
        defaults={"kind": LocalCriterion.Kind.MIN_DEPARTMENTS, "number": departments, "order": 1},
    )
    LocalCriterion.objects.get_or_create(
        municipality=municipality,
        label="SSP-bekymringsniveau 2–4",
        defaults={"kind": LocalCriterion.Kind.MIN_SSP_LEVEL, "number": 2, "order": 2},
    )


def _meeting(team_members: list[TeamMembership], held_on: dt.date) -> VisitationMeeting:
    team = team_members[0].team
    meeting, created = VisitationMeeting.objects.get_or_create(
        team=team, held_on=held_on, defaults={"created_by": team_members[0].user}
    )
    if created:
        meeting.attendees.set([m.user for m in team_members])
        meeting.attending_departments.set({m.department_id for m in team_members})
    return meeting


def _write(
    family: Family,
    spec: tuple[str, str, int | None, str, bool],
    team_members: list[TeamMembership],
    today: dt.date,
) -> None:
    source, referred_by, ssp_level, outcome, screened = spec
    actor: User = family.created_by
    first_consent = family.consents.aggregate(first=Min("given_on"))["first"]
    if outcome == Outcome.INCLUDE and first_consent:
        decided_on = first_consent - dt.timedelta(days=9)
    elif outcome:
        decided_on = today - dt.timedelta(days=8 + family.pk % 5)
    else:
        decided_on = None
    received_on = (decided_on or today) - dt.timedelta(days=3 if not screened else 18)
    children = list(family.members.filter(is_in_programme=True))
    referral = Referral.objects.create(
        team=family.team,
        family=family,
        received_on=received_on,
        source=source,
        referred_by=referred_by,
        concern=family.notes or "Bekymring for børnene i familien.",
        ssp_level=ssp_level,
        ukn_reference="UKN-2025-0412" if source == Source.UKN else "",
        ukn_kind=Referral.UknKind.IMPROVEMENT if source == Source.UKN else "",
        created_by=actor,
        status={
            Outcome.INCLUDE: Referral.Status.INCLUDED,
            Outcome.REJECT: Referral.Status.REJECTED,
            Outcome.WAIT_LIST: Referral.Status.WAIT_LISTED,
        }.get(outcome, Referral.Status.OPEN),
        screened_at=timezone.now() if screened else None,
    )
    referral.children.set(children)
    if not screened:
        return
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
    if not outcome:
        return
    decision = VisitationDecision(
        referral=referral,
        meeting=_meeting(team_members, decided_on),
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


def _new_referrals(municipality: Municipality, today: dt.date) -> int:
    team = municipality.teams.first()
    actor = User.objects.get(username="caseworker")
    created = 0
    for name, source, days_ago, person, extra in (
        (
            "Rahimi",
            Source.SCHOOL,
            2,
            ("Karim", "Rahimi", 14, "Ravnsbjergvej 2, 1. th."),
            {},
        ),
        (
            "Demir",
            Source.UKN,
            1,
            ("Deniz", "Demir", 15, "Kildeparken 30, 2. tv."),
            {"ukn_reference": "UKN-2026-0031", "ukn_kind": Referral.UknKind.IMMEDIATE},
        ),
    ):
        if Family.objects.filter(municipality=municipality, name=name).exists():
            continue
        first, last, age, address = person
        services.register_referral(
            actor=actor,
            team=team,
            received_on=today - dt.timedelta(days=days_ago),
            source=source,
            referred_by="Nordby Skole" if source == Source.SCHOOL else "Ungdomskriminalitetsnævnet",
            concern="Ses sent om aftenen med ældre unge; fravær fra skolen.",
            ssp_level=2,
            family_name=name,
            housing_area="Ravnsbjerg Syd" if name == "Rahimi" else "Kildeparken",
            new_children=[
                {
                    "first_name": first,
                    "last_name": last,
                    "birth_date": today.replace(year=today.year - age) - dt.timedelta(days=40),
                    "gender": Member.Gender.MALE,
                    "origin": Member.Origin.DESCENDANT_NON_WESTERN,
                    "address": address,
                    "postal_code": "9901",
                    "city": "Nordby",
                }
            ],
            **extra,
        )
        created += 1
    return created


def _declined_referral(municipality: Municipality, today: dt.date) -> int:
    """A family that was included at visitation but declined before giving consent."""
    name = "Haddad"
    if Family.objects.filter(municipality=municipality, name=name).exists():
        return 0
    team = municipality.teams.first()
    actor = User.objects.get(username="caseworker")
    family = cases.create_family(actor=actor, team=team, name=name, housing_area="Kildeparken")
    for role, first, age, custody in (
        (Member.Role.PARENT, "Rania", 44, True),
        (Member.Role.TARGET_CHILD, "Sami", 14, False),
    ):
        members.add_member(
            actor=actor,
            family=family,
            role=role,
            first_name=first,
            last_name=name,
            is_custody_holder=custody,
            birth_date=today.replace(year=today.year - age) - dt.timedelta(days=90),
            gender=Member.Gender.FEMALE if custody else Member.Gender.MALE,
            origin=Member.Origin.IMMIGRANT_NON_WESTERN,
            languages="Arabisk",
            needs_interpreter=custody,
            address="Kildeparken 12, st. tv.",
            postal_code="9901",
            city="Nordby",
        )
    for status in (Family.Status.SCREENING, Family.Status.AWAITING_CONSENT):
        cases.change_family_status(actor=actor, family=family, to_status=status)
    team_members = list(
        TeamMembership.objects.filter(team=team, is_active=True)
        .select_related("user", "team")
        .order_by("-role", "pk")
    )
    _write(
        family,
        (Source.HOUSING_SOCIAL_WORKER, "Boligsocial medarbejder", 2, Outcome.INCLUDE, True),
        team_members,
        today,
    )
    services.decline_offer(
        actor=actor,
        referral=family.referrals.get(),
        reason=Decline.Reason.DISTRUST,
        declined_on=today - dt.timedelta(days=2),
        note="Mor ønsker ikke, at flere forvaltninger taler sammen om familien.",
    )
    return 1


@transaction.atomic
def seed_screening_demo() -> str:
    """Housing areas, local criteria and referrals in every state (idempotent)."""
    summary = [_import_areas()]
    today = timezone.localdate()
    written = 0
    for code, specs in (("901", NORDBY_REFERRALS), ("902", SYDBY_REFERRALS)):
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            continue
        _local_criteria(municipality, departments=3)
        for name, spec in specs.items():
            family = Family.objects.filter(municipality=municipality, name=name).first()
            if family is None or family.referrals.exists():
                continue
            team_members = list(
                TeamMembership.objects.filter(team=family.team, is_active=True)
                .select_related("user", "team")
                .order_by("-role", "pk")
            )
            _write(family, spec, team_members, today)
            written += 1
        if code == "901":
            written += _new_referrals(municipality, today)
            written += _declined_referral(municipality, today)
    summary.append(f"{written} referrals written")
    return ", ".join(summary)
