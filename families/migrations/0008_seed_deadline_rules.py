"""The default deadline rules (DOMAIN.md §2, seed 003) for every municipality; a municipality
created later gets them from families.deadlines.ensure_rules. The values are copied here, not
imported, so the migration keeps meaning what it meant when it was written."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# kind: (trigger, duration, unit, owner, warn_days, per_person)
DEFAULTS = {
    "concern_assessed": ("concern_received", 24, "hours", "team_leads", 1, False),
    "concern_receipt": ("concern_received", 6, "working_days", "team_leads", 2, False),
    "investigation": ("investigation_started", 4, "months", "coordinators", 14, False),
    "judge_visit": ("brought_before_judge", 3, "calendar_days", "coordinators", 1, True),
    "judge_preliminary_plan": ("brought_before_judge", 7, "calendar_days", "coordinators", 2, True),
    "judge_final_plan": ("brought_before_judge", 1, "months", "coordinators", 7, True),
    "pre_investigation": ("pre_investigation_started", 48, "hours", "coordinators", 1, True),
    "reassessment": ("plan_reassessed", 3, "months", "coordinators", 14, False),
    "measurement": ("measured", 6, "months", "coordinators", 14, False),
}


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Municipality = apps.get_model("accounts", "Municipality")
    DeadlineRule = apps.get_model("families", "DeadlineRule")
    DeadlineRule.objects.bulk_create(
        [
            DeadlineRule(
                municipality_id=municipality_id,
                kind=kind,
                trigger=trigger,
                duration=duration,
                unit=unit,
                owner=owner,
                warn_days=warn_days,
                per_person=per_person,
            )
            for municipality_id in Municipality.objects.values_list("pk", flat=True)
            for kind, (trigger, duration, unit, owner, warn_days, per_person) in DEFAULTS.items()
        ],
        ignore_conflicts=True,
    )


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("families", "DeadlineRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("families", "0007_deadline_rules_and_deadlines")]

    operations = [migrations.RunPython(seed, unseed)]
