"""The main menu. Each app adds its own items in its AppConfig.ready(); the header shows the
items whose `is_visible` accepts the user's Navigation."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from accounts.selectors import Navigation


@dataclass(frozen=True)
class MenuItem:
    url_name: str  # also what marks the current item: request.resolver_match.view_name
    label: str | Promise
    order: int
    is_visible: Callable[[Navigation], bool]


_ITEMS: dict[str, MenuItem] = {}


def register_menu_item(item: MenuItem) -> None:
    _ITEMS[item.url_name] = item


def menu_for(navigation: Navigation) -> list[tuple[MenuItem, str]]:
    return [
        (item, reverse(item.url_name))
        for item in sorted(_ITEMS.values(), key=lambda item: item.order)
        if item.is_visible(navigation)
    ]
