"""People and organisation: municipalities, departments, core teams and who belongs where."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.dates import date_text


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("municipality code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code has three digits."))],
    )
    reference_prefix = models.CharField(
        _("case reference prefix"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,5}$", _("Use 2–5 capital letters."))],
        help_text=_("Starts every family reference, e.g. NOR-2026-0007."),
    )
    # GDPR art. 5(1)(e) and 17: how long a family's record is kept after its case ended, and how
    # long the access log is kept (families/retention.py erases what is due, after confirmation).
    retention_years = models.PositiveSmallIntegerField(
        _("keep records after closing (years)"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A family's record is listed for erasure this many years after its case ended, "
            "unless it is kept for the archive (arkivloven)."
        ),
    )
    access_log_retention_months = models.PositiveSmallIntegerField(
        _("keep the access log (months)"),
        default=24,
        validators=[MinValueValidator(6)],
        help_text=_("Access-log rows older than this are removed by the daily task."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        CHILDREN_FAMILY = "children_family", _("Children & family")
        SOCIAL = "social", _("Social services")
        EMPLOYMENT = "employment", _("Employment (jobcentre)")
        CULTURE_LEISURE = "culture_leisure", _("Culture & leisure")
        SSP = "ssp", _("SSP")
        HEALTH = "health", _("Health")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="department_name_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="teams",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("How many active families the core team can carry."),
    )

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("core team")
        verbose_name_plural = _("core teams")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="team_name_unique_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="team_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Organisation roles are flags; team roles are memberships."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("municipality"),
        help_text=_("Empty only for national evaluators."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_municipality_admin = models.BooleanField(
        _("municipality administrator"),
        default=False,
        help_text=_("Manages users, departments and teams of their own municipality."),
    )
    is_steering_group = models.BooleanField(
        _("steering group member"),
        default=False,
        help_text=_("Sees aggregates for their municipality, never a person."),
    )
    is_national_evaluator = models.BooleanField(
        _("national evaluator"),
        default=False,
        help_text=_("Sees pseudonymised aggregates across municipalities, never a person."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when someone else set the password: the person chooses a new one first."),
    )
    # When and by whom an administrator last changed the e-mail address: the one who changed it
    # may not send a set-password link to it for a day (accounts/password_link.py), so an
    # administrator cannot redirect someone's account to an address they hold on their own.
    email_changed_at = models.DateTimeField(_("e-mail changed"), null=True, blank=True)
    email_changed_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail changed by"),
    )
    # The language the person last chose in the menu: notifications and e-mails built for them
    # (outside their request) are written in it (accounts/language.py).
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "Notifications and e-mails are written in it; the person changes it in the menu."
        ),
    )

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_national_evaluator=True)
                | models.Q(municipality__isnull=False)
                | models.Q(is_superuser=True),
                name="user_has_municipality_unless_evaluator",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        CASEWORKER = "caseworker", _("Caseworker")
        TEAM_COORDINATOR = "team_coordinator", _("Team coordinator")
        PROJECT_LEAD = "project_lead", _("Project lead")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("core team")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("department"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    is_active = models.BooleanField(_("active"), default=True)
    # Who added whom to a team, with which role, and every later change (issue 9, item 3): the
    # team's coordinators see it on the team access log.
    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name", "user__first_name"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "team"], name="one_membership_per_user_and_team"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.team} ({self.get_role_display()})"

    @property
    def is_team_lead(self) -> bool:
        return self.role in {self.Role.TEAM_COORDINATOR, self.Role.PROJECT_LEAD}


class LookupAlert(models.Model):
    """A user read far more families in an hour than the threshold allows (accounts/alerts.py).

    For the municipality's administrators; it names the user, never a family or a person.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="lookup_alerts",
        verbose_name=_("municipality"),
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="lookup_alerts", verbose_name=_("user")
    )
    hour_starting = models.DateTimeField(_("hour starting"))
    families_read = models.PositiveIntegerField(_("families read"))
    threshold = models.PositiveIntegerField(_("threshold"))
    created_at = models.DateTimeField(_("raised"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("look-up alert")
        verbose_name_plural = _("look-up alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "hour_starting"], name="one_lookup_alert_per_user_and_hour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {date_text(self.hour_starting)}"
