"""After the decision to include: the family declines before consent, or the team is reminded
to start child-welfare investigations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from families import deadlines
from families.models import DeadlineRule, Family, Member, Task
from families.services import cases, tasks
from families.services.common import by_actor, refuse_future
from screening.models import Decline, Referral
from screening.services.referrals import check_transition, lock_referral, move_referral

INVESTIGATION_TASK = gettext_lazy("Start a child-welfare investigation (Barnets lov § 20)")
INVESTIGATION_DUE_DAYS = 14


@transaction.atomic
def decline_offer(
    *,
    actor: User,
    referral: Referral,
    reason: str,
    declined_on: dt.date,
    note: str = "",
) -> Decline:
    """The family declines while awaiting consent: the case ends as declined, with the reason."""
    lock_referral(referral)
    family = referral.family
    family.refresh_from_db(fields=["status"])
    if family.status != Family.Status.AWAITING_CONSENT:
        raise ValidationError(_("Only a family awaiting consent can decline."))
    check_transition(referral, Referral.Status.DECLINED)
    refuse_future(declined_on, _("The date cannot be in the future."))
    if reason == Decline.Reason.OTHER and not note.strip():
        raise ValidationError(_("Describe the reason when it is “Other”."))
    decline = Decline(
        referral=referral,
        reason=reason,
        note=note.strip(),
        declined_on=declined_on,
        recorded_by=actor,
    )
    decline.full_clean()
    decline.save()
    label = Decline.Reason(reason).label
    cases.change_family_status(
        actor=actor,
        family=family,
        to_status=Family.Status.WITHDRAWN,
        reason=(_("Declined: %(reason)s") % {"reason": label})
        + (f". {note.strip()}" if note.strip() else ""),
    )
    move_referral(referral, Referral.Status.DECLINED)
    by_actor(referral, actor).save(update_fields=["status"])
    return decline


@transaction.atomic
def remind_investigations(
    *, actor: User, referral: Referral, children_without_investigation: Iterable[Member]
) -> list[Task]:
    """A reminder task for each child in the programme with no child-welfare investigation."""
    children = list(children_without_investigation)
    family = referral.family
    if any(not (child.family_id == family.pk and child.is_in_programme) for child in children):
        raise ValidationError(_("Choose children in the programme of this family."))
    due = timezone.localdate() + dt.timedelta(days=INVESTIGATION_DUE_DAYS)
    return [
        tasks.create_task(
            actor=actor,
            family=family,
            member=child,
            title=str(INVESTIGATION_TASK),
            due_on=due,
            kind=Task.Kind.INVESTIGATION,
        )
        for child in children
    ]


def is_investigation_task(task: Task) -> bool:
    """A reminder made by `remind_investigations` (by its kind: its title is only words)."""
    return task.kind == Task.Kind.INVESTIGATION


def investigation_task_done(actor: User, task: Task) -> None:
    """Completion hook (families.services.tasks): "start a child-welfare investigation" done
    means the § 20 investigation started, so its 4-month deadline runs from now (one per
    family: a second child's task keeps the open one)."""
    if not is_investigation_task(task) or task.family.is_ended:
        return
    deadlines.start_deadlines(
        actor=actor,
        family=task.family,
        trigger=DeadlineRule.Trigger.INVESTIGATION_STARTED,
        started_at=task.completed_at or timezone.now(),
    )
