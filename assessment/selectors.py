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

from accounts.models import TeamMembership
from assessment.basic_data import Gap, member_gaps
from assessment.models import (
    Assessment,
    ChildConcern,
    FamilyMeeting,
    Instrument,
    InstrumentDomain,
    JournalReviewEntry,
    OverallAssessment,
    Part,
    PartCompletion,
    RiskAssessment,
    TimelineEntry,
)
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


@dataclass
class PartRow:
    part: Part
    completion: PartCompletion | None
    url_name: str


PART_URLS: dict[int, str] = {
    Part.BASIC_DATA: "assessment:basic_data",
    Part.JOURNAL_REVIEW: "assessment:journal",
    Part.TIMELINE: "assessment:timeline",
    Part.RISK_NEED: "assessment:risk",
    Part.OVERALL: "assessment:overall",
    Part.FAMILY_MEETING: "assessment:meeting",
}


PART_LINKS = [(Part(part), url_name) for part, url_name in PART_URLS.items()]


@dataclass
class AssessmentPage:
    """Everything the assessment pages show, loaded in a fixed number of queries."""

    assessment: Assessment
    members: list[MemberRow]
    parts: list[PartRow]
    journal_entries: list[JournalReviewEntry]
    timeline: list[TimelineEntry]
    overall: OverallAssessment | None
    attendee_departments: dict[int, str]
    meeting: FamilyMeeting | None
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
    attendee_departments = {}
    if overall is not None:
        attendee_departments = dict(
            TeamMembership.objects.filter(team_id=access.family.team_id).values_list(
                "user_id", "department__name"
            )
        )
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
        attendee_departments=attendee_departments,
        meeting=FamilyMeeting.objects.filter(assessment=assessment).first(),
        today=today,
    )


# --- The family timeline (geometry for a server-rendered SVG) ------------------------------

CHART_WIDTH = 1000
LABEL_WIDTH = 190
AXIS_HEIGHT = 30
TRACK_HEIGHT = 16
EVENT_ROW_HEIGHT = 22
LANE_PADDING = 8
JUSTICE_EVENTS = {"arrest", "charge", "conviction", "ukn_decision"}
HOME_EVENTS = {"placement", "eviction", "hospitalisation"}
SCHOOL_EVENTS = {"school_change", "expulsion"}


@dataclass
class ChartItem:
    entry: TimelineEntry
    x: float
    y: float
    width: float
    css_class: str
    title: str

    @property
    def fill(self) -> str:
        return FILLS.get(self.css_class, "#454545")


@dataclass
class ChartLane:
    member: Member
    label: str
    sublabel: str
    level_label: str
    y: float  # the lane's top; items' y are relative to it
    height: float
    life_x: float
    event_y: float
    items: list[ChartItem]


@dataclass
class ChartYear:
    year: int
    x: float
    show_label: bool


@dataclass
class TimelineChart:
    width: int
    height: int
    plot_left: int
    years: list[ChartYear]
    lanes: list[ChartLane]
    today_x: float


# Fill colours as SVG presentation attributes too: WeasyPrint's SVG does not see page CSS.
FILLS = {
    "tl-measure": "#2b5e91",
    "tl-measure tl-measure--ongoing": "#6f9fd1",
    "tl-event tl-event--justice": "#b30000",
    "tl-event tl-event--home": "#8a4f00",
    "tl-event tl-event--school": "#2e7d32",
    "tl-event tl-event--other": "#454545",
}


def _event_class(entry: TimelineEntry) -> str:
    if entry.event_type in JUSTICE_EVENTS:
        return "tl-event tl-event--justice"
    if entry.event_type in HOME_EVENTS:
        return "tl-event tl-event--home"
    if entry.event_type in SCHOOL_EVENTS:
        return "tl-event tl-event--school"
    return "tl-event tl-event--other"


