"""The tabs of a family's record. Apps further along the family's path (screening, assessment…)
add their own tab in their AppConfig.ready(), so families never imports from them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from families.access import FamilyAccess


@dataclass(frozen=True)
class FamilySection:
    key: str  # compared with the page's `section` to mark the current tab
    label: str | Promise
    url_name: str  # reversed with the family's pk
    order: int
    # A named rule of FamilyAccess (e.g. `lambda access: access.can_view_case_content`); None: every
    # user who may open the family sees the tab.
    is_visible: Callable[[FamilyAccess], bool] | None = None


_SECTIONS: dict[str, FamilySection] = {}


def register_section(section: FamilySection) -> None:
    _SECTIONS[section.key] = section


def sections_for(access: FamilyAccess) -> list[tuple[FamilySection, str]]:
    """The tabs this user sees for this family, in order, with their URLs (no queries)."""
    return [
        (section, reverse(section.url_name, args=[access.family.pk]))
        for section in sorted(_SECTIONS.values(), key=lambda section: section.order)
        if section.is_visible is None or section.is_visible(access)
    ]
