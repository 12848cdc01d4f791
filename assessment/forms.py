"""Input shape for the assessment pages; rules live in assessment/services.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, cast

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import Department, User
from assessment.models import (
    ConcernLevel,
    FamilyMeeting,
    Instrument,
    JournalReviewEntry,
    Level,
    OverallAssessment,
    RiskAssessment,
    RnrDomain,
    TimelineEntry,
)
from assessment.services.parts import MEETING_DONE_FIELDS, OVERALL_DONE_FIELDS
from config.forms import DateInput, DkfdsFormMixin, limit_choices, required_when
from families.models import Member

BULK_ROWS = 10
MAX_BULK_ROWS = 200
# Service field names that the timeline forms show as their one "type" field (for
# config.feedback.add_form_errors).
TYPE_FIELDS = {"kind": "type", "measure_type": "type", "event_type": "type"}


class BasicDataNoteForm(DkfdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note on the basic data"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. what still has to be checked, and with whom."),
    )


class JournalEntryForm(DkfdsFormMixin, forms.ModelForm[JournalReviewEntry]):
    domains = forms.MultipleChoiceField(
        label=_("Risks, needs and challenges (RNR domains)"),
        choices=RnrDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JournalReviewEntry
        fields = [
            "member",
            "department",
            "document_type",
            "document_date",
            "summary",
            "domains",
            "findings",
        ]
        widgets = {
            "document_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: object,
        members: Iterable[Member],
        departments: Iterable[Department],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "member", Member.objects.filter(pk__in=[m.pk for m in members]))
        limit_choices(
            self, "department", Department.objects.filter(pk__in=[d.pk for d in departments])
        )

    def _post_clean(self) -> None:
        # The service validates the model.
        pass


def timeline_type_choices() -> list[tuple[StrOrPromise, object]]:
    return [
        ("", "---------"),
        (
            _("Measures"),
            [(f"measure:{value}", label) for value, label in TimelineEntry.MeasureType.choices],
        ),
        (
            _("Intrusive events"),
            [(f"event:{value}", label) for value, label in TimelineEntry.EventType.choices],
        ),
    ]


class TimelineRowForm(DkfdsFormMixin, forms.Form):
    """One row of the backfill table; ``type`` is a measure or an event type."""

    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Who"))
    type = forms.ChoiceField(choices=timeline_type_choices, label=_("Measure or event"))
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=_("Source department")
    )
    start_date = forms.DateField(label=_("Date or start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    provider = forms.CharField(label=_("Provider"), max_length=150, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def __init__(
        self,
        *args: object,
        members: Iterable[Member],
        departments: Iterable[Department],
        default_department_id: int | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "member", Member.objects.filter(pk__in=[m.pk for m in members]))
        departments = list(departments)
        limit_choices(
            self, "department", Department.objects.filter(pk__in=[d.pk for d in departments])
        )
        # The user's own department first; an unchanged default does not make a row "filled".
        if default_department_id in {d.pk for d in departments}:
            self.fields["department"].initial = default_department_id
        elif len(departments) == 1:
            self.fields["department"].initial = departments[0].pk

    def has_changed(self) -> bool:
        # The pre-chosen department alone does not make an empty row "filled in".
        return bool(set(self.changed_data) - {"department"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, _sep, type_value = (cleaned.get("type") or "").partition(":")
        cleaned["kind"] = kind
        cleaned["measure_type"] = type_value if kind == TimelineEntry.Kind.MEASURE else ""
        cleaned["event_type"] = type_value if kind == TimelineEntry.Kind.EVENT else ""
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("type", None)
        return data


class TimelineEntryForm(TimelineRowForm):
    what_worked = forms.CharField(
        label=_("What worked"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_did_not_work = forms.CharField(
        label=_("What did not work"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @staticmethod
    def initial_for(entry: TimelineEntry) -> dict[str, object]:
        type_value = (
            entry.measure_type if entry.kind == TimelineEntry.Kind.MEASURE else entry.event_type
        )
        return {
            "member": entry.member_id,
            "type": f"{entry.kind}:{type_value}",
            "department": entry.department_id,
            "start_date": entry.start_date,
            "end_date": entry.end_date,
            "provider": entry.provider,
            "description": entry.description,
            "what_worked": entry.what_worked,
            "what_did_not_work": entry.what_did_not_work,
        }

    def saved_initial(self, saved: Mapping[str, object]) -> dict[str, object]:
        """The saved row's values (the service's fields) as this form's fields, to show them
        beside the editor's own (config.concurrency)."""
        kind = saved.get("kind")
        type_value = saved.get(
            "measure_type" if kind == TimelineEntry.Kind.MEASURE else "event_type"
        )
        fields = {name: value for name, value in saved.items() if name in self.fields}
        return {**fields, "type": f"{kind}:{type_value}"}


