from typing import Any

from django import template

from families.access import FamilyAccess
from families.overview_blocks import overview_blocks_for

register = template.Library()


@register.simple_tag
def family_overview_blocks(access: FamilyAccess | None) -> list[tuple[str, Any]]:
    return overview_blocks_for(access) if access is not None else []
