"""The family's coordinators: a primary and a secondary from the core team."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import TeamMembership, User
from families.models import Family, FamilyCoordinator
from families.services.common import by_actor


@transaction.atomic
def assign_coordinator(*, actor: User, family: Family, user: User, kind: str) -> FamilyCoordinator:
    """Make a core-team caseworker the family's primary or secondary coordinator."""
    if not TeamMembership.objects.filter(
        user=user, team_id=family.team_id, is_active=True
    ).exists():
        raise ValidationError(_("A family coordinator must be a member of the family's core team."))
    existing = FamilyCoordinator.objects.filter(family=family).select_for_update()
    for coordinator in existing:
        if coordinator.kind == kind:
            raise ValidationError(
                _("The family already has a %(kind)s: %(name)s. Remove them first.")
                % {"kind": FamilyCoordinator.Kind(kind).label.lower(), "name": coordinator.user}
            )
        if coordinator.user_id == user.pk:
            raise ValidationError(
                _("%(name)s is already a coordinator of this family.") % {"name": user}
            )
    coordinator = FamilyCoordinator(family=family, user=user, kind=kind)
    try:
        with transaction.atomic():
            by_actor(coordinator, actor).save()
    except IntegrityError as error:  # a concurrent assignment won the race
        raise ValidationError(_("Someone else just assigned this coordinator role.")) from error
    return coordinator


@transaction.atomic
def remove_coordinator(*, actor: User, coordinator: FamilyCoordinator) -> None:
    """The user stops being a coordinator of the family (they stay on the team)."""
    by_actor(coordinator, actor).delete()
