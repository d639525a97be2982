"""Question rows change the course's content version too: embedded cards and counts are kept by it."""

from django.db import migrations

from lessons import versioning


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0004_drills_moved_to_drills_app"),
        ("lessons", "0002_content_version"),
    ]

    operations = [
        migrations.RunPython(
            versioning.triggers_create("quiz_question"),
            versioning.triggers_drop("quiz_question"),
        ),
    ]
