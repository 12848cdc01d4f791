"""Measurements due on "my work" (families/my_work.py): the stored next wave (MeasurementDue)
of the open families the user coordinates, when due within 14 days or overdue, where they may
see measurements. Registered in EvaluationConfig.ready()."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from evaluation.measurement_selectors import owed_by
from evaluation.models import MeasurementDue
from evaluation.models.measurements import wave_label
from families.my_work import (
    WorkContext,
    WorkItem,
    WorkSource,
    coordinates,
    has_consent,
    register_work_source,
    state_for,
    team_family_ids,
)


def _measurement_rows(user: User, today: dt.date) -> QuerySet[MeasurementDue]:
    """`can_view_measurements` for a coordinator: a team member past the consent gate; soonest
    first on the stored due date (index measurement_due_due)."""
    return MeasurementDue.objects.filter(
        owed_by(today),
        coordinates(user),
        has_consent(today),
        family_id__in=team_family_ids(user),
    ).order_by("due_on", "family_id")


def _measurement_item(due: MeasurementDue, context: WorkContext) -> WorkItem:
    return WorkItem(
        what=_("Measurement"),
        text=f"{wave_label(due.wave)} · "
        + ngettext(
            "%(counter)s person not measured", "%(counter)s persons not measured", due.missing
        )
        % {"counter": due.missing},
        due_on=due.due_on,
        state=state_for(due.due_on, context.today),
        family=context.accesses[due.family_id].family,
        url=reverse("measurements:family", args=[due.family_id]),
        source="measurements",
    )


def register() -> None:
    # Not in the menu's count: the daily measurement reminder mails the coordinators instead.
    register_work_source(
        WorkSource(
            "measurements",
            _measurement_rows,
            _measurement_item,
            lambda due: due.family_id,
            lambda n: ngettext("%(n)s measurement", "%(n)s measurements", n) % {"n": n},
            None,
            order=55,
        )
    )
