"""The plan itself: started from an assessment, the family's own goals, activated, printed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from actionplans.models import ActionPlan
from actionplans.services.catalogue import ensure_catalogue
from actionplans.services.common import lock_open, note_change
from assessment.models import Assessment, FamilyMeeting
from config.concurrency import refuse_stale, token_of, values_of
from families import deadlines
from families.models import DeadlineRule, Family
from families.services import cases
from families.services.common import by_actor, refuse_future


@transaction.atomic
def start_plan(*, actor: User, assessment: Assessment) -> ActionPlan:
    """Open a draft plan from a finished assessment; the family meeting's wishes start it."""
    family = assessment.family
    Family.objects.select_for_update().filter(pk=family.pk).first()
    if assessment.status != Assessment.Status.FINISHED:
        raise ValidationError(_("Finish the assessment before starting the action plan."))
    if family.is_ended:
        raise ValidationError(_("The family's case has ended. Reopen it first."))
    if ActionPlan.objects.filter(family=family).exclude(status=ActionPlan.Status.CLOSED).exists():
        raise ValidationError(_("The family already has an action plan."))
    meeting = FamilyMeeting.objects.filter(assessment=assessment).first()
    ensure_catalogue(family.municipality)
    plan = ActionPlan(
        family=family,
        assessment=assessment,
        created_by=actor,
        family_goals=meeting.wishes if meeting else "",
    )
    try:
        with transaction.atomic():
            by_actor(plan, actor).save()
    except IntegrityError as error:
        raise ValidationError(_("The family already has an action plan.")) from error
    return plan


def family_goals_token(plan: ActionPlan) -> str:
    """The edit token of the family's own goals (config.concurrency)."""
    return token_of(plan, ("family_goals",))


@transaction.atomic
def update_family_goals(
    *, actor: User, plan: ActionPlan, family_goals: str, expected_token: str | None = None
) -> ActionPlan:
    """Save the family's own goals, unless someone else changed them since the form was loaded
    (`expected_token`, config.concurrency)."""
    lock_open(plan)
    saved = ActionPlan.objects.get(pk=plan.pk)  # locked by lock_open
    refuse_stale(expected_token, values_of(saved, ("family_goals",)), instance=saved)
    plan.family_goals = family_goals
    by_actor(plan, actor).save(update_fields=["family_goals"])
    note_change(plan, actor, new_version=True)
    return plan


@transaction.atomic
def activate_plan(
    *, actor: User, plan: ActionPlan, started_on: dt.date | None = None
) -> ActionPlan:
    """Draft → active: the plan starts, the family moves to the plan phase."""
    lock_open(plan)
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be activated."))
    if not plan.goals.exists():
        raise ValidationError(_("Add at least one goal before activating the plan."))
    started_on = started_on or timezone.localdate()
    refuse_future(started_on, _("The plan cannot start in the future."))
    plan.status, plan.started_on = ActionPlan.Status.ACTIVE, started_on
    by_actor(plan, actor).save(update_fields=["status", "started_on"])
    note_change(plan, actor)
    family = plan.family
    for status in (Family.Status.ASSESSMENT, Family.Status.ACTION_PLAN):
        family.refresh_from_db(fields=["status"])
        if family.status == Family.Status.INCLUDED or (
            family.status == Family.Status.ASSESSMENT and status == Family.Status.ACTION_PLAN
        ):
            cases.change_family_status(actor=actor, family=family, to_status=status)
    # A young person brought before a judge needs a plan within 7 days and a final one within
    # a month: the active plan meets both, for every person of the family, where still open.
    deadlines.meet_deadlines(
        actor=actor,
        family=family,
        kinds=[DeadlineRule.Kind.JUDGE_PRELIMINARY_PLAN, DeadlineRule.Kind.JUDGE_FINAL_PLAN],
    )
    return plan


@transaction.atomic
def mark_printed(*, plan: ActionPlan) -> ActionPlan:
    """The family's PDF was printed (a POST): the plan page shows when it changed since."""
    plan.printed_at, plan.printed_version = timezone.now(), plan.version
    ActionPlan.objects.filter(pk=plan.pk).update(
        printed_at=plan.printed_at, printed_version=plan.printed_version
    )
    return plan
