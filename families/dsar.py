"""Data subject access (GDPR art. 15): everything the product holds about one person.

Each app registers what it holds about a member (`register_subject_data`, in its
AppConfig.ready()), so families imports no app to its right. A source names a model, the lookups
from a row to the member (`member`, `members`, `goal__member`…) and the lookup to the family. The
extract holds, per source, every row about the person with all its fields, and every earlier
version of those rows (simple-history); then the access log of reads of their data. It is the
controller's complete answer, so it is not filtered by the consent gate: only the family's
coordinators and team leads may compile it (`FamilyAccess.can_export_subject_data`), after
re-authentication, and each compilation is written to the access log.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Field, FileField, ManyToManyField, Model, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from families.history import HistoricalRecord
from families.models import Member
from families.selectors import person_access_log

# Bookkeeping that says nothing about the person.
_SKIPPED_FIELDS = frozenset({"id"})


@dataclass(frozen=True)
class SubjectDataSource:
    key: str
    label: str | Promise  # e.g. "Journal notes"
    model: type[Model]
    # Lookups from a row to the member; a row matches when any of them names the member.
    member_lookups: tuple[str, ...]
    # The lookup from a row to its family's id (the extract never leaves the person's family).
    family_lookup: str = "family_id"
    # Rows whose many-to-many member lookup is empty concern the whole family, so the person too.
    whole_family_when_empty: bool = False
    order: int = 100
    # Fields left out of the extract (e.g. internal tokens).
    skipped_fields: frozenset[str] = frozenset()
    # Narrows the rows further if needed (e.g. select_related for speed).
    refine: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None

    def rows(self, member: Member) -> QuerySet[Any]:
        condition = Q()
        for lookup in self.member_lookups:
            condition |= Q(**{lookup: member.pk})
            if self.whole_family_when_empty:
                condition |= Q(**{f"{lookup}__isnull": True})
        queryset: QuerySet[Any] = self.model._default_manager.filter(
            **{self.family_lookup: member.family_id}
        ).filter(condition)
        if self.refine is not None:
            queryset = self.refine(queryset)
        return queryset.distinct().order_by("pk")


_SOURCES: dict[str, SubjectDataSource] = {}


def register_subject_data(source: SubjectDataSource) -> None:
    _SOURCES[source.key] = source


def subject_data_sources() -> list[SubjectDataSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))


@dataclass
class Value:
    label: str
    value: object  # a str, number, bool, date or datetime (JSON and the PDF format it)


@dataclass
class Version:
    at: dt.datetime
    action: str  # created / changed / deleted
    by: str
    values: list[Value]


@dataclass
class Row:
    pk: int
    values: list[Value]
    history: list[Version] = field(default_factory=list)


@dataclass
class Section:
    key: str
    label: str
    rows: list[Row]


@dataclass
class AccessRow:
    at: dt.datetime
    what: str
    outcome: str


@dataclass
class SubjectAccessReport:
    member: Member
    compiled_at: dt.datetime
    sections: list[Section]
    access_log: list[AccessRow]

    def as_dict(self) -> dict[str, Any]:
        def values(items: list[Value]) -> dict[str, Any]:
            return {item.label: item.value for item in items}

        return {
            "subject": {
                "name": self.member.full_name,
                "family_reference": self.member.family.reference,
                "member_id": self.member.pk,
            },
            "compiled_at": self.compiled_at,
            "sections": [
                {
                    "key": section.key,
                    "label": section.label,
                    "rows": [
                        {
                            "id": row.pk,
                            "values": values(row.values),
                            "history": [
                                {
                                    "at": version.at,
                                    "action": version.action,
                                    "by": version.by,
                                    "values": values(version.values),
                                }
                                for version in row.history
                            ],
                        }
                        for row in section.rows
                    ],
                }
                for section in self.sections
            ],
            "access_log": [
                {"at": row.at, "what": row.what, "outcome": row.outcome} for row in self.access_log
            ],
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _value(instance: Model, model_field: Field[Any, Any]) -> object:
    if isinstance(model_field, ManyToManyField):
        return ", ".join(sorted(str(item) for item in getattr(instance, model_field.name).all()))
    raw = getattr(instance, model_field.attname, None)
    if raw in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if isinstance(model_field, FileField):
        return str(raw).rsplit("/", 1)[-1]
    if model_field.is_relation:
        return str(getattr(instance, model_field.name, "") or "")
    if isinstance(raw, str | int | float | bool | dt.date | dt.datetime):
        return raw
    return str(raw)


def _values(instance: Model, source: SubjectDataSource) -> list[Value]:
    fields = [
        f
        for f in [*instance._meta.concrete_fields, *instance._meta.many_to_many]
        if f.name not in _SKIPPED_FIELDS | source.skipped_fields
    ]
    return [Value(str(f.verbose_name).capitalize(), _value(instance, f)) for f in fields]


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _history(source: SubjectDataSource, pk: int) -> list[Version]:
    manager = getattr(source.model, "history", None)
    if manager is None:
        return []
    versions: list[Version] = []
    model_fields = [
        f
        for f in source.model._meta.concrete_fields
        if f.name not in _SKIPPED_FIELDS | source.skipped_fields
    ]
    previous: HistoricalRecord = None
    for record in manager.filter(id=pk).select_related("history_user").order_by("history_date"):
        changed: set[str] = (
            {change.field for change in record.diff_against(previous).changes}
            if previous is not None
            else set()
        )
        shown = [
            f for f in model_fields if previous is None or f.name in changed or f.attname in changed
        ]
        versions.append(
            Version(
                at=record.history_date,
                action=_ACTIONS.get(record.history_type, record.history_type),
                by=str(record.history_user or ""),
                values=[
                    Value(str(f.verbose_name).capitalize(), _history_value(record, f))
                    for f in shown
                ],
            )
        )
        previous = record
    return versions


def _history_value(record: HistoricalRecord, model_field: Field[Any, Any]) -> object:
    raw = getattr(record, model_field.attname, None)
    if raw in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if model_field.is_relation:
        related = getattr(record, model_field.name, None)
        return str(related) if related is not None else str(raw)
    if isinstance(raw, str | int | float | bool | dt.date | dt.datetime):
        return raw
    return str(raw)


def subject_access_report(member: Member) -> SubjectAccessReport:
    """Everything the product holds about `member`, from every registered source."""
    sections: list[Section] = []
    for source in subject_data_sources():
        rows = [
            Row(
                pk=instance.pk,
                values=_values(instance, source),
                history=_history(source, instance.pk),
            )
            for instance in source.rows(member)
        ]
        if rows:
            sections.append(Section(key=source.key, label=str(source.label), rows=rows))
    # Citizens get the what and when of the log, not the staff's names (DOMAIN.md §2, [S38]).
    access_log = [
        AccessRow(at=entry.at, what=entry.what, outcome=entry.get_outcome_display())
        for entry in person_access_log(member)
    ]
    return SubjectAccessReport(
        member=member, compiled_at=timezone.now(), sections=sections, access_log=access_log
    )
