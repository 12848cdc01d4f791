"""Administration for municipality administrators: their own municipality only.

Django's admin backs the page; every queryset and every choice is limited to the administrator's
municipality, and objects they save are put in it.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Field, ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from typing_extensions import override

from accounts.forms import AdminUserCreationForm
from accounts.models import Department, LookupAlert, Municipality, Team, TeamMembership, User
from accounts.password_link import (
    issue_set_password_link,
    link_refused_because,
    record_email_change,
)
from config.validators import is_name_field, reject_bidi_controls


class MunicipalityAdminSite(admin.AdminSite):
    site_header = _("Kerneteam administration")
    site_title = _("Kerneteam administration")
    index_title = _("Your municipality")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return isinstance(user, User) and user.is_active and user.is_municipality_admin

    @override
    @method_decorator(login_not_required)
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One log-in for everyone (lockout, global limit, second factor): the product's own.
        Someone logged in without the administrator role is refused, not asked to log in again."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("municipality_admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if not self.has_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("municipality_admin:index"))


municipality_admin_site = MunicipalityAdminSite(name="municipality_admin")


def _municipality_id(request: HttpRequest) -> int:
    """The administrator's municipality. The `has_*_permission` checks let no one else this far;
    should a request without one arrive all the same, it is refused rather than left unscoped."""
    user = request.user
    if not isinstance(user, User) or user.municipality_id is None:
        raise PermissionDenied
    return user.municipality_id


if TYPE_CHECKING:
    # The mixin is only ever combined with an admin class; tell mypy what `super()` is.
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


class OwnMunicipalityMixin(_AdminBase):
    """Limit rows and choices to the administrator's municipality."""

    municipality_path = "municipality"

    def own_municipality_id(self, request: HttpRequest) -> int:
        """The administrator's municipality, for subclasses that store or filter by it."""
        return _municipality_id(request)

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(isinstance(user, User) and user.is_municipality_admin and user.municipality_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    @override
    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    @override
    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self._allowed(request)

    @override
    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    @override
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(**{self.municipality_path: _municipality_id(request)})
        )

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        """Name fields refuse text-direction controls here too (config.validators)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.CharField) and is_name_field(db_field.name):
            formfield.validators.append(reject_bidi_controls)
        return formfield

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.related_model is Department:
            kwargs["queryset"] = Department.objects.filter(
                municipality_id=_municipality_id(request)
            )
        elif db_field.related_model is Team:
            kwargs["queryset"] = Team.objects.filter(municipality_id=_municipality_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NameInMunicipalityForm(forms.ModelForm[Department | Team]):
    """Names are unique per municipality; the municipality is not on the form, so check here."""

    # Set by NamedInMunicipalityAdmin.get_form, the only place that builds this form.
    municipality_id: int

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
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


class NamedInMunicipalityAdmin(OwnMunicipalityMixin, admin.ModelAdmin[Department | Team]):
    form = NameInMunicipalityForm

    def get_form(
        self,
        request: HttpRequest,
        obj: Department | Team | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Department | Team]]:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"municipality_id": _municipality_id(request)})

    def save_model(
        self, request: HttpRequest, obj: Department | Team, form: object, change: bool
    ) -> None:
        obj.municipality_id = _municipality_id(request)
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


class MembershipInline(OwnMunicipalityMixin, admin.TabularInline[TeamMembership, User]):
    model = TeamMembership
    fk_name = "user"
    extra = 1
    fields = ["team", "department", "role", "is_active"]
    municipality_path = "team__municipality"

    @override
    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        """A row of the table has no label beside each field: it is named after its column (axe)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return formfield

    # An administrator never changes their own team memberships (another administrator does):
    # a membership opens a team's families, and every change shows on the team's access log.
    def _own(self, request: HttpRequest, obj: object) -> bool:
        return isinstance(obj, User) and obj.pk == request.user.pk

    @override
    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        obj = args[0] if args else None
        return self._allowed(request) and not self._own(request, obj)

    @override
    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request) and not self._own(request, obj)

    @override
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request) and not self._own(request, obj)


@admin.register(User, site=municipality_admin_site)
class UserAdmin(OwnMunicipalityMixin, DjangoUserAdmin[User]):
    """Users of the municipality. The administrator never sets a password (issue 9, item 3): a new
    user, or one who lost theirs, gets a one-time set-password link by e-mail that also resets
    their two-factor app; an account is closed by deactivating it."""

    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    add_form = AdminUserCreationForm
    list_filter = ["is_active", "is_municipality_admin", "is_steering_group"]
    inlines = [MembershipInline]
    actions = ["send_set_password_link"]
    fieldsets = (
        (None, {"fields": ("username",)}),
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
                "fields": ("username", "first_name", "last_name", "email"),
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: object, change: bool) -> None:
        # Administrators create users in their own municipality and never superusers.
        obj.municipality_id = _municipality_id(request)
        obj.is_superuser = False
        obj.is_staff = False
        obj.is_national_evaluator = False
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if change and isinstance(form, forms.ModelForm) and "email" in form.changed_data:
            record_email_change(
                actor=_admin_user(request), user=obj, former_email=form.initial.get("email") or ""
            )
        if not change:
            issue_set_password_link(actor=_admin_user(request), user=obj)
            messages.info(
                request, _("%(email)s was sent a link to choose a password.") % {"email": obj.email}
            )

    def get_urls(self) -> list[URLPattern]:
        """Django's "change password" page is left out: no one sets another person's password."""
        return [
            url
            for url in super().get_urls()
            if getattr(url, "name", None) != "auth_user_password_change"
        ]

    @admin.action(description=_("Send a one-time set-password link (resets two-factor log-in)"))
    def send_set_password_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        sent = refused_count = 0
        actor = _admin_user(request)
        for user in queryset.filter(is_active=True).exclude(email=""):
            refused = link_refused_because(actor=actor, user=user)
            if refused is not None:
                messages.error(request, refused)
                refused_count += 1
                continue
            issue_set_password_link(actor=actor, user=user)
            self.log_change(request, user, _("Sent a one-time set-password link."))
            sent += 1
        skipped = queryset.count() - sent - refused_count
        messages.info(request, _("Links sent: %(sent)s.") % {"sent": sent})
        if skipped:
            messages.warning(
                request,
                _("%(n)s inactive users or users without an e-mail address got no link.")
                % {"n": skipped},
            )


@admin.register(LookupAlert, site=municipality_admin_site)
class LookupAlertAdmin(OwnMunicipalityMixin, admin.ModelAdmin[LookupAlert]):
    """Users who read far more families in an hour than the threshold; no case data."""

    list_display = ["created_at", "user", "hour_starting", "families_read", "threshold"]
    list_filter = ["hour_starting"]
    fields = ["created_at", "user", "hour_starting", "families_read", "threshold"]

    @override
    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    @override
    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @override
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _admin_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# The platform's own admin (superusers only) sees everything.
admin.site.register(Municipality)
admin.site.register(Department)
admin.site.register(Team)
admin.site.register(User, DjangoUserAdmin)
admin.site.register(TeamMembership)
