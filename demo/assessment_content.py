"""Assessment content for a demo family that has come that far: written as the team writes it.

The six parts come from the family's members: journal review entries and timeline rows from several
departments going back years (so consent gating shows: Holmgaard's consent leaves out Jobcenter),
risk and need assessments with the instrument that fits each child's age, the overall assessment and
the family meeting. `AssessmentStory` says how far the family's assessments have come.
"""

from __future__ import annotations

import datetime as dt
import enum

from django.core.exceptions import ValidationError

from accounts.models import Department, TeamMembership, User
from assessment.models import (
    Assessment,
    Instrument,
    JournalReviewEntry,
    Level,
    Part,
    TimelineEntry,
)
from assessment.services import journal, meetings, parts, risk, timeline, versions
from families.models import Family, Member


class AssessmentStory(enum.Enum):
    """How far a demo family's assessments have come."""

    IN_PROGRESS = "in progress"
    FINISHED = "finished"
    REASSESSED = "finished reassessment"
    NEW_VERSION = "finished, new version in progress"


# Which department's demo user writes a department's rows.
AUTHORS = {
    "Børn og Familie": "caseworker",
    "Jobcenter": "jobcentre",
    "Socialforvaltningen": "coordinator",
    "SSP": "nordby.ssp",
    "Kultur og Fritid": "nordby.fritid",
    "Sundhed": "nordby.psykolog",
    "Skoleafdelingen": "caseworker",
}
Doc = JournalReviewEntry.DocumentType
Measure = TimelineEntry.MeasureType
Event = TimelineEntry.EventType
# Deterministic domain scores per instrument: (the young person in focus, a sibling).
SCORES = {
    Instrument.Code.YLS_CMI_2: ([3, 4, 5, 3, 1, 2, 4, 3], [0, 2, 2, 1, 0, 1, 2, 1]),
    Instrument.Code.LS_RNR: ([3, 5, 2, 1, 3, 2, 2, 2], [1, 3, 1, 1, 1, 0, 1, 1]),
    Instrument.Code.SPJ_RNR8: ([0, 1, 1, 1, 0, 1, 1, 0], [0, 1, 0, 0, 0, 1, 0, 0]),
}


def _born(member: Member) -> dt.date:
    if member.birth_date is None:
        raise ValueError(f"Demo member {member} has no birth date.")
    return member.birth_date


