"""Logging in and out, the lockout after repeated failures (django-axes enabled here), the global
pause on failed log-ins, and the client address behind a proxy."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.http import urlencode

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _post(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_login_with_the_right_password_goes_on_to_the_second_factor(client, caseworker):
    response = _post(client, "caseworker", "demo")
    assert response.status_code == 302
    start = resolve_url(settings.LOGIN_REDIRECT_URL)
    assert response["Location"] == f"{reverse('accounts:two_factor')}?{urlencode({'next': start})}"


def test_wrong_password_gives_a_clear_message_in_danish(client, caseworker):
    response = _post(client, "caseworker", "forkert")
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_pages_need_a_login(client, family):
    response = client.get(reverse("families:detail", args=[family.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_with_a_readable_page(client, caseworker):
    for _attempt in range(3):
        _post(client, "caseworker", "x")
    response = _post(client, "caseworker", "demo")
    assert response.status_code == 429
    assert "For mange mislykkede log ind-forsøg" in response.content.decode()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_failures_from_many_addresses_lock_the_username_everywhere(client, caseworker):
    for address in ("10.0.0.1", "10.0.0.2", "192.0.2.7"):
        _post(Client(), "caseworker", "x", address=address)
    response = _post(client, "caseworker", "demo", address="198.51.100.9")
    assert response.status_code == 429


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_locked_username_does_not_lock_the_colleague_on_the_same_address(
    client, caseworker, coordinator
):
    for _attempt in range(3):
        _post(client, "caseworker", "x")
    response = _post(Client(), "coordinator", "demo")
    assert response.status_code == 302


@override_settings(LOGIN_GLOBAL_FAILURE_LIMIT=4, LOGIN_GLOBAL_WINDOW_SECONDS=300)
def test_password_spraying_across_users_and_addresses_pauses_all_log_ins(
    client, caseworker, coordinator
):
    for number in range(4):
        _post(Client(), f"user{number}", "Sommer2026!", address=f"203.0.113.{number}")
    response = _post(client, "coordinator", "demo", address="198.51.100.1")
    assert response.status_code == 429
    assert "Log ind er sat på pause" in response.content.decode()


@override_settings(LOGIN_GLOBAL_FAILURE_LIMIT=4, LOGIN_GLOBAL_WINDOW_SECONDS=300)
def test_a_few_failures_do_not_pause_log_ins(client, caseworker):
    for number in range(3):
        _post(Client(), f"user{number}", "wrong")
    assert _post(client, "caseworker", "demo").status_code == 302


# --- The client's address (axes records it) ---------------------------------------------------


@override_settings(AXES_ENABLED=True, BEHIND_PROXY=False)
def test_without_a_proxy_a_forwarded_for_header_is_ignored(client, caseworker):
    _post(client, "caseworker", "x", address="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AccessAttempt.objects.get().ip_address == "10.0.0.5"


@override_settings(AXES_ENABLED=True, BEHIND_PROXY=True, PROXY_COUNT=1)
def test_behind_the_proxy_the_address_it_appended_is_the_client(client, caseworker):
    # The client forged 6.6.6.6; the proxy (10.0.0.5) appended the address it saw.
    _post(
        client,
        "caseworker",
        "x",
        address="10.0.0.5",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50",
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.50"


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, BEHIND_PROXY=True)
def test_behind_the_proxy_lockout_follows_the_username_not_the_proxy(
    client, caseworker, coordinator
):
    for _attempt in range(3):
        _post(Client(), "caseworker", "x", address="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = _post(
        client, "coordinator", "demo", address="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert response.status_code == 302


# --- Log-out ---------------------------------------------------------------------------------


def test_log_out_clears_the_browsers_copy_of_the_session(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert client.get(reverse("families:mine")).status_code == 302


def test_the_administration_has_no_log_in_of_its_own(client):
    """Its log-in page would skip the global limit and the second factor: it sends to ours."""
    response = client.get(reverse("municipality_admin:login") + "?next=/administration/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=/administration/"


def test_a_logged_in_non_administrator_is_refused_by_the_administration(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("municipality_admin:index"), follow=True)
    assert response.status_code == 403


def test_an_administrator_reaching_the_administrations_log_in_goes_to_the_administration(
    client, nordby
):
    from tests.factories import UserFactory

    admin = UserFactory(
        username="nordby_admin", municipality=nordby.municipality, is_municipality_admin=True
    )
    client.force_login(admin)
    response = client.get(reverse("municipality_admin:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("municipality_admin:index")


def test_the_language_a_person_chose_follows_them_to_a_new_device(client, caseworker):
    caseworker.language = "en"
    caseworker.save(update_fields=["language"])
    response = _post(client, "caseworker", "demo")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(response["Location"])
    assert page["Content-Language"] == "en"


def test_a_log_in_in_the_language_already_chosen_sets_no_cookie(client, caseworker):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = _post(client, "caseworker", "demo")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.get(response["Location"])["Content-Language"] == "da"


def test_a_language_chosen_on_the_log_in_page_wins_and_is_kept(client, caseworker):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen before logging in
    response = _post(client, "caseworker", "demo")
    assert client.get(response["Location"])["Content-Language"] == "en"
    caseworker.refresh_from_db()
    assert caseworker.language == "en"
