"""Dockerfile checks: each passes, fails or does not apply, with line numbers; parse errors name the line."""

from __future__ import annotations

import pytest

from drills.grading.dockerfile import DockerfileError, grade_dockerfile

GOOD = """\
# syntax=docker/dockerfile:1
FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:26-trixie-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
HEALTHCHECK CMD ["node", "-e", "fetch('http://localhost:3000/healthz').then(r => process.exit(r.ok ? 0 : 1))"]
CMD ["node", "dist/server.js"]
"""
IGNORE = "node_modules\n.git\n.env\n"


def status(dockerfile: str, check: str, dockerignore: str = IGNORE) -> str:
    return grade_dockerfile(dockerfile, dockerignore).statuses()[check]


def lines(dockerfile: str, check: str) -> tuple[int, ...]:
    return next(c for c in grade_dockerfile(dockerfile, IGNORE).checks if c.id == check).lines


def test_a_good_dockerfile_passes_every_check_that_applies():
    graded = grade_dockerfile(GOOD, IGNORE)
    assert graded.statuses() == {
        "base-pinned": "pass",
        "base-minimal": "pass",
        "multi-stage": "pass",
        "deps-before-source": "pass",
        "prod-deps-only": "pass",
        "non-root": "pass",
        "exec-form": "pass",
        "no-secrets": "pass",
        "copy-not-add": "pass",
        "workdir-absolute": "pass",
        "apt-hygiene": "n/a",
        "healthcheck": "pass",
        "dockerignore": "pass",
    }
    assert graded.score == graded.max_score == 12


@pytest.mark.parametrize("base", ["node", "node:latest"])
def test_untagged_or_latest_base_fails_pinning(base):
    dockerfile = GOOD.replace("FROM node:26-trixie-slim AS build", f"FROM {base} AS build")
    assert status(dockerfile, "base-pinned") == "fail"
    assert lines(dockerfile, "base-pinned") == (2,)


def test_a_digest_pins_the_base():
    dockerfile = GOOD.replace(
        "FROM node:26-trixie-slim AS build", "FROM node@sha256:" + "a" * 64 + " AS build"
    )
    assert status(dockerfile, "base-pinned") == "pass"


def test_full_final_base_fails_minimal():
    dockerfile = GOOD.replace("\nFROM node:26-trixie-slim\n", "\nFROM node:26\n")
    assert status(dockerfile, "base-minimal") == "fail"


def test_single_stage_fails_multi_stage():
    single = 'FROM node:26-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD ["node", "src/server.js"]\n'
    assert status(single, "multi-stage") == "fail"
    assert status(single, "prod-deps-only") == "pass"


def test_copying_source_before_install_fails_with_both_lines():
    dockerfile = 'FROM node:26-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "s.js"]\n'
    assert status(dockerfile, "deps-before-source") == "fail"
    assert lines(dockerfile, "deps-before-source") == (3, 4)


def test_no_install_step_makes_dependency_checks_not_applicable():
    dockerfile = 'FROM scratch\nCOPY app /app\nUSER 10001\nCMD ["/app"]\n'
    assert status(dockerfile, "deps-before-source") == "n/a"
    assert status(dockerfile, "prod-deps-only") == "n/a"


def test_dev_dependencies_in_the_final_image_fail():
    dockerfile = GOOD.replace("RUN npm run build && npm prune --omit=dev", "RUN npm run build")
    dockerfile = dockerfile.replace("ENV NODE_ENV=production\n", "")
    assert status(dockerfile, "prod-deps-only") == "fail"


@pytest.mark.parametrize("user", ["", "USER root\n", "USER 0:0\n"])
def test_root_or_no_user_fails_non_root(user):
    dockerfile = GOOD.replace("USER node\n", user)
    assert status(dockerfile, "non-root") == "fail"


def test_shell_form_cmd_fails_exec_form_with_its_line():
    dockerfile = GOOD.replace('CMD ["node", "dist/server.js"]', "CMD node dist/server.js")
    assert status(dockerfile, "exec-form") == "fail"
    assert lines(dockerfile, "exec-form") == (16,)


@pytest.mark.parametrize("leak", ["ENV API_TOKEN=abc123\n", "ARG DB_PASSWORD\n", "COPY .env ./\n"])
def test_secrets_fail(leak):
    dockerfile = GOOD.replace("USER node\n", leak + "USER node\n")
    assert status(dockerfile, "no-secrets") == "fail"


def test_add_for_local_files_fails_but_remote_archives_do_not():
    assert status(GOOD.replace("COPY . .", "ADD . ."), "copy-not-add") == "fail"
    assert (
        status(
            GOOD.replace("COPY . .", "COPY . .\nADD https://example.com/x.tar.gz /opt/"),
            "copy-not-add",
        )
        == "pass"
    )


def test_relative_workdir_or_cd_fails():
    assert (
        status(
            GOOD.replace("WORKDIR /app\nCOPY package.json", "WORKDIR app\nCOPY package.json"),
            "workdir-absolute",
        )
        == "fail"
    )
    assert status(GOOD.replace("RUN npm ci", "RUN cd /app && npm ci"), "workdir-absolute") == "fail"


def test_apt_hygiene_applies_only_when_apt_is_used_in_a_stage_that_ships():
    sloppy = GOOD.replace("USER node", "RUN apt-get update && apt-get install curl\nUSER node")
    tidy = GOOD.replace(
        "USER node",
        "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER node",
    )
    build_stage_only = GOOD.replace(
        "RUN npm ci", "RUN apt-get update && apt-get install g++\nRUN npm ci"
    )
    assert status(GOOD, "apt-hygiene") == "n/a"
    assert status(sloppy, "apt-hygiene") == "fail"
    assert status(tidy, "apt-hygiene") == "pass"
    assert status(build_stage_only, "apt-hygiene") == "n/a"


