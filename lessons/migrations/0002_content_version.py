"""A content version token that the database changes whenever a lesson row changes (lessons/versioning.py)."""

from django.db import migrations, models

from lessons import versioning


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(versioning.version_function_create, versioning.version_function_drop),
        migrations.RunPython(
            versioning.triggers_create("lessons_lesson"),
            versioning.triggers_drop("lessons_lesson"),
        ),
    ]
