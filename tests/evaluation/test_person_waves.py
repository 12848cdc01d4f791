"""The dashboards' per-person summary (evaluation/person_waves.py): kept by the services in the
same transaction, equal to a rebuild, caught up after writes around the services; and the figures
that read it or the families' dated history (reports as of the quarter's end, erased families)."""

import datetime as dt
from typing import Any, cast

import pytest
from django.utils import timezone, translation

from evaluation import person_waves, selectors
from evaluation.dashboard import Choice, build_dashboard
from evaluation.figures import TOTAL, WHOLE, Page, municipality_scope
from evaluation.measurement_services import record_measurement
from evaluation.models import FamilyDueCounts, Measurement, PersonWaves
from families.models import ErasedFamily, Family, FamilyStatusChange, Member
from tests.factories import FamilyFactory, MemberFactory

pytestmark = pytest.mark.django_db

JAN, MAR, JUN, SEP = (dt.date(2026, month, 10) for month in (1, 3, 6, 9))


def _rows() -> dict[int, dict[str, object]]:
    """Each summarised person's row without its key and the time it was written."""
    rows: dict[int, dict[str, object]] = {}
    for row in PersonWaves.objects.values():
        values: dict[str, object] = dict(row)
        assert values.pop("refreshed_at") is not None
        member_id = values.pop("member_id")
        assert isinstance(member_id, int)
        rows[member_id] = values
    return rows


def _due_rows() -> dict[tuple[int, dt.date], tuple[int, int, int]]:
    return {
        (row.family_id, row.due_on): (row.team_id, row.on_time, row.late)
        for row in FamilyDueCounts.objects.all()
    }


def _scale(count: int, value: int) -> dict[str, int | None]:
    return {f"q{number}": value for number in range(1, count + 1)}


def test_the_services_keep_the_summary_and_a_rebuild_gives_the_same_rows(family, caseworker):
    mother = family.members.get(role=Member.Role.PARENT)
    son = family.members.get(role=Member.Role.TARGET_CHILD)

    def record(member: Member, wave: int, instrument: str, day: dt.date, **fields) -> None:
        record_measurement(
            actor=caseworker,
            member=member,
            wave=wave,
            instrument=instrument,
            answered_on=day,
            **fields,
        )

    FamilyStatusChange.objects.create(
        family=family,
        from_status="referred",
        to_status="included",
        changed_by=caseworker,
        changed_at=timezone.make_aware(dt.datetime.combine(dt.date(2025, 9, 10), dt.time(12))),
    )
    for member in (mother, son):
        record(member, 0, "background", JAN)
    record(son, 1, "kidscreen10", MAR, answers=_scale(10, 3))
    record(son, 2, "kidscreen10", JUN, answers=_scale(10, 4))
    record(son, 2, "kidscreen10", SEP, answers=_scale(10, 5))  # a correction
    record(son, 1, "child_status", MAR, answers={"education": 1, "leisure_activity": 4})
    record(son, 2, "child_status", JUN, answers={"education": 5, "crime_6m_violence": 1})
    record(mother, 1, "pss", MAR, answers=_scale(18, 3))
    record(mother, 2, "pss", JUN, outcome="not_answered", reason="declined")
    record(mother, 2, "parent_status", SEP, answers={"support": 1})

    incremental = _rows()

    corrected = Measurement.objects.get(member=son, wave=2, instrument="kidscreen10")
    son_row, mother_row = incremental[son.pk], incremental[mother.pk]
    assert (son_row["child_background_on"], son_row["child_wave1_on"]) == (JAN, MAR)
    # The earliest answer of wave 2 (child status in June; the corrected KIDSCREEN in September).
    assert son_row["child_wave2_on"] == JUN
    assert (son_row["kidscreen10_wave2"], son_row["kidscreen10_wave2_on"]) == (
        corrected.score,
        SEP,
    )
    assert son_row["parent_background_on"] is None
    assert (son_row["status_wave1_school"], son_row["status_wave2_school"]) == (True, False)
    assert (son_row["status_wave1_leisure_activity"], son_row["status_wave2_police"]) == (
        True,
        True,
    )
    assert son_row["status_wave1_police"] is None  # no crime item answered at wave 1
    assert (son_row["latest_status_wave"], son_row["latest_status_school"]) == (2, False)
    assert mother_row["pss_wave1"] is not None
    assert (mother_row["pss_wave2"], mother_row["pss_wave2_on"]) == (None, None)  # not answered
    assert mother_row["parent_wave2_on"] == SEP  # the status questions were answered
    assert mother_row["latest_status_wave"] is None  # no child status questions

    # Included 10 September 2025: waves due then, 10 March and 10 September 2026; on time =
    # answered at most 30 days after the due date; not answered = late.
    due = _due_rows()
    team = family.team_id
    assert due == {
        (family.pk, dt.date(2025, 9, 10)): (team, 0, 2),  # both backgrounds in January
        (family.pk, dt.date(2026, 3, 10)): (team, 3, 0),
        (family.pk, dt.date(2026, 9, 10)): (team, 3, 1),  # the mother's PSS not answered
    }

    assert person_waves.rebuild() == 2
    assert _rows() == incremental
    assert _due_rows() == due


