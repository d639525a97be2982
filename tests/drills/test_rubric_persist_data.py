"""The persist-data rubric on classes of answers a careful interviewer credits (or does not).

Each test is a class of expression found while tuning on the corpus's tune split, written afresh here:
one behaviour per test, asserted as the level the candidate would see.
"""

from __future__ import annotations

from tests.drills.rubrics import RubricProbe

drill = RubricProbe("persist-data")
level = drill.level


# --- writable-layer -------------------------------------------------------------------------------


def test_outside_a_mount_does_not_hide_the_writable_layer():
    answer = (
        "Anything a process writes outside a mount goes to the writable layer, and that layer is "
        "deleted when you docker rm the container."
    )
    assert level(answer, "writable-layer") == 2


def test_data_kept_in_the_containers_layer_until_re_creation_is_explained():
    answer = (
        "Files the app writes stay in its layer until the container is re-created on an upgrade."
    )
    assert level(answer, "writable-layer") == 2


def test_the_layer_lost_at_the_wrong_moment_is_named_only():
    answer = "What the app writes sits in the container's layer until you restart it."
    assert level(answer, "writable-layer") == 1


def test_temporary_data_inside_the_container_names_the_idea():
    answer = "Whatever the process writes inside the container is temporary."
    assert level(answer, "writable-layer") == 1


# --- db-named-volume ------------------------------------------------------------------------------


def test_the_database_on_tmpfs_is_rejected():
    answer = "Postgres in a tmpfs, since memory is fast. The secrets go to a named volume."
    assert level(answer, "db-named-volume") == 0
    assert level(answer, "tmpfs-scratch") == 0


def test_bind_mounts_for_production_code_do_not_reject_the_database_volume():
    answer = (
        "A named volume for Postgres, so the data survives upgrades. For the code, bind mounts "
        "are the best choice in production too."
    )
    assert level(answer, "db-named-volume") == 2
    assert level(answer, "dev-bind-mount") == 0


def test_bind_mounts_for_the_production_database_reject_the_volume_not_the_dev_mount():
    answer = (
        "Bind mounts are the best option for production databases. The developer gets a bind "
        "mount too."
    )
    assert level(answer, "db-named-volume") == 0
    assert level(answer, "dev-bind-mount") == 1


def test_a_named_volume_in_code_shows_the_idea():
    answer = "```\ndocker run -d -v dbdata:/var/lib/postgresql postgres:18\n```"
    assert level(answer, "db-named-volume") == 1


# --- dev-bind-mount -------------------------------------------------------------------------------


def test_the_container_seeing_changes_at_once_is_a_reason():
    answer = (
        "On the laptop, a bind mount of the source, so the container sees each change right away."
    )
    assert level(answer, "dev-bind-mount") == 2


def test_no_need_to_build_again_is_a_reason():
    answer = "On the laptop I'd bind mount the repo; that way there's no need to build again."
    assert level(answer, "dev-bind-mount") == 2


def test_the_working_directory_mounted_as_a_backup_target_is_not_the_dev_mount():
    answer = (
        '```\ndocker run --rm -v pgdata:/data -v "$PWD":/backup alpine '
        "tar czf /backup/db.tgz -C /data .\n```"
    )
    assert level(answer, "dev-bind-mount") == 0


# --- tmpfs-scratch --------------------------------------------------------------------------------


def test_tmpfs_that_survives_restarts_is_rejected():
    answer = "tmpfs for the secrets, which survives restarts so nothing is lost."
    assert level(answer, "tmpfs-scratch") == 0


# --- backup-lifecycle -----------------------------------------------------------------------------


def test_a_cloud_providers_snapshots_are_not_a_container_backup_plan():
    answer = "I'd move the database to managed RDS with automated snapshots from AWS."
    assert level(answer, "backup-lifecycle") == 0


def test_a_bind_mount_only_for_the_production_database_is_not_the_dev_mount():
    answer = "For production Postgres we'd bind mount /data/pg on the host."
    assert level(answer, "dev-bind-mount") == 0


def test_a_source_folder_mounted_in_compose_with_a_comment_is_explained():
    answer = (
        "```yaml\nservices:\n  api:\n    volumes:\n"
        "      - ./src:/app/src   # host edits appear in the container at once\n```"
    )
    assert level(answer, "dev-bind-mount") == 2


def test_the_production_database_put_on_a_bind_mount_is_rejected():
    answer = "I'd put the production database on a bind mount under /srv so I can find the files."
    assert level(answer, "db-named-volume") == 0


def test_the_writable_layer_in_a_contrast_with_what_happens_to_it_is_explained():
    answer = (
        "Postgres writes to a named volume rather than the container's writable layer, which is "
        "thrown away whenever the container is re-created."
    )
    assert level(answer, "writable-layer") == 2


def test_files_in_the_container_called_ephemeral_name_the_idea():
    assert level("Files in the container's own storage are ephemeral.", "writable-layer") == 1
    assert level("Container files are ephemeral.", "writable-layer") == 1


def test_a_tmpfs_filesystem_that_is_gone_at_stop_is_not_the_writable_layer():
    answer = "Secrets go on a tmpfs filesystem, which is gone when the container stops."
    assert level(answer, "writable-layer") == 0


def test_a_backup_plan_next_to_the_volume_is_not_a_reason_for_it():
    answer = "A named volume for Postgres because that's the standard, and I'd snapshot it nightly."
    assert level(answer, "db-named-volume") == 1


def test_a_volume_that_is_easy_to_back_up_is_a_reason():
    answer = "A named volume for Postgres: it's one named thing, which makes it easy to back up."
    assert level(answer, "db-named-volume") == 2


def test_a_tmpfs_flag_in_code_with_the_reason_after_it_is_explained():
    answer = (
        "Scratch secrets: `--mount type=tmpfs,destination=/scratch`. The contents never hit the "
        "disk, and they disappear when the container stops."
    )
    assert level(answer, "tmpfs-scratch") == 2
