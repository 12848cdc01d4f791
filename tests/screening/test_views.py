"""Screening pages: happy paths with their effect, and every refusal."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import AccessLogEntry, Family, Handover, Task
from families.services import handovers, members
from screening.models import Decline, Referral, VisitationDecision, VisitationMeeting
from screening.services import visitation as visitation_services
from tests.screening.conftest import consent, judge_all

TEAM_PAGES = ["screening:inbox", "screening:visitation", "screening:referral_create"]
REFERRAL_PAGES = [
    "screening:referral_detail",
    "screening:referral_screen",
    "screening:referral_decide",
    "screening:referral_handover",
]
POST_ONLY = [
    "screening:referral_decline",
    "screening:referral_investigations",
    "screening:referral_meeting",
]


def url(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def included(referral, caseworker, coordinator, meeting):
    judge_all(referral, caseworker)
    visitation_services.decide_referral(
        actor=coordinator,
        referral=referral,
        meeting=meeting,
        outcome=VisitationDecision.Outcome.INCLUDE,
    )
    family = referral.family
    family.refresh_from_db()
    members.add_member(
        actor=caseworker,
        family=family,
        role="parent",
        is_custody_holder=True,
        first_name="Amal",
        last_name="Hassan",
    )
    referral.refresh_from_db()
    return referral


def all_pages(referral):
    pages = [url(name) for name in TEAM_PAGES]
    pages += [url(name, referral.pk) for name in REFERRAL_PAGES + POST_ONLY]
    pages += [
        url("screening:family_referrals", referral.family_id),
        url("screening:family_referral_create", referral.family_id),
    ]
    return pages


@pytest.mark.parametrize("who", ["steering", "outside_caseworker"])
def test_non_team_users_in_the_tenant_get_403_everywhere(client, referral, who, request):
    client.force_login(request.getfixturevalue(who))
    for page in all_pages(referral):
        assert client.get(page).status_code in (403, 405), page
        assert client.post(page).status_code == 403, page
    assert AccessLogEntry.objects.filter(outcome=AccessLogEntry.Outcome.DENIED).exists()


@pytest.mark.parametrize("who", ["outsider", "evaluator"])
def test_users_outside_the_tenant_get_404_on_family_pages(client, referral, who, request):
    client.force_login(request.getfixturevalue(who))
    for page in all_pages(referral)[len(TEAM_PAGES) :]:
        assert client.post(page).status_code == 404, page


def test_evaluator_gets_403_on_team_pages(client, evaluator, referral):
    client.force_login(evaluator)
    for name in TEAM_PAGES:
        assert client.get(url(name)).status_code == 403


def test_outsider_does_not_see_another_municipalitys_referrals(client, outsider, referral):
    client.force_login(outsider)
    response = client.get(url("screening:inbox"))
    assert response.status_code == 200
    assert "Hassan" not in response.content.decode()


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_refuse_get(client, caseworker, referral, name):
    client.force_login(caseworker)
    assert client.get(url(name, referral.pk)).status_code == 405


def test_inbox_lists_the_referral_and_logs_the_read(client, caseworker, referral):
    client.force_login(caseworker)
    response = client.get(url("screening:inbox"))
    assert response.status_code == 200
    assert referral.family.name in response.content.decode()
    assert "Referrals by status" not in response.content.decode()  # counts: team leads only
    assert AccessLogEntry.objects.filter(user=caseworker, what="Referral inbox").exists()


def test_team_lead_sees_counts_on_the_inbox(client, coordinator, referral):
    client.force_login(coordinator)
    assert "Referrals by status" in client.get(url("screening:inbox")).content.decode()


def person(prefix, **fields):
    data = {
        f"{prefix}-role": "target_child",
        f"{prefix}-first_name": "Ali",
        f"{prefix}-last_name": "Nur",
        f"{prefix}-cpr": "",
        f"{prefix}-birth_date": "2012-03-04",
        f"{prefix}-gender": "male",
        f"{prefix}-origin": "descendant_non_western",
        f"{prefix}-address": "Ravnsbjergvej 9",
        f"{prefix}-postal_code": "",
        f"{prefix}-city": "",
        f"{prefix}-is_custody_holder": "",
    }
    return {**data, **fields}


def referral_post(team, **fields):
    return {
        "team": team.pk,
        "family_name": "Nur",
        "housing_area": "",
        "received_on": timezone.localdate().isoformat(),
        "source": "police",
        "referred_by": "Politiet",
        "concern": "Bekymring",
        "ssp_level": "3",
        "ukn_reference": "",
        "ukn_kind": "",
        "person-TOTAL_FORMS": "1",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": "6",
        **person("person-0"),
        **fields,
    }


def test_register_a_referral(client, caseworker, nordby):
    client.force_login(caseworker)
    assert client.get(url("screening:referral_create")).status_code == 200
    response = client.post(url("screening:referral_create"), referral_post(nordby.team))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == referral.get_absolute_url()
    assert referral.family.name == "Nur" and referral.ssp_level == 3
    assert [c.first_name for c in referral.children.all()] == ["Ali"]


def test_duplicates_are_shown_before_anything_is_created(client, caseworker, nordby, family):
    client.force_login(caseworker)
    data = referral_post(nordby.team, **{"person-0-cpr": "030511-4321"})
    response = client.post(url("screening:referral_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Possible duplicates" in content
    assert url("screening:family_referrals", family.pk) in content
    assert not Referral.objects.exists() and Family.objects.count() == 1
    duplicate = family.members.get(cpr="030511-4321")
    response = client.post(
        url("screening:referral_create"), {**data, "confirm_duplicates": str(duplicate.pk)}
    )
    assert response.status_code == 302 and Referral.objects.count() == 1


def test_future_referral_date_is_a_clear_error(client, caseworker, nordby):
    client.force_login(caseworker)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url("screening:referral_create"),
        referral_post(nordby.team, received_on=tomorrow.isoformat()),
    )
    assert "future" in response.content.decode()
    assert not Family.objects.exists()


def test_register_a_referral_for_an_existing_family(client, caseworker, family):
    client.force_login(caseworker)
    page = url("screening:family_referral_create", family.pk)
    assert client.get(page).status_code == 200
    jonas = family.members.get(first_name="Jonas")
    data = referral_post(family.team, existing_children=[jonas.pk])
    data.pop("family_name")
    data.update({"person-TOTAL_FORMS": "0"})
    response = client.post(page, data)
    assert response.status_code == 302
    assert list(Referral.objects.get(family=family).children.all()) == [jonas]


def test_screening_page_saves_judgements(client, caseworker, referral):
    client.force_login(caseworker)
    page = url("screening:referral_screen", referral.pk)
    assert client.get(page).status_code == 200
    member = referral.children.get()
    data = {
        f"met_{member.pk}_gang_risk": "yes",
        f"why_{member.pk}_gang_risk": "Ses med gruppen",
        f"met_{member.pk}_gang_relation": "no",
        f"why_{member.pk}_gang_relation": "",
    }
    response = client.post(page, data)
    assert response.status_code == 200
    assert "justification" in response.content.decode()
    data[f"why_{member.pk}_gang_relation"] = "Ingen kendt relation"
    assert client.post(page, data).status_code == 302
    referral.refresh_from_db()
    assert referral.screened_at is not None
    assert referral.answers.count() == 2


def test_referral_page_before_consent_shows_no_handover(client, caseworker, included, nordby):
    handovers.record_handover(
        actor=caseworker,
        family=included.family,
        department=nordby.children_family,
        handed_over_on=timezone.localdate(),
        case_reference="HEMMELIG-1",
    )
    client.force_login(caseworker)
    response = client.get(url("screening:referral_detail", included.pk))
    assert response.status_code == 200
    assert "HEMMELIG-1" not in response.content.decode()
    # The consent gate: no handover checklist before consent.
    assert client.get(url("screening:referral_handover", included.pk)).status_code == 403
    assert client.post(url("screening:referral_investigations", included.pk)).status_code == 403


def test_visitation_meeting_and_decision(client, coordinator, caseworker, referral):
    judge_all(referral, caseworker)
    client.force_login(coordinator)
    assert client.get(url("screening:visitation")).status_code == 200
    response = client.post(
        url("screening:visitation"),
        {
            "team": referral.team_id,
            "held_on": timezone.localdate().isoformat(),
            "attendees": [coordinator.pk, caseworker.pk],
        },
    )
    assert response.status_code == 302
    meeting = VisitationMeeting.objects.get()
    page = url("screening:referral_decide", referral.pk)
    assert client.get(page).status_code == 200
    response = client.post(page, {"meeting": meeting.pk, "outcome": "reject"})
    assert "reason" in response.content.decode()
    assert not VisitationDecision.objects.exists()
    response = client.post(
        page,
        {
            "meeting": meeting.pk,
            "outcome": "reject",
            "rejection_reason": "Moved out of the municipality",
        },
    )
    assert response.status_code == 302
    assert Family.objects.get(pk=referral.family_id).status == Family.Status.REJECTED


def test_decline(client, caseworker, included):
    client.force_login(caseworker)
    response = client.post(
        url("screening:referral_decline", included.pk),
        {"reason": "no_problem", "declined_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert Decline.objects.get().referral == included
    assert Family.objects.get(pk=included.family_id).status == Family.Status.WITHDRAWN


def test_handover_checklist_after_consent(client, caseworker, included, nordby):
    consent(included.family, caseworker, nordby.children_family)
    client.force_login(caseworker)
    page = url("screening:referral_handover", included.pk)
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "department": nordby.employment.pk,
            "has_existing_case": "no",
            "handed_over_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Handover.objects.get().has_existing_case is False
    child = included.children.get()
    response = client.post(
        url("screening:referral_investigations", included.pk), {"children": [child.pk]}
    )
    assert response.status_code == 302
    assert Task.objects.get().member == child


def test_screening_justification_is_labelled_required_when_answered(client, caseworker, referral):
    """Issue 11, item 2: the justification the service requires is not labelled optional."""
    client.force_login(caseworker)
    html = client.get(url("screening:referral_screen", referral.pk)).content.decode()
    member = referral.children.get()
    label = html.split(f'for="id_why_{member.pk}_gang_risk"', 1)[1].split("</label>", 1)[0]
    assert "required when answered" in label
    assert "optional" not in label
