"""The build-cache simulator against the cases Docker documents.

Sources (each test names the one it follows):
- "Docker build cache", https://docs.docker.com/build/cache/ ("How the build cache works": the C program)
- "Build cache invalidation", https://docs.docker.com/build/cache/invalidation/ ("General rules",
  "RUN instructions", "Build secrets")
- "Optimize cache usage in builds", https://docs.docker.com/build/cache/optimize/ ("Order your layers",
  "Keep the context small", "Use bind mounts", "Use cache mounts")
- Dockerfile reference, https://docs.docker.com/reference/dockerfile/ (ARG "Impact on build caching",
  "Predefined ARGs", "Understand how ARG and FROM interact", "COPY --link", "Environment replacement")
- "Multi-stage builds", https://docs.docker.com/build/building/multi-stage/ ("Use a previous stage as a
  new stage", "Differences between legacy builder and BuildKit")
- "Build context", https://docs.docker.com/build/concepts/context/#dockerignore-files
- moby/patternmatcher (patternmatcher.go, ignorefile/ignorefile_test.go): how .dockerignore lines are read
- moby/buildkit frontend/dockerfile/dockerfile2llb: COPY sets AllowEmptyWildcard; RUN adds every
  declared ARG to its environment; ENV only changes the build state
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from labs.simulators.build_cache import (
    CACHED,
    CONFIG,
    MANIFESTS_FIRST,
    PREDICTION_EXERCISES,
    REBUILT,
    SKIPPED,
    STANDARD_CHANGES,
    STARTING_POINTS,
    BuildCacheError,
    BuildInput,
    Change,
    apply_change,
    build_context,
    check_prediction,
    check_reorder,
    ignoring_rule,
    read_dockerignore,
    simulate_change,
    simulate_first_build,
    simulate_rebuild,
)

# docs.docker.com/build/cache/ "How the build cache works"
C_PROGRAM = """\
FROM ubuntu:latest
RUN apt-get update && apt-get install -y build-essentials
COPY main.c Makefile /src/
WORKDIR /src/
RUN make build
"""
C_FILES = {
    "main.c": "int main(void) { return 0; }\n",
    "Makefile": "build:\n\tcc main.c\n",
    "README.md": "hi\n",
}


def statuses(report) -> dict[int, str]:
    return {outcome.line: outcome.status for outcome in report.outcomes}


def c_build(**changes) -> BuildInput:
    return replace(BuildInput(C_PROGRAM, C_FILES), **changes)


# --- docs.docker.com/build/cache/ ---------------------------------------------------------------


def test_editing_a_copied_file_rebuilds_its_copy_and_everything_after_it():
    """build/cache: "suppose you make a change to your program in the main.c file ... all layers that
    follow will need to run again"."""
    report = simulate_change(
        c_build(), Change("edit-file", "main.c", "int main(void) { return 1; }\n")
    )
    assert statuses(report) == {1: CACHED, 2: CACHED, 3: REBUILT, 4: REBUILT, 5: REBUILT}


def test_the_changed_copy_says_which_file_changed():
    report = simulate_change(
        c_build(), Change("edit-file", "main.c", "int main(void) { return 1; }\n")
    )
    copy = report.outcome_at(3)
    assert copy.cause == "files"
    assert "changed: main.c" in copy.reason


def test_steps_after_a_rebuilt_step_name_it_as_the_reason():
    report = simulate_change(
        c_build(), Change("edit-file", "main.c", "int main(void) { return 1; }\n")
    )
    assert report.outcome_at(5).cause == "parent"
    assert "line 4" in report.outcome_at(5).reason


def test_the_first_build_runs_every_step():
    report = simulate_first_build(c_build())
    assert report.rebuilt_lines == {1, 2, 3, 4, 5}
    assert {outcome.cause for outcome in report.outcomes} == {"first-build"}


# --- docs.docker.com/build/cache/invalidation/ ----------------------------------------------------


def test_unchanged_files_keep_the_copy_cached_whatever_their_modification_time():
    """invalidation, General rules: "The modification time of a file (mtime) is not taken into account";
    the project holds contents only, so a rebuild from the same contents (a `touch`) reuses everything."""
    touched = c_build(files=dict(C_FILES))
    report = simulate_rebuild(c_build(), touched)
    assert report.rebuilt_lines == frozenset()


def test_a_file_no_instruction_copies_changes_nothing():
    """invalidation, General rules: COPY is checked against the files it copies, nothing else."""
    report = simulate_change(c_build(), Change("edit-file", "README.md", "changed\n"))
    assert report.rebuilt_lines == frozenset()


def test_run_is_matched_on_its_command_text_only():
    """invalidation, General rules: for `RUN apt-get -y update` "just the command string itself is used
    to find a match"; RUN instructions: rebuilding a week later still gets the same packages."""
    report = simulate_rebuild(c_build(), c_build())
    run = report.outcome_at(2)
    assert run.status == CACHED
    assert "command" in run.reason


def test_editing_a_run_command_rebuilds_it_because_its_text_changed():
    edited = c_build(dockerfile=C_PROGRAM.replace("build-essentials", "build-essentials curl"))
    report = simulate_rebuild(c_build(), edited)
    assert report.outcome_at(2).status == REBUILT
    assert report.outcome_at(2).cause == "text"