def timeline_chart(
    members: list[Member],
    entries: list[TimelineEntry],
    *,
    today: dt.date,
    level_labels: dict[int, str] | None = None,
) -> TimelineChart:
    """Lanes per member across the years: measures as bars, events as markers (no queries)."""
    level_labels = level_labels or {}
    first_year = min((entry.start_date.year for entry in entries), default=today.year - 4)
    first_year = min(first_year, today.year - 4)
    start = dt.date(first_year, 1, 1)
    end = dt.date(today.year + 1, 1, 1)
    span = (end - start).days
    plot_width = CHART_WIDTH - LABEL_WIDTH - 10

    def x_of(day: dt.date) -> float:
        day = min(max(day, start), end)
        return round(LABEL_WIDTH + (day - start).days / span * plot_width, 1)

    by_member: dict[int, list[TimelineEntry]] = {member.pk: [] for member in members}
    for entry in entries:
        by_member.setdefault(entry.member_id, []).append(entry)
    lanes = []
    y = float(AXIS_HEIGHT)
    for member in members:
        rows = by_member.get(member.pk, [])
        # Pack measures into tracks so overlapping periods do not hide each other.
        track_ends: list[dt.date] = []
        placed: list[tuple[TimelineEntry, int]] = []
        for entry in rows:
            if entry.kind != TimelineEntry.Kind.MEASURE:
                continue
            finish = entry.end_date or today
            for index, track_end in enumerate(track_ends):
                if track_end < entry.start_date:
                    track_ends[index] = finish
                    placed.append((entry, index))
                    break
            else:
                track_ends.append(finish)
                placed.append((entry, len(track_ends) - 1))
        tracks = max(len(track_ends), 1)
        height = max(LANE_PADDING * 2 + tracks * TRACK_HEIGHT + EVENT_ROW_HEIGHT, 58)
        items = []
        for entry, track in placed:
            left = x_of(entry.start_date)
            right = x_of(entry.end_date or today)
            ongoing = " tl-measure--ongoing" if entry.end_date is None else ""
            items.append(
                ChartItem(
                    entry=entry,
                    x=left,
                    y=LANE_PADDING + track * TRACK_HEIGHT,
                    width=max(right - left, 3.0),
                    css_class=f"tl-measure{ongoing}",
                    title=_item_title(entry),
                )
            )
        event_y = LANE_PADDING + tracks * TRACK_HEIGHT + EVENT_ROW_HEIGHT / 2
        items.extend(
            ChartItem(
                entry=entry,
                x=x_of(entry.start_date),
                y=event_y,
                width=0,
                css_class=_event_class(entry),
                title=_item_title(entry),
            )
            for entry in rows
            if entry.kind == TimelineEntry.Kind.EVENT
        )
        age = member.age(today)
        sublabel = member.get_role_display()
        if age is not None:
            sublabel = f"{sublabel}, {age}"
        lanes.append(
            ChartLane(
                member=member,
                label=member.full_name,
                sublabel=str(sublabel),
                level_label=level_labels.get(member.pk, ""),
                y=y,
                height=height,
                life_x=x_of(member.birth_date) if member.birth_date else float(LABEL_WIDTH),
                event_y=event_y,
                items=items,
            )
        )
        y += height
    year_count = end.year - first_year
    step = 1 if year_count <= 12 else 2 if year_count <= 24 else 5
    years = [
        ChartYear(
            year=year, x=x_of(dt.date(year, 1, 1)), show_label=(year - first_year) % step == 0
        )
        for year in range(first_year, end.year)
    ]
    return TimelineChart(
        width=CHART_WIDTH,
        height=int(y) + 4,
        plot_left=LABEL_WIDTH,
        years=years,
        lanes=lanes,
        today_x=x_of(today),
    )


def _item_title(entry: TimelineEntry) -> str:
    when = entry.start_date.strftime("%d-%m-%Y")
    if entry.kind == TimelineEntry.Kind.MEASURE:
        until = entry.end_date.strftime("%d-%m-%Y") if entry.end_date else "…"
        when = f"{when} – {until}"
    parts = [when, entry.type_label, entry.member.first_name, entry.department.name]
    if entry.provider:
        parts.append(entry.provider)
    return " · ".join(parts)
