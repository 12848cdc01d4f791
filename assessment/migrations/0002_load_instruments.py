from django.db import migrations


def load(apps, schema_editor):
    from assessment.instruments import load_instruments

    load_instruments(
        apps.get_model("assessment", "Instrument"), apps.get_model("assessment", "InstrumentDomain")
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
