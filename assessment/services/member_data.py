"""Part 1: the basic data note, and corrections of the members' basic data."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from assessment.models import Assessment
from assessment.services.drafts import check_own_member, lock_draft
from config.concurrency import refuse_stale, token_of, values_of
from families.models import Member
from families.services import members
from families.services.common import by_actor

NOTE_FIELDS = ("basic_data_note",)


def basic_data_note_token(assessment: Assessment) -> str:
    """The edit token of the basic data note (config.concurrency)."""
    return token_of(assessment, NOTE_FIELDS)


@transaction.atomic
def update_basic_data_note(
    *, actor: User, assessment: Assessment, note: str, expected_token: str | None = None
) -> Assessment:
    """Save the note, unless someone else changed it since the form was loaded."""
    lock_draft(assessment)
    saved = Assessment.objects.get(pk=assessment.pk)  # locked by lock_draft
    refuse_stale(expected_token, values_of(saved, NOTE_FIELDS), instance=saved)
    assessment.basic_data_note = note
    by_actor(assessment, actor).save(update_fields=["basic_data_note"])
    return assessment


@transaction.atomic
def update_member_basic_data(
    *,
    actor: User,
    assessment: Assessment,
    member: Member,
    expected_token: str | None = None,
    **fields: object,
) -> Member:
    """Correct a member's basic data from the assessment; it changes the family record itself
    (refused like any member edit when it is stale: `expected_token`, config.concurrency)."""
    lock_draft(assessment)
    check_own_member(assessment, member)
    return members.update_member(
        actor=actor, member=member, expected_token=expected_token, **fields
    )
