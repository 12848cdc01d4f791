import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import TeamMembership
from actionplans.models import (
    ActionPlan,
    ClosingCriterion,
    DueItem,
    FollowUp,
    Goal,
    Notification,
    OfferType,
    PlanOffer,
    Reassessment,
    Step,
)
from actionplans.rules import add_months
from actionplans.services import closing, follow_ups, goals, offers, plans, reassessments, reminders
from assessment.models import Assessment
from config.concurrency import StaleEdit
from families.models import Family, FamilyCoordinator, Member
from tests.actionplans.conftest import add_goal, member, offer_type

TODAY = timezone.localdate


def test_start_plan_from_finished_assessment(draft_plan, assessment):
    assert draft_plan.status == ActionPlan.Status.DRAFT
    assert draft_plan.assessment == assessment
    assert draft_plan.family_goals.startswith("At Jonas går i skole")
    assert OfferType.objects.filter(municipality=draft_plan.family.municipality).count() >= 20
    names = set(OfferType.objects.values_list("name", flat=True))
    assert {"Familiebehandling", "Fast kontaktperson", "Mentor", "Fritidsjob"} <= names


def test_second_plan_refused(draft_plan, assessment, caseworker):
    with pytest.raises(ValidationError, match="already has an action plan"):
        plans.start_plan(actor=caseworker, assessment=assessment)
    assert ActionPlan.objects.filter(family=assessment.family).count() == 1


def test_unfinished_assessment_refused(consented_family, caseworker):
    draft = Assessment.objects.create(
        family=consented_family, kind="initial", version=1, started_by=caseworker
    )
    with pytest.raises(ValidationError, match="Finish the assessment"):
        plans.start_plan(actor=caseworker, assessment=draft)
    assert not ActionPlan.objects.exists()


def test_activate_needs_a_goal_then_moves_the_family(draft_plan, caseworker, nordby):
    with pytest.raises(ValidationError, match="at least one goal"):
        plans.activate_plan(actor=caseworker, plan=draft_plan)
    add_goal(draft_plan, caseworker, department=nordby.children_family)
    plans.activate_plan(actor=caseworker, plan=draft_plan)
    draft_plan.refresh_from_db()
    assert draft_plan.status == ActionPlan.Status.ACTIVE
    assert draft_plan.started_on == TODAY()
    assert Family.objects.get(pk=draft_plan.family_id).status == Family.Status.ACTION_PLAN


def test_goal_change_on_active_plan_makes_a_new_version(active_plan, caseworker):
    before = active_plan.version
    add_goal(active_plan, caseworker, "Mette", family_wording="Få et job")
    active_plan.refresh_from_db()
    assert active_plan.version == before + 1
    assert active_plan.history.count() >= 2


def test_concurrent_goal_edit_second_editor_is_told(active_plan, caseworker, coordinator):
    goal = active_plan.goals.get()
    read_token = goals.goal_token(goal)
    goals.update_goal(
        actor=caseworker, goal=goal, expected_token=read_token, family_wording="Første"
    )
    with pytest.raises(StaleEdit, match="Someone else saved a change"):
        goals.update_goal(
            actor=coordinator, goal=goal, expected_token=read_token, family_wording="Anden"
        )
    goal.refresh_from_db()
    assert goal.family_wording == "Første"
    assert goals.goal_token(goal) != read_token


def test_dropped_goal_needs_a_reason(active_plan, caseworker):
    goal = active_plan.goals.get()
    with pytest.raises(ValidationError, match="reason when a goal is dropped"):
        goals.update_goal(
            actor=caseworker, goal=goal, expected_token=goals.goal_token(goal), status="dropped"
        )
    goals.update_goal(
        actor=caseworker,
        goal=goal,
        expected_token=goals.goal_token(goal),
        status="dropped",
        dropped_reason="Familien ønskede det ikke",
    )
    assert Goal.objects.get(pk=goal.pk).status == Goal.Status.DROPPED


