"""Blocks other apps add to the family overview (e.g. measurements due). Each app registers its
block in its AppConfig.ready(), so families never imports from them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from families.access import FamilyAccess


@dataclass(frozen=True)
class OverviewBlock:
    key: str
    template: str  # rendered with `block` = what `context` returned
    context: Callable[[FamilyAccess], Any]  # None (or empty) = nothing to show for this user
    order: int = 100


_BLOCKS: dict[str, OverviewBlock] = {}


def register_overview_block(block: OverviewBlock) -> None:
    _BLOCKS[block.key] = block


def overview_blocks_for(access: FamilyAccess) -> list[tuple[str, Any]]:
    """(template, context) of the blocks with something to show, in order."""
    shown = []
    for block in sorted(_BLOCKS.values(), key=lambda block: block.order):
        context = block.context(access)
        if context:
            shown.append((block.template, context))
    return shown
