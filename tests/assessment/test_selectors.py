"""Consent and department visibility of journal and timeline rows; timeline ordering."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from assessment import selectors
from assessment.services import journal as journal_services
from assessment.services import risk as risk_services
from assessment.services import timeline as timeline_services
from assessment.timeline_chart import timeline_chart
from families.services import outside_access
from tests.assessment.conftest import ALL_DOMAINS, days_ago, event_row, measure_row, member
from tests.helpers import granted


@pytest.fixture
def rows_from_three_departments(assessment, caseworker, coordinator, other_department_user, nordby):
    """One journal entry and one event from each of Børn og Familie, Social, Jobcenter, School."""
    jonas = member(assessment.family, "Jonas")
    for actor, department, days in [
        (caseworker, nordby.children_family, 30),
        (coordinator, nordby.social, 20),
        (other_department_user, nordby.employment, 10),
        (caseworker, nordby.school, 5),
    ]:
        journal_services.add_journal_entry(
            actor=actor,
            assessment=assessment,
            member=jonas,
            department=department,
            document_type="journal_note",
            document_date=days_ago(days),
            summary=department.name,
        )
        timeline_services.add_timeline_entries(
            actor=actor, assessment=assessment, rows=[event_row(jonas, department, days_ago(days))]
        )
    return assessment


def _departments(entries) -> set[str]:
    return {entry.department.name for entry in entries}


def test_the_team_sees_rows_of_departments_the_consent_covers(
    rows_from_three_departments, caseworker, nordby
):
    access = granted(caseworker, rows_from_three_departments.family)
    expected = {nordby.children_family.name, nordby.social.name}
    assert _departments(selectors.visible_journal_entries(access, rows_from_three_departments)) == (
        expected
    )
    assert _departments(selectors.visible_timeline(access, rows_from_three_departments)) == expected


def test_a_department_outside_the_consent_sees_only_its_own_rows(
    rows_from_three_departments, other_department_user, nordby
):
    access = granted(other_department_user, rows_from_three_departments.family)
    assert _departments(selectors.visible_timeline(access, rows_from_three_departments)) == {
        nordby.employment.name
    }
    assert access.changeable_department_ids == {nordby.employment.pk}


@pytest.mark.parametrize(
    ("grant_department", "visible"),
    [
        # The school is outside the consent: the consultant reads the school's rows only.
        ("school", {"school"}),
        # Invited as Social, which the consent covers: they read what Social reads.
        ("social", {"children_family", "social"}),
    ],
)
def test_an_outside_caseworker_reads_as_their_grant_department_and_changes_nothing(
    rows_from_three_departments, coordinator, outside_caseworker, nordby, grant_department, visible
):
    family = rows_from_three_departments.family
    outside_access.grant_outside_access(
        actor=coordinator,
        family=family,
        user=outside_caseworker,
        department=getattr(nordby, grant_department),
        valid_until=timezone.localdate() + dt.timedelta(days=10),
        reason="Skolekonsulent",
    )
    access = granted(outside_caseworker, family)
    expected = {getattr(nordby, name).name for name in visible}
    assert _departments(selectors.visible_journal_entries(access, rows_from_three_departments)) == (
        expected
    )
    assert _departments(selectors.visible_timeline(access, rows_from_three_departments)) == expected
    assert access.changeable_department_ids == frozenset()
    assert not access.can_change_case_content


def test_without_consent_nothing_is_visible(assessment, caseworker):
    from families.models import Consent

    Consent.objects.update(withdrawn_on=timezone.localdate())
    access = granted(caseworker, assessment.family)
    assert not access.can_view_case_content
    assert list(selectors.visible_timeline(access, assessment)) == []


def test_the_timeline_is_ordered_oldest_first(assessment, caseworker, nordby):
    jonas, mette = member(assessment.family, "Jonas"), member(assessment.family, "Mette")
    timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[
            event_row(jonas, nordby.children_family, days_ago(5)),
            measure_row(mette, nordby.children_family, days_ago(900), days_ago(400)),
            event_row(mette, nordby.children_family, days_ago(5), event_type="eviction"),
            event_row(jonas, nordby.children_family, days_ago(50)),
        ],
    )
    access = granted(caseworker, assessment.family)
    entries = list(selectors.visible_timeline(access, assessment))
    assert [e.start_date for e in entries] == sorted(e.start_date for e in entries)
    # Same day: the order they were recorded in.
    assert [e.event_type for e in entries[-2:]] == ["arrest", "eviction"]


def test_the_chart_has_a_lane_per_member_and_places_rows_in_time(assessment, caseworker, nordby):
    jonas, mette = member(assessment.family, "Jonas"), member(assessment.family, "Mette")
    timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[
            measure_row(mette, nordby.children_family, days_ago(2000), days_ago(1500)),
            measure_row(mette, nordby.children_family, days_ago(1800)),
            event_row(jonas, nordby.children_family, days_ago(100)),
        ],
    )
    access = granted(caseworker, assessment.family)
    members = selectors.family_members(access)
    chart = timeline_chart(
        members, list(selectors.visible_timeline(access, assessment)), today=timezone.localdate()
    )
    assert [lane.label for lane in chart.lanes] == ["Mette Jensen", "Jonas Jensen"]
    mette_lane, jonas_lane = chart.lanes
    bars = [item for item in mette_lane.items if item.width]
    # Overlapping measures go on separate tracks; the ongoing one runs to today.
    assert len({bar.y for bar in bars}) == 2
    assert bars[1].x + bars[1].width == pytest.approx(chart.today_x, abs=0.2)
    assert jonas_lane.y > mette_lane.y
    [event] = jonas_lane.items
    assert chart.plot_left < bars[0].x < event.x <= chart.today_x
    assert chart.years[0].year <= days_ago(2000).year
    assert "Jonas" in event.title


def test_the_page_shows_the_final_level_of_each_child(assessment, caseworker, instruments):
    jonas = member(assessment.family, "Jonas")
    risk_services.record_risk_assessment(
        actor=caseworker,
        assessment=assessment,
        member=jonas,
        instrument=instruments["SPJ_RNR8"],
        assessed_on=days_ago(1),
        domain_scores=dict.fromkeys(
            ALL_DOMAINS,
            0,
        ),
        override_level="high",
        override_reason="Ny viden",
    )
    request = RequestFactory().get("/")
    request.user = caseworker
    page = selectors.assessment_page(granted(caseworker, assessment.family), assessment)
    assert page.level_by_member[jonas.pk].final_level == "high"
