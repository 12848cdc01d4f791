"""Names may not carry text-direction controls that reorder what the screen shows."""

import pytest
from django.urls import reverse

from accounts.models import User
from families.forms import FamilyForm, MemberForm
from families.models import Family, Member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SPOOFS = [
    "Jensen\u202egpj.exe",  # RIGHT-TO-LEFT OVERRIDE
    "\u202aJensen",  # LEFT-TO-RIGHT EMBEDDING
    "Jen\u202csen",  # POP DIRECTIONAL FORMATTING
    "Jensen\u2066x\u2069",  # LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE
    "\u2067Jensen",  # RIGHT-TO-LEFT ISOLATE
    "\u2068Jensen",  # FIRST STRONG ISOLATE
]


@pytest.mark.parametrize("name", SPOOFS)
def test_family_name_with_bidi_controls_is_refused(name):
    form = FamilyForm(data={"name": name, "housing_area": "", "notes": ""})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["name"]] == ["bidi_control"]


def test_arabic_and_danish_names_are_accepted():
    form = FamilyForm(data={"name": "Familien Øberg-العلي", "housing_area": "", "notes": ""})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_member_names_with_bidi_controls_are_refused(field):
    data = {"first_name": "Mette", "last_name": "Jensen", "role": Member.Role.PARENT}
    data[field] = "Mette\u202e"
    form = MemberForm(data=data)
    assert not form.is_valid()
    assert "bidi_control" in [error.code for error in form.errors.as_data()[field]]


def test_family_edit_page_refuses_a_bidi_name(client, family, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("families:edit", args=[family.pk]),
        {"name": "Familien \u202eJensen", "housing_area": "", "notes": ""},
    )
    assert response.status_code == 200
    assert Family.objects.get(pk=family.pk).name == "Familien Jensen"


def test_administration_refuses_a_bidi_user_name(client, nordby, caseworker):
    admin = UserFactory(
        username="nordby_admin", municipality=nordby.municipality, is_municipality_admin=True
    )
    client.force_login(admin)
    url = reverse("municipality_admin:accounts_user_change", args=[caseworker.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "username": "caseworker",
            "first_name": "Ca\u202ese",
            "last_name": "Worker",
            "email": "",
            "phone": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "\u202e" not in User.objects.get(pk=caseworker.pk).first_name


@pytest.mark.parametrize("model_admin", ["accounts_department_add", "accounts_team_add"])
def test_administration_refuses_bidi_department_and_team_names(client, nordby, model_admin):
    admin = UserFactory(
        username="nordby_admin", municipality=nordby.municipality, is_municipality_admin=True
    )
    client.force_login(admin)
    response = client.post(
        reverse(f"municipality_admin:{model_admin}"),
        {"name": "Skole\u2067afdeling", "kind": "school", "capacity": "30"},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
