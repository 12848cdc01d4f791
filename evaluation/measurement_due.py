"""Keeping `MeasurementDue` (the next wave each family owes) equal to what the waves rule computes.

The rule is `evaluation.waves.next_owed_wave`; this module loads what it needs for any number of
families in a fixed number of queries, writes the result, and refreshes a family whenever
something it depends on changes (connected in EvaluationConfig.ready()):

* a measurement saved or deleted (entry, "not answered", correction, import: all save one row);
* a member saved (role, programme, custody, birth date) or deleted;
* the family's status (inclusion, closing, reopening) or team changes; a status change recorded.

Bulk writers that bypass signals (the benchmark generator, a data migration) call
`refresh_measurement_due()` themselves; the daily measurement task refreshes every family too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from evaluation.instruments import CHILD, PARENT, instruments_for_wave
from evaluation.waves import NextWave, misses_wave, next_owed_wave
from families.cpr import age_on
from families.models import ACTIVE_STATUSES, ENDED_STATUSES, Family, FamilyStatusChange, Member

BATCH = 2000
# Statuses in which a family can owe a wave: in the programme, or ended after it.
_OWING_STATUSES = frozenset(ACTIVE_STATUSES | ENDED_STATUSES)
_PARENT_ROLES = frozenset({Member.Role.PARENT, Member.Role.CUSTODY_HOLDER})
# Member fields the rule reads: a save naming none of them changes nothing due.
_MEMBER_FIELDS = frozenset(
    {"role", "is_in_programme", "is_custody_holder", "birth_date", "cpr", "family"}
)
_FAMILY_FIELDS = frozenset({"status", "team"})


@dataclass(frozen=True)
class Models:
    """The model classes to read and write: the real ones, or a migration's historical ones."""

    family: Any
    member: Any
    measurement: Any
    measurement_due: Any


def _models() -> Models:
    from evaluation.models import Measurement, MeasurementDue

    return Models(Family, Member, Measurement, MeasurementDue)


@dataclass(frozen=True)
class _Person:
    role: str
    is_in_programme: bool
    is_custody_holder: bool
    birth_date: dt.date | None

    def audience(self) -> str | None:
        """As measurement_selectors.audience_of: target children as children, parents and
        custody holders as parents."""
        if self.role == Member.Role.TARGET_CHILD:
            return CHILD
        if self.role in _PARENT_ROLES or self.is_custody_holder:
            return PARENT
        return None

    def is_measured(self, family_ended: bool) -> bool:
        if self.role == Member.Role.TARGET_CHILD:
            # Closing ends the programme for every member; their earlier waves still count.
            return self.is_in_programme or family_ended
        return self.audience() is not None


@dataclass(frozen=True)
class FamilyDue:
    family_id: int
    team_id: int
    is_active: bool
    next: NextWave | None


def _measured_q() -> Q:
    return Q(role=Member.Role.TARGET_CHILD) | Q(role__in=_PARENT_ROLES) | Q(is_custody_holder=True)


def compute_due(family_ids: Iterable[int], models: Models | None = None) -> dict[int, FamilyDue]:
    """Each family's next owed wave by the rule, in at most 3 queries for any number of
    families: the families with their inclusion and end dates, then (for those that can owe a
    wave) their measured members and the (member, wave, instrument) triples recorded."""
    m = models or _models()
    ids = list(family_ids)
    rows = list(
        m.family.objects.filter(pk__in=ids)
        .annotate(
            included_at=Min(
                "status_changes__changed_at",
                filter=Q(status_changes__to_status=Family.Status.INCLUDED),
            ),
            ended_at=Max(
                "status_changes__changed_at",
                filter=Q(status_changes__to_status__in=list(ENDED_STATUSES)),
            ),
        )
        .values_list("pk", "team_id", "status", "included_at", "ended_at")
    )
    owing = [row[0] for row in rows if row[2] in _OWING_STATUSES and row[3] is not None]
    persons: dict[int, list[tuple[int, _Person]]] = defaultdict(list)
    recorded: dict[tuple[int, int], set[str]] = defaultdict(set)
    if owing:
        for family_id, member_id, role, in_programme, custody, birth_date in (
            m.member.objects.filter(family_id__in=owing)
            .filter(_measured_q())
            .values_list(
                "family_id", "pk", "role", "is_in_programme", "is_custody_holder", "birth_date"
            )
        ):
            persons[family_id].append((member_id, _Person(role, in_programme, custody, birth_date)))
        for member_id, wave, instrument in m.measurement.objects.filter(
            family_id__in=owing
        ).values_list("member_id", "wave", "instrument"):
            recorded[(member_id, wave)].add(instrument)
    result = {}
    for family_id, team_id, status, included_at, ended_at in rows:
        ended = status in ENDED_STATUSES
        next_wave = None
        if status in _OWING_STATUSES and included_at is not None:
            measured = [
                (member_id, person)
                for member_id, person in persons[family_id]
                if person.is_measured(ended)
            ]

            def missing_at(
                wave: int, due_on: dt.date, measured: list[tuple[int, _Person]] = measured
            ) -> int:
                return sum(
                    1
                    for member_id, person in measured
                    if misses_wave(
                        instruments_for_wave(
                            audience=person.audience() or CHILD,
                            wave=wave,
                            age=age_on(person.birth_date, due_on) if person.birth_date else None,
                        ),
                        recorded[(member_id, wave)],
                    )
                )

            next_wave = next_owed_wave(
                timezone.localdate(included_at),
                ended_on=timezone.localdate(ended_at) if ended and ended_at else None,
                missing_at=missing_at,
            )
        result[family_id] = FamilyDue(family_id, team_id, status in ACTIVE_STATUSES, next_wave)
    return result


