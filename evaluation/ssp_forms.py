"""Input shape of the SSP level page: one date and a level per target child (radio groups with
large targets, blank = not assessed this time). The rules live in `services.record_ssp_levels`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.forms import DateInput, DkfdsFormMixin
from families.models import Member

NOT_ASSESSED = ""


def _field_name(member: Member) -> str:
    return f"level_{member.pk}"


class SspLevelForm(DkfdsFormMixin, forms.Form):
    assessed_on = forms.DateField(
        label=_("Assessed on"),
        widget=DateInput(),
        help_text=_("The day the SSP concern level was assessed (never a future date)."),
    )

    def __init__(
        self,
        *args: object,
        children: list[Member],
        scale: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        choices: list[tuple[str, str]] = [
            (str(level), f"{level} – {label}" if label else str(level)) for level, label in scale
        ]
        for child in children:
            self.fields[_field_name(child)] = forms.ChoiceField(
                label=child.full_name,
                required=False,
                choices=[*choices, (NOT_ASSESSED, str(_("Not assessed this time")))],
                widget=forms.RadioSelect(attrs={"class": "scale-radio"}),
            )

    def level_fields(self) -> list[forms.BoundField]:
        return [self[_field_name(child)] for child in self.children]

    def clean_assessed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day

    def levels(self) -> dict[int, int]:
        """{member id: level} for the children given a level."""
        return {
            child.pk: int(value)
            for child in self.children
            if (value := self.cleaned_data.get(_field_name(child)))
        }