class BaseTimelineFormSet(forms.BaseFormSet[TimelineRowForm]):
    def non_empty_forms(self) -> list[TimelineRowForm]:
        return [form for form in self.forms if form.has_changed()]

    @property
    def can_add_rows(self) -> bool:
        return self.total_form_count() < MAX_BULK_ROWS

    def hide_errors(self) -> None:
        """Show the kept rows without complaining about rows not filled in yet."""
        for form in self.forms:
            # Django's cache of the form's errors (not in the stubs): empty, so none are shown.
            form._errors = ErrorDict()  # type: ignore[attr-defined]


def with_more_rows(data: QueryDict, *, department_id: int | None) -> QueryDict:
    """The posted rows again with BULK_ROWS empty ones below (at most MAX_BULK_ROWS), the new
    rows set to `department_id` (the user's own department, when they may add its rows)."""
    data = data.copy()
    total = int(data.get("form-TOTAL_FORMS", BULK_ROWS) or BULK_ROWS)
    new_total = min(total + BULK_ROWS, MAX_BULK_ROWS)
    data["form-TOTAL_FORMS"] = str(new_total)
    if department_id is not None:
        for index in range(total, new_total):
            data[f"form-{index}-department"] = str(department_id)
    return data


# formset_factory returns a subclass of the `formset` given; the stubs widen it to BaseFormSet.
TimelineFormSet = cast(
    type[BaseTimelineFormSet],
    forms.formset_factory(
        TimelineRowForm,
        formset=BaseTimelineFormSet,
        extra=BULK_ROWS,
        max_num=MAX_BULK_ROWS,
        absolute_max=MAX_BULK_ROWS,
        validate_max=True,
    ),
)


