"""The idle timeout: a session that saw no request for `SESSION_IDLE_TIMEOUT` seconds ends.

The session stores when it was last used. To spare a database write on every request, the time is
refreshed only when it is at least `TOUCH_EVERY` seconds old; the seconds left are always counted
from the stored time, and the page is told them (the `data-session-seconds-left` attribute and the
`X-Session-Seconds-Left` header), so the browser's warning and the server agree.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.http import HttpRequest

LAST_SEEN_SESSION_KEY = "kt_last_seen"
TOUCH_EVERY = 60


def touch(request: HttpRequest, *, force: bool = False) -> None:
    now = int(time.time())
    last = request.session.get(LAST_SEEN_SESSION_KEY)
    if force or not isinstance(last, int) or now - last >= TOUCH_EVERY:
        request.session[LAST_SEEN_SESSION_KEY] = now


def seconds_left(request: HttpRequest) -> int:
    last = request.session.get(LAST_SEEN_SESSION_KEY)
    if not isinstance(last, int):
        return int(settings.SESSION_IDLE_TIMEOUT)
    return math.ceil(settings.SESSION_IDLE_TIMEOUT - (time.time() - last))


def is_expired(request: HttpRequest) -> bool:
    return LAST_SEEN_SESSION_KEY in request.session and seconds_left(request) <= 0
