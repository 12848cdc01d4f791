"""The fidelity survey: one round per municipality about every six months (seed 001 table A-5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Municipality
from evaluation import fidelity


class FidelityRound(models.Model):
    """A municipality's answers to the fidelity survey on one date.

    `answers` holds every item code of `evaluation.fidelity.ITEMS`: 1–5, or null for "don't know".
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="fidelity_rounds",
        verbose_name=_("municipality"),
    )
    answered_on = models.DateField(_("answered on"))
    answers = models.JSONField(_("answers"), default=dict)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "answered_on"]
        verbose_name = _("fidelity survey round")
        verbose_name_plural = _("fidelity survey rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "answered_on"], name="fidelity_round_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.answered_on}"

    def phase_index(self, phase: str) -> float | None:
        return fidelity.phase_index(self.answers, phase)