def test_a_measurement_written_around_the_services_is_caught_up_once(family, caseworker):
    son = family.members.get(role=Member.Role.TARGET_CHILD)
    person_waves.catch_up()
    Measurement.objects.create(
        family=family,
        member=son,
        audience="child",
        wave=1,
        instrument="kidscreen10",
        answered_on=MAR,
        score=40,
        recorded_by=caseworker,
    )
    assert not PersonWaves.objects.filter(member=son).exists()

    assert person_waves.catch_up() == 1
    assert PersonWaves.objects.get(member=son).kidscreen10_wave1 == 40
    assert person_waves.catch_up() == 0


def _children(team, count: int) -> list[Member]:
    family = FamilyFactory(team=team, status="action_plan")
    registered = timezone.make_aware(dt.datetime.combine(JAN, dt.time(9)))
    Family.objects.filter(pk=family.pk).update(created_at=registered)
    family.refresh_from_db()
    return [MemberFactory(family=family, role=Member.Role.TARGET_CHILD) for _ in range(count)]


def _measure(member: Member, wave: int, instrument: str, day: dt.date, **fields) -> None:
    Measurement.objects.create(
        family=member.family,
        member=member,
        audience="child",
        wave=wave,
        instrument=instrument,
        answered_on=day,
        recorded_by=member.family.created_by,
        **fields,
    )


def _cells(dashboard, slug: str, label: str) -> dict[str, str]:
    table = dashboard.table(slug)
    row = next(row for row in table.rows if row.label == label)
    return dict(zip(table.columns[1:], (cell.text for cell in row.cells), strict=True))


def _counts(org, adder, until: dt.date | None = None) -> dict[tuple[str, str], int]:
    """What one selector counts for the municipality, before suppression: (population, column)."""
    person_waves.catch_up()
    ids = [org.municipality.pk]
    page = Page(organisation=selectors.organisation_for(ids, national=False), is_split=False)
    adder(page, selectors.Filters(municipality_ids=ids, until=until))
    scope = municipality_scope(org.municipality.pk)
    counts: dict[tuple[str, str], int] = {}
    for key, value in page.problem.values.items():
        population, key_scope, period, column = cast(tuple[str, object, str, str], key)
        if key_scope == scope and period == WHOLE:
            counts[(population, column)] = value
    return counts


def test_a_report_counts_only_the_waves_answered_by_its_quarter_end(nordby):
    for child in _children(nordby.team, 4):
        _measure(child, 1, "kidscreen10", MAR, score=30)
        _measure(child, 2, "kidscreen10", SEP, score=35)
        _measure(child, 1, "child_status", MAR, answers={"education": 1})
        _measure(child, 2, "child_status", SEP, answers={"education": 5})
    june = dt.date(2026, 6, 30)

    status_now = _counts(nordby, selectors.add_programme_status)
    status_june = _counts(nordby, selectors.add_programme_status, june)
    paired_now = _counts(nordby, selectors.add_progression)
    paired_june = _counts(nordby, selectors.add_progression, june)
    targets_now = _counts(nordby, selectors.add_targets)
    targets_june = _counts(nordby, selectors.add_targets, june)

    assert status_now[("child_progression", "both")] == 4
    assert status_june[("child_progression", "both")] == 0
    assert status_june[("child_progression", "wave1")] == 4
    assert paired_now[("paired:kidscreen10", "improved")] == 4
    assert paired_june[("paired:kidscreen10", TOTAL)] == 0
    # The newest status answer by the quarter's end: in school in March, out of it in September.
    assert (targets_now[("school_target", "yes")], targets_now[("school_target", "no")]) == (0, 4)
    assert (targets_june[("school_target", "yes")], targets_june[("school_target", "no")]) == (
        4,
        0,
    )