def test_once_a_step_is_rebuilt_every_later_step_is_rebuilt():
    """invalidation, General rules: "Once the cache is invalidated, all subsequent Dockerfile commands
    generate new images"."""
    edited = c_build(dockerfile=C_PROGRAM.replace("build-essentials", "build-essentials curl"))
    report = simulate_rebuild(c_build(), edited)
    assert [o.cause for o in report.outcomes[2:]] == ["parent", "parent", "parent"]


def test_run_with_a_bind_mount_is_checked_against_the_mounted_files():
    """invalidation, General rules: "for RUN instructions with bind mounts (RUN --mount=type=bind), the
    builder calculates a cache checksum from file metadata"; optimize, "Use bind mounts" example."""
    dockerfile = (
        "FROM golang:latest\nWORKDIR /app\nRUN --mount=type=bind,target=. go build -o /app/hello\n"
    )
    build = BuildInput(dockerfile, {"main.go": "package main\n"})
    report = simulate_change(
        build, Change("edit-file", "main.go", "package main\n\nfunc main() {}\n")
    )
    assert report.outcome_at(3).status == REBUILT
    assert report.outcome_at(3).cause == "files"


def test_a_build_argument_busts_the_cache_of_a_step_using_a_secret():
    """invalidation, "Build secrets": secrets are not part of the cache, "Build arguments do result in
    cache invalidation" (the CACHEBUST example)."""
    dockerfile = "FROM alpine\nARG CACHEBUST\nRUN --mount=type=secret,id=TOKEN,env=TOKEN \\\n    some-command ...\n"
    build = BuildInput(dockerfile, build_args={"CACHEBUST": "1"})
    report = simulate_change(build, Change("build-arg", "CACHEBUST", "2"))
    assert report.outcome_at(3).status == REBUILT


# --- Dockerfile reference: ARG, "Impact on build caching" -----------------------------------------


def arg_build(dockerfile: str, value: str = "v1") -> BuildInput:
    return BuildInput(dockerfile, build_args={"CONT_IMG_VER": value})


def test_a_changed_build_argument_misses_at_its_first_use_not_its_declaration():
    """ARG "Impact on build caching": "the specification on line 2 doesn't cause a cache miss; line 3
    does cause a cache miss"."""
    build = arg_build("FROM ubuntu\nARG CONT_IMG_VER\nRUN echo $CONT_IMG_VER\n")
    report = simulate_change(build, Change("build-arg", "CONT_IMG_VER", "v2"))
    assert statuses(report) == {1: CACHED, 2: CONFIG, 3: REBUILT}
    assert report.outcome_at(3).cause == "args"


def test_every_run_after_an_arg_sees_it_even_when_it_does_not_use_it():
    """ARG "Impact on build caching": `RUN echo hello` is "the same as running CONT_IMG_VER=<value> echo
    hello", so it misses too."""
    build = arg_build("FROM ubuntu\nARG CONT_IMG_VER\nRUN echo hello\n")
    report = simulate_change(build, Change("build-arg", "CONT_IMG_VER", "v2"))
    assert report.outcome_at(3).status == REBUILT


def test_an_env_that_copies_a_changed_arg_passes_the_change_on():
    """ARG "Impact on build caching": with `ENV CONT_IMG_VER=$CONT_IMG_VER` the ENV's value changes. In
    BuildKit ENV has no build step, so the miss shows on the next RUN, caused by the environment."""
    build = arg_build(
        "FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=$CONT_IMG_VER\nRUN echo $CONT_IMG_VER\n"
    )
    report = simulate_change(build, Change("build-arg", "CONT_IMG_VER", "v2"))
    assert report.outcome_at(3).status == CONFIG
    assert (report.outcome_at(4).status, report.outcome_at(4).cause) == (REBUILT, "env")


def test_an_env_constant_hides_a_changed_arg_of_the_same_name():
    """ARG "Impact on build caching": with `ENV CONT_IMG_VER=hello`, "Line 3 doesn't cause a cache miss
    because the value of CONT_IMG_VER is a constant"."""
    build = arg_build(
        "FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=hello\nRUN echo $CONT_IMG_VER\n"
    )
    report = simulate_change(build, Change("build-arg", "CONT_IMG_VER", "v2"))
    assert report.rebuilt_lines == frozenset()


def test_a_predefined_proxy_argument_leaves_the_cache_alone_when_not_declared():
    """Dockerfile reference, "Predefined ARGs": changing HTTP_PROXY "does not result in a cache miss"."""
    build = BuildInput(
        'FROM ubuntu\nRUN echo "Hello World"\n', build_args={"HTTP_PROXY": "http://lon"}
    )
    report = simulate_change(build, Change("build-arg", "HTTP_PROXY", "http://sfo"))
    assert report.rebuilt_lines == frozenset()


def test_a_declared_proxy_argument_invalidates_when_it_changes():
    """Dockerfile reference, "Predefined ARGs": with `ARG HTTP_PROXY`, "changing its value invalidates the
    build cache"."""
    build = BuildInput(
        'FROM ubuntu\nARG HTTP_PROXY\nRUN echo "Hello World"\n',
        build_args={"HTTP_PROXY": "http://lon"},
    )
    report = simulate_change(build, Change("build-arg", "HTTP_PROXY", "http://sfo"))
    assert report.rebuilt_lines == {3}


