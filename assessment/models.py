"""The six-part family assessment (udredning) and the risk/need instruments it uses.

Instruments are definitions held as data (DOMAIN.md §1d): domains, item codes and item counts, with
level cut-offs as per-municipality configuration. No item wording is stored anywhere.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department, Municipality
from families.models import Family, Member


class RnrDomain(models.TextChoices):
    """The eight risk/need (RNR, "Central 8") domains every instrument maps onto."""

    OFFENCES = "offences", _("Prior and current offences")
    FAMILY = "family", _("Family circumstances/parenting")
    EDUCATION_EMPLOYMENT = "education_employment", _("Education/employment")
    PEERS = "peers", _("Peer relations")
    SUBSTANCE = "substance", _("Substance abuse")
    LEISURE = "leisure", _("Leisure/recreation")
    PERSONALITY = "personality", _("Personality/behaviour")
    ATTITUDES = "attitudes", _("Attitudes/orientation")


class Level(models.TextChoices):
    """Risk/need levels, lowest first (the order matters: overrides go up or down)."""

    VERY_LOW = "very_low", _("Very low")
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


LEVEL_ORDER: tuple[str, ...] = tuple(Level.values)

# Ages: up to CHILD_MAX_AGE the overall assessment records a concern level; from RISK_MIN_AGE to
# PROGRAMME_MAX_AGE a member in the programme needs a risk and need assessment (part 4).
CHILD_MAX_AGE = 17
RISK_MIN_AGE = 6
PROGRAMME_MAX_AGE = 22


class ConcernLevel(models.IntegerChoices):
    """The SSP concern scale 1–4 (DOMAIN.md §1e), used for each child in the overall assessment."""

    WORRYING_BEHAVIOUR = 1, _("1 – Worrying behaviour")
    FIRST_TIME_CRIME = 2, _("2 – First-time crime")
    REPEATED_SERIOUS_CRIME = 3, _("3 – Repeated serious crime")
    CRIME_AGAINST_PERSONS = 4, _("4 – Crime against persons")


class CutoffFields(models.Model):
    """Level cut-offs on an instrument's total: a total from ``x_from`` up is at least level x.

    Totals below ``low_from`` are "very low" (set it to 0 for instruments without that level).
    """

    low_from = models.PositiveSmallIntegerField(_("low from"), default=0)
    moderate_from = models.PositiveSmallIntegerField(_("moderate from"))
    high_from = models.PositiveSmallIntegerField(_("high from"))
    very_high_from = models.PositiveSmallIntegerField(_("very high from"))

    class Meta:
        abstract = True


def ordered_cutoffs(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(low_from__lte=F("moderate_from"))
        & Q(moderate_from__lte=F("high_from"))
        & Q(high_from__lte=F("very_high_from")),
        name=name,
    )


class Instrument(CutoffFields):
    """A risk/need instrument definition; its cut-offs are the defaults for every municipality."""

    class Code(models.TextChoices):
        YLS_CMI_2 = "YLS_CMI_2", _("YLS/CMI 2.0")
        LS_RNR = "LS_RNR", _("LS/RNR")
        SPJ_RNR8 = "SPJ_RNR8", _("Structured professional judgement (eight RNR domains)")

    class Scoring(models.TextChoices):
        CHECKED_ITEMS = "checked_items", _("Count of checked items per domain")
        RATING = "rating", _("Rating per domain (0 none, 1 some, 2 considerable)")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)
    scoring = models.CharField(_("scoring"), max_length=20, choices=Scoring.choices)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [ordered_cutoffs("instrument_cutoffs_ordered")]

    def __str__(self) -> str:
        return self.get_code_display()


class InstrumentDomain(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="domains", verbose_name=_("instrument")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    rnr_domain = models.CharField(_("RNR domain"), max_length=30, choices=RnrDomain.choices)
    name = models.CharField(
        _("name in the instrument"),
        max_length=120,
        help_text=_("A short neutral label; never the instrument's item wording."),
    )
    item_count = models.PositiveSmallIntegerField(
        _("items"), help_text=_("The highest score the domain can have.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "number"]
        verbose_name = _("instrument domain")
        verbose_name_plural = _("instrument domains")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="domain_number_unique"),
            models.UniqueConstraint(
                fields=["instrument", "rnr_domain"], name="domain_rnr_unique_per_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def item_codes(self) -> list[str]:
        """Item codes as the instrument numbers them: 1a, 1b, …"""
        return [f"{self.number}{chr(ord('a') + index)}" for index in range(self.item_count)]


class InstrumentConfig(CutoffFields):
    """A municipality's own level cut-offs for one instrument (licensed configuration)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="instrument_configs",
        verbose_name=_("municipality"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="configs", verbose_name=_("instrument")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument__code"]
        verbose_name = _("instrument cut-offs")
        verbose_name_plural = _("instrument cut-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "instrument"], name="one_config_per_instrument"
            ),
            ordered_cutoffs("config_cutoffs_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.municipality})"


class Assessment(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial assessment")
        REASSESSMENT = "reassessment", _("Reassessment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        FINISHED = "finished", _("Finished")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("family")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous version"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    basic_data_note = models.TextField(_("note on the basic data"), blank=True)
    # The members' basic data as it was when the assessment was finished (for the record).
    basic_data_snapshot = models.JSONField(_("basic data when finished"), default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finished by"),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status="draft"),
                name="one_open_assessment_per_family",
            ),
            models.UniqueConstraint(fields=["family", "version"], name="assessment_version_unique"),
            models.CheckConstraint(
                condition=Q(status="draft", finished_at__isnull=True)
                | Q(status="finished", finished_at__isnull=False),
                name="finished_assessment_has_finish_time",
            ),
        ]

    def __str__(self) -> str:
        return _("%(kind)s, version %(version)s") % {
            "kind": self.get_kind_display(),
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("assessment:detail", args=[self.family_id, self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.FINISHED


class Part(models.IntegerChoices):
    BASIC_DATA = 1, _("Basic data")
    JOURNAL_REVIEW = 2, _("Journal review")
    TIMELINE = 3, _("Interventions and timeline")
    RISK_NEED = 4, _("Risk and need")
    OVERALL = 5, _("Overall cross-disciplinary assessment")
    FAMILY_MEETING = 6, _("Family meeting")


class PartCompletion(models.Model):
    """One of the six parts marked done: by whom and when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="completions")
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    done_at = models.DateTimeField(_("done"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["part"]
        verbose_name = _("part done")
        verbose_name_plural = _("parts done")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "part"], name="part_done_once")
        ]

    def __str__(self) -> str:
        return self.get_part_display()


class JournalReviewEntry(models.Model):
    """Part 2: a note from reading one department's records about one member."""

    class DocumentType(models.TextChoices):
        JOURNAL_NOTE = "journal_note", _("Journal note")
        CHILD_WELFARE_INVESTIGATION = "investigation", _("Child-welfare investigation")
        CHILD_PLAN = "child_plan", _("Child's plan")
        JOB_PLAN = "job_plan", _("Job plan")
        EDUCATION_PLAN = "education_plan", _("Education plan")
        HEALTH_RECORD = "health_record", _("Health record")
        POLICE_SSP = "police_ssp", _("Police/SSP information")
        OTHER = "other", _("Other")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="journal_entries"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("concerns")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("source department")
    )
    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices
    )
    document_date = models.DateField(_("document date"))
    summary = models.TextField(_("summary"))
    domains = models.JSONField(
        _("risks, needs and challenges (RNR domains)"), default=list, blank=True
    )
    findings = models.TextField(_("risks, needs and challenges in your words"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-document_date", "pk"]
        verbose_name = _("journal review entry")
        verbose_name_plural = _("journal review entries")

    def __str__(self) -> str:
        return f"{self.document_date} {self.get_document_type_display()}"

    def domain_labels(self) -> list[str]:
        labels = dict(RnrDomain.choices)
        return [str(labels.get(code, code)) for code in self.domains]


class TimelineEntry(models.Model):
    """Part 3: a documented measure (with a period) or an intrusive event (on a date)."""

    class Kind(models.TextChoices):
        MEASURE = "measure", _("Measure")
        EVENT = "event", _("Intrusive event")

    class MeasureType(models.TextChoices):
        FAMILY_TREATMENT = "family_treatment", _("Family treatment")
        CONTACT_PERSON = "contact_person", _("Fixed contact person")
        MENTOR = "mentor", _("Mentor")
        PLACEMENT_SUPPORT = "placement_support", _("Out-of-home care measure")
        SPECIAL_SCHOOL = "special_school", _("Special class or school")
        PSYCHOLOGIST = "psychologist", _("Psychologist/PPR")
        LEISURE = "leisure", _("Leisure activity or leisure job")
        EMPLOYMENT = "employment", _("Employment measure")
        EDUCATION_GUIDANCE = "education_guidance", _("Education guidance")
        PARENT_COURSE = "parent_course", _("Parenting course or group")
        YOUTH_ORDER = "youth_order", _("Youth or parental order")
        OTHER_MEASURE = "other_measure", _("Other measure")

    class EventType(models.TextChoices):
        PLACEMENT = "placement", _("Placement out of home")
        ARREST = "arrest", _("Arrest")
        CHARGE = "charge", _("Charge")
        CONVICTION = "conviction", _("Conviction")
        UKN_DECISION = "ukn_decision", _("Youth Crime Board (UKN) decision")
        SCHOOL_CHANGE = "school_change", _("School change")
        EXPULSION = "expulsion", _("Expulsion")
        EVICTION = "eviction", _("Eviction")
        HOSPITALISATION = "hospitalisation", _("Hospitalisation")
        OTHER_EVENT = "other_event", _("Other event")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="timeline_entries"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("concerns")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("source department")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    measure_type = models.CharField(
        _("measure"), max_length=30, choices=MeasureType.choices, blank=True
    )
    event_type = models.CharField(_("event"), max_length=30, choices=EventType.choices, blank=True)
    start_date = models.DateField(_("date or start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=150, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not_work = models.TextField(_("what did not work"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("timeline row")
        verbose_name_plural = _("timeline rows")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="measure", event_type="") & ~Q(measure_type="")
                | Q(kind="event", measure_type="", end_date__isnull=True) & ~Q(event_type=""),
                name="timeline_type_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="timeline_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date} {self.type_label}"

    @property
    def is_measure(self) -> bool:
        return self.kind == self.Kind.MEASURE

    @property
    def is_event(self) -> bool:
        return self.kind == self.Kind.EVENT

    @property
    def type_label(self) -> str:
        if self.kind == self.Kind.MEASURE:
            return str(self.get_measure_type_display())
        return str(self.get_event_type_display())


class RiskAssessment(models.Model):
    """Part 4: one instrument for one child/young person, with the level and any override."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="risk_assessments"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("child/young person")
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrument")
    )
    assessed_on = models.DateField(_("assessed on"))
    domain_scores = models.JSONField(_("domain scores"), default=dict)
    strength_domains = models.JSONField(_("strengths (domains)"), default=list, blank=True)
    strengths_note = models.TextField(_("strengths"), blank=True)
    total = models.PositiveSmallIntegerField(_("total"))
    computed_level = models.CharField(_("computed level"), max_length=10, choices=Level.choices)
    override_level = models.CharField(
        _("override level"), max_length=10, choices=Level.choices, blank=True
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    final_level = models.CharField(_("final level"), max_length=10, choices=Level.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["member__birth_date", "pk"]
        verbose_name = _("risk and need assessment")
        verbose_name_plural = _("risk and need assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "member"], name="one_risk_assessment_per_member"
            ),
            models.CheckConstraint(
                condition=Q(override_level="") | ~Q(override_reason=""),
                name="override_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(override_level="", final_level=F("computed_level"))
                | (~Q(override_level="") & Q(final_level=F("override_level"))),
                name="final_level_is_override_or_computed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_final_level_display()}"

    @property
    def override_direction(self) -> str:
        if not self.override_level:
            return ""
        up = LEVEL_ORDER.index(self.override_level) > LEVEL_ORDER.index(self.computed_level)
        return "up" if up else "down"

    @property
    def is_raised(self) -> bool:
        """The override sets a higher level than the computed one."""
        return self.override_direction == "up"


class OverallAssessment(models.Model):
    """Part 5: the core-team meeting's joint view of the family."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="overall")
    meeting_date = models.DateField(_("core-team meeting"), null=True, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attended")
    )
    other_attendees = models.CharField(
        _("other participants"),
        max_length=300,
        blank=True,
        help_text=_("Name and organisation, e.g. “Lise Holm, school”."),
    )
    needs = models.TextField(_("the family's needs"), blank=True)
    resources = models.TextField(_("the family's resources"), blank=True)
    challenges = models.TextField(_("the family's challenges"), blank=True)
    priorities = models.TextField(
        _("priorities agreed"),
        blank=True,
        help_text=_("What comes first, and why."),
    )
    disagreements = models.TextField(
        _("where the disciplines disagree"),
        blank=True,
        help_text=_("Record differing views so the plan can answer them."),
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("overall cross-disciplinary assessment")
        verbose_name_plural = _("overall cross-disciplinary assessments")

    def __str__(self) -> str:
        return str(self.assessment)


class ChildConcern(models.Model):
    """Part 5: the concern level the team agreed for one child."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="concerns")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )
    level = models.PositiveSmallIntegerField(_("concern level"), choices=ConcernLevel.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("concern level")
        verbose_name_plural = _("concern levels")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "member"], name="one_concern_per_child")
        ]

    def __str__(self) -> str:
        return self.get_level_display()


class FamilyMeeting(models.Model):
    """Part 6: going through the assessment with the family; the family's own words."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="family_meeting"
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(
        _("going through the risk assessment and timeline"),
        blank=True,
    )
    family_view = models.TextField(_("the family's own view"), blank=True)
    wishes = models.TextField(
        _("wishes and dreams, in the family's own words"),
        blank=True,
        help_text=_("Write what the family says, as they say it. This opens the action plan."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("family meeting")
        verbose_name_plural = _("family meetings")

    def __str__(self) -> str:
        return str(self.assessment)
