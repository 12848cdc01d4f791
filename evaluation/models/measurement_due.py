"""The next measurement wave each family owes, stored so team-wide lists filter, order and page it
in SQL (issue 12), as `ActionPlan.queue_due_on` does for reassessments.

One row per family that owes a wave (no row: nothing owed, or not in the programme). Kept by
`evaluation.measurement_due` on every change it depends on (measurements, members, inclusion and
closing, the family's team) and refreshed by the daily measurement task; the rule itself is
`evaluation.waves.next_owed_wave`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from families.models import Family


class MeasurementDue(models.Model):
    family = models.OneToOneField(
        Family,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="measurement_due",
        verbose_name=_("family"),
    )
    # The family's team and whether the team is working with it (ACTIVE_STATUSES), copied so the
    # queue's index holds everything it filters on.
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    is_active = models.BooleanField(_("in the programme"))
    wave = models.PositiveSmallIntegerField(_("wave"))
    due_on = models.DateField(_("due"))
    missing = models.PositiveSmallIntegerField(_("persons not measured"))
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True)

    class Meta:
        verbose_name = _("measurement due")
        verbose_name_plural = _("measurements due")
        indexes = [
            # The queue and "my work": a team's open families, soonest first.
            models.Index(
                fields=["team", "due_on", "family"],
                condition=Q(is_active=True),
                name="measurement_due_team_due",
            ),
            models.Index(
                fields=["due_on", "family"],
                condition=Q(is_active=True),
                name="measurement_due_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_id}: {self.wave} · {self.due_on}"