def test_a_build_argument_no_arg_declares_is_reported_as_unused():
    build = BuildInput("FROM ubuntu\nRUN echo hi\n", build_args={"NOPE": "1"})
    assert "NOPE" in simulate_first_build(build).warnings[0]


def test_a_global_arg_used_in_from_changes_the_base_image():
    """Dockerfile reference, "Understand how ARG and FROM interact": an ARG before FROM sets the image."""
    dockerfile = "ARG CODE_VERSION=latest\nFROM base:${CODE_VERSION}\nRUN echo hi\n"
    build = BuildInput(dockerfile)
    report = simulate_change(build, Change("build-arg", "CODE_VERSION", "1.2"))
    assert report.outcome_at(2).cause == "base-image"
    assert report.rebuilt_lines == {2, 3}


def test_an_arg_expanded_by_copy_misses_at_that_copy():
    """Dockerfile reference, "Environment replacement": COPY expands variables, so a changed ARG it
    expands is used (first) there."""
    dockerfile = "FROM alpine\nARG DIR=src\nCOPY ${DIR} /app/\n"
    build = BuildInput(dockerfile, {"src/a.txt": "a\n", "lib/a.txt": "a\n"})
    report = simulate_change(build, Change("build-arg", "DIR", "lib"))
    assert report.outcome_at(3).status == REBUILT
    assert report.outcome_at(3).cause == "args"


# --- docs.docker.com/build/cache/optimize/ -------------------------------------------------------


def test_copying_everything_first_reinstalls_dependencies_after_a_code_edit():
    """optimize, "Order your layers": "Updating any file causes a reinstall of all dependencies"."""
    build = STARTING_POINTS["copy-everything-first"].build()
    report = simulate_change(build, STANDARD_CHANGES["edit-code"])
    assert report.outcome_at(4).status == REBUILT  # RUN npm ci


def test_copying_the_manifests_first_keeps_the_install_cached_after_a_code_edit():
    """optimize, "Order your layers": "there is no need to rebuild those layers when a project file has
    changed"."""
    build = STARTING_POINTS["manifests-first"].build()
    report = simulate_change(build, STANDARD_CHANGES["edit-code"])
    assert statuses(report) == {
        1: CACHED,
        2: CACHED,
        3: CACHED,
        4: CACHED,
        5: REBUILT,
        6: REBUILT,
        7: CONFIG,
        8: CONFIG,
    }


def test_a_lockfile_edit_still_reinstalls_with_the_manifests_first():
    build = STARTING_POINTS["manifests-first"].build()
    report = simulate_change(build, STANDARD_CHANGES["edit-lockfile"])
    assert report.outcome_at(3).cause == "files"
    assert report.outcome_at(4).status == REBUILT


def test_a_rebuilt_step_with_a_cache_mount_runs_faster_than_without():
    """optimize, "Use cache mounts": "even if you need to rebuild a layer, you only download new or
    changed packages"."""
    with_mount = "FROM node:latest\nWORKDIR /app\nCOPY package.json ./\nRUN --mount=type=cache,target=/root/.npm npm install\n"
    without = "FROM node:latest\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n"
    change = Change("edit-file", "package.json", '{"dependencies": {"left-pad": "1"}}\n')
    files = {"package.json": "{}\n"}
    mounted = simulate_change(BuildInput(with_mount, files), change).outcome_at(4)
    plain = simulate_change(BuildInput(without, files), change).outcome_at(4)
    assert mounted.status == plain.status == REBUILT
    assert mounted.seconds < plain.seconds


def test_a_cache_mount_is_cold_on_the_first_build():
    dockerfile = "FROM node:latest\nRUN --mount=type=cache,target=/root/.npm npm install\n"
    cold = simulate_first_build(BuildInput(dockerfile)).outcome_at(2)
    warm = simulate_change(BuildInput(dockerfile), Change("base-image", "node:latest")).outcome_at(
        2
    )
    assert cold.seconds > warm.seconds


def test_the_dockerignore_keeps_node_modules_and_tmp_files_out_of_the_context():
    """optimize, "Keep the context small": `node_modules` and `tmp*`."""
    build = BuildInput(
        "FROM node\nCOPY . .\n",
        {"node_modules/x/index.js": "x", "tmpfile": "t", "tmp/a": "a", "src/tmp.js": "s"},
        "node_modules\ntmp*\n",
    )
    assert sorted(build_context(build).excluded) == ["node_modules/x/index.js", "tmp/a", "tmpfile"]


# --- .dockerignore: docs.docker.com/build/concepts/context/#dockerignore-files ----------------------


def excluded(patterns: str, path: str) -> bool:
    context = build_context(BuildInput("FROM scratch\n", {path: "x"}, patterns))
    return path in context.excluded


