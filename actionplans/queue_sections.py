"""Sections later apps add to the coordinators' queue (`/plans/queue/`), e.g. measurements due.
Each app registers its section in its AppConfig.ready(), so actionplans never imports from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueueSection:
    key: str
    template: str  # rendered with `rows` = what `rows` returned
    # The lead's team ids, today → the rows (a bounded page: each section reads with a LIMIT,
    # as the queue itself does; issue 12). Rows with a `family` are logged as shown.
    rows: Callable[[list[int], dt.date], Iterable[Any]]
    order: int = 100


_SECTIONS: dict[str, QueueSection] = {}


def register_queue_section(section: QueueSection) -> None:
    _SECTIONS[section.key] = section


def queue_sections_for(team_ids: list[int], today: dt.date) -> list[tuple[str, Iterable[Any]]]:
    """(template, rows) of every registered section, in order (an empty section shows so)."""
    return [
        (section.template, section.rows(team_ids, today))
        for section in sorted(_SECTIONS.values(), key=lambda section: section.order)
    ]
