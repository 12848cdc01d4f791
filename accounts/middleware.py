"""What every logged-in request passes, in order: idle timeout, second factor, own password.

1. A session idle for `SESSION_IDLE_TIMEOUT` seconds is ended (log-out) and the person sent to the
   log-in page; otherwise the request counts as activity.
2. Until the second factor is verified in this session, only the second-factor pages, log-out and
   the language switch answer; everything else leads to the second-factor step (enrolment for a
   person without an app yet).
3. A person whose password was set by someone else chooses their own before anything else.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from accounts.models import User
from accounts.twofactor import is_verified
from config.session_idle import is_expired, seconds_left, touch

# Views a person may reach before the second factor is verified.
BEFORE_SECOND_FACTOR = {
    "accounts:logout",
    "accounts:two_factor",
    "accounts:two_factor_enrol",
    "set_language",
}
# ... and before choosing their own password (after the second factor).
BEFORE_OWN_PASSWORD = BEFORE_SECOND_FACTOR | {"accounts:password_change", "accounts:recovery_codes"}


def _view_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for htmx requests a full-page redirect (HX-Redirect) instead of a swap."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class AccountGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if is_expired(request):
                logout(request)
                return _go(request, f"{resolve_url(settings.LOGIN_URL)}?reason=idle")
            touch(request)
            gate = self._gate(request)
            if gate is not None:
                return gate
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["X-Session-Seconds-Left"] = str(seconds_left(request))
        return response

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        view_name = _view_name(request)
        if not is_verified(user) and view_name not in BEFORE_SECOND_FACTOR:
            query = urlencode({"next": request.get_full_path()})
            return _go(request, f"{reverse('accounts:two_factor')}?{query}")
        must_change = isinstance(user, User) and user.must_change_password
        if must_change and view_name not in BEFORE_OWN_PASSWORD:
            return _go(request, reverse("accounts:password_change"))
        return None
