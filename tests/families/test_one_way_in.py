"""One way in (issue 11, item 5): a family comes in by a referral; the team's leads may register a
family that is already included (backfill), with its inclusion date and earlier reference."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import TeamMembership, User
from families.access import can_register_included_family
from families.models import AccessLogEntry, Family, FamilyStatusChange
from families.services import cases
from tests.conftest import Organisation, _team_user

INCLUDED_ON = dt.date(2025, 9, 15)


def _post(client, team_id: int, **overrides: str):
    data = {
        "team": str(team_id),
        "name": "Familien Holm",
        "included_on": INCLUDED_ON.isoformat(),
        "earlier_reference": "SAG-2025-117",
        "housing_area": "Nordparken",
        "notes": "",
        **overrides,
    }
    return client.post(reverse("families:register_included"), data)


@pytest.fixture
def sydby_lead(sydby: Organisation) -> User:
    return _team_user(
        sydby, sydby.children_family, TeamMembership.Role.TEAM_COORDINATOR, "sydby_lead"
    )


# --- The old "new family" path leads to the referral form ----------------------------------------


def test_new_family_leads_to_the_referral_form(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("families:create"))

    assert response.status_code == 302
    assert response["Location"] == reverse("screening:referral_create")
    # Posting the old form creates nothing either.
    response = client.post(reverse("families:create"), {"name": "Familien Hansen"})
    assert response.status_code == 302
    assert not Family.objects.exists()


def test_the_menu_and_family_list_offer_a_referral_not_a_bare_family(client, caseworker):
    client.force_login(caseworker)

    page = client.get(reverse("families:mine")).content.decode()

    assert f'href="{reverse("screening:referral_create")}"' in page  # the menu item
    assert f'href="{reverse("families:create")}"' in page  # the list's button
    # A caseworker is not offered the backfill.
    assert reverse("families:register_included") not in page


def test_a_team_lead_is_offered_the_backfill_on_the_family_list(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("families:mine")).content.decode()

    assert f'href="{reverse("families:register_included")}"' in page


# --- The rule ----------------------------------------------------------------------------------


def test_only_the_teams_leads_may_register_an_included_family(
    nordby, sydby, caseworker, coordinator, other_department_user, sydby_lead
):
    assert can_register_included_family(coordinator, nordby.team.pk)
    assert not can_register_included_family(caseworker, nordby.team.pk)
    assert not can_register_included_family(other_department_user, nordby.team.pk)
    # A lead of another municipality's team is no lead of this one.
    assert not can_register_included_family(sydby_lead, nordby.team.pk)
    assert can_register_included_family(sydby_lead, sydby.team.pk)
    # A former lead is none.
    coordinator.memberships.update(is_active=False)
    assert not can_register_included_family(coordinator, nordby.team.pk)


def test_a_project_lead_may_register_too(nordby):
    lead = _team_user(nordby, nordby.social, TeamMembership.Role.PROJECT_LEAD, "projectlead")

    assert can_register_included_family(lead, nordby.team.pk)


# --- The page and the service ------------------------------------------------------------------


def test_a_lead_registers_an_included_family_with_its_date_and_earlier_reference(
    client, nordby, coordinator
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator)

    response = _post(client, nordby.team.pk)

    family = Family.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("families:member_create", args=[family.pk])
    assert (family.status, family.family_ref, family.team, family.housing_area) == (
        Family.Status.INCLUDED,
        "SAG-2025-117",
        nordby.team,
        "Nordparken",
    )
    assert family.reference == f"NOR-{timezone.localdate().year}-0001"
    assert family.coordinators.get().user == coordinator
    # The path: referred when opened, included on the day given (waves count from it).
    included = family.status_changes.get(to_status=Family.Status.INCLUDED)
    assert included.from_status == Family.Status.REFERRED
    assert timezone.localdate(included.changed_at) == INCLUDED_ON
    # Opened on that day too: no dated status after the inclusion says "referred".
    opened = family.status_changes.get(to_status=Family.Status.REFERRED)
    assert opened.changed_at == included.changed_at
    assert family.status_changes.order_by("-changed_at", "-pk").first() == included
    assert included.changed_by == coordinator
    assert "registered as already included" in included.reason.lower()
    assert "SAG-2025-117" in included.reason
    # The family's own history says it, and by whom.
    last = family.history.order_by("-history_id").first()
    assert last.history_user == coordinator
    assert last.status == Family.Status.INCLUDED
    assert "SAG-2025-117" in last.history_change_reason
    assert coordinator.get_full_name() in last.history_change_reason


def test_the_history_page_says_the_family_was_registered_as_included(client, nordby, coordinator):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator)
    _post(client, nordby.team.pk)
    family = Family.objects.get()

    page = client.get(reverse("families:history", args=[family.pk])).content.decode()

    assert "Registered as already included by" in page
    assert coordinator.get_full_name() in page
    assert "SAG-2025-117" in page


def test_a_caseworker_is_refused_the_page_and_it_is_logged(client, nordby, caseworker):
    client.force_login(caseworker)

    get = client.get(reverse("families:register_included"))
    post = _post(client, nordby.team.pk)

    assert (get.status_code, post.status_code) == (403, 403)
    assert not Family.objects.exists()
    assert (
        AccessLogEntry.objects.filter(
            user=caseworker,
            path=reverse("families:register_included"),
            outcome=AccessLogEntry.Outcome.DENIED,
        ).count()
        == 2
    )


def test_the_service_refuses_a_caseworker(nordby, caseworker):
    with pytest.raises(ValidationError):
        cases.register_included_family(
            actor=caseworker,
            team=nordby.team,
            name="Familien Holm",
            included_on=INCLUDED_ON,
            earlier_reference="SAG-1",
        )
    assert not Family.objects.exists()


def test_a_lead_of_another_municipality_cannot_register_into_this_team(
    client, nordby, sydby, sydby_lead
):
    client.force_login(sydby_lead)

    response = _post(client, nordby.team.pk)

    assert response.status_code == 200  # the team is no choice of theirs
    assert "team" in response.context["form"].errors
    assert not Family.objects.exists()
    with pytest.raises(ValidationError):
        cases.register_included_family(
            actor=sydby_lead,
            team=nordby.team,
            name="Familien Holm",
            included_on=INCLUDED_ON,
            earlier_reference="SAG-1",
        )
    assert not Family.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field_or_none"),
    [
        ({"included_on": ""}, "included_on"),
        ({"earlier_reference": ""}, "earlier_reference"),
        ({"earlier_reference": "   "}, "earlier_reference"),
        ({"name": ""}, "name"),
    ],
)
def test_the_inclusion_date_and_earlier_reference_are_required(
    client, nordby, coordinator, overrides, field_or_none
):
    client.force_login(coordinator)

    response = _post(client, nordby.team.pk, **overrides)

    assert response.status_code == 200
    assert field_or_none in response.context["form"].errors
    assert not Family.objects.exists()


def test_an_inclusion_date_in_the_future_is_refused_and_the_input_kept(client, nordby, coordinator):
    client.force_login(coordinator)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = _post(client, nordby.team.pk, included_on=tomorrow.isoformat())

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Family.objects.exists()
    assert 'value="SAG-2025-117"' in response.content.decode()


def test_an_earlier_reference_is_registered_once_per_municipality(
    client, nordby, sydby, coordinator, sydby_lead
):
    cases.register_included_family(
        actor=coordinator,
        team=nordby.team,
        name="Familien Holm",
        included_on=INCLUDED_ON,
        earlier_reference="SAG-2025-117",
    )
    client.force_login(coordinator)

    response = _post(client, nordby.team.pk, name="Familien Holm igen")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Family.objects.count() == 1
    # Another municipality's own case numbers are theirs.
    cases.register_included_family(
        actor=sydby_lead,
        team=sydby.team,
        name="Familien Syd",
        included_on=INCLUDED_ON,
        earlier_reference="SAG-2025-117",
    )
    assert Family.objects.count() == 2


def test_the_family_is_then_included_everywhere_the_path_reads_it(nordby, coordinator):
    family = cases.register_included_family(
        actor=coordinator,
        team=nordby.team,
        name="Familien Holm",
        included_on=INCLUDED_ON,
        earlier_reference="SAG-9",
    )

    # The next step on its path is the assessment, as for a family included after a referral.
    cases.change_family_status(actor=coordinator, family=family, to_status=Family.Status.ASSESSMENT)
    assert list(
        FamilyStatusChange.objects.filter(family=family)
        .order_by("pk")
        .values_list("from_status", "to_status")
    ) == [
        ("", Family.Status.REFERRED),
        (Family.Status.REFERRED, Family.Status.INCLUDED),
        (Family.Status.INCLUDED, Family.Status.ASSESSMENT),
    ]
