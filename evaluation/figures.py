"""Dashboard figures: counts by team × period × column, suppressed together, shown as tables.

Pure (no database): selectors count, this module builds one suppression `Problem` for the whole
page. Every count is added for each team, summed to its municipality and (for the evaluator) to
all municipalities, and — when a cut-off date is chosen — split into before/after with the whole
period as their sum. Every filter choice of the page (municipality, team, before/after/all) is a
view of this one solved problem, so switching filters never shows a cell another view hid.
Two figures that count the same population (e.g. referrals by status and by source) use the same
population name and so share their totals: that is how a total shown in one table is known when
the other table is suppressed.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from evaluation.suppression import HIDDEN_LABEL, Key, Problem, Solution

TOTAL = "*"
WHOLE = "*"  # the whole period
BEFORE = "before"
AFTER = "after"
# A row of the page: ("team", id), ("municipality", id) or ALL_SCOPE.
Scope = tuple[str | int, ...]
ALL_SCOPE: Scope = ("all",)


def team_scope(team_id: int) -> Scope:
    return ("team", team_id)


def municipality_scope(municipality_id: int) -> Scope:
    return ("municipality", municipality_id)


@dataclass(frozen=True)
class Organisation:
    """The teams a page counts, by municipality; `national` adds the all-municipalities row."""

    municipalities: dict[int, str]  # id → name
    teams: dict[int, tuple[int, str]]  # id → (municipality id, name)
    national: bool

    def teams_of(self, municipality_id: int) -> list[int]:
        return [team for team, (mun, _name) in self.teams.items() if mun == municipality_id]

    def label(self, scope: Scope) -> str:
        if scope == ALL_SCOPE:
            return ""
        kind, pk = scope[0], int(scope[1])
        return self.municipalities[pk] if kind == "municipality" else self.teams[pk][1]

    def scopes(self) -> list[Scope]:
        scopes: list[Scope] = [team_scope(team) for team in self.teams]
        scopes += [municipality_scope(mun) for mun in self.municipalities]
        return [*scopes, ALL_SCOPE] if self.national else scopes


CountKey = tuple[int, str, str]  # (team id, base period, column)


@dataclass
class Page:
    """Every count of one dashboard page, suppressed together."""

    organisation: Organisation
    is_split: bool  # before/after a cut-off date
    problem: Problem = field(default_factory=Problem)
    _solution: Solution | None = None

    @property
    def base_periods(self) -> tuple[str, ...]:
        return (BEFORE, AFTER) if self.is_split else (WHOLE,)

    @property
    def periods(self) -> tuple[str, ...]:
        return (BEFORE, AFTER, WHOLE) if self.is_split else (WHOLE,)

    def key(self, population: str, scope: Scope, period: str, column: str = TOTAL) -> Key:
        # A municipality with one team: the team's row is the municipality's, one cell for both
        # (two cells that are always equal would make the suppression hide twice as much).
        if scope[0] == "team":
            municipality_id = self.organisation.teams[int(scope[1])][0]
            if len(self.organisation.teams_of(municipality_id)) == 1:
                scope = municipality_scope(municipality_id)
        return (population, scope, period, column)

    def add_counts(
        self,
        population: str,
        columns: Sequence[str],
        counts: Mapping[CountKey, int],
        *,
        partition: bool,
    ) -> None:
        """Counts of one population by team, base period and column (absent = 0).

        `partition`: every counted unit is in exactly one column, so the columns add up to the
        population's total (column TOTAL), which other figures of the same population share.
        Without it, `columns` may be just [TOTAL] (a single count) or overlapping columns."""
        org = self.organisation
        problem = self.problem
        all_columns = [*columns, TOTAL] if partition and TOTAL not in columns else list(columns)
        for column in all_columns:
            for period in self.base_periods:
                municipality_keys = []
                for municipality in org.municipalities:
                    team_keys = []
                    for team in org.teams_of(municipality):
                        if column == TOTAL and partition:
                            value = sum(counts.get((team, period, c), 0) for c in columns)
                        else:
                            value = counts.get((team, period, column), 0)
                        team_keys.append(
                            problem.add(
                                self.key(population, team_scope(team), period, column), value
                            )
                        )
                    municipality_key = self.key(
                        population, municipality_scope(municipality), period, column
                    )
                    problem.add(municipality_key, sum(problem.values[key] for key in team_keys))
                    if team_keys != [municipality_key]:
                        problem.relate(municipality_key, team_keys)
                    municipality_keys.append(municipality_key)
                if org.national:
                    all_key = self.key(population, ALL_SCOPE, period, column)
                    problem.add(all_key, sum(problem.values[key] for key in municipality_keys))
                    problem.relate(all_key, municipality_keys)
            if self.is_split:
                for scope in org.scopes():
                    parts = [
                        self.key(population, scope, period, column) for period in (BEFORE, AFTER)
                    ]
                    whole = self.key(population, scope, WHOLE, column)
                    problem.add(whole, sum(problem.values[key] for key in parts))
                    problem.relate(whole, parts)
        if partition:
            for scope in org.scopes():
                for period in self.periods:
                    problem.relate(
                        self.key(population, scope, period, TOTAL),
                        [self.key(population, scope, period, column) for column in columns],
                    )

    def relate_columns(self, population: str, total: str, parts: Sequence[str]) -> None:
        """A column that is the sum of other columns of the same population (e.g. active
        families = the active statuses), for every row and period."""
        for scope in self.organisation.scopes():
            for period in self.periods:
                self.problem.relate(
                    self.key(population, scope, period, total),
                    [self.key(population, scope, period, part) for part in parts],
                )

    def solve(self) -> Solution:
        if self._solution is None:
            self._solution = self.problem.solve()
        return self._solution


# --- Values that are not counts, aggregated like counts --------------------------------------


def scope_teams(org: Organisation, scope: Scope) -> list[int]:
    if scope == ALL_SCOPE:
        return list(org.teams)
    kind, pk = scope[0], int(scope[1])
    return [pk] if kind == "team" else org.teams_of(pk)


def scope_periods(period: str, is_split: bool) -> tuple[str, ...]:
    if period == WHOLE and is_split:
        return (BEFORE, AFTER)
    return (period,)


def pooled_values(
    values: Mapping[tuple[int, str], Sequence[float]],
    org: Organisation,
    scope: Scope,
    period: str,
    is_split: bool,
) -> list[float]:
    pooled: list[float] = []
    for team in scope_teams(org, scope):
        for base in scope_periods(period, is_split):
            pooled.extend(values.get((team, base), ()))
    return pooled


# --- Display -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    number: float | None  # for the chart; None when hidden or empty
    is_hidden: bool = False


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[Row]
    note: str = ""
    # Which columns the chart draws, and whether they are percentages (0–100).
    chart_columns: tuple[int, ...] = ()
    is_percent: bool = False
    scale_max: float | None = None


def count_cell(solution: Solution, key: Key) -> Cell:
    value = solution.value(key)
    return Cell(solution.label(key), value, is_hidden=value is None)


def share_cell(solution: Solution, numerator: Key, denominator: Key) -> Cell:
    share = solution.share(numerator, denominator)
    if share is None:
        return Cell(HIDDEN_LABEL, None, is_hidden=True)
    percent = round(100 * share)
    return Cell(f"{percent} %", percent)


def mean_cell(solution: Solution, count: Key, values: Sequence[float], *, digits: int = 1) -> Cell:
    if not values or not solution.allows_mean(count):
        return Cell(HIDDEN_LABEL, None, is_hidden=True)
    mean = round(statistics.fmean(values), digits)
    return Cell(f"{mean:.{digits}f}".replace(".", ","), mean)


def median_cell(solution: Solution, count: Key, values: Sequence[float]) -> Cell:
    if not values or not solution.allows_mean(count):
        return Cell(HIDDEN_LABEL, None, is_hidden=True)
    median = statistics.median(values)
    text = f"{median:.1f}".replace(".", ",").removesuffix(",0")
    return Cell(text, median)


def plain_cell(value: float | None, *, digits: int = 0) -> Cell:
    if value is None:
        return Cell("–", None)
    text = f"{value:.{digits}f}".replace(".", ",")
    return Cell(text, value)


ColumnSpec = tuple[str, Callable[[Scope, str], Cell]]


def build_table(
    *,
    slug: str,
    title: str,
    organisation: Organisation,
    scopes: Iterable[Scope],
    period: str,
    columns: Sequence[ColumnSpec],
    first_column: str,
    note: str = "",
    chart_columns: tuple[int, ...] = (),
    is_percent: bool = False,
    all_label: str = "",
) -> Table:
    rows = [
        Row(
            organisation.label(scope) or all_label,
            [cell(scope, period) for _label, cell in columns],
        )
        for scope in scopes
    ]
    return Table(
        slug=slug,
        title=title,
        columns=[first_column, *(label for label, _cell in columns)],
        rows=rows,
        note=note,
        chart_columns=chart_columns,
        is_percent=is_percent,
    )


# --- Charts (server-rendered SVG; the table beside each is the accessible version) -------------


COLOURS = (
    "#0059b3",
    "#b34700",
    "#00703c",
    "#6b2c91",
    "#7a5c00",
    "#3d3d3d",
    "#a3006d",
    "#005e73",
    "#5c3d1f",
    "#2d5c00",
    "#99004d",
    "#1a4d80",
    "#734d00",
)


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    label: str
    value_text: str
    colour: str
    text_x: int


@dataclass(frozen=True)
class LegendEntry:
    x: int
    y: int
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    label_width: int
    axis_height: int
    bars: list[Bar]
    legend: list[LegendEntry]


CHART_WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 12
LEGEND_ROW = 20
PLOT_WIDTH = CHART_WIDTH - LABEL_WIDTH - 60


def chart_for(table: Table) -> Chart | None:
    """Horizontal bars: one group per row, one bar per charted column; hidden values get no bar
    (their label, e.g. "≤3", is written where the bar would end)."""
    if not table.chart_columns or not table.rows:
        return None
    numbers = [
        row.cells[index - 1].number
        for row in table.rows
        for index in table.chart_columns
        if row.cells[index - 1].number is not None
    ]
    top = (
        100.0
        if table.is_percent
        else (table.scale_max or max([1.0, *(n for n in numbers if n is not None)]))
    )
    bars: list[Bar] = []
    y = 8
    for row in table.rows:
        for series, index in enumerate(table.chart_columns):
            cell = row.cells[index - 1]
            number = cell.number or 0
            width = round(PLOT_WIDTH * max(number, 0) / top) if top else 0
            bars.append(
                Bar(
                    y=y,
                    width=width,
                    label=row.label if series == 0 else "",
                    value_text=cell.text,
                    colour=COLOURS[series % len(COLOURS)],
                    text_x=LABEL_WIDTH + width + 6,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    axis_height = y
    legend = [
        LegendEntry(
            x=10 if position % 2 == 0 else CHART_WIDTH // 2,
            y=axis_height + 8 + LEGEND_ROW * (position // 2),
            colour=COLOURS[position % len(COLOURS)],
            label=table.columns[index],
        )
        for position, index in enumerate(table.chart_columns)
    ]
    height = axis_height + 16 + LEGEND_ROW * ((len(legend) + 1) // 2)
    return Chart(
        title=table.title,
        width=CHART_WIDTH,
        height=height,
        label_width=LABEL_WIDTH,
        axis_height=axis_height,
        bars=bars,
        legend=legend,
    )
