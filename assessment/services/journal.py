"""Part 2: the journal review, one entry per document read about one member."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import Assessment, JournalReviewEntry, RnrDomain
from assessment.services.drafts import check_own_department, check_own_member, lock_draft
from config.concurrency import lock, refuse_stale, token_of, values_of
from families.services.common import by_actor, refuse_future

JOURNAL_FIELDS = ("member", "department", "document_type", "document_date", "summary", "domains")
JOURNAL_FIELDS_ALL = (*JOURNAL_FIELDS, "findings")


def _check_journal(assessment: Assessment, fields: Mapping[str, Any]) -> None:
    """`fields` as the journal form cleans them (the form's fields give the types)."""
    check_own_member(assessment, fields["member"])
    check_own_department(assessment, fields["department"])
    refuse_future(
        fields["document_date"],
        _("The document date cannot be in the future."),
    )
    unknown = set(fields.get("domains") or []) - set(RnrDomain.values)
    if unknown:
        raise ValidationError(_("Choose domains from the eight RNR domains."))
    if not str(fields.get("summary", "")).strip():
        raise ValidationError(_("Write a summary of what the document shows."))


@transaction.atomic
def add_journal_entry(
    *, actor: User, assessment: Assessment, **fields: object
) -> JournalReviewEntry:
    """Record a note from reading one department's records about one member."""
    lock_draft(assessment)
    unknown = set(fields) - set(JOURNAL_FIELDS_ALL)
    if unknown:
        raise ValueError(f"Not journal review fields: {sorted(unknown)}")
    _check_journal(assessment, fields)
    entry = JournalReviewEntry(assessment=assessment, recorded_by=actor, **fields)
    entry.full_clean()
    by_actor(entry, actor).save()
    return entry


def entry_token(entry: JournalReviewEntry) -> str:
    """The edit token of a journal review entry (config.concurrency)."""
    return token_of(entry, JOURNAL_FIELDS_ALL)


@transaction.atomic
def update_journal_entry(
    *,
    actor: User,
    entry: JournalReviewEntry,
    expected_token: str | None = None,
    **fields: object,
) -> JournalReviewEntry:
    """Change an entry, unless someone else changed it since the form was loaded
    (`expected_token`, config.concurrency)."""
    lock_draft(entry.assessment)
    unknown = set(fields) - set(JOURNAL_FIELDS_ALL)
    if unknown:
        raise ValueError(f"Not journal review fields: {sorted(unknown)}")
    saved = lock(entry)
    refuse_stale(expected_token, values_of(saved, JOURNAL_FIELDS_ALL), instance=saved)
    for name, value in fields.items():
        setattr(entry, name, value)
    _check_journal(entry.assessment, {name: getattr(entry, name) for name in JOURNAL_FIELDS_ALL})
    entry.full_clean()
    by_actor(entry, actor).save()
    return entry


@transaction.atomic
def delete_journal_entry(*, actor: User, entry: JournalReviewEntry) -> None:
    lock_draft(entry.assessment)
    by_actor(entry, actor).delete()
