"""The shared family case record."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from typing_extensions import override

from accounts.models import Department, Municipality, Team
from config.dates import date_text
from config.uploads import generated_name
from families.cpr import age_on, validate_cpr


class Family(models.Model):
    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        SCREENING = "screening", _("Screening")
        AWAITING_CONSENT = "awaiting_consent", _("Awaiting consent")
        INCLUDED = "included", _("Included")
        ASSESSMENT = "assessment", _("Assessment")
        ACTION_PLAN = "action_plan", _("Action plan")
        PHASING_OUT = "phasing_out", _("Phasing out")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("municipality"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="families", verbose_name=_("core team")
    )
    reference = models.CharField(_("reference"), max_length=20, editable=False)
    family_ref = models.CharField(
        _("earlier reference"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("The reference in the system the family was imported from."),
    )
    name = models.CharField(
        _("family name"),
        max_length=120,
        help_text=_("How the team refers to the family, e.g. the surname(s)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REFERRED
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    housing_area = models.CharField(_("housing area"), max_length=120, blank=True)
    notes = models.TextField(_("about the family"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The archive-law exception to erasure (families/retention.py): a record Rigsarkivet's rules
    # say to preserve is never listed for erasure; the reason says which rule.
    keep_for_archive = models.BooleanField(
        _("keep for the archive (arkivloven)"),
        default=False,
        help_text=_(
            "Never listed for erasure: the record is to be preserved under the archive law."
        ),
    )
    archive_reason = models.CharField(
        _("why it is kept for the archive"), max_length=300, blank=True
    )
    history = HistoricalRecords(excluded_fields=["status_changed_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("family")
        verbose_name_plural = _("families")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="family_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality", "family_ref"],
                condition=~models.Q(family_ref=""),
                name="family_ref_unique_per_municipality",
            ),
        ]
        indexes = [
            # The family lists: a team's families by name (issue 12). Name search uses trigram
            # indexes that migration 0009 adds on PostgreSQL only.
            models.Index(fields=["team", "name"], name="family_team_name"),
        ]
        permissions = [("view_case_record", "Can view the family's case record (object grant)")]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("families:detail", args=[self.pk])

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES


# The only status changes a family may make; reopening an ended family is its own service.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Family.Status.REFERRED: frozenset(
        {Family.Status.SCREENING, Family.Status.REJECTED, Family.Status.WITHDRAWN}
    ),
    Family.Status.SCREENING: frozenset(
        {Family.Status.AWAITING_CONSENT, Family.Status.REJECTED, Family.Status.WITHDRAWN}
    ),
    Family.Status.AWAITING_CONSENT: frozenset({Family.Status.INCLUDED, Family.Status.WITHDRAWN}),
    Family.Status.INCLUDED: frozenset(
        {Family.Status.ASSESSMENT, Family.Status.WITHDRAWN, Family.Status.CLOSED}
    ),
    Family.Status.ASSESSMENT: frozenset(
        {Family.Status.ACTION_PLAN, Family.Status.WITHDRAWN, Family.Status.CLOSED}
    ),
    Family.Status.ACTION_PLAN: frozenset(
        {Family.Status.PHASING_OUT, Family.Status.WITHDRAWN, Family.Status.CLOSED}
    ),
    Family.Status.PHASING_OUT: frozenset(
        {Family.Status.ACTION_PLAN, Family.Status.WITHDRAWN, Family.Status.CLOSED}
    ),
    Family.Status.CLOSED: frozenset(),
    Family.Status.REJECTED: frozenset(),
    Family.Status.WITHDRAWN: frozenset(),
}
ENDED_STATUSES = frozenset({Family.Status.CLOSED, Family.Status.REJECTED, Family.Status.WITHDRAWN})
# Reopening sends an ended family back to screening: the team decides on it afresh.
REOPEN_STATUS = Family.Status.SCREENING
# Statuses in which the team is working with the family (they count against the team's capacity).
ACTIVE_STATUSES = frozenset(
    {
        Family.Status.INCLUDED,
        Family.Status.ASSESSMENT,
        Family.Status.ACTION_PLAN,
        Family.Status.PHASING_OUT,
    }
)


class FamilyUserObjectPermission(UserObjectPermissionBase):
    """Guardian object permissions on families, with a real foreign key (outside grants)."""

    content_object = models.ForeignKey(Family, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("family permission")


class FamilyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Family, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("family group permission")


class FamilyStatusChange(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("family")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Family.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Family.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.family_id}: {self.from_status} → {self.to_status}"


class Member(models.Model):
    class Role(models.TextChoices):
        TARGET_CHILD = "target_child", _("Child/young person in the programme")
        SIBLING = "sibling", _("Sibling")
        PARENT = "parent", _("Parent")
        CUSTODY_HOLDER = "custody_holder", _("Custody holder")
        STEP_PARENT = "step_parent", _("Step-parent")
        OTHER_RELATIVE = "other_relative", _("Other relative (e.g. uncle, cousin)")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not stated")

    class Origin(models.TextChoices):
        # Statistics Denmark's categories of origin.
        DANISH = "danish", _("Danish origin")
        IMMIGRANT_WESTERN = "immigrant_western", _("Immigrant, western country")
        IMMIGRANT_NON_WESTERN = "immigrant_non_western", _("Immigrant, non-western country")
        DESCENDANT_WESTERN = "descendant_western", _("Descendant, western country")
        DESCENDANT_NON_WESTERN = "descendant_non_western", _("Descendant, non-western country")
        UNKNOWN = "unknown", _("Unknown")

    class EducationStatus(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", _("Not applicable")
        PRIMARY_SCHOOL = "primary_school", _("Primary/lower secondary school")
        SPECIAL_CLASS = "special_class", _("Special class or special school")
        FGU = "fgu", _("Preparatory basic education (FGU)")
        VOCATIONAL = "vocational", _("Vocational education")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary education")
        HIGHER = "higher", _("Higher education")
        NONE = "none", _("No school or education")
        UNKNOWN = "unknown", _("Unknown")

    class SupportStatus(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", _("Not applicable")
        EMPLOYED = "employed", _("Employed")
        IN_EDUCATION = "in_education", _("In education")
        PUBLIC_BENEFIT = "public_benefit", _("Receives public benefit")
        SELF_SUPPORTING = "self_supporting", _("Self-supporting")
        UNKNOWN = "unknown", _("Unknown")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="members", verbose_name=_("family")
    )
    role = models.CharField(_("role in the family"), max_length=20, choices=Role.choices)
    is_in_programme = models.BooleanField(_("in the programme"), default=False)
    is_custody_holder = models.BooleanField(_("has custody"), default=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    cpr = models.CharField(
        _("CPR number"),
        max_length=11,
        blank=True,
        validators=[validate_cpr],
        help_text=_("DDMMYY-SSSS. Leave empty if not known; then give the birth date."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    origin = models.CharField(
        _("origin (Statistics Denmark)"),
        max_length=30,
        choices=Origin.choices,
        default=Origin.UNKNOWN,
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("e.g. Arabic, Danish")
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    lives_in_household = models.BooleanField(_("lives in the household"), default=True)
    school_or_workplace = models.CharField(
        _("school, education or workplace"), max_length=200, blank=True
    )
    education_status = models.CharField(
        _("school/education"),
        max_length=20,
        choices=EducationStatus.choices,
        default=EducationStatus.UNKNOWN,
    )
    support_status = models.CharField(
        _("employment/support"),
        max_length=20,
        choices=SupportStatus.choices,
        default=SupportStatus.UNKNOWN,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["birth_date", "pk"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def first_name_and_age(self) -> str:
        """E.g. "Jonas (12)", as the family lists show a member."""
        age = self.age()
        return self.first_name if age is None else f"{self.first_name} ({age})"

    @property
    def cpr_masked(self) -> str:
        """Birth-date part only: the full number is shown on the member's own page."""
        return f"{self.cpr[:6]}-xxxx" if self.cpr else ""

    def age(self, on: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, on or timezone.localdate())


