"""Retention and erasure (GDPR art. 5(1)(e) and 17).

* Each municipality keeps a family's record `Municipality.retention_years` after its case ended
  (closed, rejected or withdrawn) — unless the family is kept for the archive (arkivloven:
  Rigsarkivet's preservation rules), which a team lead records with a reason.
* A daily task (`families.tasks.list_families_due_for_erasure`) lists the families whose period
  has run out for the municipality's administrators (one `ErasureDue` row per family, once; an
  e-mail that names nobody when new ones appear) and removes access-log rows older than
  `Municipality.access_log_retention_months`.
* Nothing is erased without the administrator's confirmation on the erasure page. Erasing deletes
  the family and everything that hangs off it in every app (Django's deletion collector follows
  the foreign keys, so families imports no app to its right), every simple-history row of those
  records — also of rows deleted earlier — the uploaded files, and the names the access log kept;
  it leaves an anonymous tombstone (`ErasedFamily`: municipality, team, reference, dates, final
  status, counts) that is also the log of the erasure (who, when, which reference).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import router, transaction
from django.db.models import FileField, ForeignKey, Model, Q, QuerySet
from django.db.models.deletion import Collector, ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import registered_models

from accounts.models import Municipality, User
from families.models import (
    ENDED_STATUSES,
    AccessLogEntry,
    ErasedFamily,
    ErasureDue,
    Family,
    Member,
)

logger = logging.getLogger("kerneteam.audit")

# For access-log rows of users without a municipality (national evaluators read no family).
DEFAULT_ACCESS_LOG_RETENTION_MONTHS = 24


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` earlier (the month's last day when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month + 1, day=min(moment.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


# --- What is due ---------------------------------------------------------------------------


def ended_on(family: Family) -> dt.date:
    return timezone.localdate(family.status_changed_at)


def erasure_due_on(family: Family, municipality: Municipality) -> dt.date | None:
    """The day the family's record falls due for erasure; None while it is kept (open case,
    archive-law exception)."""
    if family.status not in ENDED_STATUSES or family.keep_for_archive:
        return None
    return add_years(ended_on(family), municipality.retention_years)


def families_due(municipality: Municipality, *, today: dt.date | None = None) -> QuerySet[Family]:
    """Ended families of the municipality whose retention period has run out, not archived."""
    today = today or timezone.localdate()
    ended_before = add_years(today, -municipality.retention_years)
    cut_off = timezone.make_aware(dt.datetime.combine(ended_before, dt.time.max))
    return Family.objects.filter(
        municipality=municipality,
        status__in=ENDED_STATUSES,
        keep_for_archive=False,
        status_changed_at__lte=cut_off,
    )


@transaction.atomic
def list_due_families(*, today: dt.date | None = None) -> int:
    """List the families due for erasure for each municipality's administrators (idempotent:
    a family is listed once; one that is no longer due — reopened, kept for the archive — is
    taken off the list). Returns how many were newly listed."""
    today = today or timezone.localdate()
    newly_listed = 0
    for municipality in Municipality.objects.all():
        due = list(families_due(municipality, today=today).only("pk", "status_changed_at"))
        ErasureDue.objects.filter(municipality=municipality).exclude(
            family_id__in=[family.pk for family in due]
        ).delete()
        listed = set(
            ErasureDue.objects.filter(municipality=municipality).values_list("family_id", flat=True)
        )
        new = [
            ErasureDue(
                municipality=municipality,
                family=family,
                due_on=add_years(ended_on(family), municipality.retention_years),
            )
            for family in due
            if family.pk not in listed
        ]
        ErasureDue.objects.bulk_create(new, ignore_conflicts=True)
        if new:
            newly_listed += len(new)
            logger.info(
                "Retention: %s families of municipality %s listed for erasure",
                len(new),
                municipality.pk,
            )
            transaction.on_commit(partial(_mail_administrators, municipality.pk, len(new)))
    return newly_listed


def _mail_administrators(municipality_id: int, count: int) -> None:
    from accounts.alerts import administrators_of
    from accounts.language import mail_in_their_languages

    recipients = administrators_of(municipality_id)
    if not recipients:
        logger.warning("Retention: municipality %s has no administrator", municipality_id)
        return
    mail_in_their_languages(
        recipients,
        lambda: (
            _("Kerneteam: records due for erasure"),
            _(
                "%(count)s family records have passed their retention period and wait for your "
                "confirmation before they are erased:\n\n%(link)s"
            )
            % {"count": count, "link": settings.SITE_URL + reverse("families:erasure_list")},
        ),
    )


def due_list(municipality_id: int) -> QuerySet[ErasureDue]:
    """The administrator's list: reference, team, status and dates — never a name."""
    return (
        ErasureDue.objects.filter(municipality_id=municipality_id)
        .select_related("family__team")
        .only(
            "due_on",
            "listed_at",
            "family__reference",
            "family__status",
            "family__status_changed_at",
            "family__team__name",
        )
    )


