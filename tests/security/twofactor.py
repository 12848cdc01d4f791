"""The suite's one way to a verified (two-factor) session, and codes for page log-ins.

`VerifiedClient.force_login` does what a right code on the second-factor page does: the person has
a confirmed TOTP device, and the session names it (django_otp.login() stores the device's
persistent id under DEVICE_ID_SESSION_KEY; OTPMiddleware reads it back on every request).
Tests that must see the unverified state use django.test.Client and log in themselves.
"""

from __future__ import annotations

from binascii import unhexlify

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

# One fixed key for every test user (hex, 20 bytes), so a browser test can compute the code.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def totp_device(user: User) -> TOTPDevice:
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Test app", "key": TEST_TOTP_KEY}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the person's app shows now (a browser test types it)."""
    # A code is accepted once per 30-second step: let a second log-in in the same step pass.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    code = totp(unhexlify(device.key), step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


class VerifiedClient(Client):
    """A test client whose force_login also passes the second factor."""

    def force_login(self, user: User, backend: str | None = None) -> None:
        super().force_login(user, backend)
        device = totp_device(user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