class FamilyCoordinator(models.Model):
    """The family's primary and secondary contact among the caseworkers (familiekoordinator)."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary family coordinator")
        SECONDARY = "secondary", _("Secondary family coordinator")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="coordinators", verbose_name=_("family")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_families",
        verbose_name=_("caseworker"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("family coordinator")
        verbose_name_plural = _("family coordinators")
        constraints = [
            models.UniqueConstraint(fields=["family", "kind"], name="one_coordinator_per_kind"),
            models.UniqueConstraint(fields=["family", "user"], name="coordinator_once_per_family"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"


def consent_upload_to(instance: "Consent", filename: str) -> str:
    """A generated name with the verified type's extension (config/uploads.py)."""
    return generated_name(f"consents/{instance.family_id}", filename)


class Consent(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="consents", verbose_name=_("family")
    )
    given_by = models.ManyToManyField(
        Member, related_name="consents_given", verbose_name=_("given by")
    )
    departments = models.ManyToManyField(
        Department,
        related_name="+",
        verbose_name=_("departments covered"),
        help_text=_("The departments the core team may exchange information with."),
    )
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    document = models.FileField(_("signed document"), upload_to=consent_upload_to, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[departments, given_by])

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return _("Consent of %(date)s") % {"date": date_text(self.given_on)}

    def is_active_on(self, day: dt.date) -> bool:
        return (
            self.given_on <= day
            and (self.expires_on is None or self.expires_on >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )

    @property
    def is_expired(self) -> bool:
        """Past its expiry date (it still covers its last day)."""
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class Handover(models.Model):
    """An existing department case handed over to the core team (or a note that there is none)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("family")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name=_("concerns"),
    )
    has_existing_case = models.BooleanField(
        _("has an existing case"),
        default=True,
        help_text=_("Off when the department has checked and has no case to hand over."),
    )
    case_reference = models.CharField(_("case reference"), max_length=60, blank=True)
    former_caseworker = models.CharField(_("former caseworker"), max_length=120, blank=True)
    handed_over_on = models.DateField(_("handed over on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-handed_over_on", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.department}: {self.case_reference}"


class Task(models.Model):
    """A reminder for the core team about one family (e.g. start a child-welfare investigation)."""

    class Kind(models.TextChoices):
        # What completing it sets off is decided by its kind, never by its (translated) title.
        GENERAL = "general", _("Task")
        INVESTIGATION = "investigation", _("Start a child-welfare investigation")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("family")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL, editable=False
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("concerns"),
    )
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_at", "due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # "My work": open tasks, soonest first (issue 12).
            models.Index(
                fields=["due_on"],
                condition=models.Q(completed_at__isnull=True),
                name="task_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    @property
    def is_overdue(self) -> bool:
        """Open after its due day."""
        return self.is_open and self.due_on < timezone.localdate()


class JournalNote(models.Model):
    class Category(models.TextChoices):
        GENERAL = "general", _("General")
        MEETING = "meeting", _("Meeting")
        ASSESSMENT = "assessment", _("Assessment")
        COOPERATION = "cooperation", _("Cooperation with others")
        DECISION = "decision", _("Decision")
        OTHER = "other", _("Other")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="journal_notes", verbose_name=_("family")
    )
    written_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    members = models.ManyToManyField(
        Member, blank=True, related_name="journal_notes", verbose_name=_("concerns")
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.GENERAL
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")

    def __str__(self) -> str:
        return f"{date_text(self.written_on)} {self.get_category_display()}"


class Contact(models.Model):
    """One line in the quick contact log: who talked with whom, how and when."""

    class Kind(models.TextChoices):
        CALL = "call", _("Phone call")
        TEXT = "text", _("Text/chat")
        HOME_VISIT = "home_visit", _("Home visit")
        MEETING = "meeting", _("Meeting")
        INFORMAL_TALK = "informal_talk", _("Informal talk")
        PRACTICAL_HELP = "practical_help", _("Practical help")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("family")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    members = models.ManyToManyField(
        Member, blank=True, related_name="contacts", verbose_name=_("with whom")
    )
    occurred_at = models.DateTimeField(_("when"))
    summary = models.CharField(_("what"), max_length=200)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {date_text(timezone.localdate(self.occurred_at))}"


class FamilyGrant(models.Model):
    """An outside caseworker invited to one family until a date (a guardian permission backs it)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="grants", verbose_name=_("family")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="family_grants",
        verbose_name=_("caseworker"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("their department")
    )
    reason = models.CharField(_("purpose"), max_length=200)
    valid_until = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("outside access")
        verbose_name_plural = _("outside access")

    def __str__(self) -> str:
        return f"{self.user} → {self.family_id}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.revoked_at is None and self.valid_until >= day

    @property
    def is_active(self) -> bool:
        """Not revoked and valid until today or later."""
        return self.is_active_on(timezone.localdate())

    @property
    def is_expired(self) -> bool:
        """Past its last valid day (whether or not it was also revoked)."""
        return self.valid_until < timezone.localdate()


class AccessLogEntryManager(models.Manager["AccessLogEntry"]):
    """Fills each row's team from its family, however the rows are written (save or bulk)."""

    @override
    def bulk_create(
        self, objs: Iterable["AccessLogEntry"], *args: Any, **kwargs: Any
    ) -> list["AccessLogEntry"]:
        entries = list(objs)
        missing = {
            entry.family_id
            for entry in entries
            if entry.team_id is None
            and entry.family_id is not None
            and not AccessLogEntry.family.is_cached(entry)
        }
        teams = dict(Family.objects.filter(pk__in=missing).values_list("pk", "team_id"))
        for entry in entries:
            if entry.team_id is None and entry.family_id is not None:
                entry.team_id = (
                    entry.family.team_id
                    if AccessLogEntry.family.is_cached(entry) and entry.family is not None
                    else teams.get(entry.family_id)
                )
        return super().bulk_create(entries, *args, **kwargs)


class AccessLogEntry(models.Model):
    """One read of a person's data or one refused request; never edited or deleted by users.

    The log outlives what it describes (until its own retention ends): erasing a family or a
    member empties the link, and the case reference and the person's name stay on the row.
    """

    class Outcome(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")
        DENIED = "denied", _("Refused (403)")
        NOT_FOUND = "not_found", _("Refused (404)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    family = models.ForeignKey(
        Family,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("family"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("person"),
    )
    # Kept when the family or the member is erased.
    family_reference = models.CharField(_("case reference"), max_length=20, blank=True)
    member_name = models.CharField(_("person's name"), max_length=201, blank=True)
    what = models.CharField(_("what"), max_length=100)
    path = models.CharField(_("address"), max_length=300)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.VIEWED
    )
    # The family's team when the row was written (kept when the family is erased or moves):
    # the team access log reads (team, time) from one index, never joining the families.
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("team"),
    )
    # No B-tree on the time alone: on PostgreSQL a BRIN index (migration 0009) serves retention's
    # "older than" deletes at a few hundred kB for 10 M rows; the lists use the composite indexes.
    at = models.DateTimeField(_("when"), default=timezone.now)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AccessLogEntryManager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["family", "-at"]),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
            models.Index(fields=["team", "-at", "-id"], name="accesslog_team_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what}"

    @override
    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.team_id is None and self.family_id is not None and self._state.adding:
            # The family the caller passed (every page's access has it loaded): no query.
            cached = self.family if AccessLogEntry.family.is_cached(self) else None
            self.team_id = (
                cached.team_id
                if cached is not None
                else Family.objects.filter(pk=self.family_id)
                .values_list("team_id", flat=True)
                .first()
            )
        super().save(*args, **kwargs)


class InformationExchange(models.Model):
    """One disclosure to (or from) the police or another authority, e.g. under Retsplejelovens
    § 115 or Barnets Lov (DOMAIN.md §2): what, with whom, on which legal basis, by whom, when."""

    class Direction(models.TextChoices):
        SHARED = "shared", _("Shared by the team")
        RECEIVED = "received", _("Received by the team")

    class Recipient(models.TextChoices):
        POLICE = "police", _("Police")
        MUNICIPALITY = "municipality", _("Another municipal authority")
        SSP = "ssp", _("SSP / PSP / KSP cooperation")
        SCHOOL = "school", _("School or education")
        HEALTH = "health", _("Health service")
        KRIMINALFORSORGEN = "kriminalforsorgen", _("Prison and probation service")
        OTHER = "other", _("Other authority")

    class LegalBasis(models.TextChoices):
        RPL_115 = "rpl_115", _("Administration of Justice Act § 115 (crime prevention)")
        BARNETS_LOV = "barnets_lov", _("Barnets Lov (exchange without consent)")
        BARNETS_LOV_126 = "barnets_lov_126", _("Barnets Lov § 126 (children's house)")
        NOTIFICATION = "notification", _("Notification duty (Barnets Lov §§ 132–137)")
        CONSENT = "consent", _("The family's consent")
        OTHER = "other", _("Other legal basis (stated in the note)")

    family = models.ForeignKey(
        Family,
        on_delete=models.CASCADE,
        related_name="information_exchanges",
        verbose_name=_("family"),
    )
    members = models.ManyToManyField(
        Member, blank=True, related_name="information_exchanges", verbose_name=_("concerns")
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.SHARED
    )
    recipient_kind = models.CharField(_("authority"), max_length=20, choices=Recipient.choices)
    recipient = models.CharField(
        _("with whom"), max_length=200, help_text=_("The authority and, if known, the person.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    purpose = models.CharField(_("purpose"), max_length=300)
    what = models.TextField(_("what was shared"))
    shared_on = models.DateField(_("date"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["-shared_on", "-pk"]
        verbose_name = _("information exchange")
        verbose_name_plural = _("information exchanges")

    def __str__(self) -> str:
        return f"{date_text(self.shared_on)} {self.get_recipient_kind_display()}"


class ErasureDue(models.Model):
    """A family whose retention period has run out, listed (once) for the municipality's
    administrator to confirm its erasure (families/retention.py). Names nobody."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    family = models.OneToOneField(
        Family, on_delete=models.CASCADE, related_name="erasure_due", verbose_name=_("family")
    )
    due_on = models.DateField(_("due for erasure since"))
    listed_at = models.DateTimeField(_("listed"), default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("family due for erasure")
        verbose_name_plural = _("families due for erasure")

    def __str__(self) -> str:
        return f"{self.family_id} {date_text(self.due_on)}"


class ErasedFamily(models.Model):
    """The anonymous tombstone of an erased family, and the log of its erasure (who, when, which
    reference): the counts the dashboards need, no name, no CPR number, no text."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("core team")
    )
    reference = models.CharField(_("reference"), max_length=20)
    status = models.CharField(_("final status"), max_length=20, choices=Family.Status.choices)
    created_on = models.DateField(_("opened"))
    ended_on = models.DateField(_("ended"))
    members_count = models.PositiveIntegerField(_("members"))
    children_in_programme = models.PositiveIntegerField(_("children in the programme"))
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("erased by"),
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erased family")
        verbose_name_plural = _("erased families")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="erased_family_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class DeadlineRule(models.Model):
    """How long one kind of deadline runs in one municipality (families/deadlines.py): data the
    municipality's administrator adjusts, seeded from the law and the model (DOMAIN.md §2)."""

    class Kind(models.TextChoices):
        CONCERN_ASSESSED = "concern_assessed", _("Notification of concern assessed")
        CONCERN_RECEIPT = "concern_receipt", _("Receipt of the notification sent")
        INVESTIGATION = "investigation", _("Child-welfare investigation (§ 20) finished")
        JUDGE_VISIT = "judge_visit", _("Family visit after the court hearing")
        JUDGE_PRELIMINARY_PLAN = "judge_preliminary_plan", _("Preliminary plan after the hearing")
        JUDGE_FINAL_PLAN = "judge_final_plan", _("Final plan after the court hearing")
        PRE_INVESTIGATION = "pre_investigation", _("Rapid pre-investigation finished")
        REASSESSMENT = "reassessment", _("Reassessment")
        MEASUREMENT = "measurement", _("Progression measurement")

    class Trigger(models.TextChoices):
        CONCERN_RECEIVED = "concern_received", _("A notification of concern is received")
        INVESTIGATION_STARTED = "investigation_started", _("A child-welfare investigation starts")
        BROUGHT_BEFORE_JUDGE = "brought_before_judge", _("A young person is brought before a judge")
        PRE_INVESTIGATION_STARTED = (
            "pre_investigation_started",
            _("A rapid pre-investigation starts"),
        )
        PLAN_REASSESSED = "plan_reassessed", _("The plan starts or is reassessed")
        MEASURED = "measured", _("Inclusion or the last progression measurement")

    class Unit(models.TextChoices):
        HOURS = "hours", _("hours")
        WORKING_DAYS = "working_days", _("working days")
        CALENDAR_DAYS = "calendar_days", _("calendar days")
        MONTHS = "months", _("months")

    class Owner(models.TextChoices):
        COORDINATORS = "coordinators", _("The family's coordinators")
        STARTED_BY = "started_by", _("Whoever started it")
        TEAM_LEADS = "team_leads", _("The team's leads")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("deadline"), max_length=30, choices=Kind.choices)
    trigger = models.CharField(_("started by"), max_length=30, choices=Trigger.choices)
    duration = models.PositiveSmallIntegerField(
        _("duration"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    owner = models.CharField(_("owned by"), max_length=20, choices=Owner.choices)
    warn_days = models.PositiveSmallIntegerField(
        _("shown as soon (days before)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("From this many days before it is due the deadline is marked as soon."),
    )
    per_person = models.BooleanField(_("per person"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"], name="one_deadline_rule_per_kind"
            )
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Deadline(models.Model):
    """One running deadline of a family (and person, where the rule is per person), started by
    an event (families/deadlines.py `start_deadlines`), met by the event or marked met."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("family")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("concerns"),
    )
    kind = models.CharField(_("deadline"), max_length=30, choices=DeadlineRule.Kind.choices)
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineRule.Unit.choices)
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"), db_index=True)
    warn_at = models.DateTimeField(_("soon from"))
    owner_kind = models.CharField(_("owned by"), max_length=20, choices=DeadlineRule.Owner.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("met by"),
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["reminded_at"])

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "member", "kind"],
                condition=models.Q(met_at__isnull=True),
                nulls_distinct=False,
                name="one_open_deadline_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("started_at")),
                name="deadline_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {date_text(timezone.localdate(self.due_at))}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None
