from django.db import migrations


def rebuild_person_waves(apps, schema_editor):
    """Summarise the measurements already recorded (the same code as `manage.py
    rebuild_person_waves`). On its own: on PostgreSQL, rows written in a migration that also
    changes the tables' schema leave pending trigger events that the schema change refuses."""
    from evaluation.person_waves import rebuild

    rebuild(
        measurement_model=apps.get_model("evaluation", "Measurement"),
        summary_model=apps.get_model("evaluation", "PersonWaves"),
        mark_model=apps.get_model("evaluation", "PersonWavesMark"),
        due_model=apps.get_model("evaluation", "FamilyDueCounts"),
    )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0008_family_due_counts")]

    operations = [migrations.RunPython(rebuild_person_waves, migrations.RunPython.noop)]
