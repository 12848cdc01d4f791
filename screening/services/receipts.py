"""The receipt of a notification of concern: sent to whoever notified within 6 working days
(DOMAIN.md §2). Recording it on the referral meets the family's receipt deadline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from config.dates import date_text
from families import deadlines
from families.models import DeadlineRule
from families.services.common import by_actor, refuse_future
from screening.models import Referral


@transaction.atomic
def record_receipt_sent(*, actor: User, referral: Referral, sent_on: dt.date | None) -> Referral:
    """The receipt of this notification of concern was sent on `sent_on`: kept on the referral
    (who recorded it, in its history) and the family's open receipt deadline met that day."""
    locked = (
        Referral.objects.select_for_update()
        .only("receipt_sent_on", "source", "received_on")
        .get(pk=referral.pk)
    )
    if locked.source != Referral.Source.NOTIFICATION:
        raise ValidationError(_("Only a notification of concern is sent a receipt."))
    if locked.receipt_sent_on is not None:
        raise ValidationError(
            _("The receipt was recorded as sent on %(date)s already.")
            % {"date": date_text(locked.receipt_sent_on)}
        )
    if sent_on is None:
        raise ValidationError(_("Give the day the receipt was sent."))
    refuse_future(sent_on, _("The receipt cannot be sent in the future."))
    if sent_on < locked.received_on:
        raise ValidationError(
            _("The receipt cannot be sent before the notification was received (%(date)s).")
            % {"date": date_text(locked.received_on)}
        )
    referral.receipt_sent_on = sent_on
    referral.receipt_recorded_by = actor
    by_actor(referral, actor).save(update_fields=["receipt_sent_on", "receipt_recorded_by"])
    deadlines.meet_deadlines(
        actor=actor,
        family=referral.family,
        kinds=[DeadlineRule.Kind.CONCERN_RECEIPT],
        met_at=deadlines.moment_of(sent_on),
    )
    return referral
