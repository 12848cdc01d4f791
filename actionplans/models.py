"""The family action plan: goals per member, steps, offers, statutory plan links, follow-ups,
the three-monthly reassessment, closing; and the due items the daily task creates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department, Municipality
from actionplans.rules import reassessment_due
from assessment.models import Assessment
from families.deadlines import recurring_interval
from families.models import DeadlineRule, Family, Member

USER = settings.AUTH_USER_MODEL


# The languages the family's plan is printed in besides Danish (actionplans/pdf.py LANGUAGES):
# a goal's or step's wording in the family's language is in one of these (issue 11, item 10).
class TranslationLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    SOMALI = "so", _("Somali")
    ENGLISH = "en", _("English")


class FamilyLanguageWording(models.Model):
    """The wording of a goal or step in the family's language, entered with the interpreter
    (issue 11, item 10). `translation_source` is the Danish text that was translated: when the
    Danish text changes afterwards, the translation is out of date and the family's PDF prints
    the Danish text again, marked as not yet translated."""

    translation = models.TextField(_("in the family's language"), blank=True)
    translation_language = models.CharField(
        _("language of the translation"),
        max_length=5,
        choices=TranslationLanguage.choices,
        blank=True,
    )
    translation_source = models.TextField(_("the Danish text translated"), blank=True)
    interpreter = models.CharField(_("interpreter"), max_length=150, blank=True)
    interpreted_on = models.DateField(_("interpreted on"), null=True, blank=True)

    class Meta:
        abstract = True

    def translation_in(self, language: str, source: str) -> str:
        """The translation into `language` of the Danish `source` as it is now, or ""."""
        if (
            self.translation
            and self.translation_language == language
            and self.translation_source == source
        ):
            return self.translation
        return ""


class OfferType(models.Model):
    """The municipality's catalogue of offers and measures."""

    class Category(models.TextChoices):
        CHILD = "child", _("Child or young person")
        FAMILY = "family", _("Family")
        PARENT = "parent", _("Parent")
        EMPLOYMENT = "employment", _("Employment measure")
        EDUCATION = "education", _("Education")
        LEISURE = "leisure", _("Leisure")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=120, blank=True)
    provider = models.CharField(_("usual provider"), max_length=150, blank=True)
    is_formal_grant = models.BooleanField(
        _("formal grant"),
        default=True,
        help_text=_("Untick for an informal core-team activity."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("offer type")
        verbose_name_plural = _("offer types")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="offer_type_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ClosingCriterion(models.Model):
    """One line of the municipality's closing checklist."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    text = models.CharField(_("criterion"), max_length=200)
    is_required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("closing criterion")
        verbose_name_plural = _("closing criteria")

    def __str__(self) -> str:
        return self.text


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        GOALS_ACHIEVED = "goals_achieved", _("Goals achieved")
        FAMILY_WITHDREW = "family_withdrew", _("The family withdrew")
        MOVED = "moved", _("Moved away")
        ORDINARY = "ordinary", _("Transferred to ordinary services")
        CAPACITY = "capacity", _("Capacity")
        OTHER = "other", _("Other")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("family")
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessment"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    family_goals = models.TextField(
        _("the family's own goals and dreams"),
        blank=True,
        help_text=_("In the family's everyday words."),
    )
    # The family's own goals in the family's language (FamilyLanguageWording, for one text).
    family_goals_translation = models.TextField(
        _("the family's own goals in the family's language"), blank=True
    )
    family_goals_translation_language = models.CharField(
        _("language of the family's goals' translation"),
        max_length=5,
        choices=TranslationLanguage.choices,
        blank=True,
    )
    family_goals_translation_source = models.TextField(
        _("the family's goals as translated"), blank=True
    )
    family_goals_interpreter = models.CharField(
        _("interpreter of the family's goals"), max_length=150, blank=True
    )
    family_goals_interpreted_on = models.DateField(
        _("the family's goals interpreted on"), null=True, blank=True
    )
    started_on = models.DateField(_("plan started"), null=True, blank=True)
    phase_out_on = models.DateField(_("phase-out date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("note on closing"), blank=True)
    criteria_checked = models.ManyToManyField(
        ClosingCriterion, blank=True, related_name="+", verbose_name=_("closing criteria met")
    )
    aftercare_on = models.DateField(_("aftercare check"), null=True, blank=True)
    aftercare_done_on = models.DateField(_("aftercare checked on"), null=True, blank=True)
    aftercare_note = models.TextField(_("aftercare note"), blank=True)
    # The reassessment queue reads these two (issue 12): the last completed reassessment, and
    # the next reassessment or aftercare check due, kept by save() (None: not in the queue).
    last_reassessed_on = models.DateField(_("last reassessment"), null=True, blank=True)
    queue_due_on = models.DateField(_("next due"), null=True, blank=True, editable=False)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    printed_at = models.DateTimeField(_("last printed"), null=True, blank=True)
    printed_version = models.PositiveIntegerField(_("printed version"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status__in=["draft", "active"]),
                name="one_open_plan_per_family",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(started_on__isnull=False),
                name="active_plan_has_start",
            ),
        ]
        indexes = [
            # The queue: the plans due, soonest first (only rows in the queue are indexed).
            models.Index(
                fields=["queue_due_on"],
                condition=Q(queue_due_on__isnull=False),
                name="actionplan_queue_due",
            ),
        ]

    # Fields queue_due_on is computed from: a save() naming any of them writes it too.
    QUEUE_FIELDS = frozenset(
        {"status", "started_on", "aftercare_on", "aftercare_done_on", "last_reassessed_on"}
    )

    def __str__(self) -> str:
        return _("Action plan, version %(version)s") % {"version": self.version}

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Computed only when written: the reassessment rule is one query.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.QUEUE_FIELDS & set(update_fields):
            self.queue_due_on = self.compute_queue_due_on()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "queue_due_on"}
        super().save(*args, **kwargs)

    def compute_queue_due_on(self) -> dt.date | None:
        """The next reassessment (active plan) or aftercare check (closed plan) due, or None."""
        if self.status == self.Status.ACTIVE and self.started_on is not None:
            return reassessment_due(
                self.started_on, self.last_reassessed_on, self.reassessment_interval()
            )
        if self.status == self.Status.CLOSED and self.aftercare_done_on is None:
            return self.aftercare_on
        return None

    def reassessment_interval(self) -> tuple[int, str]:
        """The family's municipality's reassessment rule (families/deadlines.py), which its
        administrator may change (the stored queue_due_on follows: actionplans/rule_changes.py);
        one query, two when the family is not loaded."""
        if ActionPlan.family.is_cached(self):
            municipality_id = self.family.municipality_id
        else:
            municipality_id = (
                Family.objects.filter(pk=self.family_id)
                .values_list("municipality_id", flat=True)
                .get()
            )
        return recurring_interval(municipality_id, DeadlineRule.Kind.REASSESSMENT)

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def changed_since_print(self) -> bool:
        return self.printed_at is not None and self.changed_at > self.printed_at


class Goal(FamilyLanguageWording):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("for")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
        help_text=_("Leave empty for a goal the whole core team owns."),
    )
    family_wording = models.TextField(_("the goal in the family's words"))
    professional_wording = models.TextField(_("professional wording"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    dropped_reason = models.TextField(_("why the goal was dropped"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member__birth_date", "member_id", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="dropped_goal_has_reason",
                violation_error_message=_("Give a reason when a goal is dropped."),
            )
        ]

    def __str__(self) -> str:
        return self.family_wording[:80]


class Step(FamilyLanguageWording):
    """A sub-goal: who does what by when."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    what = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("by when"))
    owner_user = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who (professional)"),
    )
    owner_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    owner_member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who (family member)"),
    )
    is_done = models.BooleanField(_("done"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        indexes = [
            # "My work": the user's open steps, soonest first (issue 12).
            models.Index(
                fields=["owner_user", "due_on"],
                condition=Q(is_done=False),
                name="step_owner_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    owner_member__isnull=True,
                    owner_user__isnull=False,
                    owner_department__isnull=False,
                )
                | Q(owner_member__isnull=False, owner_user__isnull=True),
                name="step_has_one_owner",
                violation_error_message=_(
                    "Say who does it: a professional and their department, or the family member."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def who(self) -> str:
        if self.owner_member is not None:
            return self.owner_member.first_name
        user = self.owner_user
        assert user is not None  # step_has_one_owner
        return f"{user.get_full_name() or user.username} ({self.owner_department})"


class PlanOffer(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        CONTINUING = "continuing", _("Continues outside the programme")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="offers")
    offer_type = models.ForeignKey(
        OfferType, on_delete=models.PROTECT, related_name="+", verbose_name=_("offer")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("for")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("the goal it serves"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    provider = models.CharField(_("provider"), max_length=150, blank=True)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_on", "pk"]
        verbose_name = _("offer in the plan")
        verbose_name_plural = _("offers in the plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="offer_ends_after_start",
                violation_error_message=_("The offer cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return str(self.offer_type)


class Exemption(models.Model):
    """A parent's temporary exemption from jobcentre obligations ("fredning")."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="exemptions")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("parent")
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    reason = models.TextField(_("reason"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_on"]
        verbose_name = _("exemption from jobcentre obligations")
        verbose_name_plural = _("exemptions from jobcentre obligations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")),
                name="exemption_ends_after_start",
                violation_error_message=_("The exemption cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.start_on}–{self.end_on}"


class StatutoryPlanLink(models.Model):
    """A reference to a statutory plan kept in another system: linked, not copied."""

    class Kind(models.TextChoices):
        CHILD_PLAN = "child_plan", _("Child's plan")
        JOB_PLAN = "job_plan", _("Job plan (Min Plan)")
        EDUCATION_PLAN = "education_plan", _("Education plan")
        REHABILITATION_PLAN = "rehabilitation_plan", _("Rehabilitation plan")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="statutory_links")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    dated_on = models.DateField(_("date"))
    reference = models.CharField(_("system and reference number"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dated_on"]
        verbose_name = _("statutory plan")
        verbose_name_plural = _("statutory plans")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class FollowUp(models.Model):
    class Motivation(models.TextChoices):
        HIGH = "high", _("High")
        SOME = "some", _("Some")
        LOW = "low", _("Low")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="follow_ups")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("goal"),
    )
    offer = models.ForeignKey(
        PlanOffer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("offer"),
    )
    held_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=200)
    progress = models.TextField(_("progress"))
    motivation = models.CharField(_("motivation"), max_length=10, choices=Motivation.choices)
    next_on = models.DateField(_("next follow-up"), null=True, blank=True)
    # True once a later follow-up on the same goal or offer has been recorded.
    is_superseded = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            # "My work": the next follow-ups due, soonest first (issue 12).
            models.Index(
                fields=["next_on"],
                condition=Q(is_superseded=False, next_on__isnull=False),
                name="followup_next_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True, offer__isnull=False)
                | Q(goal__isnull=False, offer__isnull=True),
                name="follow_up_on_goal_or_offer",
                violation_error_message=_("A follow-up is about one goal or one offer."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.with_whom}"


class Reassessment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        COMPLETED = "completed", _("Completed")

    class SupportNeed(models.TextChoices):
        UP = "up", _("Greater")
        UNCHANGED = "unchanged", _("Unchanged")
        DOWN = "down", _("Smaller")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reassessments")
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    held_on = models.DateField(_("meeting date"), null=True, blank=True)
    support_need = models.CharField(
        _("support need"), max_length=10, choices=SupportNeed.choices, blank=True
    )
    risk_should_change = models.BooleanField(_("the risk rating should change"), default=False)
    risk_note = models.TextField(_("about the risk rating"), blank=True)
    plan_changes = models.TextField(_("changes to the plan"), blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-due_on"]
        verbose_name = _("reassessment")
        verbose_name_plural = _("reassessments")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="open"), name="one_open_reassessment"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(completed_on__isnull=False),
                name="completed_reassessment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_on} ({self.get_status_display()})"


class GoalReview(models.Model):
    reassessment = models.ForeignKey(Reassessment, on_delete=models.CASCADE, related_name="reviews")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    progress = models.TextField(_("progress"), blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reassessment", "goal"], name="one_review_per_goal")
        ]

    def __str__(self) -> str:
        return self.progress[:80]


class DepartmentConfirmation(models.Model):
    reassessment = models.ForeignKey(
        Reassessment, on_delete=models.CASCADE, related_name="confirmations"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    # Set when a coordinator confirmed for the department (no one in the team works for it, or
    # the consent does not cover it): why (issue 11, item 1).
    on_behalf_reason = models.TextField(_("why confirmed on the department's behalf"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reassessment", "department"], name="one_confirmation_per_department"
            )
        ]

    def __str__(self) -> str:
        return str(self.department_id)


class DueItem(models.Model):
    """Created by the daily task; unique per (family, kind, due date): reminders go out once."""

    class Kind(models.TextChoices):
        REASSESSMENT = "reassessment", _("Reassessment")
        AFTERCARE = "aftercare", _("Aftercare check")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="due_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family", "kind", "due_on"], name="one_due_item_per_family_kind_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"


class Notification(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    due_item = models.ForeignKey(DueItem, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "due_item"], name="one_notification_per_user")
        ]
        indexes = [
            # "My work": the user's unread notifications, newest first (issue 12).
            models.Index(
                fields=["user", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_user_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.text
