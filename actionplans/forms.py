from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from actionplans.models import (
    ActionPlan,
    ClosingCriterion,
    Exemption,
    FollowUp,
    Goal,
    GoalReview,
    OfferType,
    PlanOffer,
    Reassessment,
    StatutoryPlanLink,
    Step,
)
from actionplans.selectors import TranslationRow
from actionplans.services.translations import FAMILY_GOALS, item_key
from config.forms import DateInput, DkfdsFormMixin, limit_choices
from families.models import Member


def _limit(
    form: forms.BaseForm,
    plan: ActionPlan,
    *,
    departments: QuerySet[Department] | None = None,
    goals: QuerySet[Goal] | None = None,
    offers: QuerySet[PlanOffer] | None = None,
) -> None:
    """Choices of this family and municipality; goals and offers only those the user may read."""
    family = plan.family
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        if field.queryset is None:
            continue
        model = field.queryset.model
        if model is Member:
            field.queryset = Member.objects.filter(family=family)
        elif model is Department:
            field.queryset = (
                departments
                if departments is not None and name == "department"
                else Department.objects.filter(municipality_id=family.municipality_id)
            )
        elif model is Goal:
            field.queryset = goals if goals is not None else Goal.objects.none()
        elif model is OfferType:
            field.queryset = OfferType.objects.filter(
                municipality_id=family.municipality_id, is_active=True
            )
        elif model is User:
            field.queryset = User.objects.filter(
                municipality_id=family.municipality_id, memberships__team_id=family.team_id
            ).distinct()
        elif model is PlanOffer:
            field.queryset = offers if offers is not None else PlanOffer.objects.none()


class PlanForm(DkfdsFormMixin, forms.ModelForm[ActionPlan]):
    class Meta:
        model = ActionPlan
        fields = ["family_goals"]
        widgets = {"family_goals": forms.Textarea(attrs={"rows": 4})}


