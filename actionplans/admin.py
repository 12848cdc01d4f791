"""Municipality administrators keep their own offer catalogue and closing checklist."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from accounts.admin import OwnMunicipalityMixin, municipality_admin_site
from accounts.models import User
from actionplans.models import ClosingCriterion, OfferType


class _OwnMunicipalityAdmin(OwnMunicipalityMixin, admin.ModelAdmin[OfferType | ClosingCriterion]):
    def save_model(
        self,
        request: HttpRequest,
        obj: OfferType | ClosingCriterion,
        form: forms.ModelForm[OfferType | ClosingCriterion],
        change: bool,
    ) -> None:
        assert isinstance(request.user, User) and request.user.municipality_id is not None
        obj.municipality_id = request.user.municipality_id
        super().save_model(request, obj, form, change)


@admin.register(OfferType, site=municipality_admin_site)
class OfferTypeAdmin(_OwnMunicipalityAdmin):
    list_display = ["name", "category", "legal_basis", "is_formal_grant", "is_active"]
    list_filter = ["category", "is_formal_grant", "is_active"]
    fields = ["name", "category", "legal_basis", "provider", "is_formal_grant", "is_active"]


@admin.register(ClosingCriterion, site=municipality_admin_site)
class ClosingCriterionAdmin(_OwnMunicipalityAdmin):
    list_display = ["text", "is_required", "order"]
    fields = ["text", "is_required", "order"]
