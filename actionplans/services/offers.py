"""Offers and measures, a parent's exemption from jobcentre obligations, statutory plan links."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Department, User
from actionplans.models import (
    ActionPlan,
    Exemption,
    Goal,
    OfferType,
    PlanOffer,
    StatutoryPlanLink,
)
from actionplans.services.common import (
    check_consented_department,
    check_own_department,
    check_own_member,
    lock_open,
    note_change,
)
from families.models import Member
from families.services.common import by_actor


@transaction.atomic
def add_offer(
    *,
    actor: User,
    plan: ActionPlan,
    offer_type: OfferType,
    member: Member,
    start_on: dt.date,
    end_on: dt.date | None = None,
    provider: str = "",
    goal: Goal | None = None,
    department: Department | None = None,
) -> PlanOffer:
    lock_open(plan)
    check_own_member(plan, member)
    check_consented_department(plan, department)
    if offer_type.municipality_id != plan.family.municipality_id:
        raise ValidationError(_("Choose an offer from your municipality's catalogue."))
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError(_("Choose a goal of this plan."))
    if end_on and end_on < start_on:
        raise ValidationError(_("The offer cannot end before it starts."))
    offer = PlanOffer(
        plan=plan,
        offer_type=offer_type,
        member=member,
        goal=goal,
        department=department,
        provider=provider or offer_type.provider,
        start_on=start_on,
        end_on=end_on,
    )
    offer.full_clean()
    by_actor(offer, actor).save()
    note_change(plan, actor)
    return offer


@transaction.atomic
def end_offer(*, actor: User, offer: PlanOffer, end_on: dt.date) -> PlanOffer:
    plan = lock_open(offer.plan)
    if offer.status != PlanOffer.Status.ACTIVE:
        raise ValidationError(_("This offer has already ended."))
    if end_on < offer.start_on:
        raise ValidationError(_("The offer cannot end before it starts."))
    offer.end_on, offer.status = end_on, PlanOffer.Status.ENDED
    by_actor(offer, actor).save(update_fields=["end_on", "status"])
    note_change(plan, actor)
    return offer


@transaction.atomic
def add_exemption(
    *,
    actor: User,
    plan: ActionPlan,
    member: Member,
    start_on: dt.date,
    end_on: dt.date,
    reason: str,
) -> Exemption:
    lock_open(plan)
    check_own_member(plan, member)
    if member.role not in (
        Member.Role.PARENT,
        Member.Role.CUSTODY_HOLDER,
        Member.Role.STEP_PARENT,
    ):
        raise ValidationError(_("Only a parent can be exempted from jobcentre obligations."))
    if end_on < start_on:
        raise ValidationError(_("The exemption cannot end before it starts."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for the exemption."))
    exemption = Exemption(plan=plan, member=member, start_on=start_on, end_on=end_on, reason=reason)
    exemption.full_clean()
    by_actor(exemption, actor).save()
    note_change(plan, actor)
    return exemption


@transaction.atomic
def add_statutory_link(
    *,
    actor: User,
    plan: ActionPlan,
    member: Member,
    kind: str,
    department: Department,
    dated_on: dt.date,
    reference: str,
) -> StatutoryPlanLink:
    lock_open(plan)
    check_own_member(plan, member)
    check_own_department(plan, department)
    link = StatutoryPlanLink(
        plan=plan,
        member=member,
        kind=kind,
        department=department,
        dated_on=dated_on,
        reference=reference,
    )
    link.full_clean()
    by_actor(link, actor).save()
    note_change(plan, actor)
    return link
