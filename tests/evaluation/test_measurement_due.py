"""The stored next-due measurement wave (MeasurementDue, issue 12) equals what the family's own
Measurements tab computes after every kind of change; the queue, overview block and reminders
read it in SQL with a LIMIT, at a fixed number of queries."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from evaluation.measurement_due import refresh_measurement_due
from evaluation.measurement_selectors import (
    QUEUE_ROWS,
    family_due_waves,
    family_measurements,
    queue_due_waves,
)
from evaluation.measurement_services import record_measurement
from evaluation.models import Measurement, MeasurementDue
from evaluation.waves import wave_due_on
from families.access import access_for
from families.models import Family, FamilyStatusChange, Member
from families.services import cases, members
from tests.conftest import _organisation, give_consent
from tests.evaluation.test_measure_import import FAMILIES, MEASUREMENTS, _file, _import_families

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _stored(family: Family) -> tuple[int, dt.date, int, int, bool] | None:
    due = MeasurementDue.objects.filter(family=family).first()
    if due is None:
        return None
    return (due.wave, due.due_on, due.missing, due.team_id, due.is_active)


def _owed(family: Family) -> tuple[int, dt.date, int, int, bool]:
    """The stored row of a family that owes a wave."""
    stored = _stored(family)
    assert stored is not None
    return stored


def _computed(family: Family, user) -> tuple[int, dt.date, int, int, bool] | None:
    """The first wave in which someone is missing, as the family's Measurements tab shows it on
    the day that wave falls due (or, when none is stored, three years on)."""
    family.refresh_from_db()
    stored = MeasurementDue.objects.filter(family=family).first()
    on = max(stored.due_on, TODAY) if stored else TODAY + dt.timedelta(days=3 * 365)
    access = access_for(user, family)
    assert access is not None and access.can_view_measurements
    shown = family_measurements(access, on)
    missing = Counter(
        wave.wave for person in shown.persons for wave in person.waves if wave.is_missing
    )
    if not missing:
        return None
    wave = min(missing)
    assert shown.included_on is not None
    return (
        wave,
        wave_due_on(shown.included_on, wave),
        missing[wave],
        family.team_id,
        family.status in ("included", "assessment", "action_plan", "phasing_out"),
    )


def _check(family: Family, user, expected_wave: int | None) -> None:
    stored = _stored(family)
    assert stored == _computed(family, user)
    assert (stored[0] if stored else None) == expected_wave


@pytest.fixture
def included(family, caseworker, nordby):
    give_consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    return family


def _record(user, member, wave, instrument, **extra):
    return record_measurement(
        actor=user, member=member, wave=wave, instrument=instrument, answered_on=TODAY, **extra
    )


def test_the_stored_wave_follows_every_kind_of_change(included, caseworker, nordby):
    family = included
    mette = family.members.get(first_name="Mette")
    jonas = family.members.get(first_name="Jonas")
    # Inclusion: the background measurement of both is due today.
    _check(family, caseworker, 0)
    assert _owed(family)[2] == 2

    # Recorded for one, "not answered" for the other: wave 1 owed by both, in six months.
    _record(caseworker, mette, 0, "background")
    _check(family, caseworker, 0)
    assert _owed(family)[2] == 1
    first = _record(caseworker, jonas, 0, "background", outcome="not_answered", reason="declined")
    _check(family, caseworker, 1)
    assert _owed(family)[1:3] == (wave_due_on(TODAY, 1), 2)

    # A correction of it (now answered) keeps it recorded.
    _record(caseworker, jonas, 0, "background")
    _check(family, caseworker, 1)

    # A new custody holder owes the background measurement.
    far = members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Far",
        last_name="Jensen",
    )
    _check(family, caseworker, 0)
    assert _owed(family)[2] == 1

    # …until he is recorded as a sibling's contact person instead (not measured).
    members.update_member(
        actor=caseworker, member=far, role=Member.Role.OTHER_RELATIVE, is_custody_holder=False
    )
    _check(family, caseworker, 1)

    # A measurement deleted (e.g. by the erasure of a wrong entry): owed again.
    Measurement.objects.get(pk=first.pk).delete()
    _check(family, caseworker, 0)
    # A member deleted: the person no longer owes anything.
    jonas.delete()
    _check(family, caseworker, 1)
    assert _owed(family)[2] == 1

    # The family moves to another team: the row follows (the queue's index reads it).
    other_team = _organisation("Vestby", "913", "VES").team
    family.team = other_team
    family.save(update_fields=["team"])
    assert _owed(family)[3] == other_team.pk

    # Closing: nothing falls due after the end, and the family is no longer open.
    family.team = nordby.team
    family.save(update_fields=["team"])
    cases.change_family_status(
        actor=caseworker, family=family, to_status=Family.Status.CLOSED, reason="Afsluttet"
    )
    assert _stored(family) is None
    _check(family, caseworker, None)


def test_closing_keeps_the_waves_owed_before_the_end(included, caseworker):
    cases.change_family_status(
        actor=caseworker, family=included, to_status=Family.Status.CLOSED, reason="Flyttet"
    )
    _check(included, caseworker, 0)
    assert _owed(included)[4] is False  # not active: no queue, no "my work"
    cases.reopen_family(actor=caseworker, family=included, reason="Ny henvendelse")
    assert _stored(included) is None  # screening again: nothing owed until included again


def test_the_import_keeps_the_stored_wave(tmp_path, nordby, coordinator):
    with translation.override("en"):
        _import_families(nordby, _file(tmp_path, FAMILIES, "families.csv"))
        imported = Family.objects.get(family_ref="OLD-1")
        assert _owed(imported)[0] == 0
        text = MEASUREMENTS + (
            "030511-4321,background,background,2024-03-05,,,,,,,,,,,1,2\n"
            "120385-1236,background,background,2024-03-05,,,,,,,,,,,,\n"
        )
        call_command(
            "import_measurements", _file(tmp_path, text), municipality=nordby.municipality.code
        )
    assert _owed(imported)[:3] == (1, dt.date(2024, 9, 1), 2)
    closed = Family.objects.get(family_ref="OLD-2")  # closed after three waves fell due
    assert _owed(closed)[:3] == (0, dt.date(2023, 1, 10), 1)
    kept = {family.pk: _stored(family) for family in Family.objects.all()}
    refresh_measurement_due()
    assert {family.pk: _stored(family) for family in Family.objects.all()} == kept


def test_a_full_refresh_changes_nothing_the_signals_kept(included, caseworker, nordby):
    _record(caseworker, included.members.get(first_name="Mette"), 0, "background")
    before = list(MeasurementDue.objects.values_list("family_id", "wave", "due_on", "missing"))
    MeasurementDue.objects.all().delete()

    refresh_measurement_due()

    after = list(MeasurementDue.objects.values_list("family_id", "wave", "due_on", "missing"))
    assert after == before == [(included.pk, 0, TODAY, 1)]


def _included_family(org, user, n: int) -> Family:
    family = cases.create_family(actor=user, team=org.team, name=f"Andersen {n}")
    for role, first in ((Member.Role.PARENT, "Ane"), (Member.Role.TARGET_CHILD, "Bo")):
        members.add_member(
            actor=user, family=family, role=role, first_name=first, last_name="Andersen",
            birth_date=dt.date(2012, 1, 1), is_custody_holder=role == Member.Role.PARENT,
        )  # fmt: skip
    give_consent(family, user, org.children_family)
    return family


def test_the_queue_reads_the_soonest_rows_and_counts_the_rest(
    caseworker, nordby, included, monkeypatch
):
    monkeypatch.setattr("evaluation.measurement_selectors.QUEUE_ROWS", 2)
    with CaptureQueriesContext(connection) as one:
        page = queue_due_waves([nordby.team.pk], TODAY)
    assert (len(page), page.total, page.more) == (1, 1, 0)
    others = [_included_family(nordby, caseworker, n) for n in range(3)]
    # One of them is a wave behind: it comes first.
    first = others[2]
    MeasurementDue.objects.filter(family=first).update(due_on=TODAY - dt.timedelta(days=40))

    with CaptureQueriesContext(connection) as four:
        page = queue_due_waves([nordby.team.pk], TODAY)

    assert len(four) == len(one) == 2
    assert (len(page), page.total, page.more) == (2, 4, 2)
    assert page.rows[0].family == first and page.rows[0].is_overdue
    assert QUEUE_ROWS == 25


def test_the_overview_block_reads_one_row(caseworker, included, django_assert_num_queries):
    access = access_for(caseworker, included)
    assert access is not None
    with django_assert_num_queries(1):
        (due,) = family_due_waves(access)
    assert (due.wave, due.missing, due.state) == (0, 2, "due")
    _record(caseworker, included.members.get(first_name="Mette"), 0, "background")
    _record(caseworker, included.members.get(first_name="Jonas"), 0, "background")
    assert family_due_waves(access) == []  # wave 1 is six months away


def test_a_back_dated_inclusion_moves_the_due_date(included, caseworker):
    """Inclusion dates come from the status changes: one written back-dated (as a backfill
    does) moves the background measurement's due date with it."""
    earlier = timezone.now() - dt.timedelta(days=200)
    FamilyStatusChange.objects.create(
        family=included,
        from_status=Family.Status.AWAITING_CONSENT,
        to_status=Family.Status.INCLUDED,
        changed_by=caseworker,
        changed_at=earlier,
    )
    _check(included, caseworker, 0)
    assert _owed(included)[1] == timezone.localdate(earlier)
