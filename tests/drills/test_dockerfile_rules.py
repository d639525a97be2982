"""Each check's rules for the classes of Dockerfile that real projects write (issue 15's wrong verdicts)."""

from __future__ import annotations

import pytest

from drills.grading.dockerfile import grade_dockerfile

IGNORE = "node_modules\n.git\n.env\n"


def verdict(text: str, check: str) -> str:
    return grade_dockerfile(text, IGNORE).statuses()[check]


def feedback(text: str, check: str) -> str:
    return next(c for c in grade_dockerfile(text, IGNORE).checks if c.id == check).feedback


def node(body: str, base: str = "node:22-slim") -> str:
    return f'FROM {base}\nWORKDIR /app\n{body}USER node\nCMD ["node", "index.js"]\n'


MANIFESTS = "COPY package.json package-lock.json ./\n"


@pytest.mark.parametrize(
    "tool",
    [
        "RUN npm install -g pnpm@9 pm2 turbo nodemon npm@latest\n",
        "RUN pip install --upgrade pip\n",
        "RUN corepack enable\n",
        "RUN npm install cheerio\n",
        "RUN yarn build && yarn lint && yarn test\n",
        "RUN curl -fsSL https://dl.yarnpkg.com/debian/pubkey.gpg -o /tmp/k\n",
    ],
)
def test_tool_and_single_package_installs_and_yarn_scripts_are_not_the_project_install(tool):
    text = node("COPY . .\n" + tool)
    assert verdict(text, "deps-before-source") == "n/a"


@pytest.mark.parametrize(
    "install",
    ["RUN pnpm install --frozen-lockfile\n", "RUN bun install\n", "RUN uv sync --frozen\n"],
)
def test_pnpm_bun_and_uv_installs_are_project_installs(install):
    assert verdict(node("COPY . .\n" + install), "deps-before-source") == "fail"
    assert verdict(node(MANIFESTS + install + "COPY . .\n"), "deps-before-source") == "pass"


@pytest.mark.parametrize("folder", ["apps/", "packages/", "src", "lib"])
def test_a_source_folder_copied_before_the_install_is_source_first(folder):
    text = node(f"{MANIFESTS}COPY {folder} ./{folder}\nRUN npm ci\n")
    assert verdict(text, "deps-before-source") == "fail"


@pytest.mark.parametrize(
    "manifests", ["Gemfile* ./", "Pipfile* ./", "package*.json ./", "*.csproj ./"]
)
def test_globbed_manifests_are_not_source(manifests):
    text = node(f"COPY {manifests}\nRUN bundle install\nCOPY . .\n")
    assert verdict(text, "deps-before-source") == "pass"


def test_workspace_manifests_and_a_key_outside_the_project_are_not_source():
    text = node(
        "COPY apps/web/package.json apps/web/\nCOPY id_ed25519 /root/.ssh/\n"
        + MANIFESTS
        + "RUN npm ci\n"
    )
    assert verdict(text, "deps-before-source") == "pass"


def test_no_node_modules_in_the_final_image_makes_prod_deps_not_applicable():
    text = (
        "FROM node:22-alpine AS build\nWORKDIR /app\n" + MANIFESTS + "RUN npm ci\nCOPY . .\n"
        "RUN npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n"
    )
    assert verdict(text, "prod-deps-only") == "n/a"
    assert "No node_modules reaches the final image" in feedback(text, "prod-deps-only")


def test_a_prune_after_a_full_install_ships_production_dependencies():
    text = node(MANIFESTS + "RUN npm ci\nCOPY . .\nRUN npm run build && npm prune --omit=dev\n")
    assert verdict(text, "prod-deps-only") == "pass"


def test_an_arg_default_reaching_node_env_makes_the_install_production():
    text = node("ARG NODE_ENV=production\nENV NODE_ENV $NODE_ENV\n" + MANIFESTS + "RUN npm ci\n")
    assert verdict(text, "prod-deps-only") == "pass"


def test_a_global_tool_earlier_in_the_lineage_does_not_fail_a_production_install():
    text = (
        "FROM node:22-slim AS base\nRUN npm i -g pm2\nFROM base\n"
        + node(MANIFESTS + "RUN npm ci --omit=dev\n").split("\n", 1)[1]
    )
    assert verdict(text, "prod-deps-only") == "pass"


@pytest.mark.parametrize("flag", ["--production", "--only=production"])
def test_the_deprecated_npm_production_flags_pass_with_a_warning(flag):
    text = node(MANIFESTS + f"RUN npm ci {flag}\n")
    assert verdict(text, "prod-deps-only") == "pass"
    assert "write `--omit=dev`" in feedback(text, "prod-deps-only")


@pytest.mark.parametrize(
    "base",
    [
        "node:22-alpine3.22",
        "alpine:3.20",
        '"node:22-slim"',
        "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled",
        "python:3.12-slim-bookworm",
    ],
)
def test_minimal_bases_are_recognised_by_their_tag_parts(base):
    assert verdict(node("", base), "base-minimal") == "pass"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("debian:bookworm-slim", "pass"),
        ("ubuntu:noble", "pass"),
        ("node:bookworm-slim", "fail"),
        ("node:alpine3.20", "fail"),
        ("node:22-alpine3.22", "pass"),
        ("node:iron-slim", "pass"),
    ],
)
def test_pinning_reads_versions_and_release_codenames_as_tags(base, expected):
    assert verdict(node("", base), "base-pinned") == expected


