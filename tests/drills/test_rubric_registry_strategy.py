"""The free-text grader on the registry-strategy rubric: how a careful interviewer would judge.

Every answer here was written for these tests (none is taken from the labelled corpus), one class of
expression per test, as the labelling guide (docs/grading/registry-strategy.md) grades it.
"""

from __future__ import annotations

import pytest

from tests.drills.rubrics import RubricProbe

drill = RubricProbe("registry-strategy")
level = drill.level
flags = drill.flags


# --- no-latest: ruled out in any form, and why --------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "**latest:** never in production, because it moves with every push.",
        "| Tag | Use |\n|---|---|\n| `latest` | never deployed: it floats with each push |",
        "- latest: banned in manifests (overwritten by every push)",
    ],
)
def test_latest_labelled_and_then_ruled_out_earns_it(answer):
    assert level(answer, "no-latest") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "The usual mistake is shipping `:latest` to prod: it's whatever someone pushed last.",
        "A common trap is pulling `latest` in production manifests; every push overwrites it.",
    ],
)
def test_a_warning_about_deploying_latest_with_why_earns_it(answer):
    assert level(answer, "no-latest") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "`latest` is just a floating pointer to whatever was pushed last.",
        "Latest isn't the newest build, only the default tag Docker applies when you name none.",
    ],
)
def test_arguing_against_latest_without_the_word_never_earns_it(answer):
    assert level(answer, "no-latest") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "That rules out `latest`: it changes every time someone pushes.",
        "We keep `latest` out of our manifests, since it moves with every push.",
    ],
)
def test_ruling_latest_out_with_why_earns_it(answer):
    assert level(answer, "no-latest") == 2


def test_the_default_tag_described_without_its_name_earns_it():
    answer = "The floating default tag Docker assigns is banned in our deploys, because it moves on every push."
    assert level(answer, "no-latest") == 2


@pytest.mark.parametrize("answer", ["We skip latest.", "| latest | not used |", "Nunca latest."])
def test_ruling_latest_out_without_why_earns_one(answer):
    assert level(answer, "no-latest") == 1


@pytest.mark.parametrize(
    "answer",
    [
        "We tag with the commit so we know which code is in the image. We don't use latest.",
        "Semver makes the kind of change visible. I wouldn't deploy latest.",
    ],
)
def test_another_criterions_reason_nearby_does_not_explain_latest(answer):
    assert level(answer, "no-latest") == 1


def test_calling_latest_fine_still_recommends_it():
    answer = "latest is fine for us, it always has the newest code, and nobody is confused by it."
    assert level(answer, "no-latest") == 0


# --- tagging: the scheme, and why it traces the image -------------------------------------------------


def test_a_commit_tag_in_a_build_command_with_a_comment_earns_it():
    answer = (
        "```sh\ndocker build -t registry.example.com/shop:sha-$CI_COMMIT_SHORT_SHA .\n"
        "# the commit tag says exactly which source a running container was built from\n```"
    )
    assert level(answer, "tagging") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "Every build is tagged with its git SHA, so when prod breaks we can see which change introduced it.",
        "Releases get a semver tag and every build its commit SHA, so from any running pod you can get "
        "to the exact commit.",
        "I tag with the git hash so I always know which code is inside the image.",
    ],
)
def test_traceability_in_other_words_explains_the_tags(answer):
    assert level(answer, "tagging") == 2


def test_an_image_named_after_its_release_and_commit_earns_it():
    answer = "Every image is named after its release number and commit, and the registry refuses to reuse a name."
    assert level(answer, "tagging") == 2


def test_an_image_that_carries_its_commit_earns_it():
    answer = "Each image carries the commit it was built from, so `kubectl describe pod` tells you the commit."
    assert level(answer, "tagging") == 2


def test_saying_what_a_tag_is_names_no_scheme():
    assert (
        level("A tag is just a human-readable version label that anyone can move.", "tagging") == 0
    )


# --- digests: deployed by, not merely mentioned --------------------------------------------------------


def test_signing_the_digest_is_not_deploying_by_it():
    answer = "Cosign signs the digest in the release job, so tampered images can't run."
    assert level(answer, "digests") == 0


@pytest.mark.parametrize(
    "answer",
    [
        "Prod references the digest. The same image goes from staging to prod.",
        "We deploy by digest. The same build that passed staging is promoted.",
    ],
)
def test_a_promotion_sentence_next_to_the_digest_does_not_explain_it(answer):
    assert level(answer, "digests") == 1


# --- promote-once: the same image, and why not a second build ------------------------------------------


def test_a_retag_command_with_why_a_rebuild_differs_earns_it():
    answer = (
        "```sh\ncrane tag registry.example.com/api@sha256:abc123 prod\n```\n"
        "Only a new name for the digest staging ran; a rebuild might have produced it differently."
    )
    assert level(answer, "promote-once") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "We build once and never rebuild for prod, because that rebuild would be an artifact that "
        "skipped all the tests.",
        "Staging and production run the same digest; a build for production would give you "
        "something staging never ran.",
    ],
)
def test_an_untested_second_build_in_other_words_explains_it(answer):
    assert level(answer, "promote-once") == 2


def test_an_artifact_taken_on_untouched_while_a_second_compile_differs_earns_it():
    answer = "The artifact QA signed off is taken to production untouched; compiling it again could pull in newer libraries."
    assert level(answer, "promote-once") == 2


