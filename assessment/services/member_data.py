"""Part 1: the basic data note, and corrections of the members' basic data."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from assessment.models import Assessment
from assessment.services.drafts import check_own_member, lock_draft
from families.models import Member
from families.services import members
from families.services.common import by_actor


@transaction.atomic
def update_basic_data_note(*, actor: User, assessment: Assessment, note: str) -> Assessment:
    lock_draft(assessment)
    assessment.basic_data_note = note
    by_actor(assessment, actor).save(update_fields=["basic_data_note"])
    return assessment


@transaction.atomic
def update_member_basic_data(
    *, actor: User, assessment: Assessment, member: Member, **fields: object
) -> Member:
    """Correct a member's basic data from the assessment; it changes the family record itself."""
    lock_draft(assessment)
    check_own_member(assessment, member)
    return members.update_member(actor=actor, member=member, **fields)