class Writer:
    """Writes one family's assessment content, by the right people from the right departments."""

    def __init__(self, family: Family, today: dt.date) -> None:
        self.family = family
        self.today = today
        self.members = list(Member.objects.filter(family=family).order_by("birth_date", "pk"))
        self.departments = {
            department.name: department
            for department in Department.objects.filter(municipality=family.municipality)
        }
        self.users = {
            user.username: user for user in User.objects.filter(username__in=set(AUTHORS.values()))
        }
        self.coordinator = self.users["coordinator"]
        self.instruments = {instrument.code: instrument for instrument in Instrument.objects.all()}

    def author(self, department: str) -> User:
        return self.users[AUTHORS[department]]

    def at_age(self, member: Member, years: float) -> dt.date:
        day = _born(member) + dt.timedelta(days=int(years * 365.25))
        return min(day, self.today - dt.timedelta(days=1))

    def ago(self, days: int, member: Member) -> dt.date:
        return max(self.today - dt.timedelta(days=days), _born(member))

    @property
    def children(self) -> list[Member]:
        return [m for m in self.members if (m.age(self.today) or 99) <= 22 and m.role != "parent"]

    @property
    def parents(self) -> list[Member]:
        return [m for m in self.members if m.role in ("parent", "custody_holder", "step_parent")]

    @property
    def focus(self) -> Member | None:
        return next((m for m in self.members if m.role == Member.Role.TARGET_CHILD), None)

    # --- content ---

    def write_journal(self, assessment: Assessment) -> None:
        for child in self.children:
            age = child.age(self.today) or 0
            focus = child == self.focus
            self.journal_entry(
                assessment,
                child,
                "Børn og Familie",
                Doc.CHILD_WELFARE_INVESTIGATION if focus else Doc.JOURNAL_NOTE,
                self.ago(400, child),
                f"Børnefaglig undersøgelse om {child.first_name}: uro i hjemmet og mange skift "
                "af voksne omkring barnet."
                if focus
                else f"Journalnotat: {child.first_name} trives i perioder, men mor beskriver "
                "konflikter med storebror.",
                ["family", "personality"] if focus else ["family"],
            )
            if age >= 6:
                self.journal_entry(
                    assessment,
                    child,
                    "Skoleafdelingen",
                    Doc.EDUCATION_PLAN,
                    self.ago(200, child),
                    f"Skolens plan for {child.first_name}: fravær over 15 %, faglige huller i "
                    "dansk og matematik.",
                    ["education_employment"],
                )
            if focus and age >= 12:
                self.journal_entry(
                    assessment,
                    child,
                    "SSP",
                    Doc.POLICE_SSP,
                    self.ago(300, child),
                    f"SSP/politiet (§ 115): {child.first_name} set flere gange med ældre unge "
                    "fra en kendt gruppering ved stationen.",
                    ["peers", "attitudes", "offences"],
                    findings="Risiko for rekruttering; fritiden er uden voksne.",
                )
                self.journal_entry(
                    assessment,
                    child,
                    "Sundhed",
                    Doc.HEALTH_RECORD,
                    self.ago(500, child),
                    "Sundhedsplejen/skolelægen: søvnproblemer og tegn på angst. Henvist til "
                    "psykolog, men mødte ikke op.",
                    ["personality", "substance"],
                )
        for parent in self.parents:
            self.journal_entry(
                assessment,
                parent,
                "Jobcenter",
                Doc.JOB_PLAN,
                self.ago(250, parent),
                f"Min Plan for {parent.first_name}: sprogkursus og virksomhedspraktik; "
                "afbrudt to gange pga. sygdom.",
                ["education_employment"],
            )
            self.journal_entry(
                assessment,
                parent,
                "Socialforvaltningen",
                Doc.JOURNAL_NOTE,
                self.ago(150, parent),
                f"{parent.first_name} giver udtryk for at mangle overblik over børnenes fritid "
                "og ønsker hjælp til at sætte grænser.",
                ["family"],
            )

    def journal_entry(
        self,
        assessment: Assessment,
        member: Member,
        department: str,
        document_type: str,
        document_date: dt.date,
        summary: str,
        domains: list[str],
        findings: str = "",
    ) -> None:
        journal.add_journal_entry(
            actor=self.author(department),
            assessment=assessment,
            member=member,
            department=self.departments[department],
            document_type=document_type,
            document_date=document_date,
            summary=summary,
            domains=domains,
            findings=findings,
        )

    def write_timeline(self, assessment: Assessment) -> None:
        rows: list[tuple[str, dict[str, object]]] = []

        def measure(
            department: str,
            member: Member,
            kind: str,
            start: dt.date,
            end: dt.date | None,
            **extra: object,
        ) -> None:
            rows.append(
                (
                    department,
                    dict(
                        member=member,
                        department=self.departments[department],
                        kind=TimelineEntry.Kind.MEASURE,
                        measure_type=kind,
                        start_date=start,
                        end_date=end,
                        **extra,
                    ),
                )
            )

        def event(
            department: str, member: Member, kind: str, day: dt.date, **extra: object
        ) -> None:
            rows.append(
                (
                    department,
                    dict(
                        member=member,
                        department=self.departments[department],
                        kind=TimelineEntry.Kind.EVENT,
                        event_type=kind,
                        start_date=day,
                        **extra,
                    ),
                )
            )

        for child in self.children:
            age = child.age(self.today) or 0
            focus = child == self.focus
            if age >= 10:
                event(
                    "Skoleafdelingen",
                    child,
                    Event.SCHOOL_CHANGE,
                    self.at_age(child, 9.3),
                    description="Skoleskift efter konflikter",
                )
            if child.education_status == Member.EducationStatus.SPECIAL_CLASS and age >= 12:
                measure(
                    "Skoleafdelingen",
                    child,
                    Measure.SPECIAL_SCHOOL,
                    self.at_age(child, 11.1),
                    None,
                    provider="Specialklasse, Nordby Skole",
                    what_worked="Små hold og faste voksne.",
                )
            if focus and age >= 13:
                measure(
                    "Børn og Familie",
                    child,
                    Measure.CONTACT_PERSON,
                    self.at_age(child, 12.4),
                    self.at_age(child, 13.6),
                    provider="Kontaktpersonkorpset Nordby",
                    what_worked="God relation det første halve år.",
                    what_did_not_work="Stoppede ved skift af kontaktperson.",
                )
            if focus and age >= 15:
                event(
                    "SSP",
                    child,
                    Event.ARREST,
                    self.at_age(child, 14.2),
                    description="Anholdt ved stationen sammen med ældre unge",
                )
                event(
                    "SSP",
                    child,
                    Event.CHARGE,
                    self.at_age(child, 14.5),
                    description="Sigtet for røveri",
                )
                measure(
                    "Kultur og Fritid",
                    child,
                    Measure.MENTOR,
                    self.at_age(child, 14.7),
                    None,
                    provider="Fritidsmentor, Ungdomsklubben",
                    what_worked="Kommer stabilt i klubben to gange om ugen.",
                )
            if focus and age >= 16:
                event(
                    "SSP",
                    child,
                    Event.UKN_DECISION,
                    self.at_age(child, 15.4),
                    description="Forbedringsforløb, 1 år",
                )
            if not child.lives_in_household and age < 18:
                event(
                    "Børn og Familie",
                    child,
                    Event.PLACEMENT,
                    self.ago(160, child),
                    description="Anbragt på opholdssted",
                )
            if focus and 6 <= age < 12:
                measure(
                    "Sundhed",
                    child,
                    Measure.PSYCHOLOGIST,
                    self.at_age(child, 7.5),
                    self.at_age(child, 8.2),
                    provider="PPR",
                    what_worked="Forløb om vrede.",
                )
        for index, parent in enumerate(self.parents):
            if index == 0:
                measure(
                    "Børn og Familie",
                    parent,
                    Measure.FAMILY_TREATMENT,
                    self.ago(4 * 365, parent),
                    self.ago(3 * 365 + 120, parent),
                    provider="Familiehuset Nordby",
                    what_worked="Faste aftaler om sengetider.",
                    what_did_not_work="Far deltog ikke.",
                )
                measure(
                    "Socialforvaltningen",
                    parent,
                    Measure.PARENT_COURSE,
                    self.ago(220, parent),
                    self.ago(120, parent),
                    provider="Mind the parents-gruppen",
                )
            measure(
                "Jobcenter",
                parent,
                Measure.EMPLOYMENT,
                self.ago(3 * 365, parent),
                self.ago(2 * 365, parent),
                provider="Virksomhedspraktik, Nordby Genbrug",
                what_did_not_work="Afbrudt efter fire måneder.",
            )
        by_department: dict[str, list[dict[str, object]]] = {}
        for department, row in rows:
            by_department.setdefault(department, []).append(row)
        for department, department_rows in by_department.items():
            timeline.add_timeline_entries(
                actor=self.author(department), assessment=assessment, rows=department_rows
            )

    def write_risk(self, assessment: Assessment, *, override: bool = False) -> None:
        for member in self.members:
            age = member.age(self.today)
            if age is None or age < 6 or age > 22:
                continue
            if not (member.is_in_programme or age <= 17):
                continue
            if age <= 11:
                code = Instrument.Code.SPJ_RNR8
            elif age <= 17:
                code = Instrument.Code.YLS_CMI_2
            else:
                code = Instrument.Code.LS_RNR
            instrument = self.instruments[code]
            focus_scores, other_scores = SCORES[code]
            scores = focus_scores if member == self.focus else other_scores
            domains = list(instrument.domains.order_by("number"))
            values = {
                domain.rnr_domain: min(score, domain.item_count)
                for domain, score in zip(domains, scores, strict=True)
            }
            override_level, override_reason = "", ""
            if override and member == self.focus:
                override_level = Level.VERY_HIGH
                override_reason = (
                    "Ny sigtelse for vold efter interviewet og tæt kontakt til en ældre bror i en "
                    "gruppering: teamet hæver niveauet."
                )
            risk.record_risk_assessment(
                actor=self.users["caseworker"],
                assessment=assessment,
                member=member,
                instrument=instrument,
                assessed_on=self.today - dt.timedelta(days=20),
                domain_scores=values,
                strength_domains=["leisure"] if member == self.focus else ["family", "leisure"],
                strengths_note=f"{member.first_name} er glad for fodbold og har en god relation "
                "til sin mormor.",
                override_level=override_level,
                override_reason=override_reason,
            )

    def write_overall(self, assessment: Assessment) -> None:
        attendees = User.objects.filter(
            memberships__team_id=self.family.team_id, memberships__is_active=True
        ).exclude(memberships__role=TeamMembership.Role.PROJECT_LEAD)[:5]
        focus = self.focus.first_name if self.focus else "barnet"
        meetings.save_overall_assessment(
            actor=self.coordinator,
            assessment=assessment,
            attendees=list(attendees),
            concerns={
                member.pk: (3 if member == self.focus else 1)
                for member in self.children
                if (member.age(self.today) or 99) <= 17
            },
            meeting_date=self.today - dt.timedelta(days=14),
            other_attendees="Skolens AKT-lærer",
            needs=f"{focus} har brug for faste voksne og en meningsfuld fritid. Forældrene har "
            "brug for støtte til at sætte grænser.",
            resources="Mor er meget motiveret. Stærk relation til mormor. Søskende klarer sig "
            "godt i skolen.",
            challenges="Kontakt til ældre unge i en gruppering, højt skolefravær, økonomi og "
            "boligforhold.",
            priorities=f"1) {focus}s skolegang og fritid først – det er her, rekrutteringen "
            "sker. 2) Forældrestøtte. 3) Mors beskæftigelse venter til efter sommer.",
            disagreements="Jobcentret ønskede at starte mors praktik nu; teamet prioriterede "
            "fredning i tre måneder.",
        )

    def write_meeting(self, assessment: Assessment) -> None:
        meetings.save_family_meeting(
            actor=self.users["caseworker"],
            assessment=assessment,
            meeting_date=self.today - dt.timedelta(days=7),
            participants="Mor, far, "
            + (self.focus.first_name if self.focus else "barnet")
            + ", familiekoordinator, tolk",
            notes="Vi gennemgik tidslinjen sammen. Familien kunne genkende forløbet og "
            "tilføjede et skoleskift, vi ikke kendte.",
            family_view="»Vi er trætte af at fortælle vores historie igen og igen. Vi vil have, "
            "at der er én, der ved det hele.«",
            wishes="»At vores søn får en uddannelse og et fritidsjob. At vi kan bo her i fred.«",
        )

    def mark_done(self, assessment: Assessment, done: list[int]) -> list[str]:
        problems = []
        for part in done:
            try:
                parts.mark_part_done(actor=self.coordinator, assessment=assessment, part=part)
            except ValidationError as error:
                problems.extend(error.messages)
        return problems

    def finished(self, *, override: bool = False) -> Assessment:
        assessment = versions.start_assessment(actor=self.coordinator, family=self.family)
        self.write_journal(assessment)
        self.write_timeline(assessment)
        self.fill_judgement(assessment, override=override)
        return assessment

    def fill_judgement(self, assessment: Assessment, *, override: bool = False) -> None:
        self.write_risk(assessment, override=override)
        self.write_overall(assessment)
        self.write_meeting(assessment)
        self.mark_done(assessment, Part.values)
        versions.finish_assessment(actor=self.coordinator, assessment=assessment)


def write_assessment(family: Family, story: AssessmentStory, today: dt.date) -> bool:
    """Write the family's assessments as ``story`` says; False when it has no one in focus."""
    writer = Writer(family, today)
    if writer.focus is None or not writer.members:
        return False
    if story is AssessmentStory.IN_PROGRESS:
        # Three parts done; the risk assessment of the young person in focus only.
        assessment = versions.start_assessment(actor=writer.coordinator, family=family)
        writer.write_journal(assessment)
        writer.write_timeline(assessment)
        writer.mark_done(assessment, [Part.BASIC_DATA, Part.JOURNAL_REVIEW, Part.TIMELINE])
        focus_only = [m for m in writer.members if m == writer.focus]
        writer.members, all_members = focus_only, writer.members
        writer.write_risk(assessment)
        writer.members = all_members
    elif story is AssessmentStory.REASSESSED:
        writer.finished()
        reassessment = versions.start_assessment(actor=writer.coordinator, family=family)
        writer.fill_judgement(reassessment)
    elif story is AssessmentStory.NEW_VERSION:
        # The team raised the focus child's risk level; a correction is under way.
        first = writer.finished(override=True)
        versions.start_new_version(actor=writer.coordinator, assessment=first)
    else:
        writer.finished()
    return True
