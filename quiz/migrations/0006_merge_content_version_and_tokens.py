"""Join the two 0005 migrations made side by side (the content version trigger, one row per token)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0005_content_version_trigger"),
        ("quiz", "0005_one_row_per_submission_token"),
    ]

    operations = []
