"""The dashboard of the steering group (own municipality) and the national evaluator (all, each
against all): every figure as a table (and a chart drawn from the same cells), suppressed together.

`build_dashboard` counts through the selectors into one `figures.Page`, solves the suppression once
and lays out the tables the chosen filters show. The quarterly report and the CSV downloads use the
same function, so they show exactly what the page shows.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from actionplans.models import OfferType
from config.dates import date_text
from evaluation import fidelity, instruments, person_waves, selectors
from evaluation.figures import (
    ALL_SCOPE,
    TOTAL,
    WHOLE,
    Cell,
    ColumnSpec,
    Organisation,
    Page,
    Row,
    Scope,
    Table,
    build_table,
    chart_for,
    count_cell,
    median_cell,
    municipality_scope,
    plain_cell,
    pooled_values,
    scope_periods,
    scope_teams,
    share_cell,
    team_scope,
)
from evaluation.suppression import HIDDEN_LABEL, Key, Solution
from families.models import Family
from screening.models import Referral

StrOrPromise = str | Promise


@dataclass(frozen=True)
class Choice:
    """What the user chose in the filter form (already checked against their scope)."""

    municipality_id: int | None = None
    team_id: int | None = None
    cut_off: dt.date | None = None
    period: str = WHOLE  # WHOLE, BEFORE or AFTER (the latter two only with a cut-off)
    until: dt.date | None = None


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)


@dataclass
class Dashboard:
    is_national: bool
    choice: Choice
    sections: list[Section]

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    def table(self, slug: str) -> Table | None:
        return next((table for table in self.tables() if table.slug == slug), None)

    def charts(self) -> dict[str, object]:
        return {table.slug: chart_for(table) for table in self.tables()}


def _rows(org: Organisation, choice: Choice) -> list[Scope]:
    if choice.team_id is not None:
        municipality_id = org.teams[choice.team_id][0]
        rows: list[Scope] = [team_scope(choice.team_id), municipality_scope(municipality_id)]
    elif choice.municipality_id is not None:
        rows = [municipality_scope(choice.municipality_id)]
    else:
        rows = [municipality_scope(pk) for pk in org.municipalities]
    return [*rows, ALL_SCOPE] if org.national else rows


def build_dashboard(*, municipality_ids: list[int] | None, choice: Choice) -> Dashboard:
    """Count, suppress and lay out every figure. `municipality_ids` None = national."""
    national = municipality_ids is None
    # Measurements written around the services since the last read, into the summary first.
    person_waves.catch_up()
    org = selectors.organisation_for(municipality_ids, national=national)
    page = Page(organisation=org, is_split=choice.cut_off is not None)
    filters = selectors.Filters(
        municipality_ids=municipality_ids, cut_off=choice.cut_off, until=choice.until
    )
    selectors.add_families(page, filters)
    selectors.add_referrals(page, filters)
    days = selectors.decision_days(page, filters)
    selectors.add_reassessments(page, filters)
    selectors.add_due_measurements(page, filters)
    selectors.add_offers(page, filters)
    selectors.add_programme_status(page, filters)
    sums = selectors.add_progression(page, filters)
    selectors.add_status_variables(page, filters)
    selectors.add_targets(page, filters)
    solution = page.solve()
    layout = _Layout(page, solution, _rows(org, choice), choice.period)
    sections = [
        Section(_("Programme status"), [layout.programme_status(), layout.families_by_status()]),
        Section(
            _("Referrals and flow"),
            [
                layout.referrals("status", _("Referrals by status"), Referral.Status.choices),
                layout.referrals("source", _("Referrals by source"), Referral.Source.choices),
                layout.flow(days),
            ],
        ),
        Section(
            _("Progression (persons with both wave 1 and wave 2)"),
            [
                *(layout.progression(code, sums) for code in person_waves.PROGRESSION_INSTRUMENTS),
                layout.status_variables(),
            ],
        ),
        Section(_("Partnership targets"), [layout.targets()]),
        Section(_("Offers"), [layout.offers()]),
        Section(_("Fidelity survey"), [layout.fidelity(municipality_ids, choice)]),
    ]
    return Dashboard(is_national=national, choice=choice, sections=sections)


class _Layout:
    def __init__(self, page: Page, solution: Solution, rows: list[Scope], period: str) -> None:
        self.page = page
        self.solution = solution
        self.rows = rows
        self.period = period
        self.org = page.organisation

    def key(self, population: str, scope: Scope, period: str, column: str = TOTAL) -> Key:
        return self.page.key(population, scope, period, column)

    def count(self, population: str, column: str = TOTAL) -> Callable[[Scope, str], Cell]:
        return lambda scope, period: count_cell(
            self.solution, self.key(population, scope, period, column)
        )

    def share(
        self, population: str, column: str, denominator: tuple[str, str] | None = None
    ) -> Callable[[Scope, str], Cell]:
        bottom_population, bottom_column = denominator or (population, TOTAL)
        return lambda scope, period: share_cell(
            self.solution,
            self.key(population, scope, period, column),
            self.key(bottom_population, scope, period, bottom_column),
        )

    def table(self, slug: str, title: str, columns: list[ColumnSpec], **options: object) -> Table:
        return build_table(
            slug=slug,
            title=title,
            organisation=self.org,
            scopes=self.rows,
            period=self.period,
            columns=columns,
            first_column=_("Municipality or team"),
            all_label=_("All municipalities"),
            **options,  # type: ignore[arg-type]  # note, chart_columns, is_percent
        )

    # --- Figures ---------------------------------------------------------------------------

    def programme_status(self) -> Table:
        return self.table(
            "programme-status",
            _("Families and persons with measurements (seed table A-2)"),
            [
                (_("Families registered"), self.count("families")),
                (_("Children: background"), self.count("child_background")),
                (_("Children: only wave 1"), self.count("child_progression", "wave1")),
                (_("Children: both wave 1 and 2"), self.count("child_progression", "both")),
                (_("Parents: background"), self.count("parent_background")),
                (_("Parents: only wave 1"), self.count("parent_progression", "wave1")),
                (_("Parents: both wave 1 and 2"), self.count("parent_progression", "both")),
                (_("Families closed"), self.count("families", "status:closed")),
            ],
            note=_("A person who answered both wave 1 and wave 2 counts only under “both”."),
            chart_columns=(2, 3, 4, 5, 6, 7),
        )

    def families_by_status(self) -> Table:
        return self.table(
            "families-by-status",
            _("Families in each stage"),
            [
                *(
                    (str(label), self.count("families", f"status:{value}"))
                    for value, label in Family.Status.choices
                ),
                (_("Total"), self.count("families")),
            ],
            chart_columns=tuple(range(1, len(Family.Status.choices) + 1)),
        )

    def referrals(
        self, field_name: str, title: str, choices: Sequence[tuple[str, StrOrPromise]]
    ) -> Table:
        return self.table(
            f"referrals-by-{field_name}",
            title,
            [
                *(
                    (str(label), self.count("referrals", f"{field_name}:{value}"))
                    for value, label in choices
                ),
                (_("Total"), self.count("referrals")),
            ],
            chart_columns=tuple(range(1, len(choices) + 1)),
        )

    def flow(self, days: dict[tuple[int, str], list[float]]) -> Table:
        def median_days(scope: Scope, period: str) -> Cell:
            values = pooled_values(days, self.org, scope, period, self.page.is_split)
            return median_cell(self.solution, self.key("decided_referrals", scope, period), values)

        capacities = selectors.team_capacities(self.org.teams)

        def capacity(scope: Scope, _period: str) -> Cell:
            return plain_cell(sum(capacities.get(team, 0) for team in scope_teams(self.org, scope)))

        return self.table(
            "flow",
            _("Flow: referrals, inclusions, capacity and time limits"),
            [
                (_("Referrals received"), self.count("referrals")),
                (_("Included"), self.count("referrals", "status:included")),
                (_("Wait-listed now"), self.count("referrals", "status:wait_listed")),
                (_("Decided referrals"), self.count("decided_referrals")),
                (_("Median days from referral to decision"), median_days),
                (_("Active families"), self.count("families", "active")),
                (_("Capacity (families)"), capacity),
                (_("Reassessments held"), self.count("reassessments")),
                (_("Reassessments on time"), self.share("reassessments", "on_time")),
                (_("Measurements due"), self.count("due_measurements")),
                (_("Measurements on time"), self.share("due_measurements", "on_time")),
            ],
            note=_(
                "A reassessment is on time when held by its due date (three months after the "
                "previous one); a measurement when answered within %(days)s days of its due date."
            )
            % {"days": selectors.MEASUREMENT_GRACE_DAYS},
            chart_columns=(6, 7),
        )

    def progression(self, instrument: str, sums: selectors.ScoreSums) -> Table:
        population = f"paired:{instrument}"

        def mean(wave_sums: dict[tuple[int, str, str], int]) -> Callable[[Scope, str], Cell]:
            def cell(scope: Scope, period: str) -> Cell:
                n_key = self.key(population, scope, period)
                if not self.solution.allows_mean(n_key):
                    return Cell(HIDDEN_LABEL, None, is_hidden=True)
                total = sum(
                    wave_sums.get((team, base, instrument), 0)
                    for team in scope_teams(self.org, scope)
                    for base in scope_periods(period, self.page.is_split)
                )
                value = round(total / self.solution.values[n_key], 1)
                return Cell(f"{value:.1f}".replace(".", ","), value)

            return cell

        label = dict(instruments.INSTRUMENT_CHOICES)[instrument]
        return self.table(
            f"progression-{instrument}",
            _("%(instrument)s: mean score at wave 1 and wave 2") % {"instrument": label},
            [
                (_("Persons (n)"), self.count(population)),
                (_("Mean, wave 1"), mean(sums.wave1)),
                (_("Mean, wave 2"), mean(sums.wave2)),
                (_("Improved"), self.share(population, "improved")),
                (_("Unchanged"), self.share(population, "unchanged")),
                (_("Worsened"), self.share(population, "worsened")),
            ],
            note=_("Only persons with a score at both waves; means only over 4 persons or more."),
            chart_columns=(2, 3),
        )

    def status_variables(self) -> Table:
        labels = {
            "school": _("In school, education or work"),
            "leisure_job": _("Leisure job"),
            "leisure_activity": _("Leisure activity weekly"),
            "police": _("Arrested, charged or convicted (6 months)"),
        }
        columns: list[ColumnSpec] = []
        for variable in person_waves.STATUS_VARIABLES:
            population = f"status:{variable}"
            for wave, wave_label in (("w1", _("wave 1")), ("w2", _("wave 2"))):
                columns.append(
                    (f"{labels[variable]}, {wave_label}", self.share(population, f"{wave}:yes"))
                )
        return self.table(
            "status-before-after",
            _("Children's status at wave 1 and wave 2"),
            columns,
            note=_("Share of the children who answered the question at both waves."),
            chart_columns=tuple(range(1, len(columns) + 1)),
            is_percent=True,
        )

    def targets(self) -> Table:
        targets = selectors.targets_for(self.org.municipalities)

        def target(field_name: str) -> Callable[[Scope, str], Cell]:
            def cell(scope: Scope, _period: str) -> Cell:
                municipality_id = self._municipality_of(scope)
                if municipality_id is None:
                    return Cell("–", None)
                return plain_cell(selectors.target_percent(targets[municipality_id], field_name))

            return cell

        def met(population: str, column: str, field_name: str) -> Callable[[Scope, str], Cell]:
            def cell(scope: Scope, period: str) -> Cell:
                municipality_id = self._municipality_of(scope)
                share = self.solution.share(
                    self.key(population, scope, period, column),
                    self.key(population, scope, period),
                )
                if municipality_id is None or share is None:
                    return Cell("–" if municipality_id is None else HIDDEN_LABEL, None)
                goal = selectors.target_percent(targets[municipality_id], field_name)
                return Cell(_("Yes") if 100 * share >= goal else _("No"), None)

            return cell

        return self.table(
            "targets",
            _("Partnership targets"),
            [
                (_("Families with an SSP level at inclusion and later"), self.count("ssp_target")),
                (_("SSP level improved"), self.share("ssp_target", "improved")),
                (_("Target (%)"), target("ssp_improved_percent")),
                (_("Met"), met("ssp_target", "improved", "ssp_improved_percent")),
                (_("Children with a status answer"), self.count("school_target")),
                (_("In school, education or work"), self.share("school_target", "yes")),
                (_("Target (%)"), target("in_school_or_work_percent")),
                (_("Met"), met("school_target", "yes", "in_school_or_work_percent")),
            ],
            note=_(
                # "60 % of" is no placeholder; without this, makemessages marks the Danish fuzzy.
                # xgettext:no-python-format
                "Seed 004: at least 60 % of the families improve, measured by the SSP concern "
                "about their children. Each municipality sets its own targets."
            ),
            chart_columns=(2, 6),
            is_percent=True,
        )

    def _municipality_of(self, scope: Scope) -> int | None:
        if scope == ALL_SCOPE:
            return None
        kind, pk = scope[0], int(scope[1])
        return pk if kind == "municipality" else self.org.teams[pk][0]

    def offers(self) -> Table:
        return self.table(
            "offers",
            _("Share of families with each kind of offer"),
            [
                (_("Families with an action plan"), self.count("families_with_plan")),
                *(
                    (
                        str(label),
                        self.share(
                            "families_with_plan_offers",
                            f"offer:{value}",
                            ("families_with_plan", TOTAL),
                        ),
                    )
                    for value, label in OfferType.Category.choices
                ),
            ],
            note=_("A family with several kinds of offer counts under each."),
            chart_columns=tuple(range(2, len(OfferType.Category.choices) + 2)),
            is_percent=True,
        )

    def fidelity(self, municipality_ids: list[int] | None, choice: Choice) -> Table:
        """Phase indices per round (municipality-level answers: no persons, nothing to hide)."""
        shown = (
            [choice.municipality_id]
            if choice.municipality_id is not None
            else ([self.org.teams[choice.team_id][0]] if choice.team_id is not None else None)
        )
        rows = selectors.fidelity_rounds(shown or municipality_ids, until=choice.until)
        table_rows = []
        for row in rows:
            label = f"{row.municipality} {date_text(row.answered_on)}"
            table_rows.append(
                Row(
                    label,
                    [plain_cell(row.indices[phase.code], digits=1) for phase in fidelity.PHASES],
                )
            )
        if municipality_ids is None:
            # The evaluator compares with the mean of every municipality's latest round.
            everyone = selectors.fidelity_rounds(None, until=choice.until)
            latest = {row.municipality_id: row for row in everyone}
            means = []
            for phase in fidelity.PHASES:
                values = [
                    index
                    for row in latest.values()
                    if (index := row.indices[phase.code]) is not None
                ]
                means.append(plain_cell(statistics.fmean(values) if values else None, digits=1))
            table_rows.append(Row(_("Mean of all municipalities (latest round)"), means))
        return Table(
            slug="fidelity",
            title=_("Fidelity survey: phase index per round (1–5)"),
            columns=[_("Round"), *(str(phase.label) for phase in fidelity.PHASES)],
            rows=table_rows,
            note=_("Index = mean of the answered items of the phase; “don't know” is left out."),
            chart_columns=(1, 2, 3),
            scale_max=float(fidelity.SCALE_MAX),
        )
