"""Issue 10: "The same data entered through the UI or imported must give the same dashboards."

The same families, members and measurements are built twice: in Sydby through the services the
pages call (register an already included family, add members, enter each measurement, change the
status), and in Nordby through `import_families` and `import_measurements` from CSV files. The two
municipalities' dashboards must then be equal in every table, column and cell (only the row label,
the municipality's name, differs).
"""

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.models import TeamMembership
from evaluation.dashboard import Choice, build_dashboard
from evaluation.measurement_import import FAMILY_COLUMNS, MEASUREMENT_COLUMNS
from evaluation.measurement_services import record_measurement
from evaluation.models import Measurement
from families.models import Family, Member
from families.services import cases, members
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
INCLUDED_ON = TODAY - dt.timedelta(days=400)
WAVE_DAYS = {0: 0, 1: 183, 2: 365}
PSS_ITEMS = [f"q{n}" for n in range(1, 19)]
KIDSCREEN_ITEMS = [f"q{n}" for n in range(1, 11)]


@dataclass
class Person:
    role: str
    first_name: str
    cpr: str
    gender: str
    # (instrument, wave) -> answers; a str value is the reason it was not answered.
    measurements: dict[tuple[str, int], dict[str, int] | str] = field(default_factory=dict)


@dataclass
class FamilyData:
    ref: str
    last_name: str
    status: str
    persons: list[Person]


def _scale(seed: int, count: int, low: int = 1, high: int = 5) -> dict[str, int]:
    return {f"q{n}": low + (seed * 7 + n * 3) % (high - low + 1) for n in range(1, count + 1)}


def _families() -> list[FamilyData]:
    """Six families: five with both waves (means shown over n ≥ 4), one of them closed and one in
    assessment; the sixth with wave 1 only and a parent who declined wave 2."""
    data = []
    for index in range(1, 7):
        child = Person(Member.Role.TARGET_CHILD, f"Barn{index}", f"0{index}0612-4{index}21", "male")
        parent = Person(
            Member.Role.PARENT, f"Forælder{index}", f"0{index}0385-1{index}36", "female"
        )
        child.measurements[("background", 0)] = {"lives_with": 2, "education": 1}
        parent.measurements[("background", 0)] = {"marital_status": 2, "origin": 1 + index % 4}
        waves = (1, 2) if index <= 5 else (1,)
        for wave in waves:
            child.measurements[("kidscreen10", wave)] = _scale(index + wave, 10)
            child.measurements[("child_status", wave)] = {
                "education": 1 if (index + wave) % 3 else 5,
                "leisure_activity": 1 + (index + wave) % 2,
                "crime_peers": 1 + (index * wave) % 5,
            }
            parent.measurements[("pss", wave)] = _scale(index * 3 + wave, 18)
        if index == 6:
            parent.measurements[("pss", 2)] = "declined"
        status = {1: Family.Status.CLOSED, 2: Family.Status.ASSESSMENT}.get(
            index, Family.Status.INCLUDED
        )
        data.append(FamilyData(f"OLD-{index}", f"Efternavn{index}", status, [child, parent]))
    return data


def _answered_on(wave: int) -> dt.date:
    return INCLUDED_ON + dt.timedelta(days=WAVE_DAYS[wave])


# --- Through the UI's services ---------------------------------------------------------------


def _enter_through_the_ui(team, lead) -> None:
    for data in _families():
        family = cases.register_included_family(
            actor=lead,
            team=team,
            name=data.last_name,
            included_on=INCLUDED_ON,
            earlier_reference=data.ref,
        )
        people = []
        for person in data.persons:
            people.append(
                members.add_member(
                    actor=lead,
                    family=family,
                    role=person.role,
                    first_name=person.first_name,
                    last_name=data.last_name,
                    cpr=person.cpr,
                    gender=person.gender,
                    is_custody_holder=person.role == Member.Role.PARENT,
                )
            )
        for person, member in zip(data.persons, people, strict=True):
            for (instrument, wave), answers in person.measurements.items():
                if isinstance(answers, str):  # the reason it was not answered
                    outcome, reason, given = "not_answered", answers, None
                else:
                    outcome, reason, given = "answered", "", answers
                record_measurement(
                    actor=lead,
                    member=member,
                    wave=wave,
                    instrument=instrument,
                    answered_on=_answered_on(wave),
                    answers=given,
                    outcome=outcome,
                    reason=reason,
                )
        if data.status == Family.Status.ASSESSMENT:
            cases.change_family_status(actor=lead, family=family, to_status=data.status)
        if data.status == Family.Status.CLOSED:
            cases.change_family_status(
                actor=lead, family=family, to_status=data.status, reason="Forløbet er slut"
            )


