"""Re-authentication before sensitive actions (granting outside access, exports, erasure).

The session remembers when the person last proved who they are (the log-in, the second factor, or
the password typed again on the re-authentication page). A view wrapped in `require_recent_auth`
runs only when that was at most `settings.REAUTH_MAX_AGE` seconds ago; otherwise the person is
sent to the re-authentication page and comes back to the same URL afterwards.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

AUTH_AT_SESSION_KEY = "kt_auth_at"


def mark_authenticated(request: HttpRequest) -> None:
    """The person proved who they are just now (log-in, second factor, password again)."""
    request.session[AUTH_AT_SESSION_KEY] = int(time.time())


def seconds_since_auth(request: HttpRequest) -> float:
    at = request.session.get(AUTH_AT_SESSION_KEY)
    if not isinstance(at, int | float):
        return float("inf")
    return time.time() - at


def has_recent_auth(request: HttpRequest) -> bool:
    return seconds_since_auth(request) <= settings.REAUTH_MAX_AGE


def reauth_url(next_url: str) -> str:
    return f"{reverse('accounts:reauth')}?{urlencode({'next': next_url})}"


def require_recent_auth(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Run the view only after a recent password check; otherwise ask for the password first."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated and not has_recent_auth(request):
            if request.method == "POST":
                messages.info(
                    request, _("Confirm your password, then do it again: nothing was saved yet.")
                )
            return HttpResponseRedirect(reauth_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped
