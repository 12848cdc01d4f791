"""Referrals, inclusion criteria, screening answers, visitation decisions and the wait list."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from simple_history.models import HistoricalRecords

from accounts.models import Department, Municipality, Team
from config.dates import date_text
from families.models import Family, Member

# SSP concern levels (DOMAIN.md §1e) used when a municipality has not configured its own scale.
DEFAULT_SSP_LEVELS: tuple[tuple[int, StrOrPromise], ...] = (
    (1, _("Worrying behaviour")),
    (2, _("First-time crime")),
    (3, _("Repeated serious crime")),
    (4, _("Crime against persons")),
)
# Reasons for rejecting a referral when a municipality has not configured its own list.
DEFAULT_REJECTION_REASONS: tuple[StrOrPromise, ...] = (
    _("Does not meet the inclusion criteria"),
    _("Better helped by ordinary services"),
    _("Already helped sufficiently elsewhere"),
    _("Moved out of the municipality"),
    _("Other"),
)


class HousingArea(models.Model):
    """One housing area on an official (or local) list, valid from a date (reference data)."""

    class Category(models.TextChoices):
        VULNERABLE = "vulnerable", _("Vulnerable housing area")
        PARALLEL_SOCIETY = "parallel_society", _("Parallel society")
        TRANSFORMATION = "transformation", _("Transformation area")
        PREVENTION = "prevention", _("Prevention area")

    name = models.CharField(_("name"), max_length=120)
    municipality_name = models.CharField(_("municipality"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="housing_areas",
        verbose_name=_("municipality in the system"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    valid_from = models.DateField(_("valid from"))
    streets = models.TextField(
        _("streets"),
        blank=True,
        help_text=_("Street names in the area, one per line; addresses on them match the area."),
    )

    class Meta:
        ordering = ["municipality_name", "name", "-valid_from"]
        verbose_name = _("housing area")
        verbose_name_plural = _("housing areas")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_name", "name", "category", "valid_from"],
                name="housing_area_unique_per_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality_name})"

    @property
    def street_names(self) -> list[str]:
        return [line.strip().casefold() for line in self.streets.splitlines() if line.strip()]


class SspLevel(models.Model):
    """One step of a municipality's SSP concern scale (default 1–4)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="ssp_levels",
        verbose_name=_("municipality"),
    )
    value = models.PositiveSmallIntegerField(_("level"))
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        ordering = ["municipality", "value"]
        verbose_name = _("SSP concern level")
        verbose_name_plural = _("SSP concern levels")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "value"], name="ssp_level_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.label}"


class RejectionReason(models.Model):
    """A municipality's list of reasons for rejecting a referral at visitation."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="rejection_reasons",
        verbose_name=_("municipality"),
    )
    label = models.CharField(_("reason"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality", "label"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")

    def __str__(self) -> str:
        return self.label


class LocalCriterion(models.Model):
    """An inclusion criterion a municipality adds to the five national ones."""

    class Kind(models.TextChoices):
        JUDGED = "judged", _("Judged by the team (with a justification)")
        MIN_DEPARTMENTS = "min_departments", _("Needs help from at least N departments")
        MIN_SSP_LEVEL = "min_ssp_level", _("SSP concern level at least N")
        IN_AREAS = "in_areas", _("Lives in one of the selected housing areas")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="local_criteria",
        verbose_name=_("municipality"),
    )
    label = models.CharField(_("label"), max_length=160)
    help_text = models.TextField(_("help text"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("N"),
        null=True,
        blank=True,
        help_text=_("The minimum number of departments or the minimum SSP level."),
    )
    areas = models.ManyToManyField(
        HousingArea, blank=True, related_name="+", verbose_name=_("housing areas")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality", "order", "pk"]
        verbose_name = _("local inclusion criterion")
        verbose_name_plural = _("local inclusion criteria")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=["min_departments", "min_ssp_level"])
                | models.Q(number__isnull=False),
                name="local_criterion_number_when_needed",
            )
        ]

    def __str__(self) -> str:
        return self.label


class Referral(models.Model):
    class Source(models.TextChoices):
        POLICE = "police", _("Police")
        SSP = "ssp", _("SSP")
        SCHOOL = "school", _("School")
        HOUSING_SOCIAL_WORKER = "housing_social_worker", _("Housing social worker")
        STREET_WORKER = "street_worker", _("Street worker")
        NOTIFICATION = "notification", _("Notification of concern")
        OTHER_DEPARTMENT = "other_department", _("Another department")
        FAMILY = "family", _("The family itself")
        UKN = "ukn", _("Youth Crime Board (UKN) order")
        NETWORK = "network", _("Network of an included young person")
        CASE_REVIEW = "case_review", _("Systematic review of existing cases")
        OUTREACH = "outreach", _("Outreach")
        OTHER = "other", _("Other")

    class UknKind(models.TextChoices):
        IMPROVEMENT = "improvement", _("Improvement programme (forbedringsforløb)")
        IMMEDIATE = "immediate", _("Immediate reaction (straksreaktion)")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting visitation")
        WAIT_LISTED = "wait_listed", _("Wait-listed")
        INCLUDED = "included", _("Included")
        REJECTED = "rejected", _("Rejected")
        DECLINED = "declined", _("Declined by the family")

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("core team")
    )
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("family")
    )
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    referred_by = models.CharField(
        _("referred by"), max_length=200, help_text=_("Name and organisation.")
    )
    concern = models.TextField(_("the concern"))
    children = models.ManyToManyField(
        Member, related_name="referrals", verbose_name=_("children/young people concerned")
    )
    ssp_level = models.PositiveSmallIntegerField(_("SSP concern level"), null=True, blank=True)
    ukn_reference = models.CharField(_("UKN decision reference"), max_length=60, blank=True)
    ukn_kind = models.CharField(
        _("UKN decision"), max_length=20, choices=UknKind.choices, blank=True
    )
    departments_needed = models.ManyToManyField(
        Department,
        blank=True,
        related_name="+",
        verbose_name=_("departments whose help the family needs"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    screened_at = models.DateTimeField(_("screening saved"), null=True, blank=True)
    # A notification of concern is acknowledged to whoever sent it within 6 working days
    # (DOMAIN.md §2): recording it meets the family's receipt deadline (families/deadlines.py).
    receipt_sent_on = models.DateField(_("receipt sent on"), null=True, blank=True)
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt recorded by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[children, departments_needed])

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source="ukn") | ~models.Q(ukn_kind=""),
                name="ukn_referral_has_kind",
            )
        ]
        indexes = [
            # The inbox and visitation: a team's referrals by status, by date (issue 12).
            models.Index(
                fields=["team", "status", "received_on"], name="referral_team_status_date"
            ),
        ]

    def __str__(self) -> str:
        return _("Referral of %(date)s") % {"date": date_text(self.received_on)}

    def get_absolute_url(self) -> str:
        return reverse("screening:referral_detail", args=[self.pk])

    @property
    def is_mandated(self) -> bool:
        """Ordered by the Youth Crime Board: participation is not voluntary."""
        return self.source == self.Source.UKN

    def can_move_to(self, status: str) -> bool:
        return status in REFERRAL_TRANSITIONS[self.status]

    @property
    def is_undecided(self) -> bool:
        """Still to be screened and decided at visitation (open or wait-listed)."""
        return self.can_move_to(self.Status.INCLUDED)

    @property
    def was_included(self) -> bool:
        """Included at visitation: the consent follow-up (or the family's decline) applies."""
        return self.status in {self.Status.INCLUDED, self.Status.DECLINED}


# Where a referral's status may go (services check every change against it): visitation includes,
# rejects or wait-lists an open referral, and includes or rejects a wait-listed one; an included
# family may still decline before consent. Rejected and declined are final — a new referral starts
# the family afresh.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    Referral.Status.OPEN: frozenset(
        {Referral.Status.INCLUDED, Referral.Status.REJECTED, Referral.Status.WAIT_LISTED}
    ),
    Referral.Status.WAIT_LISTED: frozenset({Referral.Status.INCLUDED, Referral.Status.REJECTED}),
    Referral.Status.INCLUDED: frozenset({Referral.Status.DECLINED}),
    Referral.Status.REJECTED: frozenset(),
    Referral.Status.DECLINED: frozenset(),
}


