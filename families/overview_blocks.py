"""Blocks other apps add to the family overview (e.g. measurements due). Each app registers its
block in its AppConfig.ready(), so families never imports from them.

A block is given what the overview has already read (`OverviewPage`: the access, with the family
and the consent's departments, and the family's members) and reuses it rather than reading it
again; it reads only its own rows."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from families.access import FamilyAccess
from families.models import Member


@dataclass(frozen=True)
class OverviewPage:
    """What the family overview has loaded once for the request."""

    access: FamilyAccess  # the family (access.family), who may do what, the consent's coverage
    members: Sequence[Member]  # the family's members in their usual order (birth date, pk)


@dataclass(frozen=True)
class OverviewBlock:
    key: str
    template: str  # rendered with `block` = what `context` returned
    context: Callable[[OverviewPage], Any]  # None (or empty) = nothing to show for this user
    order: int = 100


_BLOCKS: dict[str, OverviewBlock] = {}


def register_overview_block(block: OverviewBlock) -> None:
    _BLOCKS[block.key] = block


def overview_blocks_for(page: OverviewPage) -> list[tuple[str, Any]]:
    """(template, context) of the blocks with something to show, in order."""
    shown = []
    for block in sorted(_BLOCKS.values(), key=lambda block: block.order):
        context = block.context(page)
        if context:
            shown.append((block.template, context))
    return shown
