"""Input shape for the evaluation pages; rules live in evaluation/services.py."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Team
from config.dates import date_text
from config.forms import DateInput, DkfdsFormMixin
from evaluation import fidelity, instruments
from evaluation.figures import AFTER, BEFORE, WHOLE

DONT_KNOW = "dk"


class DashboardFilterForm(DkfdsFormMixin, forms.Form):
    """Period (whole, before or from the programme's cut-off date), municipality (evaluator), team.

    The cut-off date itself is no choice here: the national evaluator sets one date for the whole
    programme (`evaluation.programme.current_cut_off`), so a user can never put two splits at
    nearby dates side by side and subtract them. A `cut_off` in the address is ignored.
    """

    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        required=False,
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=_("Core team"),
        empty_label=_("All teams"),
    )
    period = forms.ChoiceField(required=False, label=_("Show"))

    def __init__(
        self,
        *args: object,
        municipality_ids: list[int] | None,
        cut_off: dt.date | None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cut_off = cut_off
        municipalities = Municipality.objects.order_by("name")
        teams = Team.objects.select_related("municipality").order_by("municipality__name", "name")
        if municipality_ids is not None:
            municipalities = municipalities.filter(pk__in=municipality_ids)
            teams = teams.filter(municipality_id__in=municipality_ids)
            del self.fields["municipality"]
        else:
            cast(
                "forms.ModelChoiceField[Any]", self.fields["municipality"]
            ).queryset = municipalities
        cast("forms.ModelChoiceField[Any]", self.fields["team"]).queryset = teams
        period = cast("forms.ChoiceField", self.fields["period"])
        if cut_off is None:
            period.choices = [(WHOLE, _("The whole period"))]
            period.help_text = _(
                "The national evaluator has set no cut-off date, so the figures are not split."
            )
            period.error_messages["invalid_choice"] = _(
                "No cut-off date is set, so only the whole period can be shown."
            )
        else:
            day = date_text(cut_off)
            period.choices = [
                (WHOLE, _("The whole period")),
                (BEFORE, _("Before %(date)s") % {"date": day}),
                (AFTER, _("From %(date)s") % {"date": day}),
            ]
            period.help_text = _(
                "The programme's cut-off date, %(date)s, is set by the national evaluator."
            ) % {"date": day}
            period.error_messages["invalid_choice"] = _(
                "Choose the whole period, before or from the programme's cut-off date."
            )

    def clean_period(self) -> str:
        period: str = self.cleaned_data.get("period") or WHOLE
        return period

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        team, municipality = data.get("team"), data.get("municipality")
        if team and municipality and team.municipality_id != municipality.pk:
            raise ValidationError(_("The team is not in the chosen municipality."))
        return data


class CutOffForm(DkfdsFormMixin, forms.Form):
    """The national evaluator's one cut-off date for every dashboard (empty: no split)."""

    cut_off = forms.DateField(
        required=False,
        label=_("Cut-off date"),
        widget=DateInput(),
        help_text=_(
            "Every dashboard can be split before and from this day (e.g. 11.03.2020, the corona "
            "lockdown). Leave it empty to stop splitting."
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean_cut_off(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("cut_off")
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("The cut-off date cannot be in the future."))
        return day


class TargetForm(DkfdsFormMixin, forms.Form):
    ssp_improved_percent = forms.IntegerField(
        label=_("Target: families whose SSP level improved (%)"), min_value=1, max_value=100
    )
    in_school_or_work_percent = forms.IntegerField(
        label=_("Target: children in school, education or work (%)"), min_value=1, max_value=100
    )


class FidelityRoundForm(DkfdsFormMixin, forms.Form):
    """One radio group per item: 1–5 or "don't know"."""

    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str | Promise]] = [
            (str(value), str(value)) for value in range(fidelity.SCALE_MIN, fidelity.SCALE_MAX + 1)
        ]
        choices[0] = ("1", _("1 – not at all"))
        choices[-1] = ("5", _("5 – to a very high degree"))
        choices.append((DONT_KNOW, _("Don't know")))
        for item in fidelity.ITEMS:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=str(item.text), choices=choices, widget=forms.RadioSelect
            )
        # The design system's class for radio groups (set after the fields exist).
        for item in fidelity.ITEMS:
            self.fields[f"item_{item.code}"].widget.attrs["class"] = "form-radio"

    def phases(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (
                str(phase.label),
                [self[f"item_{item.code}"] for item in fidelity.items_of(phase.code)],
            )
            for phase in fidelity.PHASES
        ]

    def clean_answered_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["answered_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day

    def answers(self) -> dict[str, int | None]:
        return {
            item.code: None
            if self.cleaned_data[f"item_{item.code}"] == DONT_KNOW
            else int(self.cleaned_data[f"item_{item.code}"])
            for item in fidelity.ITEMS
        }


class ReportForm(DkfdsFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(q, str(q)) for q in range(1, 5)]
    )


class ExportForm(DkfdsFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.order_by("name"),
        required=False,
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    instrument = forms.ChoiceField(
        required=False,
        label=_("Instrument"),
        choices=[("", _("All instruments")), *instruments.INSTRUMENT_CHOICES],
    )
    answered_from = forms.DateField(required=False, label=_("Answered from"), widget=DateInput())
    answered_to = forms.DateField(required=False, label=_("Answered until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("answered_from"), data.get("answered_to")
        if start and end and start > end:
            raise ValidationError(_("The start date must be on or before the end date."))
        return data
