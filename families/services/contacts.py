"""The quick contact log: one line per contact with the family."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from families.models import Contact, Family, Member
from families.services.common import by_actor


@transaction.atomic
def log_contact(
    *,
    actor: User,
    family: Family,
    department_id: int | None,  # None (a member without a department) is refused
    kind: str,
    occurred_at: dt.datetime,
    summary: str,
    members: Iterable[Member] = (),
) -> Contact:
    """Log one contact with the family in the quick contact log."""
    if department_id is None:
        raise ValidationError(_("Only a member of a department can write about the family."))
    members = list(members)
    if any(member.family_id != family.pk for member in members):
        raise ValidationError(_("Choose members of this family."))
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(_("A contact cannot be logged in the future."))
    contact = Contact(
        family=family,
        department_id=department_id,
        staff=actor,
        kind=kind,
        occurred_at=occurred_at,
        summary=summary.strip(),
    )
    contact.full_clean()
    by_actor(contact, actor).save()
    contact.members.set(members)
    return contact