# --- Through the import commands ---------------------------------------------------------------


def _csv(columns: list[str], rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue()


def _import(tmp_path: Path, organisation) -> None:
    family_rows: list[dict[str, object]] = []
    measurement_rows: list[dict[str, object]] = []
    variables: list[str] = []
    for data in _families():
        for person in data.persons:
            family_rows.append(
                {
                    "family_ref": data.ref,
                    "status": data.status,
                    "included_on": INCLUDED_ON.isoformat(),
                    "closed_on": TODAY.isoformat() if data.status == Family.Status.CLOSED else "",
                    "role": person.role,
                    "first_name": person.first_name,
                    "last_name": data.last_name,
                    "cpr": person.cpr,
                    "gender": person.gender,
                    "in_programme": "1",
                }
            )
            for (instrument, wave), answers in person.measurements.items():
                row: dict[str, object] = {
                    "cpr": person.cpr,
                    "instrument": instrument,
                    "wave": "background" if wave == 0 else str(wave),
                    "answered_on": _answered_on(wave).isoformat(),
                }
                if isinstance(answers, str):
                    row["reason"] = answers
                else:
                    row.update(answers)
                    variables += [code for code in answers if code not in variables]
                measurement_rows.append(row)
    families_file = tmp_path / "families.csv"
    families_file.write_text(_csv(list(FAMILY_COLUMNS), family_rows), encoding="utf-8")
    items = [code for code in PSS_ITEMS if code in variables]
    others = [code for code in variables if code not in PSS_ITEMS]
    measurements_file = tmp_path / "measurements.csv"
    measurements_file.write_text(
        _csv([*MEASUREMENT_COLUMNS, *items, *others, "reason"], measurement_rows),
        encoding="utf-8",
    )
    code = organisation.municipality.code
    call_command(
        "import_families", str(families_file), municipality=code, team=organisation.team.name
    )
    call_command("import_measurements", str(measurements_file), municipality=code)


def _cells(municipality_id: int) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """Every table of the municipality's dashboard: slug, title, columns, each row's cells."""
    dashboard = build_dashboard(municipality_ids=[municipality_id], choice=Choice())
    return [
        (
            table.slug,
            str(table.title),
            [str(column) for column in table.columns],
            [[cell.text for cell in row.cells] for row in table.rows],
        )
        for table in dashboard.tables()
    ]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_entered_and_imported_data_give_the_same_dashboard(tmp_path, nordby, sydby, coordinator):
    sydby_lead = UserFactory(username="sydby-lead", municipality=sydby.municipality)
    MembershipFactory(
        user=sydby_lead,
        team=sydby.team,
        department=sydby.social,
        role=TeamMembership.Role.TEAM_COORDINATOR,
    )

    _enter_through_the_ui(sydby.team, sydby_lead)
    _import(tmp_path, nordby)  # recorded as Nordby's team lead (the coordinator fixture)

    entered, imported = _cells(sydby.municipality.pk), _cells(nordby.municipality.pk)

    assert entered == imported
    # Not a comparison of empty or wholly hidden tables: the progression of PSS is shown.
    progression = next(table for table in imported if table[0] == "progression-pss")
    assert any(cell[:1].isdigit() for row in progression[3] for cell in row), progression

    # And the same data arrived both ways: statuses, measurements, scores, due dates.
    def shape(municipality) -> list[tuple[object, ...]]:
        return sorted(
            Measurement.objects.filter(family__municipality=municipality).values_list(
                "member__first_name", "instrument", "wave", "score", "outcome", "due_on"
            )
        )

    assert shape(sydby.municipality) == shape(nordby.municipality)
    assert len(shape(nordby.municipality)) == 6 * 2 + 5 * 2 * 3 + 3 + 1
    assert sorted(
        Family.objects.filter(municipality=sydby.municipality).values_list("status", flat=True)
    ) == sorted(
        Family.objects.filter(municipality=nordby.municipality).values_list("status", flat=True)
    )
    assert set(
        Measurement.objects.filter(family__municipality=nordby.municipality).values_list(
            "source", flat=True
        )
    ) == {Measurement.Source.IMPORT}
