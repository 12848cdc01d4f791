"""Input shape for the data-protection pages; rules live in families/services/ and
families/retention.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, User
from config.forms import DateInput, DkfdsFormMixin, limit_choices
from families.models import Family, InformationExchange


class InformationExchangeForm(DkfdsFormMixin, forms.ModelForm[InformationExchange]):
    class Meta:
        model = InformationExchange
        fields = [
            "direction",
            "shared_on",
            "recipient_kind",
            "recipient",
            "legal_basis",
            "purpose",
            "what",
            "members",
            "shared_by",
        ]
        widgets = {
            "shared_on": DateInput(),
            "what": forms.Textarea(attrs={"rows": 4}),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: object, family: Family, actor: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "members", family.members.all())
        limit_choices(
            self,
            "shared_by",
            User.objects.filter(
                memberships__team_id=family.team_id, memberships__is_active=True
            ).distinct(),
        )
        self.fields["shared_by"].initial = actor.pk
        self.fields["what"].help_text = _(
            "Describe the information, not the whole content: e.g. “that the family receives "
            "support under § 32”."
        )


class ArchiveForm(DkfdsFormMixin, forms.ModelForm[Family]):
    class Meta:
        model = Family
        fields = ["keep_for_archive", "archive_reason"]


class RetentionForm(DkfdsFormMixin, forms.ModelForm[Municipality]):
    class Meta:
        model = Municipality
        fields = ["retention_years", "access_log_retention_months"]


class ConfirmErasureForm(DkfdsFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that this record is to be erased for good."), required=True
    )
