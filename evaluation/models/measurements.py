"""Measurements of persons: one instrument answered (or not) by one family member at one wave.

Item codes and numeric answers only (``answers`` = ``{item_code: int}``); the instruments'
structure is data in `evaluation/instruments.py`, their scoring in `evaluation/scoring.py`.
Wave 0 is the background measurement at inclusion; wave n ≥ 1 is progression measurement n, due
n × 6 months after inclusion. "Not answered" is a recorded outcome with a reason, so a missing wave
is never silent. Every change is kept by simple-history and shown on the family's history page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Municipality
from evaluation.instruments import CHILD, INSTRUMENT_CHOICES, PARENT, SCORED_INSTRUMENTS
from families.models import Family, Member


class Measurement(models.Model):
    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        NOT_ANSWERED = "not_answered", _("Not answered")

    class Reason(models.TextChoices):
        DECLINED = "declined", _("Declined")
        NOT_REACHABLE = "not_reachable", _("Could not be reached")
        LANGUAGE = "language", _("Language")
        TOO_YOUNG = "too_young", _("Too young")
        OTHER = "other", _("Other")

    class Respondent(models.TextChoices):
        SELF = "self", _("The person")
        PROXY = "proxy", _("A parent (proxy version)")

    class Source(models.TextChoices):
        ENTRY = "entry", _("Entered")
        IMPORT = "import", _("Imported")

    class NoScoreReason(models.TextChoices):
        NOT_ANSWERED = "not_answered", _("Not answered")
        MISSING_ITEMS = "missing_items", _("Items missing; the rules allow no missing item")
        NEEDS_IMPUTATION = (
            "needs_imputation",
            _("One item missing; only the licensed KIDSCREEN syntax may impute it"),
        )
        TOO_MANY_MISSING = "too_many_missing", _("More than one item missing")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("family")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("family member"),
    )
    audience = models.CharField(
        _("measured as"),
        max_length=10,
        choices=[(CHILD, _("Child/young person")), (PARENT, _("Parent"))],
        help_text=_(
            "Target children are measured as children, parents and custody holders as parents."
        ),
    )
    wave = models.PositiveSmallIntegerField(
        _("wave"), help_text=_("0 = background measurement; 1, 2, … = progression measurement.")
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=INSTRUMENT_CHOICES)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.ANSWERED
    )
    reason = models.CharField(
        _("why not answered"), max_length=20, choices=Reason.choices, blank=True
    )
    reason_note = models.CharField(_("note"), max_length=200, blank=True)
    respondent = models.CharField(
        _("answered by"), max_length=10, choices=Respondent.choices, default=Respondent.SELF
    )
    answered_on = models.DateField(
        _("answer date"), help_text=_("For “not answered”: the day it was recorded.")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    age_at_answer = models.PositiveSmallIntegerField(
        _("age on the answer date"), null=True, blank=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.SmallIntegerField(_("score"), null=True, blank=True)
    raw_score = models.SmallIntegerField(_("raw score"), null=True, blank=True)
    no_score_reason = models.CharField(
        _("why no score"), max_length=20, choices=NoScoreReason.choices, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTRY
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["changed_at"])

    class Meta:
        ordering = ["wave", "member_id", "instrument"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "wave", "instrument"], name="measurement_once_per_wave"
            ),
            models.CheckConstraint(
                condition=(Q(outcome="answered") & Q(reason=""))
                | (Q(outcome="not_answered") & ~Q(reason="")),
                name="measurement_reason_iff_not_answered",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(instrument__in=SCORED_INSTRUMENTS),
                name="measurement_score_only_for_scored_instruments",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(no_score_reason=""),
                name="measurement_score_or_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["family", "wave"], name="measurement_family_wave"),
            models.Index(fields=["instrument", "wave"], name="measurement_instrument_wave"),
            models.Index(fields=["audience", "wave"], name="measurement_audience_wave"),
            # The dashboards' catch-up reads what changed since its mark (evaluation.person_waves).
            models.Index(fields=["changed_at"], name="measurement_changed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} · {self.wave_label}"

    @property
    def wave_label(self) -> str:
        return wave_label(self.wave)

    @property
    def is_answered(self) -> bool:
        return self.outcome == self.Outcome.ANSWERED


def wave_label(wave: int) -> str:
    if wave == 0:
        return str(_("Background"))
    return str(_("Wave %(number)s") % {"number": wave})


class MeasurementWording(models.Model):
    """Licensed item wording, loaded by a municipality that holds the licence from its own file."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=INSTRUMENT_CHOICES)
    item_code = models.CharField(_("item"), max_length=40)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("wording"))

    class Meta:
        verbose_name = _("item wording")
        verbose_name_plural = _("item wording")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "instrument", "item_code", "language"],
                name="measurement_wording_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.item_code} ({self.language})"


class MeasurementReminder(models.Model):
    """One reminder per family and wave: the daily task creates it once, so it is idempotent."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="+", verbose_name=_("family")
    )
    wave = models.PositiveSmallIntegerField(_("wave"))
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement reminder")
        verbose_name_plural = _("measurement reminders")
        constraints = [
            models.UniqueConstraint(fields=["family", "wave"], name="measurement_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.family_id} {wave_label(self.wave)}"
