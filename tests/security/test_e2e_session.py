"""In the browser: two-factor enrolment on first log-in, and the idle warning (static JS, CSP)."""

import re
from binascii import unhexlify

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_first_log_in_enrols_the_app_and_shows_recovery_codes(
    page: Page, live_server, caseworker, axe
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile("^(Brugernavn|Username)$")).fill("caseworker")
    page.get_by_label(re.compile("^(Adgangskode|Password)$")).fill("demo")
    page.get_by_role("button", name=re.compile("Log ind|Log in")).click()
    expect(page).to_have_url(re.compile("/accounts/two-factor/enrol/"))
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert serious_violations(axe, page) == []
    page.screenshot(path="var/sec-enrol.png", full_page=True)

    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    code = str(totp(unhexlify(device.key), step=device.step, t0=device.t0)).zfill(6)
    page.get_by_label(re.compile("^(Kode fra appen|Code from the app)$")).fill(code)
    page.get_by_role("button", name=re.compile("Slå totrinslogin til|Turn on")).click()
    expect(page).to_have_url(re.compile("/accounts/two-factor/recovery-codes/"))
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name=re.compile("Jeg har gemt koderne|I have kept")).click()
    # On to the landing page after log-in (settings.LOGIN_REDIRECT_URL: my work).
    expect(page).to_have_url(re.compile("/work/$"))


@override_settings(SESSION_IDLE_TIMEOUT=8, SESSION_IDLE_WARNING=5)
def test_the_idle_warning_appears_and_the_session_ends(page: Page, live_server, caseworker):
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    log_in(page, live_server.url, "caseworker")
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=6000)
    page.screenshot(path="var/sec-idle-warning.png")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?reason=idle"), timeout=10000)
    assert not [error for error in errors if "Content Security Policy" in error]


@override_settings(SESSION_IDLE_TIMEOUT=8, SESSION_IDLE_WARNING=6)
def test_stay_logged_in_keeps_the_session(page: Page, live_server, caseworker):
    log_in(page, live_server.url, "caseworker")
    stay = page.get_by_role("button", name=re.compile("Forbliv logget ind|Stay logged in"))
    expect(stay).to_be_visible(timeout=6000)
    stay.click()
    expect(page.locator("#session-warning")).to_be_hidden()
    page.wait_for_timeout(3000)
    assert "/accounts/login/" not in page.url
