"""The family's history page: who changed what and when, with before and after values.

Each app registers the historical records it keeps for a family (`register_history_source`, in its
AppConfig.ready()), so the page shows every change without families importing those apps. A source
declares what it is (the model, how it points at the family, which department owns a record, what
kind of content it is); whether a user reads it is decided by `FamilyAccess.can_read_history_of`
and `FamilyAccess.readable_department_ids` in families/access.py, never here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, IntegerField, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import User
from config.dates import date_text
from families.access import ContentKind, FamilyAccess
from families.models import (
    Consent,
    Contact,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    Handover,
    JournalNote,
    Member,
    Task,
)

# A row of a simple_history model (e.g. HistoricalMember): its fields are the tracked model's plus
# history_id, history_date, history_type, history_user and history_change_reason. These classes
# are generated at run time, so they are typed loosely here.
HistoricalRecord = Any


@dataclass(frozen=True)
class HistorySource:
    key: str
    label: str | Promise  # what a change is to, e.g. "Journal note"
    model: type[Model]  # the model whose `history` holds the rows
    subject: Callable[[HistoricalRecord], str]  # a short name from the row itself (no queries)
    # The lookup from a row to its family's id, e.g. "assessment__family_id".
    family_lookup: str = "family_id"
    # Who may read it (families/access.py decides): team content, case content, core-team content.
    content: ContentKind = ContentKind.TEAM
    # The field naming the department that owns a row: only rows of readable departments show.
    department_field: str | None = None
    order: int = 100
    # Fields that only say where the record belongs (shown by the page already), not content.
    context_fields: frozenset[str] = frozenset()

    def records(self, access: FamilyAccess) -> QuerySet[Any]:
        """The historical rows of this family the user may read."""
        history = self.model.history  # type: ignore[attr-defined]  # added by simple_history
        rows: QuerySet[Any] = history.filter(**{self.family_lookup: access.family.pk})
        if self.department_field is not None:
            rows = rows.filter(**{f"{self.department_field}__in": access.readable_department_ids})
        return rows


_SOURCES: dict[str, HistorySource] = {}


def register_history_source(source: HistorySource) -> None:
    _SOURCES[source.key] = source


def history_sources_for(access: FamilyAccess) -> list[HistorySource]:
    """The sources whose changes this user reads on the family's history page, in order."""
    return [
        source
        for source in sorted(_SOURCES.values(), key=lambda source: source.order)
        if access.can_read_history_of(source.content)
    ]


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: dt.datetime
    user: User | None
    what: str  # e.g. "Family member", "Journal note"
    subject: str  # e.g. the member's name
    action: str  # created / changed / deleted
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    only_many_to_many: bool = False


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Fields that are bookkeeping, not content.
_HIDDEN_FIELDS = {"id", "family", "created_at", "recorded_at", "granted_at", "status_changed_at"}


def display(record: HistoricalRecord, field_name: str) -> str:
    """A field's value in a historical row, as the page shows it."""
    model_field = _field(record.instance_type, field_name)
    if model_field is None:
        return ""
    value = getattr(record, model_field.attname, None)
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | dict):
        return _structured(value)
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _structured(value: list[Any] | dict[str, Any]) -> str:
    """A JSON field's value in words, never as a Python structure (issue 11, item 9): a list of
    records (e.g. the members' basic data kept when an assessment is finished) by their names."""
    items = value if isinstance(value, list) else [value]
    names = [
        str(item.get("name") or item.get("title") or "") if isinstance(item, dict) else str(item)
        for item in items
    ]
    names = [name for name in names if name]
    if not names:
        return "–"
    return _("%(count)s recorded: %(names)s") % {"count": len(names), "names": ", ".join(names)}


def _field(model: type[Model], name: str) -> Field[Any, Any] | None:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return model_field if isinstance(model_field, Field) else None


