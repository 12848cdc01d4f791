"""Administration for municipality administrators: their own municipality only.

Django's admin backs the page; every queryset and every choice is limited to the administrator's
municipality, and objects they save are put in it.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Field, ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminSetPasswordForm
from accounts.models import Department, Municipality, Team, TeamMembership, User
from config.validators import is_name_field, reject_bidi_controls


class MunicipalityAdminSite(admin.AdminSite):
    site_header = _("Kerneteam administration")
    site_title = _("Kerneteam administration")
    index_title = _("Your municipality")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.is_municipality_admin)


municipality_admin_site = MunicipalityAdminSite(name="municipality_admin")


class OwnMunicipalityMixin:
    """Limit rows and choices to the administrator's municipality."""

    municipality_path = "municipality"

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(request.user.is_municipality_admin and request.user.municipality_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .filter(**{self.municipality_path: request.user.municipality_id})
        )

    def formfield_for_dbfield(
        self, db_field: Field, request: HttpRequest, **kwargs: object
    ) -> forms.Field | None:
        """Name fields refuse text-direction controls here too (config.validators)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if isinstance(formfield, forms.CharField) and is_name_field(db_field.name):
            formfield.validators.append(reject_bidi_controls)
        return formfield

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: object
    ) -> ModelChoiceField:
        if db_field.related_model in (Department, Team):
            kwargs["queryset"] = db_field.related_model.objects.filter(
                municipality_id=request.user.municipality_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NameInMunicipalityForm(forms.ModelForm):
    """Names are unique per municipality; the municipality is not on the form, so check here."""

    municipality_id: int | None = None

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        clash = (
            self._meta.model.objects.filter(municipality_id=self.municipality_id, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if clash:
            raise ValidationError(
                _("“%(name)s” already exists in your municipality."), params={"name": name}
            )
        return name


class NamedInMunicipalityAdmin(OwnMunicipalityMixin, admin.ModelAdmin):
    form = NameInMunicipalityForm

    def get_form(self, request: HttpRequest, obj: object = None, **kwargs: object) -> type:
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"municipality_id": request.user.municipality_id})

    def save_model(
        self, request: HttpRequest, obj: Department | Team, form: object, change: bool
    ) -> None:
        obj.municipality_id = request.user.municipality_id
        super().save_model(request, obj, form, change)


@admin.register(Department, site=municipality_admin_site)
class DepartmentAdmin(NamedInMunicipalityAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = ["name", "kind"]


@admin.register(Team, site=municipality_admin_site)
class TeamAdmin(NamedInMunicipalityAdmin):
    list_display = ["name", "capacity"]
    search_fields = ["name"]
    fields = ["name", "capacity"]


class MembershipInline(OwnMunicipalityMixin, admin.TabularInline):
    model = TeamMembership
    fk_name = "user"
    extra = 1
    fields = ["team", "department", "role", "is_active"]
    municipality_path = "team__municipality"


@admin.register(User, site=municipality_admin_site)
class UserAdmin(OwnMunicipalityMixin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    change_password_form = AdminSetPasswordForm
    list_filter = ["is_active", "is_municipality_admin", "is_steering_group"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (
            _("Roles"),
            {"fields": ("is_active", "is_municipality_admin", "is_steering_group")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: object, change: bool) -> None:
        # Administrators create users in their own municipality and never superusers.
        obj.municipality_id = request.user.municipality_id
        obj.is_superuser = False
        obj.is_staff = False
        obj.is_national_evaluator = False
        if not change:
            # The administrator chose the first password: its owner replaces it at log-in.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)


# The platform's own admin (superusers only) sees everything.
admin.site.register(Municipality)
admin.site.register(Department)
admin.site.register(Team)
admin.site.register(User, DjangoUserAdmin)
admin.site.register(TeamMembership)
