"""Every change to an action plan goes through a function here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, Municipality, User
from actionplans.models import (
    ActionPlan,
    ClosingCriterion,
    DepartmentConfirmation,
    DueItem,
    Exemption,
    FollowUp,
    Goal,
    GoalReview,
    Notification,
    OfferType,
    PlanOffer,
    Reassessment,
    StatutoryPlanLink,
    Step,
)
from actionplans.rules import DUE_SOON_DAYS, reassessment_due
from assessment import services as assessment_services
from assessment.models import Assessment, FamilyMeeting
from families.models import Family, FamilyCoordinator, Member
from families.services import cases, members
from families.services.common import by_actor, refuse_future

# (name, category, legal basis, formal grant) — REQUIREMENTS.md "Offer / measure".
DEFAULT_OFFER_TYPES = [
    ("Familiebehandling", "family", "Barnets Lov § 32", True),
    ("Behandling af barnet", "child", "Barnets Lov § 32", True),
    ("Fast kontaktperson", "child", "Barnets Lov § 32", True),
    ("Mentor", "child", "Barnets Lov § 32", True),
    ("Støtteperson", "parent", "Barnets Lov § 32", True),
    (
        "Ressourceforløb / rehabiliteringsplan",
        "employment",
        "Lov om aktiv beskæftigelsesindsats",
        True,
    ),
    ("Beskæftigelsesindsats, ordinær", "employment", "Lov om aktiv beskæftigelsesindsats", True),
    ("Beskæftigelsesindsats, særlig", "employment", "Lov om aktiv beskæftigelsesindsats", True),
    ("Praktik med ordinære timer", "employment", "Lov om aktiv beskæftigelsesindsats", True),
    ("Fritidsaktivitet", "leisure", "", False),
    ("Fritidsjob", "leisure", "", False),
    ("Forældregruppe (Mind the parents)", "parent", "", False),
    ("Forældrekursus", "parent", "", False),
    ("Forældrementor", "parent", "Barnets Lov § 32", True),
    ("Psykolog", "parent", "", True),
    ("Sprogkursus", "parent", "", True),
    ("PPR-psykolog", "child", "Folkeskoleloven", True),
    ("Uddannelses- og fritidsmentor", "education", "", False),
    ("Uddannelsesvejledning (UU)", "education", "", False),
    ("FGU", "education", "", True),
    ("Specialklasse", "education", "Folkeskoleloven", True),
    ("Dagbehandling", "child", "Barnets Lov § 32", True),
    ("Opholdssted / efterskole", "child", "Barnets Lov § 46", True),
]
DEFAULT_CLOSING_CRITERIA = [
    # Data in the municipality's own language; administrators change them (REQUIREMENTS.md B).
    ("Familiens egne mål er nået eller overdraget", True),
    ("Barnets skolegang eller uddannelse er stabil", True),
    ("Igangværende tilbud er afsluttet eller overdraget til almindelige indsatser", True),
    ("Familien ved, hvem de kan kontakte efter afslutningen", False),
]
GOAL_FIELDS = ("family_wording", "professional_wording", "status", "dropped_reason", "department")


def _own_member(plan: ActionPlan, member: Member | None) -> None:
    if member is not None and member.family_id != plan.family_id:
        raise ValidationError(_("Choose a member of this family."))


def _own_department(plan: ActionPlan, department: Department | None) -> None:
    if department is not None and department.municipality_id != plan.family.municipality_id:
        raise ValidationError(_("Choose a department of the family's own municipality."))


def _lock_open(plan: ActionPlan) -> ActionPlan:
    current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if current.status == ActionPlan.Status.CLOSED:
        raise ValidationError(_("This plan is closed and cannot be changed."))
    plan.status, plan.version = current.status, current.version
    return plan


def _changed(plan: ActionPlan, actor: User, *, new_version: bool = False) -> None:
    """Note a change; an active plan gets a new version when its goals change."""
    fields = ["changed_at"]
    plan.changed_at = timezone.now()
    if new_version and plan.status == ActionPlan.Status.ACTIVE:
        plan.version += 1
        fields.append("version")
    by_actor(plan, actor).save(update_fields=fields)


# --- Catalogue -----------------------------------------------------------------------------


def ensure_catalogue(municipality: Municipality) -> None:
    """Give a municipality the default offer types and closing checklist the first time."""
    if not OfferType.objects.filter(municipality=municipality).exists():
        OfferType.objects.bulk_create(
            OfferType(
                municipality=municipality,
                name=name,
                category=category,
                legal_basis=basis,
                is_formal_grant=formal,
            )
            for name, category, basis, formal in DEFAULT_OFFER_TYPES
        )
    if not ClosingCriterion.objects.filter(municipality=municipality).exists():
        ClosingCriterion.objects.bulk_create(
            ClosingCriterion(municipality=municipality, text=text, is_required=req, order=i)
            for i, (text, req) in enumerate(DEFAULT_CLOSING_CRITERIA)
        )


# --- The plan ------------------------------------------------------------------------------


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


@transaction.atomic
def update_family_goals(*, actor: User, plan: ActionPlan, family_goals: str) -> ActionPlan:
    _lock_open(plan)
    plan.family_goals = family_goals
    by_actor(plan, actor).save(update_fields=["family_goals"])
    _changed(plan, actor, new_version=True)
    return plan


@transaction.atomic
def activate_plan(
    *, actor: User, plan: ActionPlan, started_on: dt.date | None = None
) -> ActionPlan:
    """Draft → active: the plan starts, the family moves to the plan phase."""
    _lock_open(plan)
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be activated."))
    if not plan.goals.exists():
        raise ValidationError(_("Add at least one goal before activating the plan."))
    started_on = started_on or timezone.localdate()
    refuse_future(started_on, _("The plan cannot start in the future."))
    plan.status, plan.started_on = ActionPlan.Status.ACTIVE, started_on
    by_actor(plan, actor).save(update_fields=["status", "started_on"])
    _changed(plan, actor)
    family = plan.family
    for status in (Family.Status.ASSESSMENT, Family.Status.ACTION_PLAN):
        family.refresh_from_db(fields=["status"])
        if family.status == Family.Status.INCLUDED or (
            family.status == Family.Status.ASSESSMENT and status == Family.Status.ACTION_PLAN
        ):
            cases.change_family_status(actor=actor, family=family, to_status=status)
    return plan


def _check_goal(plan: ActionPlan, goal: Goal) -> None:
    _own_member(plan, goal.member)
    _own_department(plan, goal.department)
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
    _lock_open(plan)
    goal = Goal(
        plan=plan,
        member=member,
        department=department,
        family_wording=family_wording,
        professional_wording=professional_wording,
        status=status,
        dropped_reason=dropped_reason,
    )
    _check_goal(plan, goal)
    by_actor(goal, actor).save()
    _changed(plan, actor, new_version=True)
    return goal


@transaction.atomic
def update_goal(*, actor: User, goal: Goal, expected_version: int, **fields: object) -> Goal:
    """Change a goal unless someone else changed it since `expected_version` was read."""
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Not goal fields: {sorted(unknown)}")
    plan = _lock_open(goal.plan)
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    if current.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this goal while you were editing it. Nothing was saved: "
                "read their change and make yours again."
            )
        )
    for name, value in fields.items():
        setattr(current, name, value)
    _check_goal(plan, current)
    current.version += 1
    by_actor(current, actor).save()
    _changed(plan, actor, new_version=True)
    return current


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
    plan = _lock_open(goal.plan)
    if not due_on:
        raise ValidationError(_("Give the step a date: by when?"))
    if owner_member is None and (owner_user is None or owner_department is None):
        raise ValidationError(
            _("Say who does it: a professional and their department, or the family member.")
        )
    if owner_member is not None and owner_user is not None:
        raise ValidationError(_("A step has one owner: a professional or a family member."))
    _own_member(plan, owner_member)
    _own_department(plan, owner_department)
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
    _changed(plan, actor, new_version=True)
    return step


@transaction.atomic
def toggle_step(*, actor: User, step: Step) -> Step:
    plan = _lock_open(step.goal.plan)
    step.is_done = not step.is_done
    by_actor(step, actor).save(update_fields=["is_done"])
    _changed(plan, actor)
    return step


# --- Offers, exemptions, statutory plans ----------------------------------------------------


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
    _lock_open(plan)
    _own_member(plan, member)
    _own_department(plan, department)
    if offer_type.municipality_id != plan.family.municipality_id:
        raise ValidationError(_("Choose an offer from your municipality's catalogue."))
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError(_("Choose a goal of this plan."))
    if end_on and start_on and end_on < start_on:
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
    _changed(plan, actor)
    return offer


@transaction.atomic
def end_offer(*, actor: User, offer: PlanOffer, end_on: dt.date) -> PlanOffer:
    plan = _lock_open(offer.plan)
    if offer.status != PlanOffer.Status.ACTIVE:
        raise ValidationError(_("This offer has already ended."))
    if end_on < offer.start_on:
        raise ValidationError(_("The offer cannot end before it starts."))
    offer.end_on, offer.status = end_on, PlanOffer.Status.ENDED
    by_actor(offer, actor).save(update_fields=["end_on", "status"])
    _changed(plan, actor)
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
    _lock_open(plan)
    _own_member(plan, member)
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
    _changed(plan, actor)
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
    _lock_open(plan)
    _own_member(plan, member)
    _own_department(plan, department)
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
    _changed(plan, actor)
    return link


# --- Follow-up -----------------------------------------------------------------------------


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
    _lock_open(plan)
    if (goal is None) == (offer is None):
        raise ValidationError(_("A follow-up is about one goal or one offer."))
    if (goal or offer).plan_id != plan.pk:
        raise ValidationError(_("Choose a goal or offer of this plan."))
    refuse_future(held_on, _("A follow-up cannot be dated in the future."))
    if next_on and held_on and next_on <= held_on:
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


# --- Reassessment --------------------------------------------------------------------------


def next_reassessment_due(plan: ActionPlan) -> dt.date | None:
    if plan.started_on is None:
        return None
    last = (
        plan.reassessments.filter(status=Reassessment.Status.COMPLETED)
        .order_by("-completed_on")
        .values_list("completed_on", flat=True)
        .first()
    )
    return reassessment_due(plan.started_on, last)


def plan_department_ids(plan: ActionPlan) -> set[int]:
    """The departments represented in the plan: they confirm the reassessment."""
    ids = set(plan.goals.exclude(department=None).values_list("department_id", flat=True))
    ids |= set(plan.offers.exclude(department=None).values_list("department_id", flat=True))
    ids |= set(
        Step.objects.filter(goal__plan=plan)
        .exclude(owner_department=None)
        .values_list("owner_department_id", flat=True)
    )
    return ids


@transaction.atomic
def start_reassessment(*, actor: User, plan: ActionPlan) -> Reassessment:
    _lock_open(plan)
    if plan.status != ActionPlan.Status.ACTIVE:
        raise ValidationError(_("Only an active plan can be reassessed."))
    existing = plan.reassessments.filter(status=Reassessment.Status.OPEN).first()
    if existing is not None:
        return existing
    reassessment = Reassessment(plan=plan, due_on=next_reassessment_due(plan), started_by=actor)
    by_actor(reassessment, actor).save()
    for goal in plan.goals.all():
        by_actor(GoalReview(reassessment=reassessment, goal=goal), actor).save()
    return reassessment


def _lock_reassessment(reassessment: Reassessment) -> Reassessment:
    current = Reassessment.objects.select_for_update().get(pk=reassessment.pk)
    if current.status != Reassessment.Status.OPEN:
        raise ValidationError(_("This reassessment is completed."))
    return reassessment


@transaction.atomic
def save_reassessment(
    *,
    actor: User,
    reassessment: Reassessment,
    progress: dict[int, str],
    held_on: dt.date | None,
    support_need: str,
    risk_should_change: bool,
    risk_note: str = "",
    plan_changes: str = "",
) -> Reassessment:
    _lock_reassessment(reassessment)
    refuse_future(held_on, _("The meeting date cannot be in the future."))
    reassessment.held_on = held_on
    reassessment.support_need = support_need
    reassessment.risk_should_change = risk_should_change
    reassessment.risk_note = risk_note
    reassessment.plan_changes = plan_changes
    reassessment.full_clean()
    by_actor(reassessment, actor).save()
    for review in reassessment.reviews.all():
        if review.goal_id in progress:
            review.progress = progress[review.goal_id]
            by_actor(review, actor).save(update_fields=["progress"])
    return reassessment


@transaction.atomic
def confirm_department(
    *, actor: User, reassessment: Reassessment, department: Department
) -> DepartmentConfirmation:
    _lock_reassessment(reassessment)
    if department.pk not in plan_department_ids(reassessment.plan):
        raise ValidationError(_("This department has no part in the plan."))
    confirmation, _created = DepartmentConfirmation.objects.get_or_create(
        reassessment=reassessment, department=department, defaults={"confirmed_by": actor}
    )
    return confirmation


@transaction.atomic
def complete_reassessment(*, actor: User, reassessment: Reassessment) -> Reassessment:
    _lock_reassessment(reassessment)
    missing = plan_department_ids(reassessment.plan) - set(
        reassessment.confirmations.values_list("department_id", flat=True)
    )
    if missing:
        names = ", ".join(
            sorted(Department.objects.filter(pk__in=missing).values_list("name", flat=True))
        )
        raise ValidationError(
            _("Every department in the plan confirms first. Not confirmed yet: %(names)s.")
            % {"names": names}
        )
    if not reassessment.support_need or reassessment.held_on is None:
        raise ValidationError(_("Record the meeting date and the support need first."))
    reassessment.status = Reassessment.Status.COMPLETED
    reassessment.completed_by = actor
    reassessment.completed_on = timezone.localdate()
    by_actor(reassessment, actor).save()
    _changed(reassessment.plan, actor)
    return reassessment


@transaction.atomic
def start_new_risk_assessment(*, actor: User, reassessment: Reassessment) -> Assessment:
    """The risk rating should change: a new assessment version, through the assessment app."""
    if not reassessment.risk_should_change:
        raise ValidationError(_("The reassessment does not say the risk rating should change."))
    return assessment_services.start_assessment(actor=actor, family=reassessment.plan.family)


# --- Phase-out, closing, aftercare, reopening --------------------------------------------


@transaction.atomic
def set_phase_out(*, actor: User, plan: ActionPlan, phase_out_on: dt.date) -> ActionPlan:
    _lock_open(plan)
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
    _changed(plan, actor)
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
    _lock_open(plan)
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


def mark_printed(*, plan: ActionPlan) -> None:
    ActionPlan.objects.filter(pk=plan.pk).update(
        printed_at=timezone.now(), printed_version=plan.version
    )


# --- Daily reminders -----------------------------------------------------------------------


def _due_plans(today: dt.date) -> list[tuple[ActionPlan, str, dt.date]]:
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due: list[tuple[ActionPlan, str, dt.date]] = []
    for plan in ActionPlan.objects.filter(status=ActionPlan.Status.ACTIVE).select_related("family"):
        on = next_reassessment_due(plan)
        if on and on <= horizon:
            due.append((plan, DueItem.Kind.REASSESSMENT, on))
    for plan in ActionPlan.objects.filter(
        status=ActionPlan.Status.CLOSED,
        aftercare_on__lte=horizon,
        aftercare_done_on__isnull=True,
    ).select_related("family"):
        due.append((plan, DueItem.Kind.AFTERCARE, plan.aftercare_on))
    return due


def create_due_items(today: dt.date | None = None) -> int:
    """Create the due items of the next 14 days and notify the family coordinators once each.

    Idempotent: the unique (family, kind, due date) constraint means a second run creates nothing.
    Returns the number of notifications created.
    """
    today = today or timezone.localdate()
    created = 0
    for plan, kind, on in _due_plans(today):
        with transaction.atomic():
            item, is_new = DueItem.objects.get_or_create(
                family=plan.family, kind=kind, due_on=on, defaults={"plan": plan}
            )
            if not is_new:
                continue
            label = DueItem.Kind(kind).label
            text = _("%(kind)s for %(family)s (%(reference)s) is due on %(date)s.") % {
                "kind": label,
                "family": plan.family.name,
                "reference": plan.family.reference,
                "date": on.isoformat(),
            }
            users = [
                c.user
                for c in FamilyCoordinator.objects.filter(family=plan.family).select_related("user")
            ]
            for user in users:
                Notification.objects.create(user=user, due_item=item, text=text)
                created += 1
            recipients = [user.email for user in users if user.email]
            if recipients:
                send_mail(
                    str(_("Kerneteam: a reassessment or check is due")), text, None, recipients
                )
    return created
