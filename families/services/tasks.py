"""Open tasks: reminders for the core team about a family (e.g. start an investigation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from families.models import Family, Member, Task
from families.services.common import by_actor

# What a completed task sets off, registered by later apps in their AppConfig.ready() (e.g.
# screening: "start a child-welfare investigation" done starts the § 20 deadline). Each hook is
# called in the completing transaction with the actor and the task just completed.
CompletionHook = Callable[[User, Task], None]
_completion_hooks: list[CompletionHook] = []


def register_completion_hook(hook: CompletionHook) -> None:
    if hook not in _completion_hooks:
        _completion_hooks.append(hook)


@transaction.atomic
def create_task(
    *,
    actor: User,
    family: Family,
    title: str,
    due_on: dt.date,
    member: Member | None = None,
    kind: str = Task.Kind.GENERAL,
) -> Task:
    """Give the core team a reminder about the family; an identical open task is not repeated."""
    if member is not None and member.family_id != family.pk:
        raise ValidationError(_("Choose a member of this family."))
    existing = Task.objects.filter(
        family=family, member=member, kind=kind, title=title.strip(), completed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    task = Task(
        family=family,
        member=member,
        kind=kind,
        title=title.strip(),
        due_on=due_on,
        created_by=actor,
    )
    task.full_clean()
    by_actor(task, actor).save()
    return task


@transaction.atomic
def complete_task(*, actor: User, task: Task) -> Task:
    """Mark a reminder as done."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.completed_at is None:
        task.completed_at = timezone.now()
        by_actor(task, actor).save(update_fields=["completed_at"])
        for hook in _completion_hooks:
            hook(actor, task)
    return task
