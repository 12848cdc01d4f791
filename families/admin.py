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

# Kinds whose interval the administrator cannot change (see get_readonly_fields).
FIXED_INTERVAL_KINDS = frozenset({DeadlineRule.Kind.MEASUREMENT})


@admin.register(DeadlineRule, site=municipality_admin_site)
class DeadlineRuleAdmin(OwnMunicipalityMixin, admin.ModelAdmin[DeadlineRule]):
    list_display = ["kind", "trigger", "duration", "unit", "owner", "warn_days"]
    list_display_links = ["kind"]
    fields = ["kind", "trigger", "duration", "unit", "owner", "warn_days"]
    readonly_fields = ["kind", "trigger"]

    @override
    def get_readonly_fields(
        self, request: HttpRequest, obj: DeadlineRule | None = None
    ) -> list[str] | tuple[Any, ...]:
        # The progression measurement's six months are the evaluation's protocol, not a local
        # choice: wave n is due n × 6 months after inclusion in every municipality (the national
        # export compares waves) and the instruments ask about "the last six months".
        if obj is not None and obj.kind in FIXED_INTERVAL_KINDS:
            return [*self.readonly_fields, "duration", "unit"]
        return self.readonly_fields

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
