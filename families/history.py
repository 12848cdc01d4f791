"""The family's history page: who changed what and when, with before and after values.

Each app registers the historical records it keeps for a family (`register_history_source`, in its
AppConfig.ready()), so the page shows every change without families importing those apps. A source
declares what it is (the model, how it points at the family, which department owns a record, what
kind of content it is); whether a user reads it is decided by `FamilyAccess.can_read_history_of`
and `FamilyAccess.readable_department_ids` in families/access.py, never here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model, QuerySet
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import User
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


def _history_querysets(access: FamilyAccess) -> list[tuple[HistorySource, QuerySet[Any]]]:
    # Every foreign key shown as a value is loaded in the same query.
    return [
        (
            source,
            source.records(access).select_related("history_user", *_shown_relations(source.model)),
        )
        for source in history_sources_for(access)
    ]


def _shown_relations(model: type[Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in _HIDDEN_FIELDS
    ]


def family_history(access: FamilyAccess) -> list[HistoryEntry]:
    """Who changed what and when, with before and after values.

    One query per kind of record and one per many-to-many field, however long the history.
    """
    entries: list[HistoryEntry] = []
    for source, queryset in _history_querysets(access):
        records = list(queryset.order_by("history_date", "history_id"))
        many = _many_to_many_values(records, source.model) if records else {}
        by_object: dict[int, list[HistoricalRecord]] = {}
        for record in records:
            by_object.setdefault(record.id, []).append(record)
        for versions in by_object.values():
            created = _entry(source, None, versions[0], many)
            entries.append(created)
            for previous, current in pairwise(versions):
                entry = _entry(source, previous, current, many)
                if _completes_creation(created, entry):
                    # Services set a note's members or a consent's departments right after
                    # creating it; that second version belongs to the creation.
                    created.changes.extend(
                        FieldChange(change.label, "", change.after) for change in entry.changes
                    )
                elif entry.changes or entry.action != "changed" or entry.reason:
                    entries.append(entry)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


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
        return f"{record.written_on} · {record.department}"
    if model is Task:
        return str(record.title)
    if model is Contact:
        when = timezone.localtime(record.occurred_at)
        return f"{display(record, 'kind')} · {when:%d-%m-%Y}"
    return ""
