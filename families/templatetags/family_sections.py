from django import template

from families.access import FamilyAccess
from families.sections import FamilySection, sections_for

register = template.Library()


@register.simple_tag
def family_sections(access: FamilyAccess | None) -> list[tuple[FamilySection, str]]:
    return sections_for(access) if access is not None else []
