"""An instructor's override now belongs to the cohort it was given in (issue 11).

Before, an override changed the submission everywhere: an instructor of one class could change the
grades another class saw. Existing overrides are attached to the class(es) whose instructor made
them: each cohort that the override's instructor teaches and the submission's learner belongs to.
When there are several, the override (with its timestamp) is copied into each, so every class that
could see it keeps seeing it and nothing else does. A staff member's override, made without
teaching the class, goes to every class the learner belongs to. An override that matches no class
(the learner has left, or the instructor no longer teaches them) keeps its row with no cohort: it
stays in the history and applies nowhere. Reversing drops the cohort column; copies stay as rows.
"""

from django.db import migrations


def attach_to_cohorts(apps, schema_editor):
    override_model = apps.get_model("drills", "DrillOverride")
    cohort_model = apps.get_model("classroom", "Cohort")
    for override in override_model.objects.filter(cohort__isnull=True).select_related(
        "submission", "instructor"
    ):
        learner_cohorts = cohort_model.objects.filter(
            memberships__learner_id=override.submission.learner_id
        )
        cohorts = list(
            learner_cohorts.filter(instructors=override.instructor_id).order_by("pk").distinct()
        )
        if not cohorts and override.instructor.is_staff:
            cohorts = list(learner_cohorts.order_by("pk").distinct())
        if not cohorts:
            continue
        first, *others = cohorts
        override_model.objects.filter(pk=override.pk).update(cohort=first)
        for cohort in others:
            copy = override_model.objects.create(
                submission_id=override.submission_id,
                cohort=cohort,
                criterion_id=override.criterion_id,
                from_level=override.from_level,
                to_level=override.to_level,
                comment=override.comment,
                instructor_id=override.instructor_id,
            )
            # auto_now_add stamped the copy with today: give it the original's moment.
            override_model.objects.filter(pk=copy.pk).update(created_at=override.created_at)


class Migration(migrations.Migration):
    dependencies = [("drills", "0003_overrides_belong_to_a_cohort")]

    operations = [migrations.RunPython(attach_to_cohorts, migrations.RunPython.noop)]