class CriterionAnswer(models.Model):
    """The team's judgement of one criterion for one child, with its justification."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="answers", verbose_name=_("referral")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )
    criterion_key = models.CharField(_("criterion"), max_length=40)
    is_met = models.BooleanField(_("met"))
    justification = models.TextField(_("justification"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["referral", "member", "criterion_key"]
        verbose_name = _("criterion judgement")
        verbose_name_plural = _("criterion judgements")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "member", "criterion_key"], name="one_answer_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_key}: {self.is_met}"


class ChildArea(models.Model):
    """The housing area the team chose for a child when the address match was not certain."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="chosen_areas", verbose_name=_("referral")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )
    area = models.ForeignKey(
        HousingArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("housing area"),
        help_text=_("Empty: the child does not live in a listed area."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chosen housing area")
        verbose_name_plural = _("chosen housing areas")
        constraints = [
            models.UniqueConstraint(fields=["referral", "member"], name="one_area_per_child")
        ]

    def __str__(self) -> str:
        return str(self.area or "–")


class VisitationMeeting(models.Model):
    """A core-team meeting that decides on referrals."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="visitation_meetings", verbose_name=_("team")
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("who attended")
    )
    attending_departments = models.ManyToManyField(
        Department, related_name="+", verbose_name=_("departments present")
    )
    other_attendees = models.CharField(
        _("other attendees"), max_length=300, blank=True, help_text=_("Names and organisations.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[attendees, attending_departments])

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("visitation meeting")
        verbose_name_plural = _("visitation meetings")

    def __str__(self) -> str:
        return _("Visitation meeting %(date)s") % {"date": date_text(self.held_on)}


class VisitationDecision(models.Model):
    """A decision on a referral: include, reject or wait-list. Never edited, only followed."""

    class Outcome(models.TextChoices):
        INCLUDE = "include", _("Include")
        REJECT = "reject", _("Reject")
        WAIT_LIST = "wait_list", _("Wait-list")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("referral")
    )
    meeting = models.ForeignKey(
        VisitationMeeting,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    rejection_reason = models.CharField(_("reason"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    criteria_met = models.BooleanField(_("criteria met at the decision"))
    override_reason = models.TextField(_("why include although a criterion is not met"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("visitation decision")
        verbose_name_plural = _("visitation decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="reject") | ~models.Q(rejection_reason=""),
                name="rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="include", criteria_met=False)
                | ~models.Q(override_reason=""),
                name="include_against_criteria_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class WaitListEntry(models.Model):
    """A referral waiting for room in the team; positions run 1, 2, 3… without gaps."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="wait_list", verbose_name=_("team")
    )
    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="wait_list_entry"
    )
    position = models.PositiveIntegerField(_("position"))
    added_on = models.DateField(_("wait-listed on"))

    class Meta:
        ordering = ["team", "position"]
        verbose_name = _("wait-list entry")
        verbose_name_plural = _("wait list")
        constraints = [
            models.CheckConstraint(condition=models.Q(position__gte=1), name="position_from_one")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.referral_id}"


class Decline(models.Model):
    """The family declined the offer while awaiting consent; the case ends."""

    class Reason(models.TextChoices):
        NO_ENERGY = "no_energy", _("No energy for it")
        NO_PROBLEM = "no_problem", _("Does not see a problem")
        DISTRUST = "distrust", _("Distrust of the municipality")
        FAMILY_HONOUR = "family_honour", _("Family honour")
        OTHER = "other", _("Other")

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="decline", verbose_name=_("referral")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    declined_on = models.DateField(_("declined on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decline")
        verbose_name_plural = _("declines")

    def __str__(self) -> str:
        return self.get_reason_display()
