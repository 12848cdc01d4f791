"""The family timeline as geometry for a server-rendered SVG (no queries, no access rules).

Lanes per member across the years: measures as bars packed into tracks so overlapping periods do
not hide each other, events as markers coloured by kind. The templates `_timeline_svg.html`
(pages) and `assessment_pdf.html` (WeasyPrint) draw what `timeline_chart` returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assessment.models import TimelineEntry
from config.dates import date_text
from families.models import Member

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
    when = date_text(entry.start_date)
    if entry.kind == TimelineEntry.Kind.MEASURE:
        until = date_text(entry.end_date) if entry.end_date else "…"
        when = f"{when} – {until}"
    parts = [when, entry.type_label, entry.member.first_name, entry.department.name]
    if entry.provider:
        parts.append(entry.provider)
    return " · ".join(parts)