def test_step_without_owner_or_date_refused(active_plan, caseworker, nordby):
    goal = active_plan.goals.get()
    with pytest.raises(ValidationError, match="by when"):
        goals.add_step(
            actor=caseworker,
            goal=goal,
            what="Vækning",
            due_on=None,
            owner_member=member(active_plan.family, "Jonas"),
        )
    with pytest.raises(ValidationError, match="Say who does it"):
        goals.add_step(actor=caseworker, goal=goal, what="Vækning", due_on=TODAY())
    assert not Step.objects.exists()
    goals.add_step(
        actor=caseworker,
        goal=goal,
        what="Møde med skolen",
        due_on=TODAY(),
        owner_user=caseworker,
        owner_department=nordby.children_family,
    )
    goals.add_step(
        actor=caseworker,
        goal=goal,
        what="Stå op kl. 7",
        due_on=TODAY(),
        owner_member=member(active_plan.family, "Jonas"),
    )
    assert Step.objects.filter(goal=goal).count() == 2


def test_offer_end_before_start_refused(active_plan, caseworker):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        offers.add_offer(
            actor=caseworker,
            plan=active_plan,
            offer_type=offer_type(active_plan),
            member=member(active_plan.family, "Jonas"),
            start_on=TODAY(),
            end_on=TODAY() - dt.timedelta(days=1),
        )
    assert not PlanOffer.objects.exists()


def test_exemption_only_for_a_parent(active_plan, caseworker):
    with pytest.raises(ValidationError, match="Only a parent"):
        offers.add_exemption(
            actor=caseworker,
            plan=active_plan,
            member=member(active_plan.family, "Jonas"),
            start_on=TODAY(),
            end_on=TODAY(),
            reason="x",
        )
    exemption = offers.add_exemption(
        actor=caseworker,
        plan=active_plan,
        member=member(active_plan.family, "Mette"),
        start_on=TODAY(),
        end_on=TODAY() + dt.timedelta(days=90),
        reason="Sygdom",
    )
    assert exemption.pk


def test_statutory_link_per_member(active_plan, caseworker, nordby):
    link = offers.add_statutory_link(
        actor=caseworker,
        plan=active_plan,
        member=member(active_plan.family, "Mette"),
        kind="job_plan",
        department=nordby.employment,
        dated_on=TODAY(),
        reference="Min Plan 123",
    )
    assert link.plan == active_plan


def test_follow_up_in_the_future_refused_and_supersedes(active_plan, caseworker):
    goal = active_plan.goals.get()
    kwargs = {
        "actor": caseworker,
        "plan": active_plan,
        "goal": goal,
        "with_whom": "Jonas",
        "progress": "Bedre",
        "motivation": "high",
    }
    with pytest.raises(ValidationError, match="future"):
        follow_ups.record_follow_up(held_on=TODAY() + dt.timedelta(days=1), **kwargs)
    first = follow_ups.record_follow_up(
        held_on=TODAY(), next_on=TODAY() + dt.timedelta(days=14), **kwargs
    )
    second = follow_ups.record_follow_up(held_on=TODAY(), **kwargs)
    first.refresh_from_db()
    assert first.is_superseded and not second.is_superseded
    assert FollowUp.objects.count() == 2


def test_reassessment_needs_each_department_then_coordinator_completes(
    active_plan, caseworker, other_department_user, coordinator, nordby
):
    add_goal(active_plan, other_department_user, "Mette", department=nordby.employment)
    item = reassessments.start_reassessment(actor=coordinator, plan=active_plan)
    assert item.due_on == reassessments.next_reassessment_due(active_plan)
    assert item.reviews.count() == 2
    reassessments.save_reassessment(
        actor=coordinator,
        reassessment=item,
        progress={},
        held_on=TODAY(),
        support_need="down",
        risk_should_change=False,
    )
    reassessments.confirm_department(
        actor=caseworker, reassessment=item, department=nordby.children_family
    )
    with pytest.raises(ValidationError, match="Jobcenter Nordby"):
        reassessments.complete_reassessment(actor=coordinator, reassessment=item)
    with pytest.raises(ValidationError, match="no part in the plan"):
        reassessments.confirm_department(
            actor=coordinator, reassessment=item, department=nordby.school
        )
    reassessments.confirm_department(
        actor=other_department_user, reassessment=item, department=nordby.employment
    )
    reassessments.complete_reassessment(actor=coordinator, reassessment=item)
    item.refresh_from_db()
    assert item.status == Reassessment.Status.COMPLETED
    # The next one is due three months after this reassessment, not after the plan start.
    assert reassessments.next_reassessment_due(active_plan) == add_months(TODAY(), 3)


