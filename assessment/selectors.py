"""Every query the assessment pages need, limited to what the user may see.

Department-sourced rows (journal review, timeline) are filtered by the reader's readable
departments from families/access.py. Each page runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Department, Municipality, TeamMembership, User
from assessment import timeline_chart as charts
from assessment.basic_data import Gap, member_gaps
from assessment.models import (
    CHILD_MAX_AGE,
    PROGRAMME_MAX_AGE,
    RISK_MIN_AGE,
    Assessment,
    ChildConcern,
    FamilyMeeting,
    Instrument,
    InstrumentConfig,
    InstrumentDomain,
    JournalReviewEntry,
    Level,
    OverallAssessment,
    Part,
    PartCompletion,
    RiskAssessment,
    RnrDomain,
    TimelineEntry,
)
from assessment.scoring import Cutoffs, level_bands
from families.access import FamilyAccess
from families.models import Member


def family_assessments(access: FamilyAccess) -> list[Assessment]:
    """All versions of the family's assessment, newest first."""
    return list(
        Assessment.objects.filter(family=access.family).select_related("started_by", "finished_by")
    )


def current_assessment(assessments: list[Assessment]) -> Assessment | None:
    """The one in progress, else the latest finished."""
    for assessment in assessments:
        if assessment.status == Assessment.Status.DRAFT:
            return assessment
    return assessments[0] if assessments else None


def can_edit(access: FamilyAccess, assessment: Assessment) -> bool:
    """The access decides who may change case content; the lock decides whether it still can be."""
    return access.can_change_case_content and not assessment.is_locked


def can_finish(access: FamilyAccess, assessment: Assessment) -> bool:
    return access.can_finish_assessment and not assessment.is_locked


def is_latest(assessment: Assessment, versions: list[Assessment]) -> bool:
    """The newest version: only it gets a new version or a reassessment from its page."""
    return bool(versions) and versions[0].pk == assessment.pk


def get_assessment(access: FamilyAccess, assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.filter(family=access.family, pk=assessment_id)
        .select_related("started_by", "finished_by", "previous")
        .first()
    )
    if assessment is None:
        raise Http404
    assessment.family = access.family
    return assessment


def family_members(access: FamilyAccess) -> list[Member]:
    return list(Member.objects.filter(family=access.family).order_by("birth_date", "pk"))


def editable_departments(access: FamilyAccess) -> list[Department]:
    """The departments whose rows the user may add or change in this family."""
    return list(Department.objects.filter(pk__in=access.changeable_department_ids))


def team_members(access: FamilyAccess) -> list[tuple[User, str]]:
    """The family's core team (who may attend the overall assessment), with their departments."""
    memberships = TeamMembership.objects.filter(
        team_id=access.family.team_id, is_active=True
    ).select_related("user", "department")
    return [(membership.user, membership.department.name) for membership in memberships]


def get_member(access: FamilyAccess, member_id: int) -> Member:
    member = Member.objects.filter(family=access.family, pk=member_id).first()
    if member is None:
        raise Http404
    return member


def visible_journal_entries(
    access: FamilyAccess, assessment: Assessment
) -> QuerySet[JournalReviewEntry]:
    return (
        JournalReviewEntry.objects.filter(
            assessment=assessment, department_id__in=access.readable_department_ids
        )
        .select_related("member", "department", "recorded_by")
        .order_by("member__birth_date", "member_id", "-document_date", "pk")
    )


def visible_timeline(access: FamilyAccess, assessment: Assessment) -> QuerySet[TimelineEntry]:
    """Measures and events the user may read, oldest first."""
    return (
        TimelineEntry.objects.filter(
            assessment=assessment, department_id__in=access.readable_department_ids
        )
        .select_related("member", "department")
        .order_by("start_date", "pk")
    )


def get_journal_entry(access: FamilyAccess, assessment: Assessment, pk: int) -> JournalReviewEntry:
    entry = visible_journal_entries(access, assessment).filter(pk=pk).first()
    if entry is None:
        raise Http404
    entry.assessment = assessment
    return entry


def get_timeline_entry(access: FamilyAccess, assessment: Assessment, pk: int) -> TimelineEntry:
    entry = visible_timeline(access, assessment).filter(pk=pk).first()
    if entry is None:
        raise Http404
    entry.assessment = assessment
    return entry


def risk_assessments(assessment: Assessment) -> list[RiskAssessment]:
    return list(
        RiskAssessment.objects.filter(assessment=assessment).select_related(
            "instrument", "recorded_by"
        )
    )


