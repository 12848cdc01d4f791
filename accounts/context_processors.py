from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.menu import menu_for, menu_rows
from accounts.selectors import navigation_for
from accounts.twofactor import is_verified
from config.session_idle import seconds_left


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the header shows: the user's roles decide which menu items exist."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    session: dict[str, object] = {
        # The idle-timeout warning (static/js/session.js) counts down from these.
        "session_seconds_left": seconds_left(request),
        "session_warning_seconds": settings.SESSION_IDLE_WARNING,
    }
    if not is_verified(user):
        return session  # no menu before the second factor
    # Read only when a template shows them (the header of a full page): an htmx fragment or a
    # PDF rendered with the request costs no menu queries. Each is computed once per request
    # (navigation_for and the my-work count are cached on the user).
    return {
        "nav": SimpleLazyObject(lambda: navigation_for(user)),
        "menu": SimpleLazyObject(lambda: menu_for(navigation_for(user))),
        "menu_rows": SimpleLazyObject(lambda: menu_rows(menu_for(navigation_for(user)), user)),
        **session,
    }
