"""Follow-ups on one goal or one offer: the latest per goal or offer is the open one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from actionplans.models import ActionPlan, FollowUp, Goal, PlanOffer
from actionplans.services.common import lock_open
from families.services.common import by_actor, refuse_future


@transaction.atomic
def record_follow_up(
    *,
    actor: User,
    plan: ActionPlan,
    held_on: dt.date,
    with_whom: str,
    progress: str,
    motivation: str,
    goal: Goal | None = None,
    offer: PlanOffer | None = None,
    next_on: dt.date | None = None,
) -> FollowUp:
    lock_open(plan)
    if (goal is None) == (offer is None):
        raise ValidationError(_("A follow-up is about one goal or one offer."))
    about = goal or offer
    if about is None or about.plan_id != plan.pk:
        raise ValidationError(_("Choose a goal or offer of this plan."))
    refuse_future(held_on, _("A follow-up cannot be dated in the future."))
    if next_on and next_on <= held_on:
        raise ValidationError(_("The next follow-up must come after this one."))
    follow_up = FollowUp(
        plan=plan,
        goal=goal,
        offer=offer,
        held_on=held_on,
        with_whom=with_whom,
        progress=progress,
        motivation=motivation,
        next_on=next_on,
        recorded_by=actor,
    )
    follow_up.full_clean()
    FollowUp.objects.filter(plan=plan, goal=goal, offer=offer, is_superseded=False).update(
        is_superseded=True
    )
    by_actor(follow_up, actor).save()
    return follow_up