class GoalForm(DkfdsFormMixin, forms.ModelForm[Goal]):
    class Meta:
        model = Goal
        fields = [
            "member",
            "department",
            "family_wording",
            "professional_wording",
            "status",
            "dropped_reason",
        ]
        widgets = {
            "family_wording": forms.Textarea(attrs={"rows": 3}),
            "professional_wording": forms.Textarea(attrs={"rows": 3}),
            "dropped_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args: Any, plan: ActionPlan, departments: QuerySet[Department], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, plan, departments=departments)


class StepForm(DkfdsFormMixin, forms.ModelForm[Step]):
    class Meta:
        model = Step
        fields = ["what", "due_on", "owner_user", "owner_department", "owner_member"]
        widgets = {"due_on": DateInput()}

    def __init__(
        self, *args: Any, plan: ActionPlan, departments: QuerySet[Department], **kwargs: Any
    ) -> None:
        """`departments`: the ones the family's consent covers (a step goes only to those)."""
        super().__init__(*args, **kwargs)
        _limit(self, plan)
        limit_choices(self, "owner_department", departments)
        self.fields["owner_department"].help_text = _(
            "Left empty, the professional's department in the core team is used."
        )
        # Required (the service refuses a step without a date); said in the service's words.
        self.fields["due_on"].required = True
        self.fields["due_on"].error_messages["required"] = _("Give the step a date: by when?")

    def _post_clean(self) -> None:
        # The service checks the owner (deriving the department from the professional first).
        pass


class OfferForm(DkfdsFormMixin, forms.ModelForm[PlanOffer]):
    class Meta:
        model = PlanOffer
        fields = ["offer_type", "member", "goal", "department", "provider", "start_on", "end_on"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}

    def __init__(
        self,
        *args: Any,
        plan: ActionPlan,
        departments: QuerySet[Department],
        goals: QuerySet[Goal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, plan, departments=departments, goals=goals)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("end_on") and data.get("start_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", _("The offer cannot end before it starts."))
        return data


class ExemptionForm(DkfdsFormMixin, forms.ModelForm[Exemption]):
    class Meta:
        model = Exemption
        fields = ["member", "start_on", "end_on", "reason"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, plan)


class StatutoryLinkForm(DkfdsFormMixin, forms.ModelForm[StatutoryPlanLink]):
    class Meta:
        model = StatutoryPlanLink
        fields = ["member", "kind", "department", "dated_on", "reference"]
        widgets = {"dated_on": DateInput()}

    def __init__(
        self, *args: Any, plan: ActionPlan, departments: QuerySet[Department], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, plan, departments=departments)


class FollowUpForm(DkfdsFormMixin, forms.ModelForm[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ["goal", "offer", "held_on", "with_whom", "progress", "motivation", "next_on"]
        widgets = {
            "held_on": DateInput(),
            "next_on": DateInput(),
            "progress": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        plan: ActionPlan,
        goals: QuerySet[Goal],
        offers: QuerySet[PlanOffer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, plan, goals=goals, offers=offers)


class ReassessmentForm(DkfdsFormMixin, forms.ModelForm[Reassessment]):
    class Meta:
        model = Reassessment
        fields = ["held_on", "support_need", "risk_should_change", "risk_note", "plan_changes"]
        widgets = {
            "held_on": DateInput(),
            "support_need": forms.RadioSelect,
            "risk_note": forms.Textarea(attrs={"rows": 2}),
            "plan_changes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, reviews: Iterable[GoalReview] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_need"].required = False
        support_need = self.fields["support_need"]
        assert isinstance(support_need, forms.ChoiceField)
        support_need.choices = Reassessment.SupportNeed.choices
        self.review_fields: list[tuple[int, str]] = []
        for review in reviews:
            name = f"progress_{review.goal_id}"
            self.fields[name] = forms.CharField(
                label=_("Progress: %(goal)s (%(member)s)")
                % {
                    "goal": review.goal.family_wording[:60],
                    "member": review.goal.member.first_name,
                },
                required=False,
                initial=review.progress,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}),
            )
            self.review_fields.append((review.goal_id, name))

    def progress(self) -> dict[int, str]:
        return {goal_id: self.cleaned_data.get(name, "") for goal_id, name in self.review_fields}


class OnBehalfForm(DkfdsFormMixin, forms.Form):
    """A coordinator confirms a department's part of a reassessment for it, saying why."""

    reason = forms.CharField(
        label=_("Why you confirm for the department"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PhaseOutForm(DkfdsFormMixin, forms.Form):
    phase_out_on = forms.DateField(label=_("Phase-out date"), widget=DateInput())


class CloseForm(DkfdsFormMixin, forms.Form):
    # No reason is preselected: closing is a decision (issue 11, item 8).
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=ActionPlan.CloseReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Closing criteria met"),
        queryset=ClosingCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    continuing = forms.ModelMultipleChoiceField(
        label=_("Offers that continue outside the programme (the rest are ended)"),
        queryset=PlanOffer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    aftercare_on = forms.DateField(label=_("Aftercare check date"), widget=DateInput())

    def __init__(
        self, *args: Any, plan: ActionPlan, offers: QuerySet[PlanOffer], **kwargs: Any
    ) -> None:
        """`offers`: the plan's offers the user may read; the active ones may continue."""
        super().__init__(*args, **kwargs)
        criteria, continuing = self.fields["criteria"], self.fields["continuing"]
        assert isinstance(criteria, forms.ModelMultipleChoiceField)
        assert isinstance(continuing, forms.ModelMultipleChoiceField)
        criteria.queryset = ClosingCriterion.objects.filter(
            municipality_id=plan.family.municipality_id
        )
        continuing.queryset = offers.filter(status=PlanOffer.Status.ACTIVE)


class EndOfferForm(DkfdsFormMixin, forms.Form):
    end_on = forms.DateField(label=_("End date"), widget=DateInput())


class ReasonForm(DkfdsFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AftercareForm(DkfdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What did the aftercare check find? Is the child again at risk?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class QueueFilterForm(DkfdsFormMixin, forms.Form):
    """The reassessment queue's filter and order, read from the query string."""

    bucket = forms.ChoiceField(label=_("Show"), required=False)
    coordinator = UserChoiceField(
        label=_("Coordinator"), required=False, queryset=User.objects.none(), empty_label=_("All")
    )
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(key, key) for key in ("due", "family", "age", "coordinator")],
    )

    def __init__(
        self,
        *args: Any,
        buckets: dict[str, str],
        coordinators: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        bucket, coordinator = self.fields["bucket"], self.fields["coordinator"]
        assert isinstance(bucket, forms.ChoiceField)
        assert isinstance(coordinator, UserChoiceField)
        bucket.choices = [("", _("All")), *buckets.items()]
        coordinator.queryset = coordinators

    def filters(self) -> dict[str, Any]:
        """The queue selector's keyword arguments (defaults when the query string is not valid)."""
        data = self.cleaned_data if self.is_valid() else {}
        coordinator = data.get("coordinator")
        return {
            "only_bucket": data.get("bucket") or "",
            "coordinator_id": coordinator.pk if coordinator else None,
            "sort": data.get("sort") or "due",
        }


class TranslationsForm(DkfdsFormMixin, forms.Form):
    """The plan's texts in the family's language, entered with the interpreter (issue 11, item 10):
    who interpreted and when, then one field per text the user may translate, labelled with the
    Danish text."""

    interpreter = forms.CharField(
        label=_("Interpreter"),
        max_length=150,
        help_text=_("The name of the interpreter who translated with you."),
        error_messages={"required": _("Say who interpreted.")},
    )
    interpreted_on = forms.DateField(
        label=_("Interpreted on"),
        widget=DateInput(),
        error_messages={"required": _("Give the date of the interpretation.")},
    )

    def __init__(
        self, *args: Any, rows: Sequence[TranslationRow], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        self.keys: list[str] = []
        for row in rows:
            key = FAMILY_GOALS if row.item is None else item_key(row.item)
            if row.item is None:
                label = _("The family's own goals: %(text)s") % {"text": row.danish}
            elif isinstance(row.item, Goal):
                label = _("Goal for %(member)s: %(text)s") % {
                    "member": row.member,
                    "text": row.danish,
                }
            else:
                label = _("Step towards %(member)s's goal: %(text)s") % {
                    "member": row.member,
                    "text": row.danish,
                }
            help_text = (
                _("Translated earlier, before the Danish text changed: %(text)s")
                % {"text": row.outdated}
                if row.outdated
                else ""
            )
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                initial=row.present,
                help_text=help_text,
                max_length=2000,
                widget=forms.Textarea(
                    attrs={"rows": 2, "lang": language, "dir": "auto", "class": "form-input"}
                ),
            )
            self.keys.append(key)

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in self.keys}

    def saved_initial(self, saved: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
        """A stale edit's saved version as this form's values (config.concurrency.compare)."""
        return {
            key: values["translation"]
            if values["language"] == self.language and values["source"] == values["danish"]
            else ""
            for key, values in saved.items()
        }
