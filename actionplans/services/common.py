"""Checks and bookkeeping every plan service shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from actionplans.models import ActionPlan
from families.access import covered_department_ids
from families.models import Member
from families.services.common import by_actor


def check_own_member(plan: ActionPlan, member: Member | None) -> None:
    if member is not None and member.family_id != plan.family_id:
        raise ValidationError(_("Choose a member of this family."))


def check_own_department(plan: ActionPlan, department: Department | None) -> None:
    if department is not None and department.municipality_id != plan.family.municipality_id:
        raise ValidationError(_("Choose a department of the family's own municipality."))


def check_consented_department(plan: ActionPlan, department: Department | None) -> None:
    """A goal, step or offer goes only to a department the family's consent covers: no other
    department can read it, so it could never confirm its part of a reassessment (issue 11)."""
    check_own_department(plan, department)
    if department is not None and department.pk not in covered_department_ids(plan.family_id):
        raise ValidationError(
            _("The family's consent does not cover %(department)s: choose a department it covers.")
            % {"department": department.name}
        )


def lock_open(plan: ActionPlan) -> ActionPlan:
    """Lock the plan's row; refuse when it is closed. Returns `plan` with fresh status/version."""
    current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if current.status == ActionPlan.Status.CLOSED:
        raise ValidationError(_("This plan is closed and cannot be changed."))
    plan.status, plan.version = current.status, current.version
    return plan


def note_change(plan: ActionPlan, actor: User, *, new_version: bool = False) -> None:
    """Note a change; an active plan gets a new version when its goals change."""
    fields = ["changed_at"]
    plan.changed_at = timezone.now()
    if new_version and plan.status == ActionPlan.Status.ACTIVE:
        plan.version += 1
        fields.append("version")
    by_actor(plan, actor).save(update_fields=fields)