def _shown_relations(model: type[Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in _HIDDEN_FIELDS
    ]


# --- One page, read newest first (issue 12) -----------------------------------------------------
#
# The page is cut before it is built: one UNION query over every readable source returns the
# keys (time, source, row) of the next rows after a keyset cursor, ordered and limited in SQL;
# then, per source with rows in that batch, one query loads those rows with just the versions
# their entries are worked out from (each row's previous version, its record's first version,
# the versions right after a creation that may complete it), and one per many-to-many field.
# The order is the page's: newest first; at the same instant, sources in their registered
# order, then rows as they were written.

PAGE_SIZE = 50
# A many-to-many change this soon after a creation, by its author, completes the creation.
_CREATION_WINDOW = dt.timedelta(seconds=10)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Key:
    """Where a historical row (and the entry it makes) sits on the history page."""

    at: dt.datetime
    order: int  # the source's registered order
    history_id: int

    def rank(self) -> tuple[dt.datetime, int, int]:
        """Higher is newer: the page lists keys by falling rank."""
        return (self.at, -self.order, -self.history_id)

    def cursor(self) -> str:
        return (
            f"{(self.at - _EPOCH) // dt.timedelta(microseconds=1)}_{self.order}_{self.history_id}"
        )


def _parse_cursor(cursor: str) -> _Key | None:
    try:
        micros, order, history_id = (int(part) for part in cursor.split("_"))
        return _Key(_EPOCH + dt.timedelta(microseconds=micros), order, history_id)
    except (ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class HistoryPage:
    """One page of the history, newest first, with keyset cursors (never a count)."""

    object_list: list[HistoryEntry]
    older: str  # the cursor of the next older page ("" when there is none)
    newer: str  # the cursor of the next newer page ("" on the newest page)

    def __iter__(self) -> Iterator[HistoryEntry]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def family_history(
    access: FamilyAccess, *, older: str = "", newer: str = "", size: int = PAGE_SIZE
) -> HistoryPage:
    """Who changed what and when, with before and after values: one page of `size` entries.

    `older`/`newer` are cursors from a previous page. Only the page's rows are read and built:
    one query for the keys, and one per source with rows on the page and per many-to-many field
    of such a source, whatever the length of the history. A batch of keys whose rows make
    fewer entries than a page (saves that changed nothing shown, versions merged into their
    creation) is followed by the next batch.
    """
    sources = {source.order: source for source in history_sources_for(access)}
    after = _parse_cursor(newer) if newer else None
    before = _parse_cursor(older) if older and after is None else None
    rising = after is not None
    cursor = after if rising else before
    batch = size + 1 + size // 2
    found: list[tuple[_Key, HistoryEntry]] = []
    while True:
        keys = _page_keys(access, list(sources.values()), cursor, rising=rising, limit=batch)
        built = _build(access, sources, keys)
        for key in keys:
            entry = built.get(key)
            if entry is not None:
                found.append((key, entry))
                if len(found) > size:
                    break
        if len(found) > size or len(keys) < batch:
            break
        cursor = keys[-1]
    more = len(found) > size
    found = found[:size]
    if rising:
        found.reverse()
        return HistoryPage(
            object_list=[entry for _key, entry in found],
            older=found[-1][0].cursor() if found else "",
            newer=found[0][0].cursor() if found and more else "",
        )
    return HistoryPage(
        object_list=[entry for _key, entry in found],
        older=found[-1][0].cursor() if found and more else "",
        newer=found[0][0].cursor() if found and before is not None else "",
    )


def _page_keys(
    access: FamilyAccess,
    sources: list[HistorySource],
    cursor: _Key | None,
    *,
    rising: bool,
    limit: int,
) -> list[_Key]:
    """The keys of the next `limit` rows past the cursor over every source: one query."""
    parts = []
    for source in sources:
        rows = source.records(access).order_by()
        if cursor is not None:
            rows = rows.filter(_past(cursor, source.order, rising=rising))
        parts.append(
            rows.annotate(kt_order=Value(source.order, output_field=IntegerField())).values_list(
                "history_date", "kt_order", "history_id"
            )
        )
    if not parts:
        return []
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    ordering = (
        ("history_date", "-kt_order", "-history_id")
        if rising
        else ("-history_date", "kt_order", "history_id")
    )
    return [_Key(at, order, pk) for at, order, pk in union.order_by(*ordering)[:limit]]


def _past(cursor: _Key, order: int, *, rising: bool) -> Q:
    """A source's rows ranked above (rising) or below the cursor's."""
    if order == cursor.order:
        if rising:
            return Q(history_date__gt=cursor.at) | Q(
                history_date=cursor.at, history_id__lt=cursor.history_id
            )
        return Q(history_date__lt=cursor.at) | Q(
            history_date=cursor.at, history_id__gt=cursor.history_id
        )
    # At the same instant an earlier source ranks higher (it is listed first).
    same_instant_counts = (order < cursor.order) == rising
    if rising:
        return (
            Q(history_date__gte=cursor.at) if same_instant_counts else Q(history_date__gt=cursor.at)
        )
    return Q(history_date__lte=cursor.at) if same_instant_counts else Q(history_date__lt=cursor.at)


def _build(
    access: FamilyAccess, sources: dict[int, HistorySource], keys: list[_Key]
) -> dict[_Key, HistoryEntry]:
    """The entries the keyed rows make (a row that makes none is left out)."""
    by_source: dict[int, list[_Key]] = {}
    for key in keys:
        by_source.setdefault(key.order, []).append(key)
    built: dict[_Key, HistoryEntry] = {}
    for order, source_keys in by_source.items():
        source = sources[order]
        records = _records_with_context(access, source, source_keys)
        many = _many_to_many_values(records, source.model) if records else {}
        versions_of: dict[int, list[HistoricalRecord]] = {}
        for record in records:  # in (history_date, history_id) order
            versions_of.setdefault(record.id, []).append(record)
        position = {
            record.history_id: (versions, index)
            for versions in versions_of.values()
            for index, record in enumerate(versions)
        }
        for key in source_keys:
            if key.history_id not in position:
                continue
            versions, index = position[key.history_id]
            entry = _entry_of_version(source, versions, index, many)
            if entry is not None:
                built[key] = entry
    return built


def _records_with_context(
    access: FamilyAccess, source: HistorySource, keys: list[_Key]
) -> list[HistoricalRecord]:
    """The keyed rows and the versions their entries need, oldest first: one query.

    Each row's previous readable version (what it changed), its record's first readable version
    (a creation and who made it) and, for a creation, the versions up to ten seconds after it."""
    readable = source.records(access)
    ids = [key.history_id for key in keys]
    keyed = readable.filter(history_id__in=ids).order_by()
    previous = (
        readable.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    first = (
        readable.filter(id=OuterRef("id"))
        .order_by("history_date", "history_id")
        .values("history_id")[:1]
    )
    earliest = min(key.at for key in keys)
    latest = max(key.at for key in keys) + _CREATION_WINDOW
    wanted = (
        Q(history_id__in=ids)
        | Q(history_id__in=keyed.annotate(kt_previous=Subquery(previous)).values("kt_previous"))
        | Q(history_id__in=keyed.annotate(kt_first=Subquery(first)).values("kt_first"))
        | Q(id__in=keyed.values("id"), history_date__gte=earliest, history_date__lte=latest)
    )
    return list(
        readable.filter(wanted)
        .select_related("history_user", *_shown_relations(source.model))
        .order_by("history_date", "history_id")
    )


def _entry_of_version(
    source: HistorySource,
    versions: list[HistoricalRecord],
    index: int,
    many: dict[int, dict[str, str]],
) -> HistoryEntry | None:
    """The entry `versions[index]` makes, or None. `versions` holds the record's first version
    and every version the entry is worked out from, oldest first (see _records_with_context)."""
    if index == 0:
        created = _entry(source, None, versions[0], many)
        for previous, current in pairwise(versions):
            if current.history_date - created.at >= _CREATION_WINDOW:
                break
            later = _entry(source, previous, current, many)
            if _completes_creation(created, later):
                # Services set a note's members or a consent's departments right after
                # creating it; that second version belongs to the creation.
                created.changes.extend(
                    FieldChange(change.label, "", change.after) for change in later.changes
                )
        return created
    entry = _entry(source, versions[index - 1], versions[index], many)
    if _completes_creation(_entry(source, None, versions[0], many), entry):
        return None
    if entry.changes or entry.action != "changed" or entry.reason:
        return entry
    return None


def _completes_creation(created: HistoryEntry, entry: HistoryEntry) -> bool:
    return (
        entry.action == "changed"
        and entry.only_many_to_many
        and entry.user == created.user
        and abs((entry.at - created.at).total_seconds()) < 10
    )


def _many_to_many_values(
    records: list[HistoricalRecord], model: type[Model]
) -> dict[int, dict[str, str]]:
    """Per historical version: the names held in each many-to-many field at that version."""
    values: dict[int, dict[str, list[str]]] = {}
    version_ids = [record.history_id for record in records]
    for m2m_field in model._meta.many_to_many:
        through = apps.get_model(
            model._meta.app_label, f"Historical{model.__name__}_{m2m_field.name}"
        )
        # The through rows name the target by its model name; "self" is resolved once apps load.
        target = str(m2m_field.related_model._meta.model_name)  # type: ignore[union-attr]
        for row in through.objects.filter(history_id__in=version_ids).select_related(target):
            values.setdefault(row.history_id, {}).setdefault(m2m_field.name, []).append(
                str(getattr(row, target))
            )
    return {
        version: {name: ", ".join(sorted(names)) for name, names in fields.items()}
        for version, fields in values.items()
    }


def _entry(
    source: HistorySource,
    previous: HistoricalRecord | None,
    record: HistoricalRecord,
    many: dict[int, dict[str, str]],
) -> HistoryEntry:
    model: type[Model] = record.instance_type
    hidden = _HIDDEN_FIELDS | source.context_fields
    m2m_fields = model._meta.many_to_many
    changes: list[FieldChange] = []
    if previous is not None and record.history_type == "~":
        excluded = [m2m_field.name for m2m_field in m2m_fields]
        delta = record.diff_against(previous, excluded_fields=excluded)
        for change in delta.changes:
            if change.field in hidden:
                continue
            changed_field = _field(model, change.field)
            label = changed_field.verbose_name if changed_field is not None else change.field
            changes.append(
                FieldChange(
                    label=str(label).capitalize(),
                    before=display(previous, change.field),
                    after=display(record, change.field),
                )
            )
        field_changes = len(changes)
        before_many = many.get(previous.history_id, {})
        after_many = many.get(record.history_id, {})
        for m2m_field in m2m_fields:
            before = before_many.get(m2m_field.name, "")
            after = after_many.get(m2m_field.name, "")
            if before != after:
                label_text = str(m2m_field.verbose_name).capitalize()
                changes.append(FieldChange(label_text, before or "–", after or "–"))
        only_many = field_changes == 0 and len(changes) > 0
    else:
        only_many = False
        if record.history_type == "+":
            for model_field in model._meta.concrete_fields:
                if model_field.name in hidden:
                    continue
                shown = display(record, model_field.name)
                if shown not in ("", "–"):
                    changes.append(
                        FieldChange(str(model_field.verbose_name).capitalize(), "", shown)
                    )
    return HistoryEntry(
        at=record.history_date,
        user=record.history_user,
        what=str(source.label),
        subject=source.subject(record),
        action=_ACTIONS[record.history_type],
        reason=record.history_change_reason or "",
        changes=changes,
        only_many_to_many=only_many,
    )


def record_subject(record: HistoricalRecord) -> str:
    """A short name for a changed family record, from the historical row itself (no queries)."""
    model = record.instance_type
    if model is Member:
        return f"{record.first_name} {record.last_name}"
    if model is Family:
        return f"{record.reference} {record.name}"
    if model in (FamilyCoordinator, FamilyGrant):
        return str(record.user)
    if model is Consent:
        return display(record, "given_on")
    if model is Handover:
        return str(record.department)
    if model is JournalNote:
        return f"{date_text(record.written_on)} · {record.department}"
    if model is Task:
        return str(record.title)
    if model is Contact:
        return f"{display(record, 'kind')} · {date_text(timezone.localdate(record.occurred_at))}"
    return ""
