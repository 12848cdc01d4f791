# A coordinator confirms a department's part of a reassessment for it, with a reason (issue 11,
# item 1): a department with no one in the core team, or one the consent does not cover.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0002_goal_drop_edit_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="departmentconfirmation",
            name="on_behalf_reason",
            field=models.TextField(
                blank=True, verbose_name="why confirmed on the department's behalf"
            ),
        ),
    ]
