"""An instructor's override now belongs to the cohort it was given in (issue 11): the column.

The next migration attaches the existing overrides to their classes. The two are separate because
PostgreSQL refuses to build the deferred index of this column after rows changed in the same
transaction.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("classroom", "0002_assignment_drill_in_drills_app"),
        ("drills", "0002_tables_named_for_drills"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="drilloverride",
            name="cohort",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="drill_overrides",
                to="classroom.cohort",
            ),
        ),
        migrations.AddIndex(
            model_name="drilloverride",
            index=models.Index(
                fields=["submission", "cohort"], name="drills_dril_submiss_ae06c7_idx"
            ),
        ),
    ]
