"""The team's running journal: notes owned by the author's department."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from config.concurrency import lock, refuse_stale, token_of, values_of
from families.models import Family, JournalNote, Member
from families.services.common import by_actor, refuse_future


@transaction.atomic
def write_journal_note(
    *,
    actor: User,
    family: Family,
    department_id: int | None,  # None (a member without a department) is refused
    written_on: dt.date,
    category: str,
    text: str,
    members: Iterable[Member] = (),
) -> JournalNote:
    """Add a note to the team's running journal, owned by the author's department."""
    if department_id is None:
        raise ValidationError(_("Only a member of a department can write about the family."))
    members = list(members)
    if any(member.family_id != family.pk for member in members):
        raise ValidationError(_("Choose members of this family."))
    refuse_future(written_on, _("A journal note cannot be dated in the future."))
    note = JournalNote(
        family=family,
        department_id=department_id,
        author=actor,
        written_on=written_on,
        category=category,
        text=text,
    )
    note.full_clean()
    by_actor(note, actor).save()
    note.members.set(members)
    return note


NOTE_FIELDS = ("written_on", "category", "members", "text")


def note_token(note: JournalNote) -> str:
    """The edit token of a journal note (config.concurrency)."""
    return token_of(note, NOTE_FIELDS)


@transaction.atomic
def update_journal_note(
    *,
    actor: User,
    note: JournalNote,
    written_on: dt.date,
    category: str,
    text: str,
    members: Iterable[Member] = (),
    expected_token: str | None = None,
) -> JournalNote:
    """Change a journal note's date, category, text and the members it concerns, unless someone
    else changed it since the form was loaded (`expected_token`, config.concurrency)."""
    saved = lock(note)
    refuse_stale(expected_token, values_of(saved, NOTE_FIELDS), instance=saved)
    members = list(members)
    if any(member.family_id != note.family_id for member in members):
        raise ValidationError(_("Choose members of this family."))
    refuse_future(written_on, _("A journal note cannot be dated in the future."))
    note.written_on, note.category, note.text = written_on, category, text
    note.full_clean()
    by_actor(note, actor).save(update_fields=["written_on", "category", "text"])
    note.members.set(members)
    return note