def remove_expired_access_log(*, now: dt.datetime | None = None) -> int:
    """Delete access-log rows older than their municipality's access-log retention period."""
    now = now or timezone.now()
    removed = 0
    for municipality in Municipality.objects.all():
        cut_off = months_before(now, municipality.access_log_retention_months)
        removed += AccessLogEntry.objects.filter(
            user__municipality=municipality, at__lt=cut_off
        ).delete()[0]
    cut_off = months_before(now, DEFAULT_ACCESS_LOG_RETENTION_MONTHS)
    removed += AccessLogEntry.objects.filter(
        user__municipality__isnull=True, at__lt=cut_off
    ).delete()[0]
    if removed:
        logger.info("Retention: %s access-log rows past their period removed", removed)
    return removed


# --- The archive-law exception -------------------------------------------------------------


@transaction.atomic
def set_archive_exception(*, actor: User, family: Family, keep: bool, reason: str) -> Family:
    """Record (or lift) that the family's record is kept for the archive (arkivloven)."""
    reason = reason.strip()
    if keep and not reason:
        raise ValidationError(_("Say which archive rule the record is kept under."))
    family = Family.objects.select_for_update().get(pk=family.pk)
    family.keep_for_archive = keep
    family.archive_reason = reason if keep else ""
    family._history_user = actor  # type: ignore[attr-defined]  # read by simple_history on save
    family.save(update_fields=["keep_for_archive", "archive_reason"])
    if keep:
        ErasureDue.objects.filter(family=family).delete()
    return family


# --- Erasure -------------------------------------------------------------------------------


def _history_model(model: type[Model]) -> type[Model] | None:
    manager = getattr(model, "history", None)
    history_model = getattr(manager, "model", None)
    return history_model if isinstance(history_model, type) else None


def _history_through_models(history_model: type[Model]) -> list[tuple[type[Model], str]]:
    """The historical many-to-many tables of a historical model, with their field to it."""
    return [
        (through, field.name)
        for through in registered_models.values()
        for field in through._meta.fields
        if isinstance(field, ForeignKey) and field.related_model is history_model
    ]


def _belongs_to(instance: Model, family: Family) -> bool:
    return any(
        isinstance(field, ForeignKey)
        and field.related_model is Family
        and getattr(instance, field.attname) == family.pk
        for field in instance._meta.concrete_fields
    )


def _collected_ids(collector: Collector) -> dict[type[Model], set[Any]]:
    ids: dict[type[Model], set[Any]] = {}
    for model, instances in collector.data.items():
        ids.setdefault(model, set()).update(instance.pk for instance in instances)
    return ids


def _merge(into: dict[type[Model], set[Any]], ids: dict[type[Model], set[Any]]) -> None:
    for model, pks in ids.items():
        into.setdefault(model, set()).update(pks)


def _delete_records(family: Family) -> tuple[dict[type[Model], set[Any]], set[str], Counter[str]]:
    """Delete the family and everything that hangs off it (the collector follows every app's
    foreign keys); (record ids per model, their files, counts per model) of what was deleted.

    A record of the family that another record of the family PROTECTs (e.g. the assessment a
    plan is based on) is deleted after that other record."""
    using = router.db_for_write(Family)
    ids: dict[type[Model], set[Any]] = {Family: {family.pk}}
    files: set[str] = set()
    counts: Counter[str] = Counter()
    for _attempt in range(20):
        collector = Collector(using=using)
        try:
            collector.collect([family])
        except ProtectedError as error:
            protected = list(error.protected_objects)
            if not all(_belongs_to(instance, family) for instance in protected):
                raise
            collector = Collector(using=using)
            collector.collect(protected)
        else:
            protected = []
        found = _collected_ids(collector)
        _merge(ids, found)
        files |= _file_names(found)
        counts.update(_counts(collector))
        collector.delete()
        if not protected:
            return ids, files, counts
    raise ProtectedError("The family's records protect each other in a cycle.", set())


def _record_ids(ids: dict[type[Model], set[Any]]) -> dict[type[Model], set[Any]]:
    """Every record id of the family, per model: the ones just deleted, and those of records
    deleted earlier that only their history still holds (followed through the foreign keys of
    each historical table until nothing new turns up)."""
    ids = {model: set(pks) for model, pks in ids.items()}
    tracked = [
        (model, history)
        for model in apps.get_models()
        if (history := _history_model(model)) is not None
    ]
    changed = True
    while changed:
        changed = False
        for model, history in tracked:
            condition = Q()
            for field in model._meta.concrete_fields:
                if isinstance(field, ForeignKey) and field.related_model in ids:
                    related = ids[field.related_model]  # type: ignore[index]  # a model class
                    condition |= Q(**{f"{field.attname}__in": related})
            if not condition:
                continue
            found = set(history._default_manager.filter(condition).values_list("id", flat=True))
            if not found <= ids.get(model, set()):
                ids.setdefault(model, set()).update(found)
                changed = True
    return ids


