"""Phase-out, closing the plan and the family's case, the aftercare check, reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from actionplans.models import ActionPlan, ClosingCriterion, Goal, PlanOffer
from actionplans.services.common import lock_open, note_change
from families.models import Family
from families.services import cases, members
from families.services.common import by_actor


@transaction.atomic
def set_phase_out(*, actor: User, plan: ActionPlan, phase_out_on: dt.date) -> ActionPlan:
    lock_open(plan)
    if plan.status != ActionPlan.Status.ACTIVE:
        raise ValidationError(_("Only an active plan can be phased out."))
    if plan.started_on and phase_out_on < plan.started_on:
        raise ValidationError(_("The phase-out cannot start before the plan."))
    plan.phase_out_on = phase_out_on
    by_actor(plan, actor).save(update_fields=["phase_out_on"])
    family = plan.family
    family.refresh_from_db(fields=["status"])
    if family.status == Family.Status.ACTION_PLAN:
        cases.change_family_status(actor=actor, family=family, to_status=Family.Status.PHASING_OUT)
    note_change(plan, actor)
    return plan


@transaction.atomic
def close_plan(
    *,
    actor: User,
    plan: ActionPlan,
    reason: str,
    criteria: Iterable[ClosingCriterion],
    aftercare_on: dt.date | None,
    continuing_offer_ids: Iterable[int] = (),
    note: str = "",
) -> ActionPlan:
    """Close the plan and the family's case: no open offer, no member left in the programme."""
    lock_open(plan)
    if plan.status != ActionPlan.Status.ACTIVE:
        raise ValidationError(_("Only an active plan can be closed."))
    if reason not in ActionPlan.CloseReason.values:
        raise ValidationError(_("Choose a reason for closing."))
    if reason == ActionPlan.CloseReason.OTHER and not note.strip():
        raise ValidationError(_("Describe the reason for closing."))
    criteria = list(criteria)
    municipality_id = plan.family.municipality_id
    if any(c.municipality_id != municipality_id for c in criteria):
        raise ValidationError(_("Choose criteria of your municipality's checklist."))
    unchecked = ClosingCriterion.objects.filter(
        municipality_id=municipality_id, is_required=True
    ).exclude(pk__in=[c.pk for c in criteria])
    if unchecked.exists():
        raise ValidationError(
            _("Check every required closing criterion first. Not checked: %(items)s.")
            % {"items": "; ".join(c.text for c in unchecked)}
        )
    today = timezone.localdate()
    if aftercare_on is None or aftercare_on <= today:
        raise ValidationError(_("Set an aftercare check date after today."))
    continuing = set(continuing_offer_ids)
    for offer in plan.offers.filter(status=PlanOffer.Status.ACTIVE):
        if offer.pk in continuing:
            offer.status = PlanOffer.Status.CONTINUING
        else:
            offer.status = PlanOffer.Status.ENDED
            if offer.end_on is None or offer.end_on > today:
                offer.end_on = max(today, offer.start_on)
        by_actor(offer, actor).save(update_fields=["status", "end_on"])
    _close_goals(plan, actor, reason=ActionPlan.CloseReason(reason))
    members.end_programme_for_members(actor=actor, family=plan.family)
    reason_label = str(ActionPlan.CloseReason(reason).label)
    cases.change_family_status(
        actor=actor,
        family=plan.family,
        to_status=Family.Status.CLOSED,
        reason=f"{reason_label}. {note}".strip(),
    )
    plan.status = ActionPlan.Status.CLOSED
    plan.closed_on, plan.close_reason, plan.close_note = today, reason, note
    plan.aftercare_on = aftercare_on
    by_actor(plan, actor).save()
    plan.criteria_checked.set(criteria)
    return plan


def _close_goals(plan: ActionPlan, actor: User, *, reason: ActionPlan.CloseReason) -> None:
    """No goal says "in progress" on a closed plan: open goals are achieved when the plan closes
    because its goals were achieved, else dropped with the reason for closing (issue 11)."""
    achieved = reason == ActionPlan.CloseReason.GOALS_ACHIEVED
    for goal in plan.goals.filter(status__in=[Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS]):
        if achieved:
            goal.status = Goal.Status.ACHIEVED
        else:
            goal.status = Goal.Status.DROPPED
            goal.dropped_reason = _("Closed with the plan: %(reason)s") % {"reason": reason.label}
        by_actor(goal, actor).save(update_fields=["status", "dropped_reason"])


@transaction.atomic
def record_aftercare(*, actor: User, plan: ActionPlan, note: str) -> ActionPlan:
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != ActionPlan.Status.CLOSED or plan.aftercare_done_on:
        raise ValidationError(_("There is no aftercare check to record."))
    if not note.strip():
        raise ValidationError(_("Write what the aftercare check found."))
    plan.aftercare_done_on, plan.aftercare_note = timezone.localdate(), note
    by_actor(plan, actor).save(update_fields=["aftercare_done_on", "aftercare_note"])
    return plan


def reopen(*, actor: User, family: Family, reason: str) -> Family:
    """Reopening needs a reason; the family is screened again and may get a new plan."""
    return cases.reopen_family(actor=actor, family=family, reason=reason)