def test_a_base_from_an_arg_without_default_cannot_be_judged():
    text = "ARG BASE\n" + node("", "${BASE}")
    assert verdict(text, "base-pinned") == "cannot-tell"
    assert verdict(text, "base-minimal") == "cannot-tell"


@pytest.mark.parametrize(
    "line",
    [
        "ENV TOKEN_TTL=3600",
        "ENV PASSWORD_MIN_LENGTH=12",
        "ENV SESSION_SECRET_FILE=/run/secrets/x",
        "ENV AUTH_TOKEN_HEADER=Authorization",
        "ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305",
        "COPY . .",
        'COPY [".", "./"]',
        "COPY .env.example ./",
    ],
)
def test_settings_named_like_secrets_and_whole_context_copies_are_not_secrets(line):
    assert verdict(node(line + "\n"), "no-secrets") == "pass"


@pytest.mark.parametrize(
    "line",
    [
        "ENV TOKEN_SECRET change_me",
        "ENV DB_PASS=hunter2",
        "ENV APP_ENCRYPTION_KEY=6f1d2c3b4a5e6f70",
        "ENV DATABASE_URL=postgres://app:hunter2@db/app",
        "ENV JWT_SECRET=${JWT_SECRET:-changeme}",
        "RUN git clone https://bot:ghp_abc@github.com/acme/x.git",
        "ARG NPM_TOKEN",
        "COPY .env.production ./.env",
    ],
)
def test_literal_secrets_secret_build_args_and_shipped_secret_files_fail(line):
    assert verdict(node(line + "\n"), "no-secrets") == "fail"


def test_a_secret_file_copied_only_into_a_build_stage_that_does_not_ship_passes():
    text = (
        "FROM node:22-slim AS build\nWORKDIR /app\nCOPY id_rsa /root/.ssh/id_rsa\nRUN npm run build\n"
        + node("COPY --from=build /app/dist ./dist\n")
    )
    assert verdict(text, "no-secrets") == "pass"


def test_an_npmrc_copy_passes_with_a_note_to_check_it():
    text = node("COPY .npmrc package.json ./\n")
    assert verdict(text, "no-secrets") == "pass"
    assert "copies .npmrc: check that it holds no auth token" in feedback(text, "no-secrets")


def test_only_the_last_cmd_of_the_final_stage_counts_for_exec_form():
    text = node("CMD node index.js\n")
    assert verdict(text, "exec-form") == "pass"


def test_apt_dist_clean_cleans_the_package_lists():
    text = node(
        "RUN apt-get update && apt-get install -y --no-install-recommends tini && apt-get dist-clean\n"
    )
    assert verdict(text, "apt-hygiene") == "pass"


@pytest.mark.parametrize(
    "install",
    ["RUN apk add --no-cache curl\n", "RUN apt-get update && apt-get install -y curl\n"],
)
def test_a_healthcheck_tool_installed_by_the_package_manager_is_present(install):
    text = node(
        install + "HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n", "node:22-alpine"
    )
    assert verdict(text, "healthcheck") == "pass"


@pytest.mark.parametrize(
    "line",
    [
        "ENV KEYCLOAK_TOKEN_URL=https://auth.example.com/realms/app/token",
        "ENV AUTH_TOKEN_SERVICE=https://auth.example.com",
        "ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes",
    ],
)
def test_addresses_and_switches_named_like_secrets_are_not_secrets(line):
    assert verdict(node(line + "\n"), "no-secrets") == "pass"


@pytest.mark.parametrize(
    ("base", "expected"), [("nginx:1.27-alpine", "pass"), ("nginx:1.27-alpine-slim", "fail")]
)
def test_nginx_alpine_ships_curl_but_alpine_slim_does_not(base, expected):
    text = f"FROM {base}\nUSER nginx\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"
    assert verdict(text, "healthcheck") == expected


def test_an_unresolved_version_does_not_hide_a_minimal_variant():
    text = "ARG NODE_VERSION\n" + node("", "node:${NODE_VERSION}-alpine")
    assert verdict(text, "base-minimal") == "pass"
    assert verdict(text, "base-pinned") == "cannot-tell"


@pytest.mark.parametrize(
    ("user", "expected"), [("ContainerUser", "pass"), ("ContainerAdministrator", "fail")]
)
def test_windows_users_are_judged_by_name(user, expected):
    text = f"FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER {user}\n"
    assert verdict(text, "non-root") == expected


def test_a_copy_naming_node_modules_takes_the_stages_modules_even_on_a_different_path():
    text = (
        "FROM node:18 AS builder\nWORKDIR /calcom\nCOPY package.json yarn.lock ./\nRUN yarn install\n"
        "FROM node:18\nWORKDIR /calcom\nCOPY --from=builder /app/node_modules ./node_modules\n"
        'USER node\nCMD ["node", "server.js"]\n'
    )
    assert verdict(text, "prod-deps-only") == "fail"


def test_an_entrypoint_in_the_final_stage_resets_a_cmd_inherited_from_its_parent_stage():
    text = (
        "FROM node:22-slim AS base\nCMD node index.js\n"
        'FROM base\nUSER node\nENTRYPOINT ["node", "index.js"]\n'
    )
    assert verdict(text, "exec-form") == "pass"
