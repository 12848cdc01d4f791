"""Measurement pages: the family's waves, entry (all or nothing), corrections with history,
the member's progression, access-log rows and fixed query counts."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Measurement
from families.models import AccessLogEntry, Family, Member
from families.services import cases, members
from tests.conftest import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def included(family, caseworker, nordby):
    give_consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    return family


@pytest.fixture
def jonas(included):
    return included.members.get(first_name="Jonas")


@pytest.fixture
def mette(included):
    return included.members.get(first_name="Mette")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _entry_url(family, member, wave, instrument):
    return reverse("measurements:entry", args=[family.pk, member.pk, wave, instrument])


def _kidscreen_post(values, **extra):
    data = {
        "answered_on": timezone.localdate().isoformat(),
        "outcome": "answered",
        "respondent": "self",
        **{f"item_q{n}": str(v) for n, v in enumerate(values, start=1) if v is not None},
    }
    data.update(extra)
    return data


def test_family_page_shows_the_background_wave_due_for_child_and_parent(
    client, caseworker, included, english
):
    client.force_login(caseworker)

    response = client.get(reverse("measurements:family", args=[included.pk]))

    assert response.status_code == 200
    page = response.context["page"]
    assert page.included_on == timezone.localdate()
    persons = {person.member.first_name: person for person in page.persons}
    assert set(persons) == {"Jonas", "Mette"}
    assert [wave.wave for wave in persons["Jonas"].waves] == [0]
    assert [cell.instrument for cell in persons["Jonas"].waves[0].cells] == ["background"]
    assert persons["Jonas"].waves[0].state == "due"
    # One access-log row per person shown.
    logged = AccessLogEntry.objects.filter(user=caseworker, what="Measurements")
    assert {entry.member.first_name if entry.member else None for entry in logged} == {
        "Jonas",
        "Mette",
    }


def test_a_missing_wave_is_overdue_not_silent(client, caseworker, included, english):
    client.force_login(caseworker)
    later = timezone.localdate() + dt.timedelta(days=6 * 31 + 20)

    from evaluation.measurement_selectors import family_measurements
    from tests.helpers import granted

    page = family_measurements(granted(caseworker, included), today=later)

    jonas = next(p for p in page.persons if p.member.first_name == "Jonas")
    assert [(wave.wave, wave.state) for wave in jonas.waves] == [(0, "overdue"), (1, "overdue")]
    assert [cell.instrument for cell in jonas.waves[1].cells] == ["kidscreen10", "child_status"]
    assert page.overdue_count == 4  # two waves each for Jonas and Mette


def test_entering_kidscreen_saves_answers_and_score(client, caseworker, included, jonas, english):
    client.force_login(caseworker)

    response = client.post(
        _entry_url(included, jonas, 1, "kidscreen10"),
        _kidscreen_post([4, 3, 2, 1, 3, 3, 4, 2, 5, 3]),
    )

    assert response.status_code == 302
    measurement = Measurement.objects.get(member=jonas, wave=1, instrument="kidscreen10")
    assert measurement.answers == {
        "q1": 4, "q2": 3, "q3": 2, "q4": 1, "q5": 3, "q6": 3, "q7": 4, "q8": 2, "q9": 5, "q10": 3,
    }  # fmt: skip
    assert measurement.score == 36
    assert measurement.audience == "child"
    assert measurement.age_at_answer == jonas.age()
    assert measurement.recorded_by == caseworker
    assert measurement.history.count() == 1


def test_one_missing_kidscreen_item_is_saved_without_a_score(
    client, caseworker, included, jonas, english
):
    client.force_login(caseworker)

    client.post(_entry_url(included, jonas, 1, "kidscreen10"), _kidscreen_post([3] * 9 + [None]))

    measurement = Measurement.objects.get(member=jonas, wave=1)
    assert (measurement.score, measurement.no_score_reason) == (None, "needs_imputation")


def test_future_answer_date_is_refused_in_danish_and_nothing_is_saved(
    client, caseworker, included, jonas
):
    client.force_login(caseworker)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client.post(
        _entry_url(included, jonas, 1, "kidscreen10"),
        _kidscreen_post([3] * 10, answered_on=tomorrow.isoformat()),
    )

    assert response.status_code == 200
    assert "Svardatoen kan ikke ligge i fremtiden." in response.content.decode()
    assert not Measurement.objects.exists()


def test_an_answer_outside_the_scale_is_refused_and_nothing_is_saved(
    client, caseworker, included, jonas
):
    client.force_login(caseworker)

    response = client.post(
        _entry_url(included, jonas, 1, "kidscreen10"), _kidscreen_post([3] * 9 + [7])
    )

    assert response.status_code == 200
    assert response.context["form"].errors["item_q10"]
    assert not Measurement.objects.exists()


def test_who5_for_a_child_under_18_is_refused_in_danish(client, caseworker, included, jonas):
    client.force_login(caseworker)

    response = client.post(
        _entry_url(included, jonas, 1, "who5"),
        {"answered_on": timezone.localdate().isoformat(), "outcome": "answered",
         **{f"item_q{n}": "3" for n in range(1, 6)}},
    )  # fmt: skip

    assert response.status_code == 200
    assert "WHO-5 er til personer på 18 år eller derover" in response.content.decode()
    assert not Measurement.objects.exists()


def test_not_answered_needs_a_reason_and_is_recorded_with_it(
    client, caseworker, included, mette, english
):
    client.force_login(caseworker)
    url = _entry_url(included, mette, 1, "pss")
    data = {"answered_on": timezone.localdate().isoformat(), "outcome": "not_answered"}

    refused = client.post(url, data)
    saved = client.post(url, {**data, "reason": "language", "item_q1": "3"})

    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    assert saved.status_code == 302
    measurement = Measurement.objects.get(member=mette, wave=1, instrument="pss")
    assert (measurement.outcome, measurement.reason, measurement.answers) == (
        "not_answered",
        "language",
        {},
    )
    assert (measurement.score, measurement.no_score_reason) == (None, "not_answered")


def test_a_correction_is_kept_in_history_and_a_stale_one_is_refused(
    client, caseworker, included, jonas, english
):
    client.force_login(caseworker)
    url = _entry_url(included, jonas, 1, "kidscreen10")
    client.post(url, _kidscreen_post([3] * 10))
    loaded = client.get(url).context["form"]["edit_token"].value()

    corrected = client.post(url, _kidscreen_post([4] * 10, edit_token=loaded))
    stale = client.post(url, _kidscreen_post([1] * 10, edit_token=loaded))

    assert corrected.status_code == 302
    assert stale.status_code == 200
    assert "Someone else saved a change while you were editing" in stale.content.decode()
    measurement = Measurement.objects.get(member=jonas, wave=1)
    assert measurement.score == 4 * 8 + 2 * 2  # 36
    assert [row.score for row in measurement.history.order_by("history_date")] == [30, 36]
    history = client.get(reverse("families:history", args=[included.pk]))
    assert "KIDSCREEN-10 · Wave 1" in history.content.decode()


def test_member_progression_shows_chart_and_table(client, caseworker, included, jonas, english):
    client.force_login(caseworker)
    for wave, value in ((1, 3), (2, 4)):
        client.post(_entry_url(included, jonas, wave, "kidscreen10"), _kidscreen_post([value] * 10))

    response = client.get(reverse("measurements:member", args=[included.pk, jonas.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "<polyline" in body
    assert "<td>30</td>" in body and "<td>36</td>" in body
    assert AccessLogEntry.objects.filter(
        user=caseworker, member=jonas, what="Measurement progression"
    ).exists()
    # Danish formats decimals with a comma; the chart's coordinates must stay SVG numbers.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    danish = client.get(reverse("measurements:member", args=[included.pk, jonas.pk]))
    coordinates = re.findall(r' (?:x|y|cx|cy|x1|x2|y1|y2)="([^"]*)"', danish.content.decode())
    assert coordinates
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates


def test_ended_family_can_be_read_but_not_entered(client, caseworker, included, jonas, english):
    cases.change_family_status(
        actor=caseworker, family=included, to_status=Family.Status.CLOSED, reason="Går godt"
    )
    client.force_login(caseworker)

    assert client.get(reverse("measurements:family", args=[included.pk])).status_code == 200
    assert client.get(_entry_url(included, jonas, 1, "kidscreen10")).status_code == 403


def test_siblings_are_not_measured(client, caseworker, included, english):
    sibling = members.add_member(
        actor=caseworker, family=included, role=Member.Role.SIBLING, first_name="Sara",
        last_name="Jensen", birth_date=dt.date(2016, 1, 1),
    )  # fmt: skip
    client.force_login(caseworker)

    assert client.get(_entry_url(included, sibling, 0, "background")).status_code == 404


def test_family_page_query_count_does_not_grow_with_measurements(
    client, caseworker, included, jonas, mette, english
):
    client.force_login(caseworker)
    url = reverse("measurements:family", args=[included.pk])
    client.post(_entry_url(included, jonas, 1, "kidscreen10"), _kidscreen_post([3] * 10))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for wave in (2, 3):
        client.post(_entry_url(included, jonas, wave, "kidscreen10"), _kidscreen_post([3] * 10))
        client.post(
            _entry_url(included, mette, wave, "pss"),
            {"answered_on": timezone.localdate().isoformat(), "outcome": "not_answered",
             "reason": "declined"},
        )  # fmt: skip
    with CaptureQueriesContext(connection) as more:
        client.get(url)

    assert len(more) == len(few)
    # Measured 17 (18 before the SSP part reused the measurements' inclusion date): session,
    # user, the second factor's device; the access (family, membership, coordinator?, consent's
    # departments); inclusion date, measured members, their measurements; the SSP scale, the
    # target children, their levels, the level at inclusion; the access-log insert; the menu
    # (navigation, my-work count).
    assert len(few) <= 17


def test_progression_and_entry_query_counts_do_not_grow(
    client, caseworker, included, jonas, english
):
    client.force_login(caseworker)
    progression = reverse("measurements:member", args=[included.pk, jonas.pk])
    entry = _entry_url(included, jonas, 1, "kidscreen10")
    client.post(entry, _kidscreen_post([3] * 10))
    with CaptureQueriesContext(connection) as few_progression:
        client.get(progression)
    with CaptureQueriesContext(connection) as few_entry:
        client.get(entry)
    for wave in (2, 3, 4):
        client.post(_entry_url(included, jonas, wave, "kidscreen10"), _kidscreen_post([4] * 10))
    with CaptureQueriesContext(connection) as more_progression:
        client.get(progression)
    with CaptureQueriesContext(connection) as more_entry:
        client.get(entry)

    assert len(more_progression) == len(few_progression)
    assert len(more_entry) == len(few_entry)
