"""The drill models move here from the quiz app, rows and all.

Their tables were created by quiz.0002 and quiz.0003. This migration only tells Django's model state
that the models now belong to this app (the tables keep their old names for the moment); quiz.0004
removes them from the quiz app's state, and 0002 here renames the tables. No row is copied.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("learners", "0001_initial"),
        ("quiz", "0003_drilloverride"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Drill",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("slug", models.SlugField(unique=True)),
                        ("title", models.CharField(max_length=200)),
                        (
                            "kind",
                            models.CharField(
                                choices=[("text", "Free text"), ("dockerfile", "Dockerfile")],
                                max_length=20,
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        ("spec", models.JSONField()),
                        ("rubric_version", models.CharField(max_length=12)),
                        ("is_active", models.BooleanField(default=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "ordering": ["position", "slug"],
                        "db_table": "quiz_drill",
                    },
                ),
                migrations.CreateModel(
                    name="DrillSubmission",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("rubric_version", models.CharField(max_length=12)),
                        ("answer", models.TextField()),
                        ("dockerignore", models.TextField(blank=True)),
                        ("result", models.JSONField()),
                        ("score", models.PositiveSmallIntegerField()),
                        ("max_score", models.PositiveSmallIntegerField()),
                        ("timed", models.BooleanField(default=False)),
                        ("elapsed_seconds", models.PositiveIntegerField(blank=True, null=True)),
                        ("is_late", models.BooleanField(default=False)),
                        ("submission_token", models.UUIDField(default=uuid.uuid4)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "drill",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="submissions",
                                to="drills.drill",
                            ),
                        ),
                        (
                            "learner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="drill_submissions",
                                to="learners.learner",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "db_table": "quiz_drillsubmission",
                        "indexes": [
                            models.Index(
                                fields=["learner", "drill", "-created_at"],
                                name="quiz_drills_learner_e28220_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("learner", "submission_token"),
                                name="one_drill_submission_per_form",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DrillOverride",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("criterion_id", models.CharField(max_length=60)),
                        ("from_level", models.PositiveSmallIntegerField()),
                        ("to_level", models.PositiveSmallIntegerField()),
                        ("comment", models.TextField(max_length=2000)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "instructor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="overrides",
                                to="drills.drillsubmission",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "db_table": "quiz_drilloverride",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
