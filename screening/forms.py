"""Input shape for the screening pages; rules live in the screening/services/ modules."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BoundField
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Team, User
from config.dates import date_text
from config.forms import DateInput, DkfdsFormMixin, limit_choices, required_when, set_choices
from families.cpr import parse_cpr
from families.models import Family, Member
from screening.criteria import ChildResult, CriterionRow, ScreeningResult
from screening.models import (
    Decline,
    HousingArea,
    Referral,
    VisitationDecision,
    VisitationMeeting,
)
from screening.selectors import Duplicate
from screening.services.referrals import REFERRAL_PERSON_FIELDS, age_warning
from screening.services.screenings import UNSET, AreaChoice, Judgement

YES_NO = [("", _("Not judged yet")), ("yes", _("Met")), ("no", _("Not met"))]


class ReferralForm(DkfdsFormMixin, forms.ModelForm[Referral]):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Core team"))
    ssp_level = forms.TypedChoiceField(
        label=_("SSP concern level"), required=False, coerce=int, empty_value=None
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=120,
        required=False,
        help_text=_("How the team will refer to the family, e.g. the surname(s)."),
    )
    housing_area = forms.CharField(label=_("Housing area"), max_length=120, required=False)
    existing_children = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        label=_("Members the referral concerns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Referral
        fields = [
            "team",
            "received_on",
            "source",
            "referred_by",
            "concern",
            "ssp_level",
            "ukn_reference",
            "ukn_kind",
        ]
        widgets = {"received_on": DateInput(), "concern": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args: object,
        teams: QuerySet[Team],
        ssp_levels: list[tuple[int, str]],
        family: Family | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.family = family
        limit_choices(self, "team", teams)
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]
            self.fields["team"].widget = forms.HiddenInput()
        self.fields["received_on"].initial = timezone.localdate()
        set_choices(
            self,
            "ssp_level",
            [("", _("Not known")), *((value, f"{value}: {label}") for value, label in ssp_levels)],
        )
        if family is None:
            del self.fields["existing_children"]
            self.fields["family_name"].required = True
        else:
            del self.fields["family_name"], self.fields["housing_area"]
            limit_choices(self, "existing_children", Member.objects.filter(family=family))
        self.order_fields(["team", "family_name", "housing_area", "existing_children"])

    def confirms(self, duplicates: list[Duplicate]) -> bool:
        """Whether the user ticked "these are other persons" for exactly these duplicates: a
        tick given for other duplicates (the persons changed since) does not count."""
        return bool(duplicates) and self.data.get(CONFIRM_DUPLICATES) == duplicate_key(duplicates)


# The duplicate check's confirmation: a checkbox the page shows only when duplicates were found,
# whose value names the members it was ticked for.
CONFIRM_DUPLICATES = "confirm_duplicates"


def duplicate_key(duplicates: list[Duplicate]) -> str:
    return "-".join(str(pk) for pk in sorted({duplicate.member.pk for duplicate in duplicates}))


class PersonForm(DkfdsFormMixin, forms.ModelForm[Member]):
    """A person the referral names who is not registered yet: a child or young person, a parent
    or another relative. A CPR number or birth date that gives an unlikely age (older than 100,
    or a child outside 0–25) stops the form with a warning until it is corrected or the age is
    confirmed (`age_confirmed`, shown only then)."""

    age_confirmed = forms.BooleanField(
        label=_("The age is right: keep the CPR number and birth date"), required=False
    )

    class Meta:
        model = Member
        fields = list(REFERRAL_PERSON_FIELDS)
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = Member.Role.TARGET_CHILD
        self.fields["cpr"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "data-cpr": "true"}
        )
        self.needs_age_confirmation = False

    def clean_cpr(self) -> str:
        cpr: str = self.cleaned_data["cpr"].strip()
        return parse_cpr(cpr).formatted if cpr else cpr

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("cpr"):
            data["birth_date"] = parse_cpr(data["cpr"]).birth_date
        birth_date: dt.date | None = data.get("birth_date")
        where = "cpr" if data.get("cpr") else "birth_date"
        if birth_date is None:
            raise ValidationError(_("Give a CPR number or, if it is not known, a birth date."))
        if birth_date > timezone.localdate():
            self.add_error(where, _("The birth date cannot be in the future."))
            return data
        warning = age_warning(
            role=data.get("role", ""),
            birth_date=birth_date,
            from_cpr=bool(data.get("cpr")),
            name=f"{data.get('first_name', '')} {data.get('last_name', '')}".strip(),
        )
        self.needs_age_confirmation = bool(warning)
        if warning and not data.get("age_confirmed"):
            self.add_error(where, warning)
        return data

    def _post_clean(self) -> None:
        # The family is set by the service, which validates the member; skip it here.
        pass


class BasePersonFormSet(forms.BaseFormSet[PersonForm]):
    """Any number of persons; a person left blank is skipped. There are no "initial" forms (the
    persons are new), so every form may be left blank, however many were added."""

    def initial_form_count(self) -> int:
        return 0

    def new_persons(self) -> list[dict[str, Any]]:
        """The persons filled in, as the service takes them (call after is_valid())."""
        return [
            {name: form.cleaned_data[name] for name in REFERRAL_PERSON_FIELDS}
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


PERSON_PREFIX = "person"
# One blank person to start with; "Add a person" adds one more at a time (max_num: Django's limit
# on a form's size, far above a family's).
PersonFormSet = cast(
    type[BasePersonFormSet],
    forms.formset_factory(
        PersonForm, formset=BasePersonFormSet, extra=1, max_num=40, validate_max=True
    ),
)


def with_one_more_person(data: QueryDict) -> QueryDict:
    """The posted data with room for one more person (the "Add a person" button without
    JavaScript: the page comes back with what was typed and one blank person more)."""
    data = data.copy()
    name = f"{PERSON_PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(name, "0"))
    except ValueError:
        total = 0
    data[name] = str(min(max(total, 0) + 1, 40))
    return data


def without_errors(*forms_to_show: forms.BaseForm | forms.BaseFormSet[Any]) -> None:
    """Show bound forms as typed but not judged yet: the user only asked for one more person,
    so nothing is validated (the errors come when the form is submitted)."""
    # Django keeps the errors in `_errors` (`_non_form_errors`) and validates only while they
    # are None: empty ones mean "validated, nothing to show".
    for form in forms_to_show:
        if isinstance(form, forms.BaseFormSet):
            without_errors(*form.forms)
            setattr(form, "_errors", [ErrorDict() for _form in form.forms])  # noqa: B010
            setattr(form, "_non_form_errors", form.error_class())  # noqa: B010
        else:
            setattr(form, "_errors", ErrorDict())  # noqa: B010


class ScreeningForm(DkfdsFormMixin, forms.Form):
    """One field pair per child and judged criterion, an area choice where matching is not
    certain, and the departments whose help the family needs."""

    departments_needed = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        label=_("Departments whose help the family needs"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: object,
        result: ScreeningResult,
        departments: QuerySet[Department],
        areas: list[HousingArea],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.result = result
        limit_choices(self, "departments_needed", departments)
        area_choices = [("", _("Not chosen")), ("none", _("Not in a listed area"))] + [
            (str(area.pk), f"{area.name} ({area.get_category_display()})") for area in areas
        ]
        self.child_fields: list[tuple[ChildResult, list[tuple[CriterionRow, str, str]], str]] = []
        for child in result.children:
            member = child.member
            judged: list[tuple[CriterionRow, str, str]] = []
            for row in child.rows:
                if row.is_computed:
                    continue
                met_name = f"met_{member.pk}_{row.key}"
                why_name = f"why_{member.pk}_{row.key}"
                self.fields[met_name] = forms.ChoiceField(
                    label=row.label, choices=YES_NO, required=False, help_text=row.help_text
                )
                # The service requires a justification for every answered criterion.
                self.fields[why_name] = required_when(
                    forms.CharField(
                        label=_("Justification"),
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 2}),
                    ),
                    _("required when answered"),
                )
                if row.is_met is not None:
                    self.fields[met_name].initial = "yes" if row.is_met else "no"
                    self.fields[why_name].initial = row.reason
                judged.append((row, met_name, why_name))
            area_name = ""
            if child.area.is_chosen or not child.area.is_certain:
                area_name = f"area_{member.pk}"
                self.fields[area_name] = forms.ChoiceField(
                    label=_("Housing area of %(name)s") % {"name": member.full_name},
                    choices=area_choices,
                    required=False,
                    help_text=_("The address could not be matched with certainty."),
                )
                if child.area.is_chosen:
                    self.fields[area_name].initial = (
                        str(child.area.area.pk) if child.area.area else "none"
                    )
                elif len(child.area.candidates) == 1:
                    self.fields[area_name].initial = str(child.area.candidates[0].pk)
            self.child_fields.append((child, judged, area_name))
        # The mixin classed the fields that existed before; class the ones added here.
        for field in self.fields.values():
            widget = field.widget
            css = (
                "form-checkbox"
                if isinstance(widget, forms.CheckboxSelectMultiple)
                else ("form-select" if isinstance(widget, forms.Select) else "form-input")
            )
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        self._areas = {str(area.pk): area for area in areas}

    @property
    def field_groups(
        self,
    ) -> list[tuple[ChildResult, BoundField | None, list[tuple[BoundField, BoundField]]]]:
        """Per child: the housing-area field (when the team must choose) and the judged
        criteria's (met, justification) fields, as the template shows them."""
        return [
            (
                child,
                self[area_name] if area_name else None,
                [(self[met_name], self[why_name]) for _row, met_name, why_name in judged],
            )
            for child, judged, area_name in self.child_fields
        ]

    def judgements(self) -> dict[tuple[int, str], Judgement | None]:
        data = self.cleaned_data
        judgements: dict[tuple[int, str], Judgement | None] = {}
        for child, judged, _area in self.child_fields:
            for row, met_name, why_name in judged:
                met = data.get(met_name)
                judgements[(child.member.pk, row.key)] = (
                    Judgement(is_met=met == "yes", justification=data.get(why_name, ""))
                    if met
                    else None
                )
        return judgements

    def chosen_areas(self) -> dict[int, AreaChoice]:
        chosen: dict[int, AreaChoice] = {}
        for child, _judged, area_name in self.child_fields:
            if not area_name:
                continue
            value = self.cleaned_data.get(area_name)
            chosen[child.member.pk] = (
                UNSET if not value else None if value == "none" else self._areas[value]
            )
        return chosen


