"""The assessment page and the timeline run a fixed number of queries: the same bound for
2 members with 10 events and 10 members with 500 events."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from assessment.models import RnrDomain, TimelineEntry
from assessment.services import journal as journal_services
from assessment.services import meetings as meeting_services
from assessment.services import risk as risk_services
from assessment.services import timeline as timeline_services
from families.models import Member
from families.services import members as member_services
from tests.assessment.conftest import member

SIZES = [(2, 10), (10, 500)]
# Measured: 22 queries for the assessment page and 20 for the timeline, the same at both sizes
# (session, user, the second factor's device, family access and consent, access log, the page's
# own reads, menu and its my-work count, tabs). Was 20 and 18: +1 the second factor's device
# django-otp reads on every request, +1 the my-work count in the menu.
# The bound is the measured number plus a margin of one.
ASSESSMENT_PAGE_QUERIES = 23
TIMELINE_QUERIES = 21

ALL_DOMAINS = list(RnrDomain.values)


@pytest.fixture(autouse=True)
def cold_content_type_cache():
    ContentType.objects.clear_cache()


def _fill(assessment, caseworker, nordby, instruments, members: int, events: int) -> None:
    family = assessment.family
    people = [member(family, "Mette"), member(family, "Jonas")]
    for number in range(members - 2):
        people.append(
            member_services.add_member(
                actor=caseworker,
                family=family,
                role=Member.Role.SIBLING,
                first_name=f"Barn{number}",
                last_name="Jensen",
                birth_date=dt.date(2008, 1, 1) + dt.timedelta(days=number),
            )
        )
    today = timezone.localdate()
    rows = []
    for number in range(events):
        person = people[number % len(people)]
        start = today - dt.timedelta(days=10 + number * 7 % 5000)
        start = max(start, person.birth_date or start)
        if number % 3:
            rows.append(
                {
                    "member": person,
                    "department": nordby.children_family,
                    "kind": TimelineEntry.Kind.EVENT,
                    "event_type": TimelineEntry.EventType.SCHOOL_CHANGE,
                    "start_date": start,
                }
            )
        else:
            rows.append(
                {
                    "member": person,
                    "department": nordby.social,
                    "kind": TimelineEntry.Kind.MEASURE,
                    "measure_type": TimelineEntry.MeasureType.MENTOR,
                    "start_date": start,
                    "end_date": min(start + dt.timedelta(days=90), today),
                }
            )
    timeline_services.add_timeline_entries(actor=caseworker, assessment=assessment, rows=rows)
    for person in people:
        journal_services.add_journal_entry(
            actor=caseworker,
            assessment=assessment,
            member=person,
            department=nordby.children_family,
            document_type="journal_note",
            document_date=today,
            summary="Notat",
        )
        risk_services.record_risk_assessment(
            actor=caseworker,
            assessment=assessment,
            member=person,
            instrument=instruments["SPJ_RNR8"],
            assessed_on=today,
            domain_scores=dict.fromkeys(
                ALL_DOMAINS,
                1,
            ),
        )
    meeting_services.save_overall_assessment(
        actor=caseworker,
        assessment=assessment,
        attendees=[caseworker],
        concerns={person.pk: 1 for person in people[1:]},
        needs="x",
    )


@pytest.mark.parametrize(("members", "events"), SIZES)
def test_assessment_page_query_count_is_fixed(
    client,
    caseworker,
    nordby,
    assessment,
    instruments,
    django_assert_max_num_queries,
    members,
    events,
):
    _fill(assessment, caseworker, nordby, instruments, members, events)
    client.force_login(caseworker)
    with django_assert_max_num_queries(ASSESSMENT_PAGE_QUERIES):
        response = client.get(assessment.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["page"].timeline) == events


@pytest.mark.parametrize(("members", "events"), SIZES)
def test_timeline_query_count_is_fixed(
    client,
    caseworker,
    nordby,
    assessment,
    instruments,
    django_assert_max_num_queries,
    members,
    events,
):
    _fill(assessment, caseworker, nordby, instruments, members, events)
    client.force_login(caseworker)
    path = reverse("assessment:timeline", args=[assessment.family_id, assessment.pk])
    with django_assert_max_num_queries(TIMELINE_QUERIES):
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.context["chart"].lanes) == members
    assert sum(len(lane.items) for lane in response.context["chart"].lanes) == events
