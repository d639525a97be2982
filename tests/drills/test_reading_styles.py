"""The grader reads answers in the styles real candidates use (issue 17's classes), on containerize-service.

Every example here was written for this file: none comes from the labelled corpus in drills/corpus/.
"""

from __future__ import annotations

from tests.drills.rubrics import RubricProbe

drill = RubricProbe("containerize-service")
levels = drill.levels


COMMENTED_DOCKERFILE = """\
```dockerfile
# small base = fewer packages for the scanner to flag
FROM node:22-bookworm-slim AS build
WORKDIR /srv
# lockfile alone first: the npm ci layer is reused until dependencies change
COPY package.json package-lock.json ./
RUN npm ci
COPY src ./src

FROM node:22-bookworm-slim
WORKDIR /srv
# only production modules make it here; compilers stay in the build stage
COPY --from=build /srv/node_modules ./node_modules
COPY --from=build /srv/src ./src
# an exploit in the app lands as an unprivileged user, not root
USER node
CMD ["node", "src/server.js"]
```
"""


def test_a_commented_dockerfile_earns_what_it_shows_and_explains():
    got = levels(COMMENTED_DOCKERFILE)
    assert got["base-image"] == 2
    assert got["multi-stage"] == 2
    assert got["layer-order"] == 2
    assert got["non-root"] == 2


def test_a_dockerfile_without_comments_names_but_does_not_explain():
    bare = "\n".join(line for line in COMMENTED_DOCKERFILE.splitlines() if not line.startswith("#"))
    got = levels(bare)
    assert got["multi-stage"] == 1
    assert got["non-root"] == 1


def test_reasons_in_a_paragraph_after_the_code_belong_to_it():
    answer = (
        "```dockerfile\nFROM node:22-alpine\nUSER node\n```\n\n"
        "Alpine keeps the image around 50 MB, and the USER line means a hijacked process has no root."
    )
    got = levels(answer)
    assert got["base-image"] == 2
    assert got["non-root"] == 2


def test_limits_in_a_compose_file_or_a_kubernetes_manifest_are_resource_limits():
    compose = (
        "```yaml\nservices:\n  api:\n    image: api:1.4\n    mem_limit: 512m\n    cpus: 1\n```"
    )
    manifest = "```yaml\nresources:\n  limits:\n    memory: 512Mi\n    cpu: 500m\n```"
    assert levels(compose)["resource-limits"] == 1
    assert levels(manifest)["resource-limits"] == 1


def test_a_docker_run_flag_in_a_sentence_with_its_reason_earns_full_marks():
    answer = "I'd start it with --memory=512m --cpus=1 so a leak cannot starve the other services."
    assert levels(answer)["resource-limits"] == 2


def test_paraphrase_names_the_multi_stage_build():
    answer = (
        "It's a two-phase build: a throwaway stage holds the compilers, and the image we ship "
        "never contains them."
    )
    assert levels(answer)["multi-stage"] == 2


def test_one_spelling_slip_per_word_is_forgiven():
    answer = (
        "Copy the package.json first so the dependancy lyers stay cached when code changes, "
        "and run as a user with least previlege so a hacked app can do little."
    )
    got = levels(answer)
    assert got["layer-order"] == 2
    assert got["non-root"] == 2


def test_a_bold_label_and_its_reason_make_one_explanation():
    answer = (
        "**Non-root.** `USER node`, because an attacker who gets in then has no root.\n\n"
        "**Base image.** node:22-slim: fewer packages, fewer CVEs."
    )
    got = levels(answer)
    assert got["non-root"] == 2
    assert got["base-image"] == 2


def test_choosing_one_minimal_base_over_another_rejects_nothing():
    answer = "node:22-slim rather than alpine, since the smaller image has fewer CVEs to patch."
    assert levels(answer)["base-image"] == 2


def test_describing_the_bad_default_before_the_fix_is_not_recommending_it():
    answer = (
        "By default the process runs as root, so I'd add USER node: a compromise then gets an "
        "unprivileged account."
    )
    assert levels(answer)["non-root"] == 2


def test_a_section_of_mistakes_to_avoid_recommends_none_of_them():
    answer = (
        "## Mistakes I'd avoid\n- FROM node:latest\n- running as root\n\n"
        "## What I'd do\n- node:22-slim, pinned, for fewer CVEs\n- USER node, to limit the damage of an exploit"
    )
    got = levels(answer)
    assert got["base-image"] == 2
    assert got["non-root"] == 2


def test_recommending_root_for_convenience_is_still_zero():
    answer = (
        "I'd just run it as root so the app can write wherever it wants without permission errors."
    )
    assert levels(answer)["non-root"] == 0


def test_a_right_choice_with_only_a_vague_reason_earns_one():
    assert levels("I'd use alpine because it is more secure.")["base-image"] == 1


def test_a_list_of_terms_earns_at_most_one_each():
    answer = (
        "slim image, multi-stage, lockfile first, non-root, memory limits, attack surface, cache"
    )
    assert max(levels(answer).values()) <= 1


def test_a_reason_next_to_another_idea_is_not_borrowed():
    answer = (
        "Base: node:22-slim.\nUser: USER node.\nSmaller images pull faster and have fewer CVEs."
    )
    got = levels(answer)
    assert got["non-root"] == 1
