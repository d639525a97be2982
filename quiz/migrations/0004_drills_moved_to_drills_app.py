"""The drill models now live in the drills app (drills.0001): forget them here, keep their tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0003_drilloverride"),
        ("drills", "0001_initial"),
        ("classroom", "0002_assignment_drill_in_drills_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DrillOverride"),
                migrations.DeleteModel(name="DrillSubmission"),
                migrations.DeleteModel(name="Drill"),
            ],
            database_operations=[],
        ),
    ]
