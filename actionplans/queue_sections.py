"""Sections later apps add to the coordinators' queue (`/plans/queue/`), e.g. measurements due.
Each app registers its section in its AppConfig.ready(), so actionplans never imports from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueueSection:
    key: str
    template: str  # rendered with `rows` = what `rows` returned
    rows: Callable[[list[int], dt.date], Sequence[Any]]  # the lead's team ids, today
    order: int = 100


_SECTIONS: dict[str, QueueSection] = {}


def register_queue_section(section: QueueSection) -> None:
    _SECTIONS[section.key] = section


def queue_sections_for(team_ids: list[int], today: dt.date) -> list[tuple[str, Sequence[Any]]]:
    """(template, rows) of every registered section, in order (an empty section shows so)."""
    return [
        (section.template, section.rows(team_ids, today))
        for section in sorted(_SECTIONS.values(), key=lambda section: section.order)
    ]
