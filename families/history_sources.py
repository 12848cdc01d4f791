"""What the family's history page reads. Each app registers the historical records it keeps for a
family in its AppConfig.ready(), so the page shows every change without families importing them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise

from families.access import FamilyAccess


@dataclass(frozen=True)
class HistorySource:
    key: str
    label: str | Promise  # what a change is to, e.g. "Journal note"
    records: Callable[[FamilyAccess], QuerySet]  # historical rows of this family the user may read
    subject: Callable[[object], str]  # a short name from the historical row itself (no queries)
    order: int = 100
    is_visible: Callable[[FamilyAccess], bool] = lambda access: True
    # Fields that only say where the record belongs (shown by the page already), not content.
    context_fields: frozenset[str] = frozenset()


_SOURCES: dict[str, HistorySource] = {}


def register_history_source(source: HistorySource) -> None:
    _SOURCES[source.key] = source


def history_sources_for(access: FamilyAccess) -> list[HistorySource]:
    return [
        source
        for source in sorted(_SOURCES.values(), key=lambda source: source.order)
        if source.is_visible(access)
    ]
