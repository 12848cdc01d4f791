"""Measurements due on "my work" (families/my_work.py): the waves due within 14 days or overdue
of the families the user coordinates, where they may see measurements. Registered in
EvaluationConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluation.measurement_selectors import due_waves
from families.models import Family
from families.my_work import WorkContext, WorkItem, WorkSource, register_work_source, state_for


def _measurement_items(context: WorkContext) -> list[WorkItem]:
    theirs = [
        family_id
        for family_id in context.their_family_ids
        if context.accesses[family_id].can_view_measurements
    ]
    if not theirs:
        return []
    return [
        WorkItem(
            what=_("Measurement"),
            text=f"{due.label} · "
            + ngettext(
                "%(counter)s person not measured", "%(counter)s persons not measured", due.missing
            )
            % {"counter": due.missing},
            due_on=due.due_on,
            state=state_for(due.due_on, context.today),
            family=context.accesses[due.family.pk].family,
            url=reverse("measurements:family", args=[due.family.pk]),
            source="measurements",
        )
        for due in due_waves(Family.objects.filter(pk__in=theirs), context.today)
    ]


def register() -> None:
    # Not in the menu's count: the daily measurement reminder mails the coordinators instead.
    register_work_source(WorkSource("measurements", _measurement_items, None, order=55))
