"""The assessment's changes appear on the family's history page, gated like the rows themselves."""

import pytest
from django.urls import reverse

from assessment.services import timeline as timeline_services
from tests.assessment.conftest import days_ago, event_row, member

pytestmark = pytest.mark.django_db


def _history_entries(client, user, family):
    client.force_login(user)
    response = client.get(reverse("families:history", args=[family.pk]))
    assert response.status_code == 200
    return response.context["page"].object_list


def test_family_history_lists_the_assessment_and_its_timeline_rows(
    client, assessment, caseworker, coordinator, nordby
):
    jonas = member(assessment.family, "Jonas")
    timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[event_row(jonas, nordby.children_family, days_ago(400))],
    )

    entries = _history_entries(client, coordinator, assessment.family)

    whats = {(entry.what, entry.action) for entry in entries}
    assert ("Assessment", "created") in whats
    timeline = [entry for entry in entries if entry.what == "Timeline"]
    assert len(timeline) == 1
    assert timeline[0].subject.startswith("Jonas Jensen")
    assert timeline[0].user == caseworker


def test_timeline_history_of_an_uncovered_department_stays_hidden(
    client, assessment, caseworker, other_department_user, nordby
):
    # The consent covers children & family and social services, not the jobcentre.
    jonas = member(assessment.family, "Jonas")
    timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[event_row(jonas, nordby.children_family, days_ago(400))],
    )

    entries = _history_entries(client, other_department_user, assessment.family)

    assert [entry for entry in entries if entry.what == "Timeline"] == []
