"""The main menu. Each app adds its own items in its AppConfig.ready(); the header shows the
items whose `is_visible` accepts the user's Navigation."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from accounts.models import User
from accounts.selectors import Navigation


@dataclass(frozen=True)
class MenuItem:
    url_name: str  # also what marks the current item: request.resolver_match.view_name
    label: str | Promise
    order: int
    is_visible: Callable[[Navigation], bool]
    # A number shown beside the label (e.g. what is due on "my work"): one cheap query, asked
    # only when the item is shown; 0 shows nothing.
    count: Callable[[User], int] | None = None


_ITEMS: dict[str, MenuItem] = {}


def register_menu_item(item: MenuItem) -> None:
    _ITEMS[item.url_name] = item


def menu_for(navigation: Navigation) -> list[tuple[MenuItem, str]]:
    return [
        (item, reverse(item.url_name))
        for item in sorted(_ITEMS.values(), key=lambda item: item.order)
        if item.is_visible(navigation)
    ]


def menu_rows(menu: list[tuple[MenuItem, str]], user: User) -> list[tuple[MenuItem, str, int]]:
    """(item, url, count) of the shown items; the count is 0 for an item without one."""
    return [(item, url, item.count(user) if item.count is not None else 0) for item, url in menu]
