"""Two-factor log-in: required for everyone, enrolment on first log-in, recovery codes."""

import re
from binascii import unhexlify

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.twofactor import current_code, totp_device

pytestmark = pytest.mark.django_db

MINE = reverse("families:mine")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _password_login(username: str) -> Client:
    """A browser that has typed the right password, and nothing more."""
    browser = Client()
    browser.cookies["django_language"] = "en"
    response = browser.post(reverse("accounts:login"), {"username": username, "password": "demo"})
    assert response.status_code == 302
    return browser


def _code_for(device: TOTPDevice) -> str:
    return str(totp(unhexlify(device.key), step=device.step, t0=device.t0)).zfill(6)


def test_a_password_alone_opens_nothing(caseworker, family):
    browser = _password_login("caseworker")
    for url in (MINE, reverse("families:detail", args=[family.pk]), "/administration/"):
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor")), url


def test_htmx_requests_of_an_unverified_session_are_sent_to_the_second_factor(caseworker, family):
    browser = _password_login("caseworker")
    response = browser.get(reverse("families:detail", args=[family.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:two_factor"))


def test_first_log_in_enrols_an_app_with_qr_code_and_key_then_shows_recovery_codes(caseworker):
    browser = _password_login("caseworker")
    response = browser.get(reverse("accounts:two_factor") + "?next=/families/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))

    page = browser.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html and "<path" in html  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert secret and secret in html.replace(" ", "")
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()

    response = browser.post(
        reverse("accounts:two_factor_enrol"), {"code": _code_for(device), "next": "/families/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:recovery_codes"))
    codes_page = browser.get(response["Location"])
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", codes_page.content.decode())
    assert len(codes) == 10
    # Shown once only.
    assert not re.findall(
        r"[0-9a-f]{5}-[0-9a-f]{5}", browser.get(response["Location"]).content.decode()
    )
    assert TOTPDevice.objects.get(user=caseworker).confirmed
    assert browser.get(MINE).status_code == 200


def test_a_wrong_code_is_refused_at_enrolment(caseworker):
    browser = _password_login("caseworker")
    browser.get(reverse("accounts:two_factor_enrol"))
    response = browser.post(reverse("accounts:two_factor_enrol"), {"code": "000000"})
    assert response.status_code == 200
    assert "The code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert browser.get(MINE).status_code == 302


def test_the_right_code_verifies_the_session(caseworker):
    device = totp_device(caseworker)
    browser = _password_login("caseworker")
    response = browser.post(
        reverse("accounts:two_factor"), {"code": current_code(device), "next": MINE}
    )
    assert response.status_code == 302
    assert response["Location"] == MINE
    assert browser.get(MINE).status_code == 200


def test_a_wrong_code_is_refused(caseworker):
    device = totp_device(caseworker)
    browser = _password_login("caseworker")
    right = current_code(device)
    wrong = str((int(right) + 500_000) % 1_000_000).zfill(6)
    response = browser.post(reverse("accounts:two_factor"), {"code": wrong, "next": MINE})
    assert response.status_code == 200
    assert "The code is wrong or too old" in response.content.decode()
    assert browser.get(MINE).status_code == 302


def test_a_code_cannot_be_used_twice(caseworker):
    device = totp_device(caseworker)
    code = current_code(device)
    first = _password_login("caseworker")
    assert first.post(reverse("accounts:two_factor"), {"code": code}).status_code == 302
    second = _password_login("caseworker")
    response = second.post(reverse("accounts:two_factor"), {"code": code})
    assert response.status_code == 200
    assert second.get(MINE).status_code == 302


def test_a_recovery_code_works_once(caseworker):
    from accounts import twofactor

    totp_device(caseworker)
    codes = twofactor.new_recovery_codes(caseworker)
    assert StaticToken.objects.filter(device__user=caseworker).count() == 10

    browser = _password_login("caseworker")
    response = browser.post(reverse("accounts:two_factor"), {"code": codes[0], "next": MINE})
    assert response.status_code == 302
    assert browser.get(MINE).status_code == 200
    assert StaticToken.objects.filter(device__user=caseworker).count() == 9

    again = _password_login("caseworker")
    response = again.post(reverse("accounts:two_factor"), {"code": codes[0], "next": MINE})
    assert response.status_code == 200
    assert again.get(MINE).status_code == 302


def test_new_recovery_codes_need_a_recent_password_and_replace_the_old(client, caseworker):
    from accounts import twofactor

    old = twofactor.new_recovery_codes(caseworker)
    client.force_login(caseworker)
    response = client.post(reverse("accounts:recovery_codes"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    new = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", page)
    assert len(new) == 10
    assert not set(new) & set(old)
    tokens = set(
        StaticToken.objects.filter(device__user=caseworker).values_list("token", flat=True)
    )
    assert tokens == {code.replace("-", "") for code in new}


def test_the_suites_verified_client_is_verified(client, caseworker):
    client.force_login(caseworker)
    assert client.get(MINE).status_code == 200
