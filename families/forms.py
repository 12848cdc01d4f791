"""Input shape for the family pages; rules live in families/services/."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Team, TeamMembership, User
from config.forms import DateInput, DateTimeInput, DkfdsFormMixin, limit_choices
from config.uploads import validate_document
from families.cpr import parse_cpr
from families.models import (
    ALLOWED_TRANSITIONS,
    Consent,
    Contact,
    Family,
    FamilyCoordinator,
    Handover,
    JournalNote,
    Member,
)
from families.services.members import MEMBER_FIELDS


def validate_document_upload(upload: UploadedFile) -> None:
    """The whole file parsed as PDF, PNG or JPEG (config/uploads.py); renamed for storage."""
    validate_document(upload)


class FamilyForm(DkfdsFormMixin, forms.ModelForm[Family]):
    class Meta:
        model = Family
        fields = ["name", "housing_area", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class IncludedFamilyForm(FamilyForm):
    """A family the team already works with, registered as included (backfill): the team's
    leads only (families.access.can_register_included_family)."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Core team"))
    included_on = forms.DateField(
        label=_("Included on"),
        widget=DateInput(),
        help_text=_("The day the family was included in the programme (its consent, usually)."),
    )
    earlier_reference = forms.CharField(
        label=_("Earlier reference"),
        max_length=60,
        help_text=_("The family's case number in the earlier system or on paper."),
    )

    class Meta(FamilyForm.Meta):
        fields = ["team", "name", "included_on", "earlier_reference", "housing_area", "notes"]

    def __init__(self, *args: object, teams: QuerySet[Team], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "team", teams)
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]


class MemberForm(DkfdsFormMixin, forms.ModelForm[Member]):
    class Meta:
        model = Member
        fields = list(MEMBER_FIELDS)
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.cpr_warning: str = ""

    def clean_cpr(self) -> str:
        cpr: str = self.cleaned_data["cpr"].strip()
        if cpr:
            info = parse_cpr(cpr)
            if not info.passes_modulus_11:
                self.cpr_warning = str(
                    _(
                        "Note: CPR number %(cpr)s does not pass the modulus-11 check. Numbers "
                        "issued since 2007 may not, so it was saved — check it against the "
                        "papers."
                    )
                    % {"cpr": info.formatted}
                )
            return info.formatted
        return cpr

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("role") == Member.Role.TARGET_CHILD:
            cleaned["is_in_programme"] = True
        if not cleaned.get("cpr") and not cleaned.get("birth_date") and not self.errors:
            raise ValidationError(_("Give a CPR number or, if it is not known, a birth date."))
        birth_date = cleaned.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            self.add_error("birth_date", _("The birth date cannot be in the future."))
        return cleaned


class ConsentForm(DkfdsFormMixin, forms.ModelForm[Consent]):
    given_by = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Given by"),
        help_text=_("Custody holders, and the young person where old enough."),
    )
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Departments covered"),
        help_text=_("The departments the core team may exchange information with."),
        error_messages={"required": _("Choose at least one department the consent covers.")},
    )
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        validators=[validate_document_upload],
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )

    class Meta:
        model = Consent
        fields = ["given_by", "departments", "given_on", "expires_on", "document", "note"]
        widgets = {
            "given_on": DateInput(),
            "expires_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "given_by", family.members.all())
        limit_choices(
            self, "departments", Department.objects.filter(municipality_id=family.municipality_id)
        )
        self.fields["given_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        given_on, expires_on = cleaned.get("given_on"), cleaned.get("expires_on")
        if given_on and given_on > timezone.localdate():
            self.add_error("given_on", _("The consent date cannot be in the future."))
        if given_on and expires_on and expires_on < given_on:
            self.add_error("expires_on", _("The consent cannot expire before it was given."))
        return cleaned

    def _post_clean(self) -> None:
        # The service validates the model; the file must not be written before it runs.
        pass


class WithdrawConsentForm(DkfdsFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class HandoverForm(DkfdsFormMixin, forms.ModelForm[Handover]):
    class Meta:
        model = Handover
        fields = [
            "department",
            "member",
            "case_reference",
            "former_caseworker",
            "handed_over_on",
            "note",
        ]
        widgets = {"handed_over_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self, "department", Department.objects.filter(municipality_id=family.municipality_id)
        )
        limit_choices(self, "member", family.members.all())
        self.fields["handed_over_on"].initial = timezone.localdate()

    def clean_handed_over_on(self) -> object:
        day = self.cleaned_data["handed_over_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The handover date cannot be in the future."))
        return day


class JournalNoteForm(DkfdsFormMixin, forms.ModelForm[JournalNote]):
    class Meta:
        model = JournalNote
        fields = ["written_on", "category", "members", "text"]
        widgets = {
            "written_on": DateInput(),
            "members": forms.CheckboxSelectMultiple,
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "members", family.members.all())
        self.fields["written_on"].initial = timezone.localdate()

    def clean_written_on(self) -> object:
        day = self.cleaned_data["written_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A journal note cannot be dated in the future."))
        return day


class ContactForm(DkfdsFormMixin, forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["kind", "occurred_at", "summary", "members"]
        widgets = {"occurred_at": DateTimeInput(), "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "members", family.members.all())
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["kind"].initial = Contact.Kind.CALL
        self.fields["summary"].widget.attrs["placeholder"] = _("One line: what was it about?")

    def clean_occurred_at(self) -> object:
        when = self.cleaned_data["occurred_at"]
        if when > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationError(_("A contact cannot be logged in the future."))
        return when


class CoordinatorForm(DkfdsFormMixin, forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Caseworker"))
    kind = forms.ChoiceField(choices=FamilyCoordinator.Kind.choices, label=_("Role"))

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "user",
            User.objects.filter(
                memberships__team_id=family.team_id, memberships__is_active=True
            ).distinct(),
        )


class GrantForm(DkfdsFormMixin, forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Caseworker to invite"))
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=_("Their department")
    )
    valid_until = forms.DateField(label=_("Access until"), widget=DateInput())
    reason = forms.CharField(label=_("Purpose"), max_length=200)

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        team_members = TeamMembership.objects.filter(team_id=family.team_id, is_active=True)
        limit_choices(
            self,
            "user",
            User.objects.filter(municipality_id=family.municipality_id, is_active=True).exclude(
                pk__in=team_members.values("user_id")
            ),
        )
        limit_choices(
            self, "department", Department.objects.filter(municipality_id=family.municipality_id)
        )
        self.fields["valid_until"].initial = timezone.localdate() + dt.timedelta(days=30)

    def clean_valid_until(self) -> object:
        day = self.cleaned_data["valid_until"]
        if day < timezone.localdate():
            raise ValidationError(_("The access must last until today or later."))
        return day


class StatusForm(DkfdsFormMixin, forms.Form):
    to_status = forms.ChoiceField(choices=(), label=_("New status"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the case ends (closed, rejected, withdrawn)."),
    )

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS[family.status]
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)  # declared above
        to_status.choices = [
            (value, label) for value, label in Family.Status.choices if value in allowed
        ]


class ReopenForm(DkfdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the family reopened?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FamilyFilterForm(DkfdsFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, CPR number or reference"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Family.Status.choices]
    )
    coordinator = forms.ModelChoiceField(
        label=_("Family coordinator"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("All"),
    )

    def __init__(self, *args: object, coordinators: QuerySet[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "coordinator", coordinators)