@pytest.mark.parametrize(
    ("path", "is_excluded"),
    [
        ("somedir/temporary.txt", True),  # */temp*: names starting with temp one level down
        ("somedir/temp/file.txt", True),  # ... and whole directories
        ("somedir/subdir/temporary.txt", True),  # */*/temp*: two levels down
        ("tempa", True),  # temp?: one more character, at the root
        ("temp.txt", False),  # none of the three lines matches at the root with an extension
    ],
)
def test_the_documented_temp_patterns(path, is_excluded):
    """context, .dockerignore example: `*/temp*`, `*/*/temp*`, `temp?`."""
    assert excluded("# comment\n*/temp*\n*/*/temp*\ntemp?\n", path) is is_excluded


@pytest.mark.parametrize(
    ("path", "is_excluded"),
    [("README.md", False), ("README-secret.md", True), ("CHANGES.md", True)],
)
def test_the_last_matching_line_decides(path, is_excluded):
    """context: with `*.md`, `!README*.md`, `README-secret.md`, "No markdown files are included in the
    context except README files other than README-secret.md"."""
    assert excluded("*.md\n!README*.md\nREADME-secret.md\n", path) is is_excluded


def test_a_later_exception_re_includes_every_readme():
    """context: with `README-secret.md` before `!README*.md`, "All of the README files are included"."""
    assert not excluded("*.md\nREADME-secret.md\n!README*.md\n", "README-secret.md")


@pytest.mark.parametrize("path", ["main.go", "cmd/tool/main.go"])
def test_double_star_matches_any_number_of_directories(path):
    """context: `**/*.go` "excludes all files that end with .go found anywhere in the build context"."""
    assert excluded("**/*.go\n", path)


def test_a_leading_slash_means_the_context_root():
    """context: "the patterns /foo/bar and foo/bar both exclude a file or directory named bar in the foo
    subdirectory"; patternmatcher's ignorefile test reads `/test2` as `test2`."""
    assert excluded("/foo/bar\n", "foo/bar")


def test_a_pattern_without_a_slash_only_matches_at_the_root():
    """Unlike .gitignore, `node_modules` does not match `web/node_modules` (patternmatcher anchors at the root)."""
    assert not excluded("node_modules\n", "web/node_modules/x.js")


def test_a_bare_exclamation_mark_is_an_illegal_pattern():
    """patternmatcher.New: `illegal exclusion pattern: "!"`."""
    with pytest.raises(BuildCacheError, match='illegal exclusion pattern: "!"'):
        read_dockerignore("node_modules\n!\n")


def test_copying_a_file_the_dockerignore_excludes_fails_and_says_which_line():
    """Build checks, CopyIgnoredFile (https://docs.docker.com/reference/build-checks/copy-ignored-file/):
    "Trying to copy or add a file which is missing from the context will result in a build error"."""
    build = BuildInput(
        "FROM node\nCOPY package-lock.json ./\n", {"package-lock.json": "{}"}, "*.json\n"
    )
    with pytest.raises(BuildCacheError, match=r"Line 2: .*\.dockerignore line 1 \(\*\.json\)"):
        simulate_first_build(build)


def test_editing_the_dockerignore_changes_what_copy_dot_copies():
    build = STARTING_POINTS["manifests-first"].build()
    report = simulate_change(build, STANDARD_CHANGES["ignore-readme"])
    copy = report.outcome_at(5)
    assert copy.cause == "files"
    assert "README.md (now excluded by .dockerignore line 4: README.md)" in copy.reason


def test_copy_dot_copies_the_dockerfile_unless_it_is_ignored():
    """context: you can exclude the Dockerfile and .dockerignore; they are still sent to the builder "but
    they won't be copied into the image" - so without that line COPY . . copies the Dockerfile."""
    before = BuildInput("FROM node\nCOPY . .\n", {"a.js": "a"})
    after = BuildInput("FROM node\nCOPY . .\nLABEL x=1\n", {"a.js": "a"})
    assert simulate_rebuild(before, after).outcome_at(2).status == REBUILT


def test_an_ignored_dockerfile_can_change_without_invalidating_copy_dot():
    before = BuildInput("FROM node\nCOPY . .\n", {"a.js": "a"}, "Dockerfile\n")
    after = BuildInput("FROM node\nCOPY . .\nLABEL x=1\n", {"a.js": "a"}, "Dockerfile\n")
    assert simulate_rebuild(before, after).outcome_at(2).status == CACHED


# --- COPY sources, --link, multi-stage -----------------------------------------------------------


def test_a_wildcard_that_matches_nothing_is_allowed():
    """BuildKit's dockerfile2llb copies with AllowEmptyWildcard: `COPY yarn.lock* ./` may match nothing."""
    build = BuildInput("FROM node\nCOPY package.json yarn.lock* ./\n", {"package.json": "{}"})
    assert simulate_first_build(build).outcome_at(2).status == REBUILT


def test_a_missing_source_fails_the_build():
    build = BuildInput("FROM node\nCOPY server.js ./\n", {"app.js": ""})
    with pytest.raises(BuildCacheError, match=r'Line 2: COPY: "server.js" does not exist'):
        simulate_first_build(build)


def test_a_source_outside_the_context_is_refused():
    with pytest.raises(BuildCacheError, match="outside the build context"):
        simulate_first_build(BuildInput("FROM node\nCOPY ../secrets ./\n"))