def _write(due: dict[int, FamilyDue], models: Models, *, insert: bool) -> None:
    """Store the computed values: a row per family owing a wave, none for the others (≤ 2
    queries; with insert=False only rows that exist are changed, one query per family)."""
    store = models.measurement_due
    none = [family_id for family_id, one in due.items() if one.next is None]
    owing = [one for one in due.values() if one.next is not None]
    if none:
        store.objects.filter(family_id__in=none).delete()
    if not owing:
        return
    if not insert:
        for one in owing:
            assert one.next is not None
            store.objects.filter(family_id=one.family_id).update(
                team_id=one.team_id,
                is_active=one.is_active,
                wave=one.next.wave,
                due_on=one.next.due_on,
                missing=one.next.missing,
                refreshed_at=timezone.now(),
            )
        return
    store.objects.bulk_create(
        [
            store(
                family_id=one.family_id,
                team_id=one.team_id,
                is_active=one.is_active,
                wave=one.next.wave,
                due_on=one.next.due_on,
                missing=one.next.missing,
                refreshed_at=timezone.now(),
            )
            for one in owing
            if one.next is not None
        ],
        update_conflicts=True,
        unique_fields=["family"],
        update_fields=["team", "is_active", "wave", "due_on", "missing", "refreshed_at"],
    )


def refresh_measurement_due(
    family_ids: Iterable[int] | None = None,
    *,
    models: Models | None = None,
    insert: bool = True,
) -> int:
    """Recompute and store the next owed wave of these families (all families when None), in
    batches of 2,000; returns how many families were refreshed."""
    m = models or _models()
    if family_ids is None:
        ids = list(m.family.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(family_ids))
    for start in range(0, len(ids), BATCH):
        _write(compute_due(ids[start : start + BATCH], m), m, insert=insert)
    return len(ids)


# --- Signals: what the rule depends on changed --------------------------------------------------


def _deleted_with_family(origin: object) -> bool:
    """A row deleted because its family is being deleted (erasure): nothing to keep."""
    model = getattr(origin, "model", type(origin))
    return model is Family


# Receivers take only keywords (Django sends `sender`, `instance`, … by name).
def _measurement_saved(**kwargs: object) -> None:
    instance = kwargs["instance"]
    if not kwargs.get("raw"):
        refresh_measurement_due([getattr(instance, "family_id")])  # noqa: B009  (any model)


def _measurement_deleted(**kwargs: object) -> None:
    instance = kwargs["instance"]
    if not _deleted_with_family(kwargs.get("origin")):
        refresh_measurement_due([getattr(instance, "family_id")], insert=False)  # noqa: B009


def _not_in_programme_yet(member: Member) -> bool:
    """Referred, in screening or awaiting consent (as the family already loaded says): no wave
    is owed and no row exists (the status change that left the programme removed it)."""
    if not Member.family.is_cached(member):
        return False
    return member.family.status not in _OWING_STATUSES


def _names_none_of(update_fields: object, fields: frozenset[str]) -> bool:
    """A save(update_fields=…) that writes none of the fields the rule reads."""
    return isinstance(update_fields, Iterable) and not fields & set(update_fields)


def _member_saved(**kwargs: object) -> None:
    instance = kwargs["instance"]
    assert isinstance(instance, Member)
    if kwargs.get("raw") or _names_none_of(kwargs.get("update_fields"), _MEMBER_FIELDS):
        return
    if not _not_in_programme_yet(instance):
        refresh_measurement_due([instance.family_id])


def _member_deleted(**kwargs: object) -> None:
    instance = kwargs["instance"]
    assert isinstance(instance, Member)
    if not _deleted_with_family(kwargs.get("origin")) and not _not_in_programme_yet(instance):
        refresh_measurement_due([instance.family_id], insert=False)


def _family_saved(**kwargs: object) -> None:
    instance = kwargs["instance"]
    assert isinstance(instance, Family)
    if kwargs.get("raw") or _names_none_of(kwargs.get("update_fields"), _FAMILY_FIELDS):
        return
    if kwargs.get("created") and instance.status not in _OWING_STATUSES:
        return  # a new referral owes nothing
    refresh_measurement_due([instance.pk])


def _status_change_saved(**kwargs: object) -> None:
    """Inclusion and end dates come from these rows (also when written back-dated)."""
    instance = kwargs["instance"]
    assert isinstance(instance, FamilyStatusChange)
    if kwargs.get("raw"):
        return
    if instance.to_status == Family.Status.INCLUDED or instance.to_status in ENDED_STATUSES:
        refresh_measurement_due([instance.family_id])


def connect() -> None:
    """Called from EvaluationConfig.ready()."""
    from evaluation.models import Measurement

    uid = "evaluation.measurement_due"
    post_save.connect(_measurement_saved, sender=Measurement, dispatch_uid=f"{uid}.measurement")
    post_delete.connect(_measurement_deleted, sender=Measurement, dispatch_uid=f"{uid}.m_del")
    post_save.connect(_member_saved, sender=Member, dispatch_uid=f"{uid}.member")
    post_delete.connect(_member_deleted, sender=Member, dispatch_uid=f"{uid}.member_del")
    post_save.connect(_family_saved, sender=Family, dispatch_uid=f"{uid}.family")
    post_save.connect(_status_change_saved, sender=FamilyStatusChange, dispatch_uid=f"{uid}.fsc")
