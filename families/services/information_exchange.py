"""The § 115 / Barnets Lov information exchange log: every disclosure to (or from) the police or
another authority, with what, with whom, on which legal basis, by whom and when (DOMAIN.md §2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from families.models import Family, InformationExchange, Member
from families.services.common import by_actor, refuse_future


@transaction.atomic
def record_information_exchange(
    *,
    actor: User,
    family: Family,
    direction: str,
    recipient_kind: str,
    recipient: str,
    legal_basis: str,
    purpose: str,
    what: str,
    shared_on: dt.date,
    shared_by: User | None = None,
    members: Iterable[Member] = (),
) -> InformationExchange:
    """Record one disclosure. `shared_by` defaults to the person recording it."""
    if family.is_ended:
        raise ValidationError(_("The family's case has ended; nothing more is recorded on it."))
    members = list(members)
    if any(member.family_id != family.pk for member in members):
        raise ValidationError(_("Choose members of this family."))
    refuse_future(shared_on, _("An exchange cannot be recorded in the future."))
    shared_by = shared_by or actor
    if shared_by.municipality_id != family.municipality_id:
        raise ValidationError(_("Choose a person of the family's own municipality."))
    if legal_basis == InformationExchange.LegalBasis.OTHER and not purpose.strip():
        raise ValidationError(_("State the legal basis in the purpose."))
    exchange = InformationExchange(
        family=family,
        direction=direction,
        recipient_kind=recipient_kind,
        recipient=recipient.strip(),
        legal_basis=legal_basis,
        purpose=purpose.strip(),
        what=what.strip(),
        shared_on=shared_on,
        shared_by=shared_by,
        recorded_by=actor,
    )
    exchange.full_clean()
    by_actor(exchange, actor).save()
    exchange.members.set(members)
    return exchange