def test_copy_link_does_not_depend_on_the_steps_before_it():
    """Dockerfile reference, "COPY --link": linked files "remain independent on their own layer and don't
    get invalidated when commands on previous layers are changed"."""
    dockerfile = "FROM alpine\nRUN apk add curl\nCOPY --link app.sh /app.sh\n"
    before = BuildInput(dockerfile, {"app.sh": "echo hi"})
    after = BuildInput(dockerfile.replace("curl", "curl jq"), {"app.sh": "echo hi"})
    assert statuses(simulate_rebuild(before, after)) == {1: CACHED, 2: REBUILT, 3: CACHED}


MULTI_STAGE_DOC = """\
FROM ubuntu AS base
RUN echo "base"

FROM base AS stage1
RUN echo "stage1"

FROM base AS stage2
RUN echo "stage2"
"""


def test_buildkit_skips_the_stages_the_target_does_not_need():
    """multi-stage, "Differences between legacy builder and BuildKit": building stage2 "means only base
    and stage2 are processed ... stage1 ... it's skipped"."""
    report = simulate_first_build(BuildInput(MULTI_STAGE_DOC, target="stage2"))
    assert statuses(report)[5] == SKIPPED
    assert report.rebuilt_lines == {1, 2, 8}


def test_a_stage_built_from_a_rebuilt_stage_is_rebuilt():
    """multi-stage, "Use a previous stage as a new stage"."""
    build = BuildInput(MULTI_STAGE_DOC, target="stage2")
    report = simulate_change(build, Change("base-image", "ubuntu"))
    assert report.outcome_at(8).cause == "parent"


def test_an_unknown_target_stage_is_an_error():
    with pytest.raises(BuildCacheError, match="no stage named 'stage3'"):
        simulate_first_build(BuildInput(MULTI_STAGE_DOC, target="stage3"))


GO_MULTI_STAGE = """\
FROM golang:1.25
WORKDIR /src
COPY main.go ./
RUN go build -o /bin/hello ./main.go

FROM scratch
COPY --from=0 /bin/hello /bin/hello
CMD ["/bin/hello"]
"""


def test_copy_from_a_rebuilt_stage_is_rebuilt():
    """multi-stage, "Use multi-stage builds": `COPY --from=0` copies the first stage's artefact."""
    build = BuildInput(GO_MULTI_STAGE, {"main.go": "package main\n"})
    report = simulate_change(build, Change("edit-file", "main.go", "package main // v2\n"))
    assert (report.outcome_at(7).status, report.outcome_at(7).cause) == (REBUILT, "source-stage")


def test_a_stage_the_change_does_not_reach_stays_cached():
    build = STARTING_POINTS["multi-stage"].build()
    report = simulate_change(build, STANDARD_CHANGES["edit-code"])
    assert report.outcome_at(15).status == CACHED  # the runtime stage's npm ci --omit=dev


def test_a_build_argument_rebuilds_only_the_stage_that_declares_it_and_what_copies_from_it():
    build = STARTING_POINTS["multi-stage"].build()
    report = simulate_change(build, STANDARD_CHANGES["build-arg"])
    assert report.rebuilt_lines == {9, 16}


def test_independent_stages_run_in_parallel_so_the_longest_chain_sets_the_time():
    dockerfile = "FROM alpine AS a\nRUN make\nFROM alpine AS b\nRUN make\nFROM alpine\nCOPY --from=a /x /x\nCOPY --from=b /y /y\n"
    report = simulate_first_build(BuildInput(dockerfile))
    one_chain = sum(o.seconds for o in report.outcomes if o.line in {1, 2, 6, 7})
    assert report.seconds < sum(o.seconds for o in report.outcomes)
    assert report.seconds <= one_chain + report.outcome_at(7).seconds


def test_a_new_base_image_digest_rebuilds_every_step():
    report = simulate_change(c_build(), Change("base-image", "ubuntu:latest"))
    assert report.rebuilt_lines == {1, 2, 3, 4, 5}
    assert report.outcome_at(1).cause == "base-image"


def test_changing_a_base_image_the_dockerfile_does_not_use_is_refused():
    with pytest.raises(BuildCacheError, match="does not build FROM node:22"):
        apply_change(c_build(), Change("base-image", "node:22"))


def test_an_unknown_change_kind_is_refused():
    with pytest.raises(BuildCacheError, match="unknown change 'rename'"):
        apply_change(c_build(), Change("rename", "main.c"))


def test_a_dockerfile_that_cannot_be_read_names_the_line():
    with pytest.raises(BuildCacheError, match="Line 2: 'COPPY' is not a Dockerfile instruction"):
        simulate_first_build(BuildInput("FROM node\nCOPPY . .\n"))


def test_instructions_without_a_build_step_say_so():
    report = simulate_first_build(c_build(dockerfile=C_PROGRAM + 'CMD ["/src/app"]\n'))
    assert report.outcome_at(6).status == CONFIG
    assert "no build step" in report.outcome_at(6).reason


# --- Estimates ------------------------------------------------------------------------------------


