"""The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For when a proxy is trusted.

Only when the settings say the app runs behind a TLS-terminating proxy (`DJANGO_BEHIND_PROXY=1`)
is X-Forwarded-For read, and then only the entries the trusted proxies appended: with
`DJANGO_PROXY_COUNT` proxies in front of the app, the client is the address that many places
from the right. Anything a client writes into the header itself stays to the left and is ignored.
Used by django-axes (AXES_CLIENT_IP_CALLABLE) and anything else that records an address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    count = max(1, int(getattr(settings, "PROXY_COUNT", 1)))
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote
