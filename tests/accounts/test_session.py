"""Sessions: the idle timeout and its warning, no caching of logged-in pages, own password
change, forced change after an administrator set it, re-authentication before sensitive actions."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families.models import AccessLogEntry

pytestmark = pytest.mark.django_db

MINE = reverse("families:mine")


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- Idle timeout ----------------------------------------------------------------------------


def test_a_session_idle_for_30_minutes_ends(client, caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(caseworker)
        assert client.get(MINE).status_code == 200
        clock.move_to(start + dt.timedelta(minutes=29))
        assert client.get(MINE).status_code == 200  # activity: the 30 minutes start again
        clock.move_to(start + dt.timedelta(minutes=29 + 31))
        response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?reason=idle"
    assert client.get(MINE).status_code == 302  # logged out, not just redirected once


@override_settings(SESSION_IDLE_TIMEOUT=10 * 60)
def test_the_idle_timeout_is_a_setting(client, caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(caseworker)
        assert client.get(MINE).status_code == 200
        clock.move_to(start + dt.timedelta(minutes=11))
        assert client.get(MINE).status_code == 302


def test_the_page_carries_the_warning_and_its_script(client, caseworker, english):
    with time_machine.travel(timezone.now(), tick=False):
        client.force_login(caseworker)
        response = client.get(MINE)
    html = response.content.decode()
    assert 'data-session-seconds-left="1800"' in html
    assert 'data-session-warning-seconds="120"' in html
    assert 'id="session-warning"' in html
    assert "/static/js/session.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert int(response["X-Session-Seconds-Left"]) == 1800


def test_keepalive_counts_as_activity(client, caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(caseworker)
        clock.move_to(start + dt.timedelta(minutes=28))
        response = client.post(reverse("accounts:keepalive"))
        assert response.status_code == 200
        assert response.json() == {"seconds_left": 1800}
        clock.move_to(start + dt.timedelta(minutes=28 + 29))
        assert client.get(MINE).status_code == 200


def test_logging_out_for_idleness_says_so_on_the_login_page(client, caseworker, english):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:logout"), {"reason": "idle"}, follow=True)
    assert "You were logged out because the session was idle" in response.content.decode()


# --- Caching -----------------------------------------------------------------------------------


def test_logged_in_pages_are_never_cached(client, caseworker, family):
    client.force_login(caseworker)
    mother = family.members.get(first_name="Mette")
    for url in (
        MINE,
        reverse("families:detail", args=[family.pk]),
        reverse("families:member_detail", args=[family.pk, mother.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store, private", url


# --- Own password -----------------------------------------------------------------------------


def test_a_person_changes_their_own_password(client, caseworker, english):
    client.force_login(caseworker)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "demo",
            "new_password1": "Kerneteam-Forår-2026",
            "new_password2": "Kerneteam-Forår-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=caseworker.pk).check_password("Kerneteam-Forår-2026")
    assert client.get(MINE).status_code == 200  # still logged in


def test_a_password_set_by_someone_else_must_be_changed_first(client, caseworker, english):
    User.objects.filter(pk=caseworker.pk).update(must_change_password=True)
    client.force_login(caseworker)
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert "Your password was set by someone else" in page.content.decode()
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "demo",
            "new_password1": "Kerneteam-Forår-2026",
            "new_password2": "Kerneteam-Forår-2026",
        },
    )
    assert not User.objects.get(pk=caseworker.pk).must_change_password
    assert client.get(MINE).status_code == 200


# The administrator setting a password (and the forced change after it) is gone: an administrator
# issues a one-time set-password link instead (tests/accounts/test_admin_audit.py).


# --- Re-authentication before sensitive actions ----------------------------------------------


def _sensitive_urls(family):
    mother = family.members.get(first_name="Mette")
    return [
        reverse("families:grants", args=[family.pk]),
        reverse("families:member_access_log_export", args=[family.pk, mother.pk]),
    ]


def test_sensitive_actions_ask_for_the_password_when_the_log_in_is_old(
    client, coordinator, family, nordby
):
    from tests.conftest import give_consent

    give_consent(family, coordinator, nordby.children_family)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(coordinator)
        for url in _sensitive_urls(family):
            assert client.get(url).status_code == 200, url  # just logged in: recent
        clock.move_to(start + dt.timedelta(minutes=11))
        for url in _sensitive_urls(family):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:reauth")), url
        exports = AccessLogEntry.objects.filter(outcome=AccessLogEntry.Outcome.EXPORTED).count()

        reauth = client.get(response["Location"])
        assert reauth.status_code == 200
        wrong = client.post(response["Location"], {"password": "forkert"})
        assert wrong.status_code == 200
        assert client.get(_sensitive_urls(family)[1]).status_code == 302
        assert (
            AccessLogEntry.objects.filter(outcome=AccessLogEntry.Outcome.EXPORTED).count()
            == exports
        )

        right = client.post(response["Location"], {"password": "demo"})
        assert right.status_code == 302
        assert right["Location"] == _sensitive_urls(family)[1]
        for url in _sensitive_urls(family):
            assert client.get(url).status_code == 200, url


def test_granting_outside_access_with_an_old_log_in_saves_nothing(
    client, coordinator, outside_caseworker, family
):
    from families.models import FamilyGrant

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(coordinator)
        clock.move_to(start + dt.timedelta(minutes=11))
        response = client.post(
            reverse("families:grants", args=[family.pk]),
            {"user": outside_caseworker.pk, "expires_on": "2030-01-01", "reason": "Skolen"},
        )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not FamilyGrant.objects.exists()
