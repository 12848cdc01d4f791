"""Outside access: a caseworker outside the core team invited to one family until a date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Department, TeamMembership, User
from families.access import GRANT_PERMISSION
from families.models import Family, FamilyGrant
from families.services.common import by_actor, departments_of


@transaction.atomic
def grant_outside_access(
    *,
    actor: User,
    family: Family,
    user: User,
    department: Department,
    valid_until: dt.date,
    reason: str,
) -> FamilyGrant:
    """Invite a caseworker outside the core team to one family until a date."""
    if user.municipality_id != family.municipality_id:
        raise ValidationError(_("Only users of the family's own municipality can be invited."))
    if TeamMembership.objects.filter(user=user, team_id=family.team_id, is_active=True).exists():
        raise ValidationError(_("%(name)s is already on the core team.") % {"name": user})
    if valid_until < timezone.localdate():
        raise ValidationError(_("The access must last until today or later."))
    departments_of(family.municipality_id, [department])
    grant = FamilyGrant(
        family=family,
        user=user,
        department=department,
        valid_until=valid_until,
        reason=reason,
        granted_by=actor,
    )
    grant.full_clean()
    by_actor(grant, actor).save()
    assign_perm(GRANT_PERMISSION, user, family)
    return grant


@transaction.atomic
def revoke_outside_access(*, actor: User, grant: FamilyGrant) -> FamilyGrant:
    """End an outside caseworker's access now."""
    grant = FamilyGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        by_actor(grant, actor).save(update_fields=["revoked_at"])
    _drop_permission_unless_other_grant(grant)
    return grant


def _drop_permission_unless_other_grant(grant: FamilyGrant) -> None:
    still_granted = FamilyGrant.objects.filter(
        family_id=grant.family_id,
        user_id=grant.user_id,
        revoked_at__isnull=True,
        valid_until__gte=timezone.localdate(),
    ).exists()
    if not still_granted:
        remove_perm(GRANT_PERMISSION, grant.user, grant.family)


def remove_expired_grant_permissions() -> int:
    """Tidy the guardian permissions of expired grants (access already stops at expiry)."""
    expired = FamilyGrant.objects.filter(valid_until__lt=timezone.localdate()).select_related(
        "user", "family"
    )
    for grant in expired:
        _drop_permission_unless_other_grant(grant)
    return len(expired)
