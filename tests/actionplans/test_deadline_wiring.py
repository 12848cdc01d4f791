"""Activating the plan meets the judge-related plan deadlines (preliminary plan within 7 days,
final plan within a month) of every person, where still open (families/deadlines.py, issue 11)."""

import pytest
from django.utils import timezone

from actionplans.services import plans
from families import deadlines
from families.models import Deadline, DeadlineRule
from tests.actionplans.conftest import active_plan_for, member

Kind = DeadlineRule.Kind
PLAN_KINDS = {Kind.JUDGE_PRELIMINARY_PLAN, Kind.JUDGE_FINAL_PLAN}


@pytest.mark.django_db
def test_activating_the_plan_meets_the_judge_plan_deadlines_once(draft_plan, caseworker, nordby):
    family = draft_plan.family
    jonas = member(family, "Jonas")
    deadlines.start_deadlines(
        actor=caseworker,
        family=family,
        trigger=DeadlineRule.Trigger.BROUGHT_BEFORE_JUDGE,
        started_at=timezone.now(),
        member=jonas,
    )
    assert Deadline.objects.filter(family=family, member=jonas).count() == 3
    plan = active_plan_for(draft_plan, caseworker, nordby.children_family)
    met = {d.kind: d for d in Deadline.objects.filter(family=family, met_at__isnull=False)}
    assert set(met) == PLAN_KINDS
    assert all(d.met_by == caseworker for d in met.values())
    # The family visit is not a plan: it stays open.
    assert list(
        Deadline.objects.filter(family=family, met_at__isnull=True).values_list("kind", flat=True)
    ) == [Kind.JUDGE_VISIT]
    # Activating again is refused and changes nothing; nothing was started twice.
    with pytest.raises(Exception, match="Only a draft plan"):
        plans.activate_plan(actor=caseworker, plan=plan)
    assert Deadline.objects.filter(family=family).count() == 3
    assert {
        d.kind: d.met_at for d in Deadline.objects.filter(family=family, met_at__isnull=False)
    } == {kind: deadline.met_at for kind, deadline in met.items()}


@pytest.mark.django_db
def test_activating_a_plan_without_a_hearing_starts_nothing(active_plan):
    assert not Deadline.objects.filter(family=active_plan.family).exists()
