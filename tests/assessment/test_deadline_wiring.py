"""Finishing the assessment meets the family's open § 20 investigation deadline
(families/deadlines.py, issue 11); finishing a later version meets nothing twice."""

import pytest
from django.utils import timezone

from assessment.models import Part
from assessment.services import parts, versions
from families import deadlines
from families.models import Deadline, DeadlineRule
from tests.assessment.conftest import complete

Kind = DeadlineRule.Kind
Trigger = DeadlineRule.Trigger


def start(family, actor, trigger, member=None):
    return deadlines.start_deadlines(
        actor=actor, family=family, trigger=trigger, started_at=timezone.now(), member=member
    )


@pytest.mark.django_db
def test_finishing_the_assessment_meets_the_investigation_deadline_once(
    assessment, caseworker, coordinator, nordby, instruments
):
    family = assessment.family
    [investigation] = start(family, caseworker, Trigger.INVESTIGATION_STARTED)
    [pre] = start(family, caseworker, Trigger.PRE_INVESTIGATION_STARTED, family.members.last())
    complete(assessment, caseworker, nordby, instruments)
    versions.finish_assessment(actor=coordinator, assessment=assessment)
    investigation.refresh_from_db()
    pre.refresh_from_db()
    assert investigation.met_at is not None and investigation.met_by == coordinator
    assert pre.met_at is None  # another kind stays open
    met_at = investigation.met_at
    # A new version finished again: the met deadline is not touched, nothing new starts.
    again = versions.start_new_version(actor=caseworker, assessment=assessment)
    for part in Part.values:
        parts.mark_part_done(actor=caseworker, assessment=again, part=part)
    versions.finish_assessment(actor=caseworker, assessment=again)
    investigation.refresh_from_db()
    assert investigation.met_at == met_at and investigation.met_by == coordinator
    assert Deadline.objects.filter(family=family, kind=Kind.INVESTIGATION).count() == 1


@pytest.mark.django_db
def test_starting_the_assessment_starts_no_deadline(assessment):
    assert not Deadline.objects.filter(family=assessment.family).exists()
