"""One row per submission token, whoever sends it (issue 11).

The token was unique per learner, so a first-time visitor's double submit (two requests without a
session, each creating a learner) stored the same form twice. Rows that already share a token (only
that bug made them) keep the earliest row's token; each later one gets a fresh token, so no row is
lost and the new constraint can be added.
"""

import uuid

from django.db import migrations, models


def fresh_tokens_for_later_duplicates(apps, schema_editor):
    model = apps.get_model("quiz", "Attempt")
    shared = (
        model.objects.values("submission_token")
        .annotate(rows=models.Count("pk"))
        .filter(rows__gt=1)
        .values_list("submission_token", flat=True)
    )
    for token in list(shared):
        rows = model.objects.filter(submission_token=token).order_by("created_at", "pk")
        for pk in list(rows.values_list("pk", flat=True))[1:]:  # the earliest keeps its token
            model.objects.filter(pk=pk).update(submission_token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("learners", "0001_initial"), ("quiz", "0004_drills_moved_to_drills_app")]

    operations = [
        migrations.RemoveConstraint(model_name="attempt", name="one_attempt_per_submission"),
        migrations.RunPython(fresh_tokens_for_later_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                fields=("submission_token",), name="one_attempt_per_token"
            ),
        ),
    ]
