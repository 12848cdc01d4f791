"""Logging in and out, and the lockout after repeated failures (django-axes enabled here)."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_with_the_right_password_goes_to_my_families(client, caseworker):
    response = client.post(
        reverse("accounts:login"), {"username": "caseworker", "password": "demo"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("families:mine")


def test_wrong_password_gives_a_clear_message_in_danish(client, caseworker):
    response = client.post(
        reverse("accounts:login"), {"username": "caseworker", "password": "forkert"}
    )
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_pages_need_a_login(client, family):
    response = client.get(reverse("families:detail", args=[family.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_with_a_readable_page(client, caseworker):
    for _attempt in range(3):
        client.post(reverse("accounts:login"), {"username": "caseworker", "password": "x"})
    response = client.post(
        reverse("accounts:login"), {"username": "caseworker", "password": "demo"}
    )
    assert response.status_code == 429
    assert "For mange mislykkede log ind-forsøg" in response.content.decode()
