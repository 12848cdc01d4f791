"""The entry form: one member, one instrument, one screen (radio groups, no script)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluation.instruments import KIDSCREEN10, InstrumentSpec
from evaluation.models import Measurement

ITEM_PREFIX = "item_"


class MeasurementForm(forms.Form):
    answered_on = forms.DateField(
        label=_("Answer date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the family answered; an earlier day for backfilling."),
    )
    outcome = forms.ChoiceField(
        label=_("Answered?"),
        choices=Measurement.Outcome.choices,
        initial=Measurement.Outcome.ANSWERED,
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("If not answered: why"),
        choices=Measurement.Reason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reason_note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        spec: InstrumentSpec,
        age: int | None,
        wording: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["answered_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if spec.code == KIDSCREEN10:
            self.fields["respondent"] = forms.ChoiceField(
                label=_("Who answers"),
                choices=Measurement.Respondent.choices,
                initial=Measurement.Respondent.SELF,
                widget=forms.RadioSelect,
            )
        wording = wording or {}
        for item in spec.items:
            if item.min_age is not None and age is not None and age < item.min_age:
                continue
            self.fields[ITEM_PREFIX + item.code] = forms.TypedChoiceField(
                label=wording.get(item.code) or str(item.label),
                choices=item.choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "scale-radio"}),
            )

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(ITEM_PREFIX)]

    @property
    def meta_fields(self) -> list[forms.BoundField]:
        names = ["answered_on", "respondent", "outcome", "reason", "reason_note"]
        return [self[name] for name in names if name in self.fields]

    def clean_answered_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["answered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The answer date cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Measurement.Outcome.NOT_ANSWERED:
            if not data.get("reason"):
                self.add_error("reason", _("Give the reason it was not answered."))
        elif data.get("reason"):
            # The reason radios belong to "not answered"; a stray choice is dropped.
            data["reason"] = ""
        return data

    def measurement_kwargs(self) -> dict[str, Any]:
        """What `record_measurement` takes; answers are dropped when it was not answered."""
        data = self.cleaned_data
        answered = data["outcome"] == Measurement.Outcome.ANSWERED
        answers = {
            name.removeprefix(ITEM_PREFIX): value
            for name, value in data.items()
            if name.startswith(ITEM_PREFIX)
        }
        return {
            "answered_on": data["answered_on"],
            "outcome": data["outcome"],
            "reason": "" if answered else data["reason"],
            "reason_note": data.get("reason_note", ""),
            "respondent": data.get("respondent") or Measurement.Respondent.SELF,
            "answers": answers if answered else {},
        }

    def saved_initial(self, saved: Mapping[str, Any]) -> dict[str, Any]:
        """The saved measurement (the service's fields) as this form's fields, to show it beside
        the editor's own (config.concurrency)."""
        answers = saved.get("answers") or {}
        return {
            **{name: value for name, value in saved.items() if name in self.fields},
            **{ITEM_PREFIX + code: value for code, value in answers.items()},
        }


def initial_for(measurement: Measurement | None, prefill: dict[str, int]) -> dict[str, Any]:
    """The form's starting values: the recorded measurement, or what the record already holds."""
    if measurement is None:
        return {
            "answered_on": timezone.localdate(),
            **{ITEM_PREFIX + code: value for code, value in prefill.items()},
        }
    return {
        "answered_on": measurement.answered_on,
        "outcome": measurement.outcome,
        "reason": measurement.reason,
        "reason_note": measurement.reason_note,
        "respondent": measurement.respondent,
        **{ITEM_PREFIX + code: value for code, value in measurement.answers.items()},
    }