def _family_with_history(team, steps: list[tuple[str, str, dt.date]]) -> Family:
    family = FamilyFactory(team=team, status=steps[-1][1])
    Family.objects.filter(pk=family.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(steps[0][2], dt.time(9)))
    )
    for from_status, to_status, day in steps:
        FamilyStatusChange.objects.create(
            family=family,
            from_status=from_status,
            to_status=to_status,
            changed_by=family.created_by,
            changed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
        )
    return family


def test_a_report_shows_the_families_stages_at_the_quarter_end(nordby, settings):
    settings.LANGUAGE_CODE = "en"
    for _ in range(4):
        _family_with_history(
            nordby.team,
            [("", "referred", JAN), ("referred", "included", MAR), ("included", "closed", SEP)],
        )
    ids = [nordby.municipality.pk]

    today = _cells(
        build_dashboard(municipality_ids=ids, choice=Choice()), "families-by-status", "Nordby"
    )
    june = _cells(
        build_dashboard(municipality_ids=ids, choice=Choice(until=dt.date(2026, 6, 30))),
        "families-by-status",
        "Nordby",
    )
    february = _cells(
        build_dashboard(municipality_ids=ids, choice=Choice(until=dt.date(2026, 2, 1))),
        "families-by-status",
        "Nordby",
    )

    assert (today["Included"], today["Closed"]) == ("0", "4")
    assert (june["Included"], june["Closed"]) == ("4", "0")
    assert (february["Referred"], february["Included"]) == ("4", "0")


def test_erased_families_still_count_as_registered_and_closed(nordby, caseworker):
    FamilyFactory(team=nordby.team, status="action_plan")
    for number in range(4):
        ErasedFamily.objects.create(
            municipality=nordby.municipality,
            team=nordby.team,
            reference=f"NOR-2019-{number:04d}",
            status="closed",
            created_on=dt.date(2019, 3, 1),
            ended_on=dt.date(2020, 5, 1),
            members_count=3,
            children_in_programme=1,
            erased_by=caseworker,
        )

    today = _counts(nordby, selectors.add_families)
    before_ending = _counts(nordby, selectors.add_families, dt.date(2019, 12, 31))

    assert (today[("families", TOTAL)], today[("families", "status:closed")]) == (5, 4)
    # Before it ended, an erased family's stage is unknown: a report of then leaves it out.
    assert before_ending[("families", TOTAL)] == 0


def test_the_quarterly_report_shows_the_stages_at_the_quarter_end(nordby, monkeypatch):
    from evaluation import reports

    for _ in range(4):
        _family_with_history(
            nordby.team,
            [("", "referred", JAN), ("referred", "included", MAR), ("included", "closed", SEP)],
        )
    shown: dict[str, Any] = {}
    monkeypatch.setattr(
        reports, "render_pdf", lambda _template, context, **_: shown.update(context)
    )

    with translation.override("en"):
        reports.render_quarterly_report(municipality=nordby.municipality, year=2026, quarter=2)

    tables = {
        table.slug: table for section, _figures in shown["sections"] for table in section.tables
    }
    stages = tables["families-by-status"]
    rows = {
        row.label: dict(zip(stages.columns[1:], (c.text for c in row.cells), strict=True))
        for row in stages.rows
    }
    assert list(rows) == ["Nordby, in the quarter", "Nordby, to date"]
    # Registered in January, included in March, closed in September: at 30 June, included.
    assert (rows["Nordby, to date"]["Included"], rows["Nordby, to date"]["Closed"]) == ("4", "0")
    assert rows["Nordby, in the quarter"]["Total"] == "0"  # none registered in April–June
