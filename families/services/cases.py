"""The family's own record: opening it, its descriptive fields, its status along the path."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality, Team, TeamMembership, User
from config.concurrency import lock, refuse_stale, token_of, values_of
from config.dates import date_text, noon_on
from families.access import can_register_included_family
from families.models import (
    ALLOWED_TRANSITIONS,
    ENDED_STATUSES,
    REOPEN_STATUS,
    ErasedFamily,
    Family,
    FamilyCoordinator,
    FamilyStatusChange,
    Member,
)
from families.services.common import by_actor, refuse_future

FAMILY_FIELDS = ("name", "housing_area", "notes")


def _next_reference(municipality: Municipality, year: int) -> str:
    prefix = f"{municipality.reference_prefix}-{year}-"
    # An erased family's reference (its tombstone keeps it) is never given again.
    last = max(
        Family.objects.filter(municipality=municipality, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
        or "",
        ErasedFamily.objects.filter(municipality=municipality, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
        or "",
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def create_family(
    *, actor: User, team: Team, name: str, housing_area: str = "", notes: str = ""
) -> Family:
    """Open a new family record in the referred state, with a fresh reference and coordinator."""
    # Lock the municipality row so two new families never get the same reference.
    municipality = Municipality.objects.select_for_update().get(pk=team.municipality_id)
    family = Family(
        municipality=municipality,
        team=team,
        name=name,
        housing_area=housing_area,
        notes=notes,
        created_by=actor,
        reference=_next_reference(municipality, timezone.localdate().year),
    )
    family.full_clean()
    by_actor(family, actor).save()
    FamilyStatusChange.objects.create(
        family=family, from_status="", to_status=family.status, changed_by=actor
    )
    # Whoever opens the record owns it until the team decides otherwise.
    if TeamMembership.objects.filter(user=actor, team=team, is_active=True).exists():
        by_actor(
            FamilyCoordinator(family=family, user=actor, kind=FamilyCoordinator.Kind.PRIMARY),
            actor,
        ).save()
    return family


@transaction.atomic
def register_included_family(
    *,
    actor: User,
    team: Team,
    name: str,
    included_on: dt.date,
    earlier_reference: str,
    housing_area: str = "",
    notes: str = "",
) -> Family:
    """Register a family the team already works with straight as included (backfill, issue 11
    item 5): no referral, no screening. Only the team's leads may
    (`families.access.can_register_included_family`); the inclusion date and the earlier
    reference (the case number in the earlier system or on paper) are required, and the family's
    history says who registered it so."""
    if not can_register_included_family(actor, team.pk):
        raise ValidationError(
            _("Only the team's leads may register a family that is already included.")
        )
    earlier_reference = earlier_reference.strip()
    if not earlier_reference:
        raise ValidationError(_("Give the family's earlier reference."))
    if included_on is None:
        raise ValidationError(_("Give the date the family was included."))
    refuse_future(included_on, _("The inclusion date cannot be in the future."))
    existing = (
        Family.objects.filter(municipality_id=team.municipality_id, family_ref=earlier_reference)
        .values_list("reference", flat=True)
        .first()
    )
    if existing is not None:
        raise ValidationError(
            _("A family with the earlier reference %(earlier)s is registered already: %(ref)s.")
            % {"earlier": earlier_reference, "ref": existing}
        )
    family = create_family(
        actor=actor, team=team, name=name, housing_area=housing_area, notes=notes
    )
    reason = _(
        "Registered as already included by %(user)s: included on %(date)s, earlier reference "
        "%(earlier)s (no referral or screening in Kerneteam)."
    ) % {
        "user": actor.get_full_name() or actor.get_username(),
        "date": date_text(included_on),
        "earlier": earlier_reference,
    }
    # The inclusion happened on its own day (measurement waves count from it), at noon; the
    # record's opening is dated with it, so a dated report never sees the family "referred"
    # after it was included (evaluation.selectors reads the last change by a day).
    included_at = noon_on(included_on)
    family.status_changes.filter(from_status="").update(changed_at=included_at)
    FamilyStatusChange.objects.create(
        family=family,
        from_status=family.status,
        to_status=Family.Status.INCLUDED,
        reason=reason,
        changed_by=actor,
        changed_at=included_at,
    )
    family.status = Family.Status.INCLUDED
    family.status_changed_at = included_at
    family.family_ref = earlier_reference
    family._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history
    by_actor(family, actor).save(update_fields=["status", "status_changed_at", "family_ref"])
    return family


def family_token(family: Family) -> str:
    """The edit token of the family's own fields (config.concurrency)."""
    return token_of(family, FAMILY_FIELDS)


@transaction.atomic
def update_family(
    *, actor: User, family: Family, expected_token: str | None = None, **fields: object
) -> Family:
    """Change the family's own descriptive fields, unless someone else changed them since the
    form was loaded (`expected_token`, config.concurrency)."""
    unknown = set(fields) - set(FAMILY_FIELDS)
    if unknown:
        raise ValueError(f"Not family fields: {sorted(unknown)}")
    saved = lock(family)
    refuse_stale(expected_token, values_of(saved, FAMILY_FIELDS), instance=saved)
    for name, value in fields.items():
        setattr(family, name, value)
    family.full_clean()
    by_actor(family, actor).save(update_fields=list(fields))
    return family


@transaction.atomic
def change_family_status(
    *, actor: User, family: Family, to_status: str, reason: str = ""
) -> Family:
    """Move the family along its path; only the transitions in ALLOWED_TRANSITIONS are possible."""
    lock_status(family)
    if to_status not in ALLOWED_TRANSITIONS[family.status]:
        raise ValidationError(
            _("A family cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Family.Status(family.status).label,
                "to": Family.Status(to_status).label,
            }
        )
    if to_status in ENDED_STATUSES and not reason.strip():
        raise ValidationError(_("Give a reason when a family's case ends."))
    return _set_status(actor=actor, family=family, to_status=to_status, reason=reason)


@transaction.atomic
def reopen_family(*, actor: User, family: Family, reason: str) -> Family:
    """Reopen a closed, rejected or withdrawn family; the team screens it again."""
    lock_status(family)
    if family.status not in ENDED_STATUSES:
        raise ValidationError(_("Only a closed, rejected or withdrawn family can be reopened."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for reopening the family."))
    _set_status(actor=actor, family=family, to_status=REOPEN_STATUS, reason=reason)
    for child in family.members.filter(role=Member.Role.TARGET_CHILD, is_in_programme=False):
        child.is_in_programme = True
        by_actor(child, actor).save(update_fields=["is_in_programme"])
    return family


def lock_status(family: Family) -> None:
    """Two coordinators may act at once: lock the row and decide on the current status."""
    Family.objects.select_for_update().filter(pk=family.pk).first()
    family.refresh_from_db(fields=["status", "status_changed_at"])


def _set_status(*, actor: User, family: Family, to_status: str, reason: str) -> Family:
    FamilyStatusChange.objects.create(
        family=family,
        from_status=family.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=actor,
    )
    family.status = to_status
    family.status_changed_at = timezone.now()
    family._change_reason = reason.strip()  # type: ignore[attr-defined]  # read by simple_history
    by_actor(family, actor).save(update_fields=["status", "status_changed_at"])
    return family
