"""The inbox and the visitation page run a fixed number of queries however many referrals.

Both run at two sizes (2 and 25 referrals of each kind) under the same bound: the number measured
at the small size plus a margin of one (measured figures at each constant).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from families.models import Family
from screening.models import VisitationDecision
from screening.services import visitation as visitation_services
from tests.factories import FamilyFactory
from tests.screening.conftest import child, judge_all, register

# measured: 20 at both sizes (session, user, menu and its count, memberships, a page of each
# list and its count or total, lead times, log)
INBOX_QUERIES = 21
VISITATION_QUERIES = 18  # measured: 17 at both sizes (with the lists' totals, the menu's count)


@pytest.fixture(autouse=True)
def cold_content_type_cache():
    ContentType.objects.clear_cache()


@pytest.fixture(params=[2, 25])
def busy_team(request, nordby, caseworker, coordinator, areas):
    size = request.param
    team = nordby.team
    meeting = visitation_services.record_meeting(
        actor=coordinator,
        team=team,
        held_on=timezone.localdate(),
        attendees=[caseworker, coordinator],
    )
    for number in range(size):
        open_referral = register(
            caseworker,
            team,
            name=f"Åben {number}",
            children=[child(f"A{number}"), child(f"B{number}", age=9)],
        )
        judge_all(open_referral, caseworker)
        included = register(caseworker, team, name=f"Inkluderet {number}")
        judge_all(included, caseworker)
        visitation_services.decide_referral(
            actor=coordinator,
            referral=included,
            meeting=meeting,
            outcome=VisitationDecision.Outcome.INCLUDE,
        )
    team.capacity = 1
    team.save()
    FamilyFactory(team=team, status=Family.Status.INCLUDED)
    for number in range(size):
        waiting = register(caseworker, team, name=f"Venter {number}")
        judge_all(waiting, caseworker)
        visitation_services.decide_referral(
            actor=coordinator,
            referral=waiting,
            meeting=meeting,
            outcome=VisitationDecision.Outcome.WAIT_LIST,
        )
    return size


def test_inbox_query_count_is_fixed(client, coordinator, busy_team, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(INBOX_QUERIES):
        response = client.get(reverse("screening:inbox"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Venter {busy_team - 1}" in content and f"Åben {busy_team - 1}" in content


def test_visitation_query_count_is_fixed(
    client, coordinator, busy_team, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(VISITATION_QUERIES):
        response = client.get(reverse("screening:visitation"))
    assert response.status_code == 200
    assert f"Venter {busy_team - 1}" in response.content.decode()


@pytest.mark.parametrize("busy_team", [25], indirect=True)
def test_inbox_and_visitation_show_one_page(
    client, coordinator, busy_team, monkeypatch, django_assert_max_num_queries
):
    """Lists longer than a page show a page (issue 12): the rest is paged or counted."""
    from screening import selectors

    monkeypatch.setattr(selectors, "INBOX_ROWS", 10)
    client.force_login(coordinator)
    with django_assert_max_num_queries(INBOX_QUERIES):
        inbox = client.get(reverse("screening:inbox"))
    assert len(inbox.context["inbox"].open_referrals) == 10
    assert inbox.context["page"].paginator.count == busy_team
    assert len(inbox.context["inbox"].wait_list) == 10
    assert "The first 10 of 25." in inbox.content.decode()
    second = client.get(reverse("screening:inbox"), {"page": 3})
    assert len(second.context["inbox"].open_referrals) == 5
    with django_assert_max_num_queries(VISITATION_QUERIES):
        page = client.get(reverse("screening:visitation"))
    (team,) = page.context["teams"]
    assert len(team.wait_list) == 10 and team.wait_list_total == busy_team
    assert "The first 10 of 25." in page.content.decode()
