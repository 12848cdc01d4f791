"""Backfill import: all or nothing, every bad row by line number, safe to run twice, and the same
scores as the entry page."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from evaluation.models import Measurement
from families.models import Family, FamilyStatusChange, Member

pytestmark = pytest.mark.django_db

HEADER = "family_ref,status,included_on,closed_on,role,first_name,last_name,cpr,birth_date,gender,in_programme\n"  # noqa: E501
FAMILIES = HEADER + (
    "OLD-1,action_plan,2024-03-01,,parent,Aisha,Hassan,120385-1236,,female,1\n"
    "OLD-1,action_plan,2024-03-01,,target_child,Omar,Hassan,030511-4321,,male,1\n"
    "OLD-2,closed,2023-01-10,2024-02-01,target_child,Lina,Berg,,2009-06-01,female,1\n"
)


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """The commands' messages are asserted in English, whatever language an earlier test left
    active in this worker (a command speaks the active language; Danish by default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def lead(coordinator):
    return coordinator


def _file(tmp_path: Path, text: str, name: str = "data.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _import_families(nordby, path: str) -> None:
    call_command(
        "import_families", path, municipality=nordby.municipality.code, team=nordby.team.name
    )


def test_families_import_keeps_ref_dates_and_is_safe_to_run_twice(tmp_path, nordby, lead):
    path = _file(tmp_path, FAMILIES)

    _import_families(nordby, path)
    _import_families(nordby, path)

    families = {family.family_ref: family for family in Family.objects.all()}
    assert set(families) == {"OLD-1", "OLD-2"}
    assert Member.objects.count() == 3
    assert families["OLD-1"].status == "action_plan"
    assert families["OLD-2"].status == "closed"
    included = FamilyStatusChange.objects.get(family=families["OLD-1"], to_status="included")
    assert timezone.localdate(included.changed_at) == dt.date(2024, 3, 1)
    # The record is opened on the inclusion day, never "referred" after it was included.
    opened = FamilyStatusChange.objects.get(family=families["OLD-1"], from_status="")
    assert timezone.localdate(opened.changed_at) == dt.date(2024, 3, 1)
    closed = FamilyStatusChange.objects.get(family=families["OLD-2"], to_status="closed")
    assert timezone.localdate(closed.changed_at) == dt.date(2024, 2, 1)
    assert "OLD-2" in closed.reason and "10\xa0Jan\xa02023" in closed.reason
    latest = families["OLD-2"].history.latest()
    assert latest.history_change_reason == closed.reason
    assert not Member.objects.filter(family=families["OLD-2"], is_in_programme=True).exists()


def test_bad_family_rows_are_all_reported_and_nothing_is_saved(tmp_path, nordby, lead):
    text = HEADER + (
        "OLD-1,action_plan,2024-03-01,,parent,Aisha,Hassan,120385-1236,,female,1\n"
        "OLD-1,action_plan,2024-03-01,,nephew,Omar,Hassan,,2011-05-03,male,1\n"
        "OLD-2,closed,2023-01-10,,target_child,Lina,Berg,,2009-06-01,female,1\n"
        "OLD-3,included,2099-01-01,,parent,Ida,Holm,,1980-01-01,female,1\n"
    )

    with pytest.raises(CommandError) as refused:
        _import_families(nordby, _file(tmp_path, text))

    message = str(refused.value)
    assert "Line 3:" in message and "role" in message
    assert "Line 4:" in message and "closed_on" in message
    assert "Line 5:" in message and "included_on" in message
    assert "Line 2:" not in message
    assert not Family.objects.exists()


MEASUREMENTS = (
    "cpr,instrument,wave,answered_on,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,lives_with,siblings\n"
)


def _imported_family(tmp_path, nordby):
    _import_families(nordby, _file(tmp_path, FAMILIES, "families.csv"))


def test_measurements_import_scores_as_entry_and_is_safe_to_run_twice(tmp_path, nordby, lead):
    _imported_family(tmp_path, nordby)
    text = MEASUREMENTS + (
        "030511-4321,background,background,2024-03-05,,,,,,,,,,,1,2\n"
        "030511-4321,kidscreen10,1,2024-09-02,4,3,2,1,3,3,4,2,5,3,,\n"
        "120385-1236,background,background,2024-03-05,,,,,,,,,,,,\n"
        "120385-1236,pss,1,2024-09-02,3,3,3,3,3,3,3,3,3,3,,\n"
    )
    path = _file(tmp_path, text)

    call_command("import_measurements", path, municipality=nordby.municipality.code)
    call_command("import_measurements", path, municipality=nordby.municipality.code)

    assert Measurement.objects.count() == 4
    kidscreen = Measurement.objects.get(instrument="kidscreen10")
    assert (kidscreen.score, kidscreen.wave, kidscreen.source) == (36, 1, "import")
    assert kidscreen.due_on == dt.date(2024, 9, 1)
    background = Measurement.objects.get(instrument="background", member__first_name="Omar")
    assert background.answers == {"lives_with": 1, "siblings": 2}
    # Every variable blank: recorded, details unknown.
    assert Measurement.objects.get(member__first_name="Aisha", wave=0).answers == {}
    # PSS with items 11-18 missing: recorded, no score, the reason kept.
    pss = Measurement.objects.get(instrument="pss")
    assert (pss.score, pss.no_score_reason) == (None, "missing_items")
    assert kidscreen.history.count() == 1  # the second run changed nothing


def test_bad_measurement_rows_are_reported_and_nothing_is_saved(tmp_path, nordby, lead):
    _imported_family(tmp_path, nordby)
    text = MEASUREMENTS + (
        "030511-4321,kidscreen10,1,2024-09-02,4,3,2,1,3,3,4,2,5,3,,\n"
        "030511-4321,who5,1,2024-09-02,3,3,3,3,3,,,,,,,\n"  # WHO-5 at 13
        "010101-0000,kidscreen10,1,2024-09-02,3,3,3,3,3,3,3,3,3,3,,\n"  # nobody
        "030511-4321,kidscreen10,2,2024-09-02,3,3,3,3,9,3,3,3,3,3,,\n"  # 9 off the scale
        "030511-4321,kidscreen10,background,2024-09-02,3,3,3,3,3,3,3,3,3,3,,\n"
    )

    with pytest.raises(CommandError) as refused:
        call_command(
            "import_measurements", _file(tmp_path, text), municipality=nordby.municipality.code
        )

    message = str(refused.value)
    for line in (3, 4, 5, 6):
        assert f"Line {line}:" in message
    assert "Line 2:" not in message
    assert not Measurement.objects.exists()


def test_licensed_wording_is_loaded_from_the_municipalitys_file_and_shown(
    tmp_path, nordby, caseworker, client, family
):
    from django.urls import reverse

    from tests.conftest import give_consent

    give_consent(family, caseworker, nordby.children_family)
    child = family.members.get(first_name="Jonas")
    text = "instrument,item,language,text\nkidscreen10,q1,da,Licenseret ordlyd til spørgsmål 1\n"
    bad = "instrument,item,language,text\nkidscreen10,q11,da,Findes ikke\n"

    with pytest.raises(CommandError, match="Line 2"):
        call_command(
            "load_measurement_wording", _file(tmp_path, bad, "bad.csv"),
            municipality=nordby.municipality.code,
        )  # fmt: skip
    call_command(
        "load_measurement_wording", _file(tmp_path, text), municipality=nordby.municipality.code
    )
    client.force_login(caseworker)
    page = client.get(
        reverse("measurements:entry", args=[family.pk, child.pk, 1, "kidscreen10"])
    ).content.decode()

    assert "Licenseret ordlyd til spørgsmål 1" in page
    assert "Spørgsmål 2" in page  # no wording loaded: the neutral label