def test_manifests_first_rebuilds_a_code_edit_faster_than_copying_everything_first():
    slow = simulate_change(
        STARTING_POINTS["copy-everything-first"].build(), STANDARD_CHANGES["edit-code"]
    )
    fast = simulate_change(
        STARTING_POINTS["manifests-first"].build(), STANDARD_CHANGES["edit-code"]
    )
    assert fast.seconds < slow.seconds


def test_without_a_dockerignore_node_modules_and_git_end_up_in_the_image():
    build = STARTING_POINTS["copy-everything-first"].build()
    bare = simulate_first_build(build)
    ignored = simulate_first_build(replace(build, dockerignore="node_modules\n.git\n.env\n"))
    assert bare.image_bytes - ignored.image_bytes >= 90_000_000


def test_a_cached_step_takes_no_time():
    report = simulate_rebuild(c_build(), c_build())
    assert report.seconds == 0


# --- Exercises ------------------------------------------------------------------------------------


def test_a_prediction_of_exactly_the_rebuilt_steps_is_right():
    report = PREDICTION_EXERCISES["manifests-first-code-edit"].report()
    assert check_prediction(report, [5, 6]).correct


def test_a_prediction_that_misses_a_step_names_it():
    report = PREDICTION_EXERCISES["manifests-first-code-edit"].report()
    check = check_prediction(report, [5])
    assert not check.correct
    assert "line 6 (RUN npm run build)" in check.feedback


def test_a_prediction_that_picks_an_instruction_without_a_build_step_is_told_so():
    report = PREDICTION_EXERCISES["manifests-first-code-edit"].report()
    check = check_prediction(report, [5, 6, 7])
    assert "line 7 (USER node, no build step)" in check.feedback


def test_every_prediction_exercise_rebuilds_something():
    assert all(exercise.report().rebuilt_lines for exercise in PREDICTION_EXERCISES.values())


def test_the_reorder_exercise_accepts_the_manifests_first_order():
    assert check_reorder(MANIFESTS_FIRST).solved


def test_the_reorder_exercise_rejects_the_starting_order():
    check = check_reorder(STARTING_POINTS["copy-everything-first"].dockerfile)
    assert not check.solved
    assert "rebuilds 3 step(s)" in check.problems[0]


def test_the_reorder_exercise_rejects_installing_before_the_manifests_are_copied():
    dockerfile = 'FROM node:22-slim\nWORKDIR /app\nRUN npm ci\nCOPY . .\nRUN npm run build\nUSER node\nCMD ["node", "dist/server.js"]\n'
    check = check_reorder(dockerfile)
    assert not check.solved
    assert "lockfile must still rebuild line 3 (RUN npm ci)" in check.problems[0]


def test_the_reorder_exercise_rejects_dropping_a_run_command():
    dockerfile = MANIFESTS_FIRST.replace("RUN npm run build\n", "")
    check = check_reorder(dockerfile)
    assert "missing: npm run build" in check.problems[0]


def test_the_reorder_exercise_reports_a_dockerfile_that_does_not_build():
    check = check_reorder("FROM node:22-slim\nCOPY missing.txt ./\n")
    assert check.problems == (
        'Line 2: COPY: "missing.txt" does not exist in the project, so the build fails ("not found")',
    )


def test_a_file_the_dockerignore_excludes_can_change_without_a_rebuild():
    """optimize, "Keep the context small": a smaller context "reduces the likelihood of cache
    invalidation": .env is ignored in the manifests-first starting point."""
    build = STARTING_POINTS["manifests-first"].build()
    report = simulate_change(build, Change("edit-file", ".env", "SESSION_SECRET=rotated\n"))
    assert report.rebuilt_lines == frozenset()


def test_a_changed_env_value_rebuilds_the_next_run_but_not_a_copy_before_it():
    """BuildKit's dockerfile2llb: ENV only adds to the build state's environment (dispatchEnv), which RUN
    uses and COPY does not."""
    dockerfile = "FROM node\nENV MODE=a\nCOPY app.js ./\nRUN node app.js\n"
    before = BuildInput(dockerfile, {"app.js": "1"})
    after = BuildInput(dockerfile.replace("MODE=a", "MODE=b"), {"app.js": "1"})
    report = simulate_rebuild(before, after)
    assert statuses(report) == {1: CACHED, 2: CONFIG, 3: CACHED, 4: REBUILT}
    assert report.outcome_at(4).cause == "env"


def test_a_here_document_is_refused_with_a_clear_message():
    with pytest.raises(BuildCacheError, match="Line 2: here-documents"):
        simulate_first_build(BuildInput("FROM alpine\nRUN <<EOF\napk add curl\nEOF\n"))


def test_copy_from_an_image_is_rebuilt_when_that_image_changes():
    """multi-stage, "Use an external image as a stage": `COPY --from=nginx:latest /etc/nginx/nginx.conf
    /nginx.conf`."""
    build = BuildInput("FROM alpine\nCOPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf\n")
    report = simulate_change(build, Change("base-image", "nginx:latest"))
    assert statuses(report) == {1: CACHED, 2: REBUILT}
    assert "new digest" in report.outcome_at(2).reason


