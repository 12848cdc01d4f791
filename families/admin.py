"""Municipality administrators adjust their deadline rules (families/deadlines.py) on
/administration/: how long each deadline runs, in which unit, who owns it, when it shows as soon.
The kinds themselves are fixed (the law and the model name them), so none is added or deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from typing_extensions import override

from accounts.admin import OwnMunicipalityMixin, municipality_admin_site
from accounts.models import User
from families.deadlines import ensure_rules
from families.models import DeadlineRule


@admin.register(DeadlineRule, site=municipality_admin_site)
class DeadlineRuleAdmin(OwnMunicipalityMixin, admin.ModelAdmin[DeadlineRule]):
    list_display = ["kind", "trigger", "duration", "unit", "owner", "warn_days"]
    list_display_links = ["kind"]
    fields = ["kind", "trigger", "duration", "unit", "owner", "warn_days"]
    readonly_fields = ["kind", "trigger"]

    @override
    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    @override
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @override
    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A municipality created after the seeding migration gets the default rules here.
        user = request.user
        if isinstance(user, User) and user.is_municipality_admin and user.municipality_id:
            ensure_rules(user.municipality_id)
        return super().changelist_view(request, extra_context)
