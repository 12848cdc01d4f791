"""The dashboards' pre-aggregate of measurements: one row per measured member (issue 10, "speed").

`PersonWaves` holds what the dashboards count about one person, derived only from that person's
`Measurement` rows (`evaluation/person_waves.py` computes it): the first answer date per audience
at the background measurement, wave 1 and wave 2 (seed table A-2), each progression instrument's
score and answer date at waves 1 and 2, the status questions' yes/no flags at waves 1 and 2 and
the newest status answer's "in school, education or work", with the family's team and
registration time (both fixed for a family). The member's role is not copied (it can be
corrected): the one figure that needs it joins it. The measurement services refresh a person's
row in the same transaction as the measurement; `manage.py rebuild_person_waves` (and migration
0004's data step) rebuilds every row. Rows go with their member (an erased family's too).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from families.models import Family, Member


def _score(label: str) -> models.SmallIntegerField[int | None, int | None]:
    return models.SmallIntegerField(label, null=True, blank=True)


def _day(label: str) -> models.DateField[object, object]:
    return models.DateField(label, null=True, blank=True)


def _flag(label: str) -> models.BooleanField[bool | None, bool | None]:
    return models.BooleanField(label, null=True, blank=True)


class PersonWaves(models.Model):
    """One measured member's waves as the dashboards count them (derived; never edited)."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    # Copied so the dashboards read this table alone (no join per query): a family never moves to
    # another team and its registration time never changes (no service does either; should one
    # ever, `manage.py rebuild_person_waves`).
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", null=True)
    family_created_at = models.DateTimeField("family registered", null=True)
    # Seed table A-2: the first answer date of an answered measurement, per audience and wave.
    child_background_on = _day("child: background")
    child_wave1_on = _day("child: wave 1")
    child_wave2_on = _day("child: wave 2")
    parent_background_on = _day("parent: background")
    parent_wave1_on = _day("parent: wave 1")
    parent_wave2_on = _day("parent: wave 2")
    # Progression: each scored instrument's score and answer date at waves 1 and 2.
    kidscreen10_wave1 = _score("KIDSCREEN-10, wave 1")
    kidscreen10_wave1_on = _day("KIDSCREEN-10, wave 1 answered")
    kidscreen10_wave2 = _score("KIDSCREEN-10, wave 2")
    kidscreen10_wave2_on = _day("KIDSCREEN-10, wave 2 answered")
    who5_wave1 = _score("WHO-5, wave 1")
    who5_wave1_on = _day("WHO-5, wave 1 answered")
    who5_wave2 = _score("WHO-5, wave 2")
    who5_wave2_on = _day("WHO-5, wave 2 answered")
    pss_wave1 = _score("PSS, wave 1")
    pss_wave1_on = _day("PSS, wave 1 answered")
    pss_wave2 = _score("PSS, wave 2")
    pss_wave2_on = _day("PSS, wave 2 answered")
    # The child's status questions answered at waves 1 and 2 (None = that question unanswered).
    status_wave1_on = _day("status, wave 1 answered")
    status_wave1_school = _flag("wave 1: in school, education or work")
    status_wave1_leisure_job = _flag("wave 1: leisure job")
    status_wave1_leisure_activity = _flag("wave 1: leisure activity weekly")
    status_wave1_police = _flag("wave 1: arrested, charged or convicted")
    status_wave2_on = _day("status, wave 2 answered")
    status_wave2_school = _flag("wave 2: in school, education or work")
    status_wave2_leisure_job = _flag("wave 2: leisure job")
    status_wave2_leisure_activity = _flag("wave 2: leisure activity weekly")
    status_wave2_police = _flag("wave 2: arrested, charged or convicted")
    # The newest status answer (highest wave): the partnership target "in school or work".
    latest_status_wave = models.PositiveSmallIntegerField(
        "newest status wave", null=True, blank=True
    )
    latest_status_on = _day("newest status answered")
    latest_status_school = _flag("newest status: in school, education or work")
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("person's waves (dashboard summary)")
        verbose_name_plural = _("persons' waves (dashboard summary)")
        indexes = [
            models.Index(fields=["family"], name="person_waves_family"),
            models.Index(fields=["team"], name="person_waves_team"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}"


class PersonWavesMark(models.Model):
    """How far the dashboards' catch-up has read `Measurement.changed_at` (one row, pk 1).

    The services refresh a person's summary themselves; a measurement written around them (a data
    fix in a shell, a bulk load) is picked up by the next dashboard read: every measurement
    changed after this mark has its person refreshed, then the mark moves on."""

    changed_through = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "person waves catch-up mark"

    def __str__(self) -> str:
        return f"{self.changed_through}"


class FamilyDueCounts(models.Model):
    """A family's measurements with a due date, per due date: how many were answered on time
    (within the grace days of `evaluation.person_waves`) and how many not (the "measurements on
    time" figure). Derived like `PersonWaves`, refreshed with it for the member's family."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField("due")
    on_time = models.PositiveIntegerField("answered on time")
    late = models.PositiveIntegerField("late or not answered")

    class Meta:
        verbose_name = "family's due measurements (dashboard summary)"
        constraints = [
            models.UniqueConstraint(fields=["family", "due_on"], name="family_due_counts_once")
        ]
        indexes = [models.Index(fields=["team", "due_on"], name="family_due_counts_team")]

    def __str__(self) -> str:
        return f"{self.family_id} {self.due_on}"
