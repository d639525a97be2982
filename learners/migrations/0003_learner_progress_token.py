"""Each learner's progress gets a token that database triggers renew (learners/versioning.py)."""

from django.db import migrations, models

from learners import versioning


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0002_learner_time_zone_and_reviews_seen"),
        # The tables whose rows renew the token.
        ("lessons", "0003_reading_position"),
        ("quiz", "0008_attempt_indexes_for_answer_limit"),
        ("labs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="learner",
            name="progress_token",
            field=models.CharField(
                db_default="",
                default=versioning.new_progress_token,
                editable=False,
                max_length=32,
            ),
        ),
        migrations.RunPython(
            versioning.progress_function_create, versioning.progress_function_drop
        ),
        migrations.RunPython(versioning.triggers_create, versioning.triggers_drop),
    ]
