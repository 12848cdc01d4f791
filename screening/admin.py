"""Municipality administrators configure local criteria, the SSP scale and rejection reasons."""

from typing import Any

from django.contrib import admin
from django.db.models import ManyToManyField, Model
from django.forms import ModelForm, ModelMultipleChoiceField
from django.http import HttpRequest

from accounts.admin import OwnMunicipalityMixin, municipality_admin_site
from screening.models import HousingArea, LocalCriterion, RejectionReason, SspLevel

ConfigRow = LocalCriterion | SspLevel | RejectionReason


class OwnMunicipalityConfigAdmin(OwnMunicipalityMixin, admin.ModelAdmin[ConfigRow]):
    def save_model(
        self, request: HttpRequest, obj: ConfigRow, form: ModelForm[ConfigRow], change: bool
    ) -> None:
        obj.municipality_id = self.own_municipality_id(request)
        super().save_model(request, obj, form, change)


@admin.register(LocalCriterion, site=municipality_admin_site)
class LocalCriterionAdmin(OwnMunicipalityConfigAdmin):
    list_display = ["label", "kind", "number", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    fields = ["label", "help_text", "kind", "number", "areas", "order", "is_active"]
    filter_horizontal = ["areas"]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Model, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "areas":
            kwargs["queryset"] = HousingArea.objects.filter(
                municipality_id=self.own_municipality_id(request)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(SspLevel, site=municipality_admin_site)
class SspLevelAdmin(OwnMunicipalityConfigAdmin):
    list_display = ["value", "label"]
    fields = ["value", "label"]


@admin.register(RejectionReason, site=municipality_admin_site)
class RejectionReasonAdmin(OwnMunicipalityConfigAdmin):
    list_display = ["label", "is_active"]
    fields = ["label", "is_active"]


admin.site.register(HousingArea)
admin.site.register(LocalCriterion)