def cutoffs_for(*, instrument: Instrument, municipality: Municipality | int) -> Cutoffs:
    """The municipality's configured cut-offs, or the instrument's defaults."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    config = InstrumentConfig.objects.filter(
        instrument=instrument, municipality_id=municipality_id
    ).first()
    return Cutoffs.of(config or instrument)


def instruments() -> list[Instrument]:
    return list(
        Instrument.objects.prefetch_related(
            Prefetch("domains", queryset=InstrumentDomain.objects.order_by("number"))
        )
    )


@dataclass
class MemberRow:
    member: Member
    age: int | None
    gaps: list[Gap]
    risk: RiskAssessment | None
    concern: ChildConcern | None

    @property
    def has_required_gap(self) -> bool:
        return any(gap.is_required for gap in self.gaps)

    @property
    def is_child(self) -> bool:
        """Gets a concern level in the overall assessment."""
        return self.age is not None and self.age <= CHILD_MAX_AGE

    @property
    def is_listed_for_risk(self) -> bool:
        """Shown in part 4: of an age the instruments cover, or already assessed."""
        in_ages = self.age is not None and RISK_MIN_AGE <= self.age <= PROGRAMME_MAX_AGE
        return in_ages or self.risk is not None


@dataclass
class PartRow:
    part: Part
    completion: PartCompletion | None
    url_name: str


@dataclass(frozen=True)
class PartLink:
    """One entry of the parts navigation."""

    part: Part
    url_name: str
    is_current: bool
    is_done: bool


PART_URLS: dict[int, str] = {
    Part.BASIC_DATA: "assessment:basic_data",
    Part.JOURNAL_REVIEW: "assessment:journal",
    Part.TIMELINE: "assessment:timeline",
    Part.RISK_NEED: "assessment:risk",
    Part.OVERALL: "assessment:overall",
    Part.FAMILY_MEETING: "assessment:meeting",
}


def part_links(*, current: int | None = None, done: set[int] | None = None) -> list[PartLink]:
    done = done or set()
    return [
        PartLink(
            part=Part(part),
            url_name=url_name,
            is_current=part == current,
            is_done=part in done,
        )
        for part, url_name in PART_URLS.items()
    ]


@dataclass
class AssessmentPage:
    """Everything the assessment pages show, loaded in a fixed number of queries."""

    assessment: Assessment
    members: list[MemberRow]
    parts: list[PartRow]
    journal_entries: list[JournalReviewEntry]
    timeline: list[TimelineEntry]
    overall: OverallAssessment | None
    attendees: list[str]
    meeting: FamilyMeeting | None
    # May the reader change this draft, and whose departments' rows?
    editable: bool = False
    changeable_department_ids: frozenset[int] = frozenset()
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def done_count(self) -> int:
        return sum(1 for part in self.parts if part.completion is not None)

    @property
    def done_parts(self) -> set[int]:
        return {int(row.part) for row in self.parts if row.completion is not None}

    @property
    def level_by_member(self) -> dict[int, RiskAssessment]:
        return {row.member.pk: row.risk for row in self.members if row.risk is not None}

    def part_row(self, part: int | None) -> PartRow | None:
        return next((row for row in self.parts if row.part == part), None)

    def _can_change(self, department_id: int) -> bool:
        return self.editable and department_id in self.changeable_department_ids

    @property
    def can_add_rows(self) -> bool:
        """The reader may add journal review or timeline rows for some department."""
        return self.editable and bool(self.changeable_department_ids)

    @property
    def journal_groups(self) -> list[JournalGroup]:
        """The visible journal review entries by member (in the order the entries come), each
        with whether the reader may change it."""
        groups: dict[int, JournalGroup] = {}
        rows = {row.member.pk: row for row in self.members}
        for entry in self.journal_entries:
            group = groups.setdefault(
                entry.member_id, JournalGroup(member=entry.member, row=rows.get(entry.member_id))
            )
            group.entries.append((entry, self._can_change(entry.department_id)))
        return list(groups.values())

    @property
    def timeline_rows(self) -> list[tuple[TimelineEntry, bool]]:
        """The visible timeline rows, each with whether the reader may change it."""
        return [(entry, self._can_change(entry.department_id)) for entry in self.timeline]


@dataclass
class JournalGroup:
    member: Member
    row: MemberRow | None
    entries: list[tuple[JournalReviewEntry, bool]] = field(default_factory=list)


def assessment_page(
    access: FamilyAccess,
    assessment: Assessment,
    *,
    journal: bool = True,
    timeline: bool = True,
) -> AssessmentPage:
    """Members with gaps, levels and concerns; the parts done; the visible rows."""
    today = timezone.localdate()
    members = family_members(access)
    risks = {risk.member_id: risk for risk in risk_assessments(assessment)}
    concerns = {
        concern.member_id: concern for concern in ChildConcern.objects.filter(assessment=assessment)
    }
    completions = {
        completion.part: completion
        for completion in PartCompletion.objects.filter(assessment=assessment).select_related(
            "done_by"
        )
    }
    overall = (
        OverallAssessment.objects.filter(assessment=assessment)
        .prefetch_related("attendees")
        .first()
    )
    attendees: list[str] = []
    if overall is not None:
        departments = dict(
            TeamMembership.objects.filter(team_id=access.family.team_id).values_list(
                "user_id", "department__name"
            )
        )
        attendees = [
            f"{user} ({departments[user.pk]})" if user.pk in departments else str(user)
            for user in overall.attendees.all()
        ]
    return AssessmentPage(
        assessment=assessment,
        members=[
            MemberRow(
                member=member,
                age=member.age(today),
                gaps=member_gaps(member, today),
                risk=risks.get(member.pk),
                concern=concerns.get(member.pk),
            )
            for member in members
        ],
        parts=[
            PartRow(part=Part(part), completion=completions.get(part), url_name=PART_URLS[part])
            for part in Part.values
        ],
        journal_entries=list(visible_journal_entries(access, assessment)) if journal else [],
        timeline=list(visible_timeline(access, assessment)) if timeline else [],
        overall=overall,
        attendees=attendees,
        meeting=FamilyMeeting.objects.filter(assessment=assessment).first(),
        editable=can_edit(access, assessment),
        changeable_department_ids=access.changeable_department_ids,
        today=today,
    )


# --- Part 4: the instrument for a member ---------------------------------------------------


def default_instrument(instruments: list[Instrument], age: int | None) -> Instrument | None:
    """The first instrument for the member's age; structured judgement when none fits."""
    if age is not None:
        for instrument in instruments:
            if (instrument.min_age is None or age >= instrument.min_age) and (
                instrument.max_age is None or age <= instrument.max_age
            ):
                return instrument
    return next((i for i in instruments if i.code == Instrument.Code.SPJ_RNR8), None)


