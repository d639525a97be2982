"""Rename the drill tables (and their index) from quiz_* to drills_*, and move their content types.

Renaming keeps every row and every foreign key pointing at it (classroom assignments, overrides):
PostgreSQL and SQLite (3.26+) update the references themselves. Moving the content types keeps the
permissions granted on these models and the admin's history of changes to them.
"""

from django.db import migrations

MOVED_MODELS = ["drill", "drillsubmission", "drilloverride"]


def content_types_to(app_label: str, old_label: str):
    def move(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        taken = set(
            content_type.objects.filter(app_label=app_label, model__in=MOVED_MODELS).values_list(
                "model", flat=True
            )
        )
        content_type.objects.filter(app_label=old_label, model__in=MOVED_MODELS).exclude(
            model__in=taken
        ).update(app_label=app_label)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("drills", "0001_initial"),
        ("quiz", "0004_drills_moved_to_drills_app"),
    ]

    operations = [
        migrations.RenameIndex(
            model_name="drillsubmission",
            new_name="drills_dril_learner_7c93b7_idx",
            old_name="quiz_drills_learner_e28220_idx",
        ),
        migrations.AlterModelTable(name="drill", table=None),
        migrations.AlterModelTable(name="drillsubmission", table=None),
        migrations.AlterModelTable(name="drilloverride", table=None),
        migrations.RunPython(
            content_types_to("drills", "quiz"), content_types_to("quiz", "drills"), elidable=False
        ),
    ]
