"""What every browser test does the same way: log in with the password and the second factor."""

import re

from playwright.sync_api import Page, expect

from accounts.models import User
from tests.security.twofactor import current_code, totp_device


def log_in(page: Page, base_url: str, user: User | str) -> None:
    """Password, then the code the person's authenticator app shows (two-factor log-in).

    Demo and factory users have the password "demo"."""
    if isinstance(user, str):
        user = User.objects.get(username=user)
    device = totp_device(user)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label(re.compile("^(Brugernavn|Username)$")).fill(user.username)
    page.get_by_label(re.compile("^(Adgangskode|Password)$")).fill("demo")
    page.get_by_role("button", name=re.compile("Log ind|Log in")).click()
    expect(page).to_have_url(re.compile("/accounts/two-factor/"))
    page.get_by_label(re.compile("^(Kode|Code)$")).fill(current_code(device))
    page.get_by_role("button", name=re.compile("Fortsæt|Continue")).click()
    expect(page).not_to_have_url(re.compile("/accounts/(login|two-factor)/"))
