"""Goals per member and their steps: who does what by when."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Department, TeamMembership, User
from actionplans.models import ActionPlan, Goal, Step
from actionplans.services.common import (
    check_consented_department,
    check_own_department,
    check_own_member,
    lock_open,
    note_change,
)
from config.concurrency import lock, refuse_stale, token_of, values_of
from families.models import Member
from families.services.common import by_actor

GOAL_FIELDS = ("family_wording", "professional_wording", "status", "dropped_reason", "department")


def _check_goal(plan: ActionPlan, goal: Goal) -> None:
    check_own_member(plan, goal.member)
    check_own_department(plan, goal.department)
    if goal.status == Goal.Status.DROPPED and not goal.dropped_reason.strip():
        raise ValidationError(_("Give a reason when a goal is dropped."))
    if goal.status != Goal.Status.DROPPED:
        goal.dropped_reason = ""
    goal.full_clean()


@transaction.atomic
def add_goal(
    *,
    actor: User,
    plan: ActionPlan,
    member: Member,
    family_wording: str,
    professional_wording: str = "",
    department: Department | None = None,
    status: str = Goal.Status.NOT_STARTED,
    dropped_reason: str = "",
) -> Goal:
    lock_open(plan)
    goal = Goal(
        plan=plan,
        member=member,
        department=department,
        family_wording=family_wording,
        professional_wording=professional_wording,
        status=status,
        dropped_reason=dropped_reason,
    )
    check_consented_department(plan, department)
    _check_goal(plan, goal)
    by_actor(goal, actor).save()
    note_change(plan, actor, new_version=True)
    return goal


def goal_token(goal: Goal) -> str:
    """The edit token of a goal (config.concurrency)."""
    return token_of(goal, GOAL_FIELDS)


@transaction.atomic
def update_goal(
    *, actor: User, goal: Goal, expected_token: str | None = None, **fields: object
) -> Goal:
    """Change a goal, unless someone else changed it since the form was loaded
    (`expected_token`, config.concurrency)."""
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Not goal fields: {sorted(unknown)}")
    plan = lock_open(goal.plan)
    current = lock(goal)
    refuse_stale(expected_token, values_of(current, GOAL_FIELDS), instance=current)
    department_before = current.department_id
    for name, value in fields.items():
        setattr(current, name, value)
    if current.department_id != department_before:
        check_consented_department(plan, current.department)
    _check_goal(plan, current)
    by_actor(current, actor).save()
    note_change(plan, actor, new_version=True)
    return current


def team_department(plan: ActionPlan, user: User) -> Department | None:
    """The professional's department in the family's core team (one membership per team), used
    for a step when none is chosen; None when they are not an active member of the team."""
    membership = (
        TeamMembership.objects.filter(user=user, team_id=plan.family.team_id, is_active=True)
        .select_related("department")
        .first()
    )
    return membership.department if membership is not None else None


@transaction.atomic
def add_step(
    *,
    actor: User,
    goal: Goal,
    what: str,
    due_on: dt.date | None,
    owner_user: User | None = None,
    owner_department: Department | None = None,
    owner_member: Member | None = None,
) -> Step:
    plan = lock_open(goal.plan)
    if not due_on:
        raise ValidationError(_("Give the step a date: by when?"))
    if owner_member is None and owner_user is not None and owner_department is None:
        owner_department = team_department(plan, owner_user)
    if owner_member is None and (owner_user is None or owner_department is None):
        raise ValidationError(
            _("Say who does it: a professional and their department, or the family member.")
        )
    if owner_member is not None and owner_user is not None:
        raise ValidationError(_("A step has one owner: a professional or a family member."))
    check_own_member(plan, owner_member)
    if owner_member is None:
        check_consented_department(plan, owner_department)
    if owner_user is not None and owner_user.municipality_id != plan.family.municipality_id:
        raise ValidationError(_("Choose a professional of the family's own municipality."))
    step = Step(
        goal=goal,
        what=what,
        due_on=due_on,
        owner_user=owner_user,
        owner_department=owner_department if owner_member is None else None,
        owner_member=owner_member,
    )
    step.full_clean()
    by_actor(step, actor).save()
    note_change(plan, actor, new_version=True)
    return step


@transaction.atomic
def toggle_step(*, actor: User, step: Step) -> Step:
    plan = lock_open(step.goal.plan)
    step.is_done = not step.is_done
    by_actor(step, actor).save(update_fields=["is_done"])
    note_change(plan, actor)
    return step
