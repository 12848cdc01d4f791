"""Programme-wide settings the national evaluator keeps: the cut-off date of the dashboards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeCutOff(models.Model):
    """The one date every dashboard splits at (as the seed's corona split), with its history.

    Rows are only ever added: the newest row is the cut-off in force, the older rows are its
    history (who set which date, when and why). A row without a date means "no split". The steering
    group only chooses the whole period, before or after this date; it can never choose a date of
    its own, so two nearby cut-offs can never be subtracted to reveal a group of 1–3.
    """

    cut_off = models.DateField(_("cut-off date"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set"), auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name = _("cut-off date")
        verbose_name_plural = _("cut-off dates")

    def __str__(self) -> str:
        return f"{self.cut_off or '-'} ({self.set_at:%Y-%m-%d})"
