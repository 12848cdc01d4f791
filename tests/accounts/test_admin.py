"""The municipality administration (/administration/): one municipality's organisation only."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Department, Team, TeamMembership, User
from tests.factories import UserFactory


@pytest.fixture
def nordby_admin(nordby):
    return UserFactory(
        username="nordby_admin",
        first_name="Ada",
        last_name="Administrator",
        municipality=nordby.municipality,
        is_municipality_admin=True,
    )


@pytest.fixture
def admin_client(client, nordby_admin, sydby, outsider, caseworker):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(nordby_admin)
    return client


def _changelist(client, model: str):
    response = client.get(reverse(f"municipality_admin:accounts_{model}_changelist"))
    assert response.status_code == 200
    return response


def test_department_list_shows_only_the_own_municipality(admin_client, nordby, sydby):
    response = _changelist(admin_client, "department")

    shown = set(response.context["cl"].result_list)
    assert shown == set(Department.objects.filter(municipality=nordby.municipality))
    page = response.content.decode()
    assert nordby.employment.name in page
    assert sydby.employment.name not in page


def test_team_list_shows_only_the_own_municipality(admin_client, nordby, sydby):
    response = _changelist(admin_client, "team")

    assert list(response.context["cl"].result_list) == [nordby.team]
    assert sydby.team.name not in response.content.decode()


def test_user_list_shows_only_the_own_municipality(
    admin_client, nordby_admin, caseworker, outsider, evaluator
):
    response = _changelist(admin_client, "user")

    shown = set(response.context["cl"].result_list)
    assert caseworker in shown
    assert nordby_admin in shown
    assert outsider not in shown
    assert evaluator not in shown
    assert shown == set(User.objects.filter(municipality=nordby_admin.municipality))


@pytest.mark.parametrize("target", ["department", "team", "user"])
def test_another_municipalitys_object_cannot_be_opened(admin_client, sydby, outsider, target):
    obj, secret = {
        "department": (sydby.employment, sydby.employment.name),
        "team": (sydby.team, sydby.team.name),
        "user": (outsider, outsider.username),
    }[target]
    url = reverse(f"municipality_admin:accounts_{target}_change", args=[obj.pk])

    response = admin_client.get(url)
    followed = admin_client.get(url, follow=True)

    assert response.status_code in (302, 404)
    assert secret not in followed.content.decode()


def test_another_municipalitys_department_cannot_be_changed(admin_client, sydby):
    url = reverse("municipality_admin:accounts_department_change", args=[sydby.employment.pk])

    admin_client.post(url, {"name": "Overtaget", "kind": "employment"})

    sydby.employment.refresh_from_db()
    assert sydby.employment.name == "Jobcenter Sydby"


def test_a_new_department_is_put_in_the_own_municipality(admin_client, nordby):
    response = admin_client.post(
        reverse("municipality_admin:accounts_department_add"),
        {"name": "Sundhedsplejen", "kind": Department.Kind.HEALTH},
    )

    assert response.status_code == 302
    department = Department.objects.get(name="Sundhedsplejen")
    assert (department.municipality, department.kind) == (nordby.municipality, "health")


def test_a_new_team_is_put_in_the_own_municipality(admin_client, nordby):
    admin_client.post(
        reverse("municipality_admin:accounts_team_add"), {"name": "Kerneteam Øst", "capacity": 20}
    )

    assert Team.objects.get(name="Kerneteam Øst").municipality == nordby.municipality


@pytest.mark.parametrize(
    ("model", "data"),
    [
        ("department", {"name": "Jobcenter Nordby", "kind": Department.Kind.EMPLOYMENT}),
        ("team", {"name": "Kerneteam Nordby", "capacity": 20}),
    ],
)
def test_a_duplicate_name_in_the_own_municipality_is_a_form_error(
    admin_client, nordby, model, data
):
    # Names are unique per municipality, but the municipality is not a field on the form: the
    # admin must still answer with a form error, not a database error.
    model_class = Department if model == "department" else Team

    response = admin_client.post(reverse(f"municipality_admin:accounts_{model}_add"), data)

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert model_class.objects.filter(name=data["name"]).count() == 1


def test_the_same_name_is_allowed_in_another_municipality(admin_client, nordby, sydby):
    # Sydby already has "Jobcenter Sydby"; Nordby may use that name too.
    admin_client.post(
        reverse("municipality_admin:accounts_department_add"),
        {"name": sydby.employment.name, "kind": Department.Kind.EMPLOYMENT},
    )

    assert Department.objects.filter(
        name=sydby.employment.name, municipality=nordby.municipality
    ).exists()


def test_a_membership_can_only_use_the_own_municipalitys_teams_and_departments(
    admin_client, nordby, sydby
):
    response = admin_client.get(reverse("municipality_admin:accounts_user_add"))
    assert response.status_code == 200

    change = admin_client.get(
        reverse(
            "municipality_admin:accounts_user_change",
            args=[User.objects.get(username="caseworker").pk],
        )
    )

    page = change.content.decode()
    assert change.status_code == 200
    assert nordby.team.name in page
    assert sydby.team.name not in page
    assert sydby.employment.name not in page


def test_a_new_user_is_put_in_the_own_municipality_and_is_no_superuser(admin_client, nordby):
    response = admin_client.post(
        reverse("municipality_admin:accounts_user_add"),
        {
            "username": "ny_medarbejder",
            "first_name": "Ny",
            "last_name": "Medarbejder",
            "email": "ny@nordby.example",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="ny_medarbejder")
    assert user.municipality == nordby.municipality
    assert not (user.is_superuser or user.is_staff or user.is_national_evaluator)
    assert not TeamMembership.objects.filter(user=user).exists()


@pytest.mark.parametrize("who", ["caseworker", "coordinator", "steering", "outsider"])
def test_users_without_the_admin_role_are_sent_to_the_admin_login(request, client, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("municipality_admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("municipality_admin:login"))


def test_users_without_the_admin_role_cannot_open_a_changelist(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("municipality_admin:accounts_department_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("municipality_admin:login"))