def test_risk_change_starts_a_new_assessment_version(active_plan, coordinator):
    item = reassessments.start_reassessment(actor=coordinator, plan=active_plan)
    reassessments.save_reassessment(
        actor=coordinator,
        reassessment=item,
        progress={},
        held_on=TODAY(),
        support_need="up",
        risk_should_change=True,
    )
    new = reassessments.start_new_risk_assessment(actor=coordinator, reassessment=item)
    assert new.version == 2 and new.kind == Assessment.Kind.REASSESSMENT


def test_reminders_are_idempotent(
    draft_plan, caseworker, nordby, django_capture_on_commit_callbacks
):
    from actionplans.tasks import create_due_reminders
    from tests.actionplans.conftest import active_plan_for

    caseworker.email = "cw@nordby.dk"
    caseworker.save()
    active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY() - dt.timedelta(days=100)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert create_due_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert create_due_reminders.delay().get() == 0
    assert DueItem.objects.count() == 1
    assert Notification.objects.filter(user=caseworker).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cw@nordby.dk"]


def test_reminder_mail_leaves_on_commit_and_names_no_one(
    draft_plan, caseworker, nordby, django_capture_on_commit_callbacks
):
    """The mail says something is due and links to the notifications: no family, no name."""
    from tests.actionplans.conftest import active_plan_for

    caseworker.email = "cw@nordby.dk"
    caseworker.save()
    plan = active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY() - dt.timedelta(days=100)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reminders.create_due_items() == 1
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    (message,) = mail.outbox
    text = f"{message.subject}{message.body}"
    family = plan.family
    for name in (family.name, family.reference, "Jensen", "Mette", "Jonas"):
        assert name not in text
    assert "/plans/notifications/" in message.body
    # The in-app notification (behind the log-in) still says which family.
    assert family.name in Notification.objects.get(user=caseworker).text


@pytest.mark.parametrize("size", [1, 20])
def test_reminders_run_a_fixed_number_of_queries(
    caseworker, nordby, size, django_assert_max_num_queries
):
    """Due plans, existing items, new items, coordinators, notifications: 5 queries + savepoints."""
    families = Family.objects.bulk_create(
        Family(
            municipality=nordby.municipality,
            team=nordby.team,
            name=f"Familie {n}",
            reference=f"NOR-2000-{n:04d}",
            status=Family.Status.ACTION_PLAN,
            created_by=caseworker,
        )
        for n in range(size)
    )
    FamilyCoordinator.objects.bulk_create(
        FamilyCoordinator(family=family, user=caseworker, kind=FamilyCoordinator.Kind.PRIMARY)
        for family in families
    )
    ActionPlan.objects.bulk_create(
        ActionPlan(
            family=family,
            status=ActionPlan.Status.ACTIVE,
            created_by=caseworker,
            started_on=TODAY() - dt.timedelta(days=100),
            # bulk_create skips save(), which keeps the stored next reassessment the reminders read
            queue_due_on=TODAY() - dt.timedelta(days=10),
        )
        for family in families
    )
    with django_assert_max_num_queries(8):  # measured 7 at 1 and at 20 plans
        assert reminders.create_due_items() == size


def _close(plan, actor, **overrides):
    kwargs = {
        "actor": actor,
        "plan": plan,
        "reason": "goals_achieved",
        "criteria": ClosingCriterion.objects.filter(municipality_id=plan.family.municipality_id),
        "aftercare_on": TODAY() + dt.timedelta(days=90),
    }
    kwargs.update(overrides)
    return closing.close_plan(**kwargs)


