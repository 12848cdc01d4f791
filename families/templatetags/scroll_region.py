"""`{% scrollregion %}<table>…</table>{% endscrollregion %}`: every wide table's scroll region.

Renders templates/components/scroll_region.html around the table: a region that scrolls sideways
within the page and that the keyboard can reach (axe: scrollable-region-focusable), named after
the table's caption unless a label is given (`{% scrollregion label=_("Plans") %}`); an extra
class with `class="section-block"`. Usable from every app's templates (`{% load scroll_region %}`).
"""

from __future__ import annotations

import html
import re

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


def caption_of(content: str) -> str:
    """The first table caption's text, or "" when there is none."""
    match = _CAPTION.search(content)
    if match is None:
        return ""
    return " ".join(html.unescape(strip_tags(match.group(1))).split())


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: NodeList, options: dict[str, FilterExpression]) -> None:
        self.nodelist = nodelist
        self.options = options

    def render(self, context: Context) -> SafeString:
        content = self.nodelist.render(context)
        values = {name: value.resolve(context) for name, value in self.options.items()}
        label = str(values.get("label") or "") or caption_of(content) or _("Table")
        return render_to_string(
            "components/scroll_region.html",
            {
                "content": mark_safe(content),  # the inner template's own output, already escaped
                "label": label,
                "extra_class": values.get("class", ""),
            },
        )


@register.tag("scrollregion")
def scroll_region(parser: Parser, token: Token) -> ScrollRegionNode:
    options: dict[str, FilterExpression] = {}
    for bit in token.split_contents()[1:]:
        name, sep, value = bit.partition("=")
        if not sep or name not in {"label", "class"}:
            raise template.TemplateSyntaxError(
                f"scrollregion takes label=… and class=…, not {bit!r}"
            )
        options[name] = parser.compile_filter(value)
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, options)
