"""Two-factor log-in: a TOTP app (django-otp) for everyone who logs in, with recovery codes.

The second factor is checked in one place: `verify_code` tries the person's confirmed TOTP device
and then their recovery codes (a django-otp static device; each code works once). django-otp's
throttling applies to both (each failure doubles the wait before the next try is checked).
"""

from __future__ import annotations

import base64
import secrets
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def is_verified(user: object) -> bool:
    """Whether this request's user passed the second factor (django-otp's middleware sets it)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_totp(user: User) -> TOTPDevice:
    """The device being enrolled: kept (unconfirmed) until a right code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app by hand."""
    secret = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code, rendered on the server (no script, no network)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh one-time codes (the old ones stop working); shown once, stored as given."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [secrets.token_hex(5) for _index in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


@transaction.atomic
def confirm_enrolment(user: User, code: str) -> TOTPDevice | None:
    """Confirm the pending device with a code from the app; the first confirmed device wins."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(_normalise(code)):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def verify_code(user: User, code: str) -> Device | None:
    """The device that accepts the code: the TOTP app, else one unused recovery code."""
    token = _normalise(code)
    if not token:
        return None
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is not None and token.isdigit() and len(token) == totp.digits:
            return totp if totp.verify_token(token) else None
        recovery = (
            StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        )
        if recovery is not None and recovery.verify_token(token):
            return recovery
    return None


def reset(user: User) -> None:
    """Forget every second factor of the person: they enrol again at the next log-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