def test_closing_with_open_required_items_refused(active_plan, coordinator):
    with pytest.raises(ValidationError, match="required closing criterion"):
        _close(active_plan, coordinator, criteria=[])
    with pytest.raises(ValidationError, match="aftercare"):
        _close(active_plan, coordinator, aftercare_on=None)
    active_plan.refresh_from_db()
    assert active_plan.status == ActionPlan.Status.ACTIVE
    assert Family.objects.get(pk=active_plan.family_id).status == Family.Status.ACTION_PLAN


def test_closing_leaves_no_inconsistent_state(active_plan, coordinator, caseworker):
    family = active_plan.family
    jonas, mette = member(family, "Jonas"), member(family, "Mette")
    mette.is_in_programme = True
    mette.save()
    mentor = offers.add_offer(
        actor=caseworker,
        plan=active_plan,
        offer_type=offer_type(active_plan),
        member=jonas,
        start_on=TODAY(),
    )
    leisure = offers.add_offer(
        actor=caseworker,
        plan=active_plan,
        offer_type=offer_type(active_plan, "Fritidsjob"),
        member=jonas,
        start_on=TODAY(),
    )
    closing.set_phase_out(actor=coordinator, plan=active_plan, phase_out_on=TODAY())
    assert Family.objects.get(pk=family.pk).status == Family.Status.PHASING_OUT
    _close(active_plan, coordinator, continuing_offer_ids=[leisure.pk])
    mentor.refresh_from_db()
    leisure.refresh_from_db()
    assert mentor.status == PlanOffer.Status.ENDED and mentor.end_on == TODAY()
    assert leisure.status == PlanOffer.Status.CONTINUING
    # No member of a closed family stays in the programme, the target child included.
    assert not Member.objects.filter(family=family, is_in_programme=True).exists()
    assert Family.objects.get(pk=family.pk).status == Family.Status.CLOSED
    active_plan.refresh_from_db()
    assert active_plan.status == ActionPlan.Status.CLOSED
    assert active_plan.criteria_checked.count() == 4
    with pytest.raises(ValidationError, match="closed"):
        add_goal(active_plan, coordinator)


def test_reopening_needs_a_reason_and_allows_a_new_plan(active_plan, coordinator, assessment):
    _close(active_plan, coordinator)
    family = Family.objects.get(pk=active_plan.family_id)
    with pytest.raises(ValidationError, match="reason"):
        closing.reopen(actor=coordinator, family=family, reason=" ")
    closing.reopen(actor=coordinator, family=family, reason="Ny bekymring")
    assert Family.objects.get(pk=family.pk).status == Family.Status.SCREENING


def test_aftercare_comes_back_and_is_recorded(active_plan, coordinator):
    _close(active_plan, coordinator, aftercare_on=TODAY() + dt.timedelta(days=5))
    assert reminders.create_due_items() == 1
    assert DueItem.objects.get().kind == DueItem.Kind.AFTERCARE
    with pytest.raises(ValidationError, match="found"):
        closing.record_aftercare(actor=coordinator, plan=active_plan, note="")
    closing.record_aftercare(actor=coordinator, plan=active_plan, note="Går fint")
    active_plan.refresh_from_db()
    assert active_plan.aftercare_done_on == TODAY()


# --- Issue 11, item 1: no reassessment waits for a department that can never confirm ----------


def _consent_also_to(plan: ActionPlan, actor, *departments) -> None:
    from families.services import consents

    custody = [m for m in plan.family.members.all() if m.is_custody_holder]
    consents.record_consent(
        actor=actor, family=plan.family, given_by=custody, departments=departments, given_on=TODAY()
    )


