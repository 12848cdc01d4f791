"""A global limit on failed log-ins, across every username and address.

django-axes locks one username after repeated failures from any address. Password spraying tries
one password on many usernames (from many addresses), which no per-username lock sees; so every
failed log-in also counts here, in a fixed window shared by all workers (the cache is Redis in
production). When the window holds `LOGIN_GLOBAL_FAILURE_LIMIT` failures, log-ins pause until it
ends. The limit sits far above what the municipality's staff mistype in a few minutes.

The cache being down never stops a log-in: the failure is not counted (and logged), the pause is
not applied, and django-axes (in the database) still locks each username.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("kerneteam.audit")

_KEY = "kt:login-failures:{window}"


def _window() -> int:
    return int(time.time() // settings.LOGIN_GLOBAL_WINDOW_SECONDS)


def record_failure() -> None:
    key = _KEY.format(window=_window())
    try:
        cache.add(key, 0, timeout=settings.LOGIN_GLOBAL_WINDOW_SECONDS * 2)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_GLOBAL_WINDOW_SECONDS * 2)
    except Exception:  # the cache is down: the log-in goes on, the gap is logged
        logger.warning("Failed log-in not counted for the global limit (cache unavailable)")


def is_paused() -> bool:
    try:
        failures = cache.get(_KEY.format(window=_window()), 0)
    except Exception:  # the cache is down: no pause; axes still locks each username
        logger.warning("Global log-in limit not checked (cache unavailable)")
        return False
    return bool(failures >= settings.LOGIN_GLOBAL_FAILURE_LIMIT)
