"""Municipality administrators set their own instrument cut-offs (licensed configuration)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin import OwnMunicipalityMixin, municipality_admin_site
from assessment.models import Instrument, InstrumentConfig


class InstrumentConfigForm(forms.ModelForm[InstrumentConfig]):
    # Set by InstrumentConfigAdmin.get_form, the only place that builds this form.
    municipality_id: int

    def clean_instrument(self) -> Instrument:
        instrument: Instrument = self.cleaned_data["instrument"]
        clash = (
            InstrumentConfig.objects.filter(
                municipality_id=self.municipality_id, instrument=instrument
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if clash:
            raise ValidationError(_("Your municipality already has cut-offs for this instrument."))
        return instrument


@admin.register(InstrumentConfig, site=municipality_admin_site)
class InstrumentConfigAdmin(OwnMunicipalityMixin, admin.ModelAdmin[InstrumentConfig]):
    form = InstrumentConfigForm
    list_display = ["instrument", "low_from", "moderate_from", "high_from", "very_high_from"]
    fields = ["instrument", "low_from", "moderate_from", "high_from", "very_high_from"]

    def get_form(
        self,
        request: HttpRequest,
        obj: InstrumentConfig | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[InstrumentConfig]]:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"municipality_id": self.own_municipality_id(request)})

    def save_model(
        self,
        request: HttpRequest,
        obj: InstrumentConfig,
        form: forms.ModelForm[InstrumentConfig],
        change: bool,
    ) -> None:
        obj.municipality_id = self.own_municipality_id(request)
        super().save_model(request, obj, form, change)