def risk_instrument(
    instruments: list[Instrument],
    *,
    chosen_code: str | None,
    existing: RiskAssessment | None,
    age: int | None,
) -> Instrument:
    """The instrument the risk form shows: the one chosen, the one used before, or the default."""
    instrument = next((i for i in instruments if i.code == chosen_code), None)
    if instrument is None and existing is not None:
        instrument = next((i for i in instruments if i.pk == existing.instrument_id), None)
    if instrument is None:
        instrument = default_instrument(instruments, age)
    if instrument is None:
        raise Http404
    return instrument


def member_risk(assessment: Assessment, member: Member) -> RiskAssessment | None:
    return next((r for r in risk_assessments(assessment) if r.member_id == member.pk), None)


@dataclass(frozen=True)
class DomainScore:
    """One recorded domain score, named in the reader's language (never the internal code)."""

    label: str
    score: int
    highest: int | None


def risk_scores(risk: RiskAssessment, instrument: Instrument) -> list[DomainScore]:
    """The recorded scores in the instrument's domain order, each by its translated RNR name."""
    highest = {domain.rnr_domain: domain.item_count for domain in instrument.domains.all()}
    order = list(highest) + [code for code in risk.domain_scores if code not in highest]
    return [
        DomainScore(
            label=_domain_label(code),
            score=int(risk.domain_scores[code]),
            highest=highest.get(code),
        )
        for code in order
        if code in risk.domain_scores
    ]


def risk_strengths(risk: RiskAssessment) -> list[str]:
    """The strength domains, by their translated names."""
    return [_domain_label(code) for code in risk.strength_domains]


def _domain_label(code: str) -> str:
    labels = dict(RnrDomain.choices)
    return str(labels.get(code, code))


def level_bands_for(access: FamilyAccess, instrument: Instrument) -> list[tuple[str, int, int]]:
    """(label, from, to) per level on the instrument's totals, by the municipality's cut-offs."""
    cutoffs = cutoffs_for(instrument=instrument, municipality=access.family.municipality_id)
    max_total = sum(domain.item_count for domain in instrument.domains.all())
    labels = dict(Level.choices)
    return [(str(labels[level]), low, high) for level, low, high in level_bands(cutoffs, max_total)]


# --- Part 3: the timeline chart ------------------------------------------------------------


def timeline_chart(page: AssessmentPage, *, today: dt.date) -> charts.TimelineChart:
    """The page's visible timeline rows as a chart, each lane labelled with the member's level."""
    level_labels = {
        member_id: f"{risk.instrument}: {risk.get_final_level_display()}"
        for member_id, risk in page.level_by_member.items()
    }
    return charts.timeline_chart(
        [row.member for row in page.members],
        page.timeline,
        today=today,
        level_labels=level_labels,
    )
