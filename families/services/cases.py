"""The family's own record: opening it, its descriptive fields, its status along the path."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality, Team, TeamMembership, User
from config.concurrency import lock, refuse_stale, token_of, values_of
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
from families.services.common import by_actor

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
