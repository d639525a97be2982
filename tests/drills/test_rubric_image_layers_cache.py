"""The image-layers-cache rubric on classes of answers a careful interviewer credits (or does not).

Each test is a class of expression found while tuning on the corpus's tune split, written afresh here:
one behaviour per test, asserted as the level the candidate would see.
"""

from __future__ import annotations

import pytest

from tests.drills.rubrics import RubricProbe

drill = RubricProbe("image-layers-cache")
level = drill.level


# --- layers ---------------------------------------------------------------------------------------


def test_a_read_only_diff_addressed_by_its_content_is_a_layer_explained():
    answer = "Every RUN leaves a read-only diff behind, addressed by a hash of its content."
    assert level(answer, "layers") == 2


def test_a_layer_identified_by_its_digest_and_shared_is_explained():
    answer = (
        "Each layer is identified by the digest of its bytes, so two images on the same base "
        "share it."
    )
    assert level(answer, "layers") == 2


def test_layers_as_compressed_archives_with_a_wrong_reason_are_named_only():
    assert level("Layers are gzipped tar archives that make Docker fast.", "layers") == 1


def test_each_step_ending_up_as_a_layer_names_the_idea():
    answer = "Every instruction that touches files ends up as a layer."
    assert level(answer, "layers") == 1


# --- cache-rules ----------------------------------------------------------------------------------


def test_copy_checked_against_the_contents_of_the_files_is_the_cache_key():
    answer = "Each COPY is checked against the contents of the files it copies."
    assert level(answer, "cache-rules") == 1


def test_every_later_one_is_the_cascade():
    assert level("A changed step makes every later one rebuild.", "cache-rules") == 1


def test_a_cache_miss_on_any_edit_is_explained():
    answer = (
        "Because COPY . . takes the whole repo, the cache misses every time anyone edits anything."
    )
    assert level(answer, "cache-rules") == 2


def test_a_cache_directory_is_not_the_build_cache():
    answer = (
        "Squash it all into one RUN so there's one layer to invalidate, then rm -rf the npm "
        "cache folder in a later step."
    )
    assert level(answer, "cache-rules") == 0


def test_an_invalid_cache_names_the_idea():
    assert level("After COPY . . the cache is invalid.", "cache-rules") == 1


# --- fix-order ------------------------------------------------------------------------------------


def test_the_order_shown_in_a_dockerfile_names_the_fix():
    answer = (
        "```dockerfile\nFROM node:26-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
        "RUN npm ci\nCOPY . .\nRUN npm run build\n```"
    )
    assert level(answer, "fix-order") == 1


def test_a_comment_on_the_reordered_dockerfile_explains_it():
    answer = (
        "```dockerfile\nFROM node:26-slim\nWORKDIR /app\n"
        "# the install layer is reused until these two files change\n"
        "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n```"
    )
    assert level(answer, "fix-order") == 2


def test_the_order_as_a_list_of_steps_names_the_fix():
    answer = "Fix: lockfile, npm ci, then the source -> install stays cached."
    assert level(answer, "fix-order") == 2


def test_copying_just_the_manifests_names_the_fix():
    answer = "Give npm ci its own copy of only the package files. Then the install stays cached."
    assert level(answer, "fix-order") == 2


def test_a_cache_being_invalidated_is_not_a_reason_for_the_fix():
    answer = "The cache is invalidated by COPY . .; I'd copy package.json first, it's the key file."
    assert level(answer, "fix-order") == 1


def test_a_step_being_cached_is_not_a_reason_for_the_fix():
    answer = "A COPY step is cached on a checksum of its files. Put the lockfile first."
    assert level(answer, "fix-order") == 1


# --- image-size -----------------------------------------------------------------------------------


def test_dev_dependencies_left_out_of_the_shipped_image_explain_multi_stage():
    answer = (
        "A second stage on node:26-slim copies dist from the builder, so no tsc or devDeps ship."
    )
    assert level(answer, "image-size") == 2


def test_the_symptom_of_reruns_is_not_a_reason_for_the_fix():
    answer = "Right now npm ci reruns on every edit. Copy package.json first."
    assert level(answer, "fix-order") == 1


def test_npm_ci_no_longer_rerunning_is_a_reason_for_the_fix():
    answer = "Copy package.json first, so npm ci no longer reruns on every edit."
    assert level(answer, "fix-order") == 2


def test_layers_reused_by_the_build_cache_do_not_explain_layers():
    answer = "Each instruction creates a layer, and unchanged layers get reused on the next build."
    assert level(answer, "layers") == 1


def test_layers_reused_between_images_explain_layers():
    answer = "Each instruction creates a layer, and the same layer is reused by other images."
    assert level(answer, "layers") == 2


def test_layers_one_per_command_name_the_idea():
    assert level("The image comes in layers, one per command.", "layers") == 1
    assert level("Docker builds in layers as it goes.", "layers") == 1


def test_the_manifests_placed_before_the_install_name_the_fix():
    assert level("The package.json copy goes before npm ci.", "fix-order") == 1
    assert level("Lockfile and manifests ahead of the source, always.", "fix-order") == 1


def test_a_step_built_on_top_of_the_previous_one_explains_the_cascade():
    answer = (
        "Each step's cache entry builds on top of the previous step, so after COPY changes, "
        "every later step misses the cache."
    )
    assert level(answer, "cache-rules") == 2


def test_npm_ci_running_again_only_for_new_dependencies_explains_the_fix():
    answer = "Copy the package files first, so npm ci only runs again when the lockfile changes."
    assert level(answer, "fix-order") == 2


def test_something_that_only_runs_nearby_is_not_a_reason_for_a_smaller_base():
    answer = "That way npm ci only runs again for new dependencies. Alpine for the base."
    assert level(answer, "image-size") == 1


def test_the_final_image_holding_only_what_it_needs_to_run_is_a_reason():
    answer = "A multi-stage build, so the final image holds only what it needs to run."
    assert level(answer, "image-size") == 2


def test_the_layer_cache_keyed_by_a_checksum_is_not_the_layer_model():
    answer = "The layer cache is keyed by a checksum of the copied files' contents."
    assert level(answer, "layers") == 0


def test_the_symptom_blamed_on_changed_code_is_partial():
    answer = "The install can't be taken from the cache since the source changed."
    assert level(answer, "cache-rules") == 1


@pytest.mark.parametrize(
    "answer",
    [
        "Layers are just tarballs of filesystem changes, addressed by digest, which is why a pull "
        "skips the ones you already have.",
        "Docker keeps images as a pile of immutable diffs, and because they're content addressed "
        "the registry stores each one only once.",
    ],
)
def test_content_addressing_said_in_other_words_explains_layers(answer):
    assert level(answer, "layers") == 2


def test_a_layer_given_per_instruction_names_the_layers():
    assert level("Every instruction gives you a layer and those get cached.", "layers") == 1