def test_restating_the_promotion_is_not_its_reason():
    assert level("**Promotion.** The same image goes from staging to prod.", "promote-once") == 1


# --- registry-auth and supply-chain: other senses of their words ---------------------------------------


def test_cosigns_oidc_issuer_flag_is_not_registry_authentication():
    answer = "cosign verify --certificate-oidc-issuer https://token.actions.githubusercontent.com app@sha256:abc"
    assert level(answer, "registry-auth") == 0


def test_a_supply_chain_heading_is_not_a_reason():
    assert level("**Supply chain.** We attach an SBOM to each image.", "supply-chain") == 1


@pytest.mark.parametrize(
    "answer",
    [
        "We commit the registry password so CI can log in to ECR without extra setup.",
        "I'd hardcode the ECR token; CI logs in with it and that's simple.",
    ],
)
def test_committing_registry_credentials_recommends_the_bad_practice(answer):
    assert level(answer, "registry-auth") == 0
    assert "secrets-in-repo" in flags(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "A scheduled job rebuilds on the latest base image, not a stale one, and it goes through staging again.",
        "Our biggest mistake was lagging behind the latest version of Node.",
    ],
)
def test_latest_in_another_sense_is_not_the_tag(answer):
    assert level(answer, "no-latest") == 0


# --- warnings about what other teams do are not recommendations -----------------------------------------


def test_other_teams_rebuilding_for_prod_is_a_warning_not_a_rebuild():
    answer = (
        "A lot of teams rebuild the image for production from the release tag. I'd rather promote the "
        "digest staging tested, because a rebuild can pull newer packages."
    )
    assert level(answer, "promote-once") == 2


def test_other_shops_deploying_latest_is_a_warning_not_a_deploy():
    answer = "Plenty of shops deploy latest to prod; that's the mistake, since latest moves with every push."
    assert level(answer, "no-latest") == 2


def test_other_teams_committing_passwords_is_a_warning_not_a_practice():
    answer = (
        "Some teams commit the registry password to the repo. We use OIDC instead, so nothing long-lived "
        "can leak."
    )
    assert level(answer, "registry-auth") == 2


# --- reasons in other words -----------------------------------------------------------------------------


def test_a_digest_no_push_can_move_earns_it():
    answer = "```yaml\nimage: ghcr.io/acme/api@sha256:9f2c0e   # a digest: no push can move it\n```"
    assert level(answer, "digests") == 2


def test_a_signature_that_shows_the_image_came_from_our_pipeline_earns_it():
    answer = (
        "Every image is signed with cosign so the cluster can verify it came from our pipeline."
    )
    assert level(answer, "supply-chain") == 2


# --- the guide's decision rules, in new words -------------------------------------------------------------


def test_tag_immutability_switched_on_in_the_registry_is_the_reason():
    answer = "Builds are tagged with the short commit SHA, and the Harbor project is configured as immutable."
    assert level(answer, "tagging") == 2


def test_tags_immutable_as_a_fact_is_not_a_reason():
    answer = "Tags are immutable, so semver release tags are all we need."
    assert level(answer, "tagging") == 1
    assert "tags-immutable" in flags(answer)


def test_a_rebuild_that_could_pick_up_other_packages_explains_promotion():
    answer = "No rebuild for production: it could pick up newer apt packages than staging had."
    assert level(answer, "promote-once") == 2


def test_never_committing_the_password_is_the_reason_for_a_short_lived_token():
    answer = "Nobody commits registry credentials; the pipeline gets a temporary token from OIDC."
    assert level(answer, "registry-auth") == 2


def test_pull_secrets_with_why_each_node_needs_them_earn_it():
    answer = "Pods get imagePullSecrets since every node pulls images itself and needs credentials to do it."
    assert level(answer, "registry-auth") == 2


def test_people_named_after_a_release_are_not_a_tagging_scheme():
    answer = "On the whiteboard the interns are named after their release year and favourite commit message."
    assert level(answer, "tagging") == 0


# --- red flags: the bad practice in other words ------------------------------------------------------------


def test_a_separate_image_per_environment_rebuilds_for_prod():
    answer = "We build a separate image for production with its config baked in."
    assert level(answer, "promote-once") == 0
    assert "rebuild-for-prod" in flags(answer)


def test_tags_called_immutable_as_a_fact_are_flagged():
    assert "tags-immutable" in flags("Release tags are immutable, they always point to one image.")


@pytest.mark.parametrize(
    "answer",
    ["We sign images for compliance.", "Images are signed because the auditors asked for it."],
)
def test_compliance_as_a_label_is_not_a_reason_to_sign(answer):
    assert level(answer, "supply-chain") == 1


# --- headings with the why on the next line ----------------------------------------------------------------


def test_a_short_commit_tag_with_why_on_its_own_line_earns_it():
    answer = "## Tags\nEvery build: `sha-<short commit>`.\n\nWhy: from any pod I can read the tag and open the exact commit."
    assert level(answer, "tagging") == 2


def test_latest_as_the_last_pushed_image_is_the_reason():
    answer = 'We never deploy `latest`: it only means "last pushed without a tag".'
    assert level(answer, "no-latest") == 2


def test_a_digest_called_the_manifest_hash_earns_it():
    answer = "Prod deploys `app@sha256:...`.\n\nWhy: a digest is the manifest hash, so prod gets the bytes staging tested."
    assert level(answer, "digests") == 2
