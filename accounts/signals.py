"""Log-in events: when the person proved who they are, and failed attempts for the global limit."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts import ratelimit
from accounts.models import User
from config.reauth import mark_authenticated
from config.session_idle import touch


@receiver(user_logged_in, dispatch_uid="accounts.logged_in")
def on_logged_in(**kwargs: object) -> None:
    request = kwargs.get("request")
    if isinstance(request, HttpRequest) and hasattr(request, "session"):
        mark_authenticated(request)
        touch(request, force=True)
        user = kwargs.get("user")
        if isinstance(user, User):
            # The language the person chose (on any device) from this log-in on: the locale
            # middleware sets it as the language cookie on this response.
            request.language_after_login = user.language  # type: ignore[attr-defined]  # read by config.middleware


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def on_login_failed(**_kwargs: object) -> None:
    ratelimit.record_failure()
