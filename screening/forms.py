"""Input shape for the screening pages; rules live in the screening/services/ modules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Team, User
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
from screening.services.referrals import NEW_PERSON_FIELDS
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
    confirm_new_persons = forms.BooleanField(
        label=_("I have checked the possible duplicates: these are other persons"),
        required=False,
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


class PersonForm(DkfdsFormMixin, forms.ModelForm[Member]):
    """A child or young person not yet registered."""

    class Meta:
        model = Member
        fields = list(NEW_PERSON_FIELDS)
        widgets = {"birth_date": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cpr"):
            data["cpr"] = parse_cpr(data["cpr"]).formatted
            data["birth_date"] = parse_cpr(data["cpr"]).birth_date
        return data

    def _post_clean(self) -> None:
        # The family is set by the service; skip the model's own validation here.
        pass


PersonFormSet = forms.formset_factory(PersonForm, extra=2, max_num=6)


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
        self, *args: object, teams: list[Team], members: QuerySet[User], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "team", Team.objects.filter(pk__in=[team.pk for team in teams]))
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]
            self.fields["team"].widget = forms.HiddenInput()
        limit_choices(self, "attendees", members)
        self.fields["held_on"].initial = timezone.localdate()


class DecisionForm(DkfdsFormMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=VisitationMeeting.objects.none(), label=_("Visitation meeting")
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
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "meeting", meetings)
        set_choices(
            self,
            "rejection_reason",
            [("", _("Choose a reason")), *((reason, reason) for reason in reasons)],
        )


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
