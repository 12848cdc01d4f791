"""A member's score over the waves as a server-rendered SVG line chart (no script; strict CSP).

Pure geometry: the template draws what this returns, next to a table with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluation.measurement_selectors import ScoreSeries

WIDTH = 480
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: int
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class GridLine:
    y: float
    value: int


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: list[ChartPoint]
    ticks: list[Tick]
    grid: list[GridLine]
    left: int
    right_edge: int
    baseline: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


def line_chart(series: ScoreSeries) -> LineChart:
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    count = len(series.points)
    span = series.high - series.low or 1

    def x_at(index: int) -> float:
        if count == 1:
            return LEFT + plot_width / 2
        return LEFT + plot_width * index / (count - 1)

    def y_at(value: int) -> float:
        return TOP + plot_height * (series.high - value) / span

    points = [
        ChartPoint(x=x_at(index), y=y_at(point.score), value=point.score, label=point.label)
        for index, point in enumerate(series.points)
        if point.score is not None
    ]
    ticks = [Tick(x=x_at(index), label=point.label) for index, point in enumerate(series.points)]
    step = span / 4
    grid = [
        GridLine(y=y_at(round(series.low + step * n)), value=round(series.low + step * n))
        for n in range(5)
    ]
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        ticks=ticks,
        grid=grid,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        baseline=TOP + plot_height,
    )