def _file_names(ids: dict[type[Model], set[Any]]) -> set[str]:
    """Every stored file of the family's records, current and earlier versions."""
    names: set[str] = set()
    for model, pks in ids.items():
        file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, FileField)]
        if not file_fields:
            continue
        rows = [model._default_manager.filter(pk__in=pks)]
        history = _history_model(model)
        if history is not None:
            rows.append(history._default_manager.filter(id__in=pks))
        for queryset in rows:
            for values in queryset.values_list(*file_fields):
                names.update(str(value) for value in values if value)
    return names


def _delete_history(ids: dict[type[Model], set[Any]]) -> int:
    removed = 0
    for model, pks in ids.items():
        history = _history_model(model)
        if history is None:
            continue
        rows = history._default_manager.filter(id__in=pks)
        history_ids = list(rows.values_list("pk", flat=True))
        for through, field_name in _history_through_models(history):
            removed += through._default_manager.filter(
                **{f"{field_name}__in": history_ids}
            ).delete()[0]
        removed += rows.delete()[0]
    # Historical many-to-many rows of other records that name one of the family's members.
    member_ids = ids.get(Member, set())
    for through in registered_models.values():
        for field in through._meta.fields:
            if isinstance(field, ForeignKey) and field.related_model is Member and member_ids:
                removed += through._default_manager.filter(
                    **{f"{field.attname}__in": member_ids}
                ).delete()[0]
    return removed


def _delete_admin_log(ids: dict[type[Model], set[Any]]) -> None:
    """Django's admin log names the objects it changed (`object_repr`)."""
    for model, pks in ids.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        LogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in pks]
        ).delete()


def _counts(collector: Collector) -> Counter[str]:
    counts: Counter[str] = Counter()
    for model, instances in collector.data.items():
        counts[model._meta.label_lower] += len(instances)
    for queryset in collector.fast_deletes:
        if isinstance(queryset, QuerySet):
            counts[queryset.model._meta.label_lower] += queryset.count()
    return counts


def _require_erasable(actor: User, family: Family, *, today: dt.date) -> None:
    if not actor.is_municipality_admin or actor.municipality_id != family.municipality_id:
        raise PermissionDenied
    due_on = erasure_due_on(family, family.municipality)
    if due_on is None or due_on > today:
        raise ValidationError(
            _(
                "%(ref)s is not due for erasure (its case is open, kept for the archive or still "
                "within the retention period)."
            )
            % {"ref": family.reference}
        )


@transaction.atomic
def erase_family(
    *, actor: User, family: Family, confirmed: bool, today: dt.date | None = None
) -> ErasedFamily:
    """Erase a family due for erasure, once its municipality's administrator confirmed it."""
    if not confirmed:
        raise ValidationError(_("Confirm the erasure: nothing was erased."))
    family = Family.objects.select_for_update().select_related("municipality").get(pk=family.pk)
    _require_erasable(actor, family, today=today or timezone.localdate())
    members = list(family.members.all())
    counts: Counter[str] = Counter()
    for role, in_programme in ((m.role, m.is_in_programme) for m in members):
        counts[f"members.{role}"] += 1
        counts["members.in_programme"] += in_programme
    # The access log outlives the family until its own period ends: it keeps the case
    # reference, never the person's name.
    member_ids = set(Member.history.filter(family_id=family.pk).values_list("id", flat=True)) | {
        member.pk for member in members
    }
    AccessLogEntry.objects.filter(Q(family_id=family.pk) | Q(member_id__in=member_ids)).update(
        member_name=""
    )
    tombstone = ErasedFamily(
        municipality_id=family.municipality_id,
        team_id=family.team_id,
        reference=family.reference,
        status=family.status,
        created_on=timezone.localdate(family.created_at),
        ended_on=ended_on(family),
        members_count=len(members),
        children_in_programme=sum(member.is_in_programme for member in members),
        erased_by=actor,
    )
    deleted, files, deleted_counts = _delete_records(family)
    tombstone.counts = dict(counts + deleted_counts)
    ids = _record_ids(deleted)
    files |= _file_names(ids)  # files of earlier versions (history rows)
    history_rows = _delete_history(ids)
    _delete_admin_log(ids)
    tombstone.save()
    transaction.on_commit(lambda: _delete_files(files))
    logger.info(
        "Erasure: %s erased by user %s (%s records, %s history rows, %s files)",
        tombstone.reference,
        actor.pk,
        sum(len(pks) for pks in ids.values()),
        history_rows,
        len(files),
    )
    return tombstone


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Erasure: the file %s could not be deleted", name)


def erasure_log(municipality_id: int) -> QuerySet[ErasedFamily]:
    return ErasedFamily.objects.filter(municipality_id=municipality_id).select_related(
        "team", "erased_by"
    )