def test_an_arg_redeclared_in_a_stage_takes_the_global_default():
    """Dockerfile reference, "Understand how ARG and FROM interact": `ARG VERSION` without a value inside
    the stage uses the default declared before FROM."""
    dockerfile = "ARG VERSION=latest\nFROM busybox:$VERSION\nARG VERSION\nRUN echo $VERSION > image_version\n"
    report = simulate_first_build(BuildInput(dockerfile))
    assert "VERSION='latest'" in report.outcome_at(3).reason


def test_an_arg_declared_before_from_is_not_in_the_stages_environment():
    """Dockerfile reference: "An ARG declared before a FROM is outside of a build stage, so it can't be used
    in any instruction after a FROM"; only the base image changes with it here."""
    dockerfile = "ARG TAG=1\nFROM alpine\nRUN echo hi\n"
    build = BuildInput(dockerfile)
    assert simulate_change(build, Change("build-arg", "TAG", "2")).rebuilt_lines == frozenset()


def test_an_unclosed_bracket_in_the_dockerignore_names_its_line():
    """patternmatcher.New returns filepath.Match's ErrBadPattern for an unclosed class."""
    with pytest.raises(
        BuildCacheError, match=r"\.dockerignore line 2: 'src/\[x' has an unclosed \["
    ):
        read_dockerignore("node_modules\nsrc/[x\n")


def test_a_copy_source_that_expands_to_nothing_is_refused():
    with pytest.raises(BuildCacheError, match="Line 2: COPY: a source is empty"):
        simulate_first_build(BuildInput("FROM alpine\nCOPY ${UNSET} /app/\n", {"a": "1"}))


def test_an_arg_with_an_unclosed_quote_names_its_line():
    with pytest.raises(BuildCacheError, match="Line 2: ARG has an unclosed quote"):
        simulate_first_build(BuildInput('FROM alpine\nARG NAME="x\n'))


def test_a_dockerfile_longer_than_the_parser_accepts_is_refused():
    with pytest.raises(BuildCacheError, match="the Dockerfile is limited to 5,000 characters"):
        simulate_first_build(BuildInput("FROM alpine\n" + "RUN echo hi\n" * 500))


# moby/patternmatcher's own table (patternmatcher_test.go, TestMatches, the MatchesOrParentMatches
# subtest: "exact" and "inexact" both count as excluded); cases with a trailing slash are left out, since
# the simulator's paths are files.
PATTERNMATCHER_CASES = [
    ("**", "file", True),
    ("**", "dir/file", True),
    ("**/", "file", True),
    ("**/", "dir/file", True),
    ("**/**", "dir/file", True),
    ("dir/**", "dir/file", True),
    ("dir/**", "dir/dir2/file", True),
    ("**/dir", "dir", True),
    ("**/dir", "dir/file", True),
    ("**/dir2/*", "dir/dir2/file", True),
    ("**/dir2/**", "dir/dir2/dir3/file", True),
    ("**file", "file", True),
    ("**file", "dir/file", True),
    ("**/file", "dir/file", True),
    ("**file", "dir/dir/file", True),
    ("**/file", "dir/dir/file", True),
    ("**/file*", "dir/dir/file", True),
    ("**/file*", "dir/dir/file.txt", True),
    ("**/file*txt", "dir/dir/file.txt", True),
    ("**/file*.txt", "dir/dir/file.txt", True),
    ("**/file*.txt*", "dir/dir/file.txt", True),
    ("**/**/*.txt", "dir/dir/file.txt", True),
    ("**/**/*.txt2", "dir/dir/file.txt", False),
    ("**/*.txt", "file.txt", True),
    ("**/**/*.txt", "file.txt", True),
    ("a**/*.txt", "a/file.txt", True),
    ("a**/*.txt", "a/dir/file.txt", True),
    ("a**/*.txt", "a/dir/dir/file.txt", True),
    ("a/*.txt", "a/dir/file.txt", False),
    ("a/*.txt", "a/file.txt", True),
    ("a/*.txt**", "a/file.txt", True),
    ("a[b-d]e", "ae", False),
    ("a[b-d]e", "ace", True),
    ("a[b-d]e", "aae", False),
    ("a[^b-d]e", "aze", True),
    (".*", ".foo", True),
    (".*", "foo", False),
    ("abc.def", "abcdef", False),
    ("abc.def", "abc.def", True),
    ("abc.def", "abcZdef", False),
    ("abc?def", "abcZdef", True),
    ("abc?def", "abcdef", False),
    ("**/foo/bar", "foo/bar", True),
    ("**/foo/bar", "dir/foo/bar", True),
    ("**/foo/bar", "dir/dir2/foo/bar", True),
    ("abc/**", "abc", False),
    ("abc/**", "abc/def", True),
    ("abc/**", "abc/def/ghi", True),
    ("**/.foo", ".foo", True),
    ("**/.foo", "bar.foo", False),
    ("a(b)c/def", "a(b)c/def", True),
    ("a(b)c/def", "a(b)c/xyz", False),
    ("a.|)$(}+{bc", "a.|)$(}+{bc", True),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True),
    ("a\\\\", "a\\", True),
    ("a\\*b", "a*b", True),
]


@pytest.mark.parametrize(("pattern", "path", "is_excluded"), PATTERNMATCHER_CASES)
def test_patternmatchers_own_cases(pattern, path, is_excluded):
    assert (ignoring_rule(path, read_dockerignore(pattern)) is not None) is is_excluded


