"""Handovers: a department's existing case handed over to the core team (or none to hand over)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Department, User
from families.models import Family, Handover, Member
from families.services.common import by_actor, departments_of, refuse_future


@transaction.atomic
def record_handover(
    *,
    actor: User,
    family: Family,
    department: Department,
    handed_over_on: dt.date,
    member: Member | None = None,
    case_reference: str = "",
    former_caseworker: str = "",
    note: str = "",
    has_existing_case: bool = True,
) -> Handover:
    """Record that a department's existing case was handed over (or that it has none)."""
    departments_of(family.municipality_id, [department])
    if member is not None and member.family_id != family.pk:
        raise ValidationError(_("Choose a member of this family."))
    refuse_future(handed_over_on, _("The handover date cannot be in the future."))
    if not has_existing_case and (case_reference.strip() or former_caseworker.strip()):
        raise ValidationError(
            _("A department without an existing case has no case reference or former caseworker.")
        )
    handover = Handover(
        family=family,
        department=department,
        member=member,
        has_existing_case=has_existing_case,
        case_reference=case_reference,
        former_caseworker=former_caseworker,
        handed_over_on=handed_over_on,
        note=note,
        recorded_by=actor,
    )
    handover.full_clean()
    by_actor(handover, actor).save()
    return handover