class MeetingForm(DkfdsFormMixin, forms.ModelForm[VisitationMeeting]):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Core team"))

    class Meta:
        model = VisitationMeeting
        fields = ["team", "held_on", "attendees", "other_attendees"]
        widgets = {"held_on": DateInput(), "attendees": forms.CheckboxSelectMultiple}

    def __init__(
        self,
        *args: object,
        teams: list[Team],
        members: QuerySet[User],
        earliest: dt.date | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "team", Team.objects.filter(pk__in=[team.pk for team in teams]))
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]
            self.fields["team"].widget = forms.HiddenInput()
        limit_choices(self, "attendees", members)
        self.fields["held_on"].initial = timezone.localdate()
        # From a referral's decision page: the meeting must be able to decide that referral.
        self.earliest = earliest

    def clean_held_on(self) -> dt.date:
        held_on: dt.date = self.cleaned_data["held_on"]
        if self.earliest is not None and held_on < self.earliest:
            raise ValidationError(
                _(
                    "A meeting held before the referral was received (%(date)s) cannot decide "
                    "it: give the day of the meeting that does."
                )
                % {"date": date_text(self.earliest)}
            )
        return held_on


class MeetingChoiceField(forms.ModelChoiceField[VisitationMeeting]):
    """A meeting by its date in the language's format, today's marked."""

    def label_from_instance(self, obj: VisitationMeeting) -> str:
        if obj.held_on == timezone.localdate():
            return str(_("%(date)s (today)") % {"date": date_text(obj.held_on)})
        return date_text(obj.held_on)


