"""Consents to exchange information: recording one, withdrawing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from families.models import Consent, Family, Member
from families.services import cases
from families.services.common import by_actor, departments_of, refuse_future


@transaction.atomic
def record_consent(
    *,
    actor: User,
    family: Family,
    given_by: Iterable[Member],
    departments: Iterable[Department],
    given_on: dt.date,
    expires_on: dt.date | None = None,
    document: File[Any] | None = None,
    note: str = "",
) -> Consent:
    """Record a consent to exchange information; awaiting families become included."""
    given_by = list(given_by)
    departments = departments_of(family.municipality_id, departments)
    if not departments:
        raise ValidationError(_("Choose at least one department the consent covers."))
    if not given_by:
        raise ValidationError(_("Choose who gave the consent."))
    if any(member.family_id != family.pk for member in given_by):
        raise ValidationError(_("Only members of this family can give its consent."))
    refuse_future(given_on, _("The consent date cannot be in the future."))
    if expires_on and expires_on < given_on:
        raise ValidationError(_("The consent cannot expire before it was given."))
    consent = Consent(
        family=family,
        given_on=given_on,
        expires_on=expires_on,
        note=note,
        recorded_by=actor,
    )
    if document:
        consent.document = document
    consent.full_clean()
    by_actor(consent, actor).save()
    consent.departments.set(departments)
    consent.given_by.set(given_by)
    cases.lock_status(family)
    if family.status == Family.Status.AWAITING_CONSENT and consent.is_active_on(
        timezone.localdate()
    ):
        cases.change_family_status(actor=actor, family=family, to_status=Family.Status.INCLUDED)
    return consent


@transaction.atomic
def withdraw_consent(*, actor: User, consent: Consent, note: str = "") -> Consent:
    """Withdraw a consent today; it stops covering anything at once."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_on = max(timezone.localdate(), consent.given_on)
    if note.strip():
        consent.note = f"{consent.note}\n{note.strip()}".strip()
    by_actor(consent, actor).save(update_fields=["withdrawn_on", "note"])
    return consent