@pytest.mark.parametrize(
    ("patterns", "path", "is_excluded"),
    [
        ("**\n!util/docker/web\n", "util/docker/web/foo", False),
        ("**\n!util/docker/web\nutil/docker/web/foo\n", "util/docker/web/foo", True),
        ("docs\n!docs/README.md\n", "docs/README.md", False),
        ("docs/*\n!docs/README.md\n", "docs/README.md", False),
        ("!fileutils.go\n*.go\n", "fileutils.go", True),
        ("*.go\n!fileutils.go\n", "fileutils.go", False),
    ],
)
def test_patternmatchers_own_exception_cases(patterns, path, is_excluded):
    """patternmatcher_test.go: multiPatternTests, TestPatternMatchesFolderExclusions,
    TestExclusionPatternMatchesPatternBefore/After."""
    assert (ignoring_rule(path, read_dockerignore(patterns)) is not None) is is_excluded


@pytest.mark.parametrize(
    ("source", "copied"),
    [
        ("a*/b", ("abc/b",)),  # Go's filepath.Match: * stops at /, so a/c/b does not match
        ("ab[^c]", ("abd", "abe")),
        ("ab[b-d]", ("abc/b", "abd")),  # a matching directory copies what is under it
        ("a\\*b", ("a*b",)),
    ],
)
def test_copy_wildcards_follow_go_filepath_match(source, copied):
    """COPY sources are matched with Go's filepath.Match (the cases are from its match tests, which
    moby/patternmatcher_test.go copies as matchTests)."""
    files = {"abc/b": "1", "a/c/b": "2", "abd": "3", "abe": "4", "a*b": "5"}
    dockerfile = f"FROM alpine\nCOPY {json.dumps([source, '/dst/'])}\n"
    report = simulate_first_build(BuildInput(dockerfile, files))
    assert report.outcome_at(2).files == copied


def test_a_new_source_date_epoch_rebuilds_from_the_first_workdir():
    """invalidation, "WORKDIR and SOURCE_DATE_EPOCH" (added by docker/docs#23795): "Changing
    SOURCE_DATE_EPOCH between builds invalidates the cache for WORKDIR and all subsequent instructions"."""
    build = c_build(build_args={"SOURCE_DATE_EPOCH": "0"})
    report = simulate_change(build, Change("build-arg", "SOURCE_DATE_EPOCH", "1700000000"))
    assert report.rebuilt_lines == {4, 5}
    assert report.outcome_at(4).cause == "args"


BIND_MANIFEST = (
    "FROM node:22\n"
    "RUN --mount=type=bind,source=package.json,target=package.json \\\n"
    "    --mount=type=cache,target=/root/.npm npm ci\n"
)


def test_a_bind_mount_of_one_file_ignores_edits_to_other_files():
    """optimize, "Use bind mounts": only the mounted files count for the RUN's cache."""
    build = BuildInput(BIND_MANIFEST, {"package.json": "{}", "src/app.js": "1"})
    assert (
        simulate_change(build, Change("edit-file", "src/app.js", "2")).rebuilt_lines == frozenset()
    )


def test_a_bind_mount_reruns_its_step_when_the_mounted_file_changes():
    build = BuildInput(BIND_MANIFEST, {"package.json": "{}", "src/app.js": "1"})
    report = simulate_change(build, Change("edit-file", "package.json", '{"a": 1}'))
    assert (report.rebuilt_lines, report.outcome_at(2).cause) == ({2}, "files")


def test_no_cache_filter_reruns_the_steps_of_that_stage():
    """invalidation, "RUN instructions": `docker build --no-cache-filter install .` forces the RUN of
    stage install to run again."""
    build = BuildInput("FROM alpine:3.21 AS install\nRUN apk add curl\n")
    report = simulate_change(build, Change("no-cache", "install"))
    assert (statuses(report), report.outcome_at(2).cause) == ({1: CACHED, 2: REBUILT}, "no-cache")


def test_no_cache_reruns_every_step_but_keeps_the_base_image():
    """multi-stage, "Differences between legacy builder and BuildKit": the `--no-cache` build log shows
    `CACHED [base 1/2] FROM docker.io/library/ubuntu` and every RUN running."""
    report = simulate_change(BuildInput(MULTI_STAGE_DOC, target="stage2"), Change("no-cache"))
    assert statuses(report) == {
        1: CACHED,
        2: REBUILT,
        4: SKIPPED,
        5: SKIPPED,
        7: CONFIG,
        8: REBUILT,
    }


def test_a_stage_copying_from_a_no_cache_stage_copies_again():
    build = BuildInput(GO_MULTI_STAGE, {"main.go": "package main\n"})
    report = simulate_change(build, Change("no-cache", "0"))
    assert (report.outcome_at(7).status, report.outcome_at(7).cause) == (REBUILT, "source-stage")


def test_no_cache_filter_names_an_existing_stage():
    with pytest.raises(
        BuildCacheError, match="--no-cache-filter tests: there is no stage named 'tests'"
    ):
        simulate_change(c_build(), Change("no-cache", "tests"))