class RiskAssessmentForm(DkfdsFormMixin, forms.Form):
    """Domain scores of one instrument; the fields follow the instrument's domains."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    strength_domains = forms.MultipleChoiceField(
        label=_("Strengths"),
        choices=RnrDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Domains where the young person has a strength."),
    )
    strengths_note = forms.CharField(
        label=_("Strengths in words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_level = forms.ChoiceField(
        label=_("Professional override"),
        choices=[("", _("No override: use the computed level")), *Level.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Reason for the override"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you raise or lower the computed level."),
    )

    def __init__(self, *args: object, instrument: Instrument, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["assessed_on"].initial = timezone.localdate()
        rating = instrument.scoring == Instrument.Scoring.RATING
        self.score_fields: list[str] = []
        for domain in instrument.domains.all():
            name = f"score_{domain.rnr_domain}"
            help_text = (
                _("0 none, 1 some, 2 considerable concern")
                if rating
                else _("Items %(first)s–%(last)s: number checked, 0–%(max)s")
                % {
                    "first": domain.item_codes[0] if domain.item_codes else "",
                    "last": domain.item_codes[-1] if domain.item_codes else "",
                    "max": domain.item_count,
                }
            )
            self.fields[name] = forms.IntegerField(
                label=f"{domain.number}. {RnrDomain(domain.rnr_domain).label}",
                help_text=help_text,
                widget=forms.NumberInput(attrs={"min": 0, "max": domain.item_count}),
            )
            self.score_fields.append(name)
        # Scores first, then strengths and the override.
        order = ["assessed_on", *self.score_fields]
        self.order_fields(order)

    @staticmethod
    def initial_for(risk: RiskAssessment) -> dict[str, object]:
        initial: dict[str, object] = {
            f"score_{code}": score for code, score in risk.domain_scores.items()
        }
        initial.update(
            assessed_on=risk.assessed_on,
            strength_domains=risk.strength_domains,
            strengths_note=risk.strengths_note,
            override_level=risk.override_level,
            override_reason=risk.override_reason,
        )
        return initial

    def saved_initial(self, saved: Mapping[str, object]) -> dict[str, object]:
        """The saved assessment (the service's fields) as this form's fields, to show it beside
        the editor's own (config.concurrency). Scores of another instrument are not shown."""
        scores = saved.get("domain_scores")
        same_instrument = getattr(saved.get("instrument"), "pk", None) == self.instrument.pk
        return {
            **{name: value for name, value in saved.items() if name in self.fields},
            **{
                f"score_{code}": score
                for code, score in (scores.items() if isinstance(scores, Mapping) else [])
                if same_instrument
            },
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "assessed_on": data["assessed_on"],
            "domain_scores": {
                name.removeprefix("score_"): data[name] for name in self.score_fields
            },
            "strength_domains": data["strength_domains"],
            "strengths_note": data["strengths_note"],
            "override_level": data["override_level"],
            "override_reason": data["override_reason"],
        }


class AttendeeField(forms.ModelMultipleChoiceField[User]):
    """Team members labelled with their department."""

    departments: Mapping[int, str] = MappingProxyType({})

    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({self.departments.get(obj.pk, '')})"


def mark_needed_to_be_done(form: forms.BaseForm, names: Iterable[str]) -> None:
    """A draft saves without these fields, but the part cannot be marked done without them."""
    for name in names:
        required_when(form.fields[name], _("required to mark the part done"))


class OverallAssessmentForm(DkfdsFormMixin, forms.ModelForm[OverallAssessment]):
    attendees = AttendeeField(
        queryset=User.objects.none(),
        label=_("Attended from the core team"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = OverallAssessment
        fields = [
            "meeting_date",
            "attendees",
            "other_attendees",
            "needs",
            "resources",
            "challenges",
            "priorities",
            "disagreements",
        ]
        widgets = {
            "meeting_date": DateInput(),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "challenges": forms.Textarea(attrs={"rows": 3}),
            "priorities": forms.Textarea(attrs={"rows": 3}),
            "disagreements": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: object,
        team_members: Iterable[tuple[User, str]],
        children: Iterable[Member],
        concerns: Mapping[int, int],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        team_members = list(team_members)
        limit_choices(
            self, "attendees", User.objects.filter(pk__in=[user.pk for user, _d in team_members])
        )
        departments = {user.pk: department for user, department in team_members}
        attendees = self.fields["attendees"]
        if isinstance(attendees, AttendeeField):  # declared above
            attendees.departments = departments
        self.concern_fields: list[tuple[int, str]] = []
        for child in children:
            name = f"concern_{child.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("Concern level: %(name)s") % {"name": child.full_name},
                choices=[("", _("Not set")), *ConcernLevel.choices],
                coerce=int,
                empty_value=None,
                required=False,
                initial=concerns.get(child.pk),
            )
            self.concern_fields.append((child.pk, name))
        mark_needed_to_be_done(self, OVERALL_DONE_FIELDS)

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        concerns = {member_id: data.pop(name) for member_id, name in self.concern_fields}
        return {**data, "concerns": concerns}

    def saved_initial(self, saved: Mapping[str, object]) -> dict[str, object]:
        """The saved version (the service's fields) as this form's fields (config.concurrency)."""
        concerns = saved.get("concerns")
        levels = concerns if isinstance(concerns, Mapping) else {}
        return {
            **{name: value for name, value in saved.items() if name in self.fields},
            **{name: levels.get(member_id) for member_id, name in self.concern_fields},
        }


class FamilyMeetingForm(DkfdsFormMixin, forms.ModelForm[FamilyMeeting]):
    class Meta:
        model = FamilyMeeting
        fields = ["meeting_date", "participants", "notes", "family_view", "wishes"]
        widgets = {
            "meeting_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "family_view": forms.Textarea(attrs={"rows": 3}),
            "wishes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_needed_to_be_done(self, MEETING_DONE_FIELDS)

    def _post_clean(self) -> None:
        pass
