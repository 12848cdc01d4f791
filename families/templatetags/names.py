"""`{{ note.members.all|names:"full_name" }}`: names joined with commas, for every app's templates.

Each item shows as its attribute (e.g. "first_name", "full_name") or, without one, as itself. The
result is plain text, escaped like any other value; an empty list gives "", so
`|names|default:"–"` shows a dash.
"""

from collections.abc import Iterable

from django import template

register = template.Library()


@register.filter
def names(items: Iterable[object] | None, attribute: str = "") -> str:
    if not items:
        return ""
    return ", ".join(str(getattr(item, attribute) if attribute else item) for item in items)
