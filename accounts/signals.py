"""Log-in events: when the person proved who they are, and failed attempts for the global limit."""

from __future__ import annotations

from django.conf import settings
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
            _follow_language(request, user)


def _follow_language(request: HttpRequest, user: User) -> None:
    """A language chosen on this device before logging in wins and is kept on the person; a
    device with no choice yet gets the person's own (the locale middleware sets the cookie)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in {code for code, _name in settings.LANGUAGES}:
        if chosen != user.language:
            user.language = chosen
            user.save(update_fields=["language"])
        return
    request.language_after_login = user.language  # type: ignore[attr-defined]  # read by config.middleware


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def on_login_failed(**_kwargs: object) -> None:
    ratelimit.record_failure()