class DecisionForm(DkfdsFormMixin, forms.Form):
    meeting = MeetingChoiceField(
        queryset=VisitationMeeting.objects.none(),
        label=_("Visitation meeting"),
        empty_label=_("Choose the meeting"),
        help_text=_("The core team's meetings held since the referral was received."),
    )
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=VisitationDecision.Outcome.choices, widget=forms.RadioSelect
    )
    rejection_reason = forms.ChoiceField(label=_("Reason for rejecting"), required=False)
    override_reason = forms.CharField(
        label=_("Why include although a criterion is not met"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    position = forms.IntegerField(
        label=_("Wait-list position"),
        required=False,
        min_value=1,
        help_text=_("Empty: at the end of the wait list."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: object,
        meetings: QuerySet[VisitationMeeting],
        reasons: list[str],
        chosen: str | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "meeting", meetings)
        self.meetings = list(meetings)
        self.fields["meeting"].initial = preselected_meeting(self.meetings, chosen)
        set_choices(
            self,
            "rejection_reason",
            [("", _("Choose a reason")), *((reason, reason) for reason in reasons)],
        )


def preselected_meeting(meetings: list[VisitationMeeting], chosen: str | None) -> int | None:
    """The meeting the decision form starts with: the one just registered (`chosen`), else
    today's, else the only one there is."""
    by_pk = {str(meeting.pk): meeting for meeting in meetings}
    if chosen in by_pk:
        return by_pk[chosen].pk
    today = [meeting for meeting in meetings if meeting.held_on == timezone.localdate()]
    if today:
        return today[0].pk
    return meetings[0].pk if len(meetings) == 1 else None


class DeclineForm(DkfdsFormMixin, forms.ModelForm[Decline]):
    class Meta:
        model = Decline
        fields = ["reason", "declined_on", "note"]
        widgets = {"declined_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["declined_on"].initial = timezone.localdate()

    def _post_clean(self) -> None:
        pass


class HandoverEntryForm(DkfdsFormMixin, forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"))
    has_existing_case = forms.TypedChoiceField(
        label=_("Existing case"),
        choices=[("yes", _("Has a case to hand over")), ("no", _("Has no case"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    member = forms.ModelChoiceField(
        queryset=Member.objects.none(), label=_("Concerns"), required=False
    )
    case_reference = forms.CharField(label=_("Case reference"), max_length=60, required=False)
    former_caseworker = forms.CharField(
        label=_("Former caseworker"), max_length=120, required=False
    )
    handed_over_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: object, departments: QuerySet[Department], family: Family, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "department", departments)
        limit_choices(self, "member", Member.objects.filter(family=family))
        self.fields["handed_over_on"].initial = timezone.localdate()


class InvestigationForm(DkfdsFormMixin, forms.Form):
    children = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        label=_("Children in the programme with no child-welfare investigation"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "children", Member.objects.filter(family=family, is_in_programme=True))


class ReceiptForm(DkfdsFormMixin, forms.Form):
    """The receipt of a notification of concern was sent (screening/services/receipts.py)."""

    sent_on = forms.DateField(label=_("Receipt sent on"), widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()