def test_missing_or_disabled_healthcheck_fails():
    without = "\n".join(line for line in GOOD.splitlines() if not line.startswith("HEALTHCHECK"))
    assert status(without, "healthcheck") == "fail"
    assert status(GOOD.replace("HEALTHCHECK CMD", "HEALTHCHECK NONE\n#"), "healthcheck") == "fail"


def test_dockerignore_must_exclude_node_modules_git_and_env():
    assert status(GOOD, "dockerignore", "node_modules\n.git\n") == "fail"
    assert status(GOOD, "dockerignore", "# local files\n/node_modules/\n.git\n.env*\n") == "pass"


def test_continuation_lines_are_one_instruction():
    dockerfile = GOOD.replace("RUN npm ci", "RUN npm ci \\\n    --no-audit")
    assert status(dockerfile, "deps-before-source") == "pass"


@pytest.mark.parametrize(
    ("dockerfile", "message"),
    [
        ("", "Line 1: the Dockerfile is empty: start with a FROM line"),
        ("RUN echo hi\nFROM node:26\n", "Line 1: RUN comes before the first FROM"),
        ("FROM node:26\nFORM x\n", "Line 2: 'FORM' is not a Dockerfile instruction"),
        ("# only a comment\n", "Line 1: there is no FROM instruction"),
    ],
)
def test_a_dockerfile_that_does_not_parse_names_the_line(dockerfile, message):
    with pytest.raises(DockerfileError) as raised:
        grade_dockerfile(dockerfile)
    assert str(raised.value) == message


def test_over_long_dockerfile_is_refused_with_its_length_and_the_limit():
    with pytest.raises(DockerfileError) as raised:
        grade_dockerfile("FROM node:26\n" + "# x\n" * 25_000)
    assert str(raised.value) == ("The Dockerfile has 100,013 characters; the limit is 100,000")


def test_a_floating_tag_is_not_pinned():
    assert (
        status(
            GOOD.replace("FROM node:26-trixie-slim AS build", "FROM node:lts-slim AS build"),
            "base-pinned",
        )
        == "fail"
    )


def test_arg_defaults_before_from_name_the_base_image():
    dockerfile = "ARG NODE_IMAGE=node:26-trixie-slim\n" + GOOD.replace(
        "\nFROM node:26-trixie-slim\n", "\nFROM ${NODE_IMAGE}\n"
    )
    assert status(dockerfile, "base-minimal") == "pass"
    latest = "ARG TAG=latest\n" + GOOD.replace(
        "FROM node:26-trixie-slim AS build", "FROM node:${TAG} AS build"
    )
    assert status(latest, "base-pinned") == "fail"


def test_minimal_words_count_only_in_the_image_name():
    dockerfile = GOOD.replace(
        "\nFROM node:26-trixie-slim\n",
        "\nFROM mcr.microsoft.com/devcontainers/javascript-node:1-22-bookworm\n",
    )
    assert status(dockerfile, "base-minimal") == "fail"


def test_user_and_healthcheck_are_inherited_from_a_parent_stage():
    dockerfile = (
        "FROM node:26-slim AS base\nUSER node\n"
        'HEALTHCHECK CMD ["node", "-e", "fetch(\'http://localhost:3000/healthz\')"]\n'
        'FROM base AS runtime\nCMD ["node", "s.js"]\n'
    )
    assert status(dockerfile, "non-root") == "pass"
    assert status(dockerfile, "healthcheck") == "pass"


def test_a_healthcheck_calling_curl_on_a_slim_image_without_curl_fails():
    dockerfile = GOOD.replace(
        'HEALTHCHECK CMD ["node", "-e", "fetch(\'http://localhost:3000/healthz\').then(r => process.exit(r.ok ? 0 : 1))"]',
        "HEALTHCHECK CMD curl -f http://localhost:3000/healthz || exit 1",
    )
    assert status(dockerfile, "healthcheck") == "fail"


def test_apt_flags_before_install_are_still_an_install():
    sloppy = GOOD.replace("USER node", "RUN apt-get update && apt-get -y install g++\nUSER node")
    assert status(sloppy, "apt-hygiene") == "fail"


def test_an_allowlist_dockerignore_excludes_everything_else():
    assert status(GOOD, "dockerignore", "*\n!package.json\n!package-lock.json\n!src/\n") == "pass"


def test_copying_the_whole_context_is_left_to_the_dockerignore_check():
    assert status(GOOD, "no-secrets", dockerignore="node_modules\n") == "pass"
    assert status(GOOD, "dockerignore", dockerignore="node_modules\n") == "fail"


def test_credentials_in_a_url_are_a_secret_but_tuning_knobs_are_not():
    url = GOOD.replace(
        "USER node\n", "ENV DATABASE_URL=postgres://app:hunter2@db:5432/app\nUSER node\n"
    )
    knobs = GOOD.replace(
        "USER node\n", "ENV PASSWORD_MIN_LENGTH=12 TOKEN_BUCKET_CAPACITY=100\nUSER node\n"
    )
    template = GOOD.replace("USER node\n", "COPY .env.example ./\nUSER node\n")
    assert status(url, "no-secrets") == "fail"
    assert status(knobs, "no-secrets") == "pass"
    assert status(template, "no-secrets") == "pass"


def test_an_install_inside_a_quoted_string_is_not_an_install():
    dockerfile = (
        'FROM node:26-slim\nRUN echo "npm ci --omit=dev"\nUSER node\nCMD ["node", "s.js"]\n'
    )
    assert status(dockerfile, "deps-before-source") == "n/a"
