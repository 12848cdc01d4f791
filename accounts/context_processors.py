from django.http import HttpRequest

from accounts.menu import menu_for
from accounts.selectors import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the header shows: the user's roles decide which menu items exist."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav = navigation_for(user)
    return {"nav": nav, "menu": menu_for(nav)}