def test_plan_parts_go_only_to_departments_the_consent_covers(active_plan, caseworker, nordby):
    """The consent covers Børn og Familie, Socialforvaltningen and the Jobcenter, not the school."""
    goal = active_plan.goals.get()
    jonas = member(active_plan.family, "Jonas")
    with pytest.raises(ValidationError, match="consent does not cover Skoleafdelingen Nordby"):
        add_goal(active_plan, caseworker, department=nordby.school)
    with pytest.raises(ValidationError, match="consent does not cover Skoleafdelingen Nordby"):
        goals.update_goal(actor=caseworker, goal=goal, department=nordby.school)
    with pytest.raises(ValidationError, match="consent does not cover Skoleafdelingen Nordby"):
        goals.add_step(
            actor=caseworker,
            goal=goal,
            what="Skolemøde",
            due_on=TODAY(),
            owner_user=caseworker,
            owner_department=nordby.school,
        )
    with pytest.raises(ValidationError, match="consent does not cover Skoleafdelingen Nordby"):
        offers.add_offer(
            actor=caseworker,
            plan=active_plan,
            offer_type=offer_type(active_plan),
            member=jonas,
            department=nordby.school,
            start_on=TODAY(),
        )
    assert Goal.objects.filter(department=nordby.school).count() == 0
    assert Step.objects.filter(owner_department=nordby.school).count() == 0

    _consent_also_to(active_plan, caseworker, nordby.school)
    step = goals.add_step(
        actor=caseworker,
        goal=goal,
        what="Skolemøde",
        due_on=TODAY(),
        owner_user=caseworker,
        owner_department=nordby.school,
    )
    assert step.owner_department == nordby.school


def test_coordinator_confirms_for_a_department_with_no_one_in_the_team(
    active_plan, caseworker, coordinator, nordby
):
    _consent_also_to(active_plan, caseworker, nordby.school)
    goals.add_step(
        actor=caseworker,
        goal=active_plan.goals.get(),
        what="Fritidsklub",
        due_on=TODAY(),
        owner_user=caseworker,
        owner_department=nordby.school,
    )
    item = reassessments.start_reassessment(actor=coordinator, plan=active_plan)
    reassessments.save_reassessment(
        actor=coordinator,
        reassessment=item,
        progress={},
        held_on=TODAY(),
        support_need="unchanged",
        risk_should_change=False,
    )
    reassessments.confirm_department(
        actor=caseworker, reassessment=item, department=nordby.children_family
    )
    with pytest.raises(ValidationError, match="Not confirmed yet: Skoleafdelingen Nordby"):
        reassessments.complete_reassessment(actor=coordinator, reassessment=item)
    with pytest.raises(ValidationError, match="Say why"):
        reassessments.confirm_on_behalf(
            actor=coordinator, reassessment=item, department=nordby.school, reason="  "
        )
    with pytest.raises(ValidationError, match="no part in the plan"):
        reassessments.confirm_on_behalf(
            actor=coordinator, reassessment=item, department=nordby.employment, reason="x"
        )

    confirmation = reassessments.confirm_on_behalf(
        actor=coordinator,
        reassessment=item,
        department=nordby.school,
        reason="Ingen fra skolen i kerneteamet; aftalt pr. telefon",
    )
    assert confirmation.confirmed_by == coordinator
    assert confirmation.on_behalf_reason == "Ingen fra skolen i kerneteamet; aftalt pr. telefon"
    with pytest.raises(ValidationError, match="already confirmed"):
        reassessments.confirm_on_behalf(
            actor=coordinator, reassessment=item, department=nordby.school, reason="igen"
        )
    reassessments.complete_reassessment(actor=coordinator, reassessment=item)
    item.refresh_from_db()
    assert item.status == Reassessment.Status.COMPLETED


def test_a_steps_department_is_derived_from_the_professional(
    active_plan, caseworker, coordinator, nordby
):
    """Issue 11, item 2: a professional's one department in the core team need not be chosen."""
    goal = active_plan.goals.get()
    step = goals.add_step(
        actor=caseworker, goal=goal, what="Møde med skolen", due_on=TODAY(), owner_user=caseworker
    )
    assert step.owner_department == nordby.children_family
    # Not (or no longer) in the core team: the department must be chosen.
    TeamMembership.objects.filter(user=caseworker).update(is_active=False)
    with pytest.raises(ValidationError, match="Say who does it"):
        goals.add_step(
            actor=caseworker, goal=goal, what="Vækning", due_on=TODAY(), owner_user=caseworker
        )
    # A chosen department still wins.
    chosen = goals.add_step(
        actor=caseworker,
        goal=goal,
        what="Vækning",
        due_on=TODAY(),
        owner_user=caseworker,
        owner_department=nordby.social,
    )
    assert chosen.owner_department == nordby.social
