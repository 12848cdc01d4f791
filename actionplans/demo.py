"""Demo: plans in every state for the Nordby families further along the path (idempotent).

Holmgaard: active, reassessment overdue · Amedi: active, one reassessment done, next due within
14 days · Mansour: draft · Baran: phasing out (due later) · Osmani: closed, aftercare check due.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, User
from actionplans import services
from actionplans.models import ActionPlan, ClosingCriterion, OfferType, Reassessment
from assessment.models import Assessment
from families.models import Family, Member

MUNICIPALITY = "Nordby"


def _family(name: str) -> Family | None:
    return Family.objects.filter(municipality__name=MUNICIPALITY, name=name).first()


def _member(family: Family, first_name: str) -> Member:
    return Member.objects.get(family=family, first_name=first_name)


def _dept(kind: str) -> Department:
    return Department.objects.filter(municipality__name=MUNICIPALITY, kind=kind).first()


def _offer(name: str) -> OfferType:
    return OfferType.objects.get(municipality__name=MUNICIPALITY, name=name)


def _plan(family: Family, actor: User) -> ActionPlan | None:
    finished = (
        Assessment.objects.filter(family=family, status=Assessment.Status.FINISHED)
        .order_by("-version")
        .first()
    )
    if finished is None:
        return None
    return services.start_plan(actor=actor, assessment=finished)


def _holmgaard(today: dt.date, users: dict[str, User]) -> str:
    family = _family("Holmgaard")
    cw = users["caseworker"]
    plan = _plan(family, cw) if family else None
    if plan is None:
        return ""
    children = _dept("children_family")
    mikkel, dorte = _member(family, "Mikkel"), _member(family, "Dorte")
    goal = services.add_goal(
        actor=cw,
        plan=plan,
        member=mikkel,
        department=children,
        family_wording="Mikkel kommer i skole hver dag og har en ven i klassen.",
        professional_wording="Fremmøde over 90 % og deltagelse i fællesskabet i klassen.",
        status="in_progress",
    )
    services.add_step(
        actor=cw,
        goal=goal,
        what="Morgenopringning kl. 7.15 i to uger",
        due_on=today + dt.timedelta(days=14),
        owner_user=cw,
        owner_department=children,
    )
    services.add_step(
        actor=cw, goal=goal, what="Stiller selv vækkeuret", due_on=today, owner_member=mikkel
    )
    services.add_goal(
        actor=cw,
        plan=plan,
        member=dorte,
        family_wording="Dorte vil have mere overskud om aftenen.",
        status="not_started",
    )
    services.activate_plan(actor=cw, plan=plan, started_on=today - dt.timedelta(days=104))
    offer = services.add_offer(
        actor=cw,
        plan=plan,
        offer_type=_offer("Fast kontaktperson"),
        member=mikkel,
        goal=goal,
        department=children,
        provider="Ungdomsskolen",
        start_on=today - dt.timedelta(days=90),
    )
    services.record_follow_up(
        actor=cw,
        plan=plan,
        offer=offer,
        held_on=today - dt.timedelta(days=20),
        with_whom="Mikkel og kontaktpersonen",
        progress="Mikkel møder op tre dage om ugen.",
        motivation="some",
        next_on=today + dt.timedelta(days=5),
    )
    services.add_statutory_link(
        actor=cw,
        plan=plan,
        member=mikkel,
        kind="child_plan",
        department=children,
        dated_on=today - dt.timedelta(days=120),
        reference="DUBU 2026-4411",
    )
    return "Holmgaard (active, reassessment overdue)"


def _amedi(today: dt.date, users: dict[str, User]) -> str:
    family = _family("Amedi")
    co = users["coordinator"]
    plan = _plan(family, co) if family else None
    if plan is None:
        return ""
    employment = _dept("employment")
    hozan, rania = _member(family, "Hozan"), _member(family, "Rania")
    goal = services.add_goal(
        actor=co,
        plan=plan,
        member=hozan,
        family_wording="Hozan går til fodbold og holder sig fra gaden om aftenen.",
        status="in_progress",
    )
    services.add_goal(
        actor=users["jobcentre"],
        plan=plan,
        member=rania,
        department=employment,
        family_wording="Rania vil lære dansk og finde et deltidsjob.",
        professional_wording="Sprogskole og virksomhedspraktik med ordinære timer.",
    )
    services.activate_plan(actor=co, plan=plan, started_on=today - dt.timedelta(days=172))
    services.add_offer(
        actor=co,
        plan=plan,
        offer_type=_offer("Fritidsaktivitet"),
        member=hozan,
        goal=goal,
        provider="Nordby IF",
        start_on=today - dt.timedelta(days=150),
    )
    services.add_exemption(
        actor=users["jobcentre"],
        plan=plan,
        member=_member(family, "Shivan"),
        start_on=today - dt.timedelta(days=30),
        end_on=today + dt.timedelta(days=60),
        reason="Fredning mens familien er i familiebehandling.",
    )
    item = services.start_reassessment(actor=co, plan=plan)
    services.save_reassessment(
        actor=co,
        reassessment=item,
        progress={goal.pk: "Går til træning to gange om ugen."},
        held_on=today - dt.timedelta(days=80),
        support_need="unchanged",
        risk_should_change=False,
    )
    services.confirm_department(actor=users["jobcentre"], reassessment=item, department=employment)
    services.complete_reassessment(actor=co, reassessment=item)
    Reassessment.objects.filter(pk=item.pk).update(completed_on=today - dt.timedelta(days=80))
    return "Amedi (active, reassessment due within 14 days)"


def _mansour(today: dt.date, users: dict[str, User]) -> str:
    family = _family("Mansour")
    plan = _plan(family, users["coordinator"]) if family else None
    if plan is None:
        return ""
    services.add_goal(
        actor=users["coordinator"],
        plan=plan,
        member=_member(family, "Yara"),
        family_wording="Yara vil gerne sove om natten og komme i skole.",
    )
    return "Mansour (draft)"


def _baran(today: dt.date, users: dict[str, User]) -> str:
    family = _family("Baran")
    cw = users["caseworker"]
    plan = _plan(family, cw) if family else None
    if plan is None:
        return ""
    rojhat = _member(family, "Rojhat")
    goal = services.add_goal(
        actor=cw,
        plan=plan,
        member=rojhat,
        family_wording="Rojhat gennemfører FGU og får et fritidsjob.",
        status="achieved",
    )
    services.activate_plan(actor=cw, plan=plan, started_on=today - dt.timedelta(days=40))
    services.add_offer(
        actor=cw,
        plan=plan,
        offer_type=_offer("Fritidsjob"),
        member=rojhat,
        goal=goal,
        provider="Netto Nordby",
        start_on=today - dt.timedelta(days=30),
    )
    ActionPlan.objects.filter(pk=plan.pk).update(phase_out_on=today - dt.timedelta(days=7))
    return "Baran (phasing out)"


def _osmani(today: dt.date, users: dict[str, User]) -> str:
    family = _family("Osmani")
    if family is None or ActionPlan.objects.filter(family=family).exists():
        return ""
    co = users["coordinator"]
    services.ensure_catalogue(family.municipality)
    plan = ActionPlan.objects.create(
        family=family,
        status=ActionPlan.Status.CLOSED,
        created_by=co,
        family_goals="Liridon vil have en uddannelse og et job.",
        started_on=today - dt.timedelta(days=400),
        closed_on=today - dt.timedelta(days=85),
        close_reason=ActionPlan.CloseReason.GOALS_ACHIEVED,
        aftercare_on=today + dt.timedelta(days=5),
    )
    plan.goals.create(
        member=_member(family, "Liridon"),
        family_wording="Liridon starter på en erhvervsuddannelse.",
        status="achieved",
    )
    plan.criteria_checked.set(ClosingCriterion.objects.filter(municipality=family.municipality))
    return "Osmani (closed, aftercare check due)"


def seed_actionplans_demo() -> str:
    today = timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["caseworker", "coordinator", "jobcentre"])
    }
    if len(users) < 3:
        return "Action plans: demo users missing, nothing seeded."
    written = []
    for step in (_holmgaard, _amedi, _mansour, _baran, _osmani):
        family_name = step.__name__.strip("_").capitalize()
        family = _family(family_name)
        if family is None or ActionPlan.objects.filter(family=family).exists():
            continue
        with transaction.atomic():
            summary = step(today, users)
        if summary:
            written.append(summary)
    notified = services.create_due_items(today)  # what the daily task would do (idempotent)
    return (
        f"Action plans: {', '.join(written) if written else 'nothing new'}; "
        f"{notified} new notifications."
    )
