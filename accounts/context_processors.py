from django.conf import settings
from django.http import HttpRequest

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
    nav = navigation_for(user)
    menu = menu_for(nav)
    return {"nav": nav, "menu": menu, "menu_rows": menu_rows(menu, user), **session}
