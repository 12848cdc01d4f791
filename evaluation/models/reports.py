"""What the steering group and the evaluator keep: targets, quarterly reports, export keys."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Municipality
from families.models import Family, Member

DEFAULT_TARGET_PERCENT = 60


class MunicipalityTarget(models.Model):
    """The partnership targets the municipality sets (seed 004: at least 60 % of families)."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="evaluation_target",
        verbose_name=_("municipality"),
    )
    ssp_improved_percent = models.PositiveSmallIntegerField(
        _("target: families whose SSP level improved (%)"),
        default=DEFAULT_TARGET_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    in_school_or_work_percent = models.PositiveSmallIntegerField(
        _("target: children in school, education or work (%)"),
        default=DEFAULT_TARGET_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("partnership target")
        verbose_name_plural = _("partnership targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ssp_improved_percent__range=(1, 100))
                & models.Q(in_school_or_work_percent__range=(1, 100)),
                name="target_percent_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class SspLevelRecord(models.Model):
    """The SSP concern level of a target child on a date, after the referral's level (the level
    at inclusion). Recorded by the core team on the family's SSP page (evaluation/ssp_views.py)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="ssp_levels", verbose_name=_("family")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="ssp_levels", verbose_name=_("child")
    )
    level = models.PositiveSmallIntegerField(_("SSP concern level"))
    assessed_on = models.DateField(_("assessed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A correction (another level on the same day) keeps the earlier level here; the family's
    # history page shows every change.
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessed_on", "pk"]
        verbose_name = _("SSP concern level")
        verbose_name_plural = _("SSP concern levels")
        constraints = [
            models.UniqueConstraint(fields=["member", "assessed_on"], name="ssp_level_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on}: {self.level}"


class QuarterlyReport(models.Model):
    """The quarterly report to a municipality's steering group (seed 004), kept as made."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="quarterly_reports",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    pdf = models.BinaryField(_("PDF"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when made by the daily task."),
    )
    made_at = models.DateTimeField(_("made"), auto_now=True)

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "quarter"], name="quarterly_report_once"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__range=(1, 4)), name="quarter_one_to_four"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} Q{self.quarter}"


def new_pseudonym_key() -> str:
    return secrets.token_hex(32)


class EvaluatorKey(models.Model):
    """The secret behind one evaluator's pseudonyms: stable across their exports, theirs only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pseudonym_key"
    )
    key = models.CharField(max_length=64, default=new_pseudonym_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pseudonym key")
        verbose_name_plural = _("pseudonym keys")

    def __str__(self) -> str:
        return str(self.user)
