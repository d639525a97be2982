"""Checking a learner's Dockerfile (and .dockerignore) the way a careful reviewer would.

The Dockerfile is read by our own reader (reading.py: heredocs, parser directives, continuations
with empty or comment lines, Windows' backtick escape) into the stage model of model.py (stages,
ancestry, the ARG and ENV values in force at each instruction). The checks then look at the stages.

Each check passes, fails, does not apply (n/a), or cannot tell (the answer depends on something the file
does not say, such as `FROM ${BASE}` with no default); n/a and cannot-tell are worth no points either way,
so they never count against the learner, and the feedback says so. A check says why, with the line
numbers it is about, and names the hadolint rule where one matches.

Most checks judge what ships: the final stage and the stages it is built FROM ("the final lineage"),
plus what it copies out of other stages. Build stages that never ship are not held to runtime rules.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass

from drills.grading.dockerfile.commands import (
    Install,
    classify_install,
    is_literal_secret_value,
    is_secret_name,
    literal_credentials_in_url,
    simple_commands,
)
from drills.grading.dockerfile.images import (
    is_minimal,
    is_pinned,
    is_windows,
    names_variant,
    parse_image,
    runs_as_non_root_by_default,
)
from drills.grading.dockerfile.model import (
    Build,
    Instruction,
    Stage,
    analyse_snippet,
    assignments,
    parse_build,
    parse_dockerfile,
)
from drills.grading.dockerfile.reading import DockerfileError

__all__ = [
    "CHECKS",
    "CHECK_TITLES",
    "Build",
    "CheckResult",
    "DockerfileError",
    "DockerfileGrade",
    "Instruction",
    "Stage",
    "analyse_snippet",
    "grade_dockerfile",
    "parse_dockerfile",
]

# Real Dockerfiles run to 5-20 KB; 100 KB leaves room for the longest while keeping grading fast.
MAX_DOCKERFILE_LENGTH = 100_000
MAX_DOCKERIGNORE_LENGTH = 2000

CHECKS = (
    "base-pinned",
    "base-minimal",
    "multi-stage",
    "deps-before-source",
    "prod-deps-only",
    "non-root",
    "exec-form",
    "no-secrets",
    "copy-not-add",
    "workdir-absolute",
    "apt-hygiene",
    "healthcheck",
    "dockerignore",
)

CHECK_TITLES = {
    "base-pinned": "Base images are pinned",
    "base-minimal": "The final image starts from a minimal base",
    "multi-stage": "Multi-stage build",
    "deps-before-source": "Dependencies installed before the source is copied",
    "prod-deps-only": "Only production dependencies ship",
    "non-root": "Runs as a non-root user",
    "exec-form": "CMD / ENTRYPOINT in exec form",
    "no-secrets": "No secrets in the image",
    "copy-not-add": "COPY rather than ADD",
    "workdir-absolute": "Absolute WORKDIR, no cd in RUN",
    "apt-hygiene": "apt-get hygiene",
    "healthcheck": "A HEALTHCHECK",
    "dockerignore": ".dockerignore keeps junk and secrets out",
}

# Verdicts worth no points either way: the check does not apply, or the file does not say.
NOT_COUNTED = frozenset({"n/a", "cannot-tell"})
NOT_COUNTED_NOTE = " This check is not counted in your score."

# Files that describe dependencies (copied before the install on purpose), by base name.
MANIFEST_RE = re.compile(
    r"^(package(-lock)?\.json|package\*\.json|npm-shrinkwrap\.json|yarn\.lock|\.yarnrc(\.yml)?|"
    r"pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|bun\.lockb?|\.pnpmfile\.cjs|"
    r"requirements[^/]*\.(txt|in)|constraints[^/]*\.txt|pyproject\.toml|poetry\.lock|uv\.lock|"
    r"Pipfile(\.lock)?|setup\.(py|cfg)|go\.(mod|sum)|Gemfile(\.lock)?|composer\.(json|lock)|"
    r"[^/]*\.(csproj|fsproj|vbproj|sln|slnx|props|targets)|NuGet\.config|Cargo\.(toml|lock)|"
    r"pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties)$",
    re.I,
)
# Folders copied before an install because the install needs them (schema for a postinstall, patches).
INSTALL_INPUT_FOLDERS = frozenset(
    {"prisma", "patches", ".yarn", ".husky", ".mvn", "gradle", ".cargo", ".config", "wrapper"}
)
CODE_EXTENSIONS = frozenset(
    {"js", "mjs", "cjs", "ts", "mts", "cts", "tsx", "jsx", "py", "go", "rb", "java", "kt", "cs", "php",
     "rs", "vue", "svelte", "ex", "exs", "scala", "swift", "c", "cc", "cpp", "h"}
)  # fmt: skip
SECRET_FILE_RE = re.compile(
    r"(^|/)(\.env(\.[\w.-]+)?|[\w.-]*\.env|id_(rsa|dsa|ecdsa|ed25519)|[\w.-]*\.key|"
    r"[\w.-]*(private|privkey)[\w.-]*\.pem|[\w.-]*-key\.pem|key\.pem|\.netrc|\.pgpass|\.git-credentials|"
    r"credentials(\.json)?|\.aws|\.ssh|service-account[\w.-]*\.json|secrets?\.(json|ya?ml|env|toml))/?$",
    re.I,
)
# Templates list variable names, not values: .env.example and friends are fine to copy.
SECRET_TEMPLATE_RE = re.compile(r"\.(example|sample|template|dist|defaults?)$", re.I)
AUTH_TOKEN_RE = re.compile(r"_auth(Token)?\s*=\s*([^\s\"'$}]+)", re.I)
BUILD_OUTPUTS = frozenset(
    {"dist", "build", "out", "public", "static", ".next", "www", "html", "target"}
)
ARCHIVE_RE = re.compile(r"\.(tar(\.(gz|bz2|xz|zst))?|tgz|tbz2?|txz)$", re.I)
WINDOWS_ABSOLUTE_RE = re.compile(r"^([A-Za-z]:)?[\\/]")
PACKAGE_MANAGERS = {
    "apk": ("add",),
    "apt-get": ("install",),
    "apt": ("install",),
    "yum": ("install",),
    "dnf": ("install",),
    "microdnf": ("install",),
    "zypper": ("install", "in"),
}


@dataclass(frozen=True)
class CheckResult:
    id: str
    status: str  # pass, fail, n/a, cannot-tell
    feedback: str
    lines: tuple[int, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return CHECK_TITLES[self.id]

    @property
    def points(self) -> int:
        return 1 if self.status == "pass" else 0

    @property
    def max_points(self) -> int:
        return 0 if self.status in NOT_COUNTED else 1

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "points": self.points,
            "max_points": self.max_points,
            "evidence": [
                {"line": line, "text": text}
                for line, text in zip(self.lines, self.evidence, strict=False)
            ],
            "feedback": self.feedback,
        }


def _result(
    check: str,
    status: str,
    feedback: str,
    found: list[Instruction] | None = None,
    notes: list[str] | None = None,
) -> CheckResult:
    found = sorted({i.line: i for i in found or []}.values(), key=lambda i: i.line)
    feedback = " ".join([feedback, *(notes or [])])
    if status in NOT_COUNTED:
        feedback += NOT_COUNTED_NOTE
    return CheckResult(
        check,
        status,
        feedback,
        tuple(i.line for i in found),
        tuple(i.content.strip() for i in found),
    )


def _from_line(stage: Stage) -> Instruction:
    return Instruction("FROM", stage.base, stage.line, f"FROM {stage.base}")


@functools.lru_cache(maxsize=4096)
def _commands(instruction: Instruction) -> tuple:
    """The simple commands of a RUN (cached: several checks ask about the same RUN)."""
    return tuple(simple_commands(instruction.script)) if instruction.keyword == "RUN" else ()


def _installs(instruction: Instruction) -> list[Install]:
    return [found for c in _commands(instruction) if (found := classify_install(c)) is not None]


def _initial_workdir(build: Build, stage: Stage) -> str:
    """Where a stage starts: / for official images and scratch; unknown ("") for other images,
    which may set their own WORKDIR (n8nio/base starts in /home/node)."""
    image = parse_image(build.image_of(stage))
    return "/" if image.path == "scratch" or ("/" not in image.path and not image.registry) else ""


def _workdirs(build: Build, stage: Stage) -> dict[int, str]:
    """The working directory in force at each instruction (by line) of a stage's lineage ("": unknown)."""
    cache = build.__dict__.setdefault("_workdirs", {})
    if stage.index not in cache:
        cache[stage.index] = _compute_workdirs(build, stage)
    return cache[stage.index]


def _compute_workdirs(build: Build, stage: Stage) -> dict[int, str]:
    current, found = _initial_workdir(build, stage), {}
    for instruction in build.effective(stage):
        found[instruction.line] = current
        if instruction.keyword == "WORKDIR":
            current = _absolute(instruction.expanded()[0].strip("\"'"), current)
    found[-1] = current  # the stage's final working directory
    return found


def _absolute(path: str, workdir: str) -> str:
    """The absolute path, or "" when it is relative to an unknown working directory."""
    if not path.startswith("/") and not workdir:
        return ""
    return posixpath.normpath(posixpath.join(workdir or "/", path))


def _covers(copied: str, path: str, written: str = "") -> bool:
    """Whether copying `copied` takes `path` with it (the same path, or a folder above it).

    With an unknown location on either side, a folder (not a build output such as dist/) is
    assumed to take it along: `COPY --from=builder /home/node ...` where the builder's image
    chose its own working directory.
    """
    if not copied or not path:
        name = (written or copied).rstrip("/").rsplit("/", 1)[-1]
        return name in {"", ".", "*"} or ("." not in name and name not in BUILD_OUTPUTS)
    copied = copied.rstrip("/") or "/"
    return copied == "/" or path == copied or path.startswith(copied + "/")


def _is_windows(build: Build) -> bool:
    if build.directives.get("escape") == "`":
        return True
    roots = [stage for stage in build.stages if build.parent(stage) is None]
    if any(is_windows(parse_image(stage.base)) for stage in roots):
        return True
    shells = [i.arguments.lower() for s in build.stages for i in s.of("SHELL")]
    return any("powershell" in shell or "cmd" in shell for shell in shells)


# --- base images ---------------------------------------------------------------------------------


def check_base_pinned(build: Build) -> CheckResult:
    unpinned, unknown = [], []
    for stage in build.stages:
        if build.parent(stage) is not None:
            continue
        if not stage.base_known or "$" in stage.base:
            unknown.append(_from_line(stage))
        elif not is_pinned(parse_image(stage.base)):
            unpinned.append(_from_line(stage))
    if unpinned:
        return _result(
            "base-pinned",
            "fail",
            "Pin every base image to a version (node:26-trixie-slim) or a digest: an untagged, `latest` or "
            "floating tag such as `lts-slim` changes under you between builds (hadolint DL3006, DL3007).",
            unpinned,
        )
    if unknown:
        return _result(
            "base-pinned",
            "cannot-tell",
            "The base image comes from a build argument with no default (`FROM ${BASE}`), so the file does "
            "not say which image or tag is used. Give the ARG a pinned default.",
            unknown,
        )
    return _result("base-pinned", "pass", "Every base image is pinned to a version or a digest.")


def check_base_minimal(build: Build) -> CheckResult:
    root = build.root(build.final)
    unresolved = not root.base_known or "$" in root.base
    # node:${VERSION}-alpine still says alpine, whatever the version turns out to be.
    if unresolved and not (root.base and is_minimal(parse_image(root.base))):
        return _result(
            "base-minimal",
            "cannot-tell",
            "The final stage's base image comes from a build argument with no default, so the file does not "
            "say which image ships.",
            [_from_line(root)],
        )
    image = parse_image(root.base)
    if not is_minimal(image) and not names_variant(image):
        return _result(
            "base-minimal",
            "cannot-tell",
            "The final stage's base is given by digest only, which does not say whether it is a slim, "
            "alpine or full variant. Write the tag with the digest (python:3.12-slim@sha256:…).",
            [_from_line(root)],
        )
    if is_minimal(image):
        return _result(
            "base-minimal",
            "pass",
            "The final stage starts from a minimal base image.",
            [_from_line(root)],
        )
    return _result(
        "base-minimal",
        "fail",
        "The final stage starts from a full image. A slim, alpine, chiseled or distroless base has far "
        "fewer packages: a smaller attack surface, fewer CVEs and a faster pull.",
        [_from_line(root)],
    )


def check_multi_stage(build: Build) -> CheckResult:
    if len(build.stages) < 2:
        return _result(
            "multi-stage",
            "fail",
            "Use a multi-stage build: build in one stage, then COPY --from it only what runs, so build "
            "tools and dev dependencies stay behind.",
        )
    copies = [
        i for i in build.final.of("COPY") if build.stage_named(i.flags.get("from", "")) is not None
    ]
    if copies:
        return _result(
            "multi-stage",
            "pass",
            "The final stage copies its artifacts from an earlier stage.",
            copies,
        )
    return _result(
        "multi-stage",
        "fail",
        "There are several stages but the final one copies nothing from them (COPY --from=<stage>): "
        "whatever the earlier stages installed still ships.",
    )


# --- dependencies --------------------------------------------------------------------------------


def _is_source(path: str) -> bool:
    """Whether a copied path is application source (not a manifest, lockfile or install input)."""
    path = path.strip().rstrip("/")
    if path in {"", ".", "./", "*", "**", "/"}:
        return True
    if re.match(r"^[a-z]+://", path):
        return False  # a download, not the context
    name = path.rsplit("/", 1)[-1]
    bare = name.rstrip("*?")  # Gemfile*, Pipfile*, yarn.lock*: the manifest, optionally
    if MANIFEST_RE.match(name) or MANIFEST_RE.match(bare) or bare in INSTALL_INPUT_FOLDERS:
        return False
    stem, dot, extension = name.rpartition(".")
    if dot and stem:
        return extension.lower() in CODE_EXTENSIONS
    # Otherwise a folder (src, app, apps/web, packages, lib, public) unless a known plain file.
    return not (
        name.startswith(".") or name in {"Makefile", "LICENSE", "README", "VERSION", "Procfile"}
    )


def _into_project(instruction: Instruction, workdir: str, project: str) -> bool:
    """Whether a COPY lands in the project folder the install runs in (not /root/.ssh, /usr/local/bin)."""
    destination = _absolute(instruction.paths()[1], workdir)
    if not destination or not project:
        return True
    return _covers(destination, project) or _covers(project, destination)


def _has_bind_mount(instruction: Instruction) -> bool:
    return any("type=bind" in mount for mount in instruction.mounts)


def check_deps_before_source(build: Build) -> CheckResult:
    checked: list[Instruction] = []
    for stage in build.stages:
        install = next(
            (i for i in stage.instructions if any(f.kind == "project" for f in _installs(i))), None
        )
        if install is None:
            continue
        before = [
            i
            for i in build.effective(stage)
            if i.keyword in {"COPY", "ADD"} and i.line < install.line  # ancestors' lines come first
        ]
        workdirs = _workdirs(build, stage)
        project = workdirs.get(install.line, "")
        own = [
            i
            for i in before
            if "from" not in i.flags and _into_project(i, workdirs.get(i.line, ""), project)
        ]
        source = [i for i in own if any(_is_source(path) for path in i.paths()[0])]
        if source:
            return _result(
                "deps-before-source",
                "fail",
                "Source is copied before the dependencies are installed, so every code change "
                "invalidates the install layer. Copy only the manifests and lockfiles (package.json, "
                "package-lock.json, requirements.txt…), install, then copy the source.",
                [*source, install],
            )
        manifests = [i for i in before if any(not _is_source(p) for p in i.paths()[0])]
        if not manifests and not _has_bind_mount(install):
            return _result(
                "deps-before-source",
                "fail",
                "Copy the dependency manifests (package.json, package-lock.json) before the install step.",
                [install],
            )
        checked += [*manifests, install]
    if not checked:
        return _result(
            "deps-before-source",
            "n/a",
            "No project dependency install was found (global tools and single packages do not count).",
        )
    return _result(
        "deps-before-source",
        "pass",
        "The manifests are copied and installed before the source: a code change reuses the cached install layer.",
        checked,
    )


@dataclass
class _Modules:
    """The node_modules a stage holds: production-only (True), with dev dependencies (False), or
    of unknown make (None: copied in from outside this file), and why."""

    production: bool | None
    evidence: list[Instruction]
    notes: list[str]
    path: str  # absolute path of the node_modules folder ("" when unknown)


def _install_is_production(install: Install, instruction: Instruction, exported: dict) -> bool:
    flags = install.flags
    if any(f in {"--include=dev", "--production=false", "--dev", "-D"} for f in flags):
        return False
    if any(f.startswith("--production=") or f.startswith("--prod=") for f in flags):
        return True  # --production=true
    if any(
        f in {"--omit=dev", "--only=prod", "--only=production", "--production", "--prod", "-P"}
        for f in flags
    ):
        return True
    if install.manager == "bun" and "-p" in flags:
        return True
    if "--omit" in flags and flags[flags.index("--omit") + 1 : flags.index("--omit") + 2] == (
        "dev",
    ):
        return True

    def variable(name: str) -> str:
        for source in (install.command.assignments, exported, instruction.variables):
            if name in source:
                return (source[name] or "").strip("\"'")
        return ""

    if variable("NODE_ENV") == "production":
        return True
    return "true" in {variable("NPM_CONFIG_PRODUCTION"), variable("npm_config_production")}


def _deprecated_flag(install: Install) -> str | None:
    if install.manager == "npm" and any(
        f in {"--production", "--only=prod", "--only=production"} for f in install.flags
    ):
        return (
            "Note: npm deprecates `--production` and `--only=production` (npm 7 and later warn); "
            "write `--omit=dev`."
        )
    return None


def _copied_modules(
    build: Build, stage: Stage, instruction: Instruction, workdir: str, depth: int
) -> _Modules | bool | None:
    """What a COPY brings of node_modules: a state, None (nothing), or False (leave the state alone)."""
    sources, destination = instruction.paths()
    source_stage = build.stage_named(instruction.flags.get("from", ""))
    here = _absolute("node_modules", workdir)
    mentions_modules = any("node_modules" in p for p in [*sources, destination])
    if source_stage is None or source_stage.index >= stage.index or depth >= 8:
        if mentions_modules:  # node_modules from the build context or an image made elsewhere
            return _Modules(None, [instruction], [], here)
        return False
    source_workdir = _workdirs(build, source_stage)[-1]
    copied = [(_absolute(instruction.expanded(s)[0], source_workdir), s) for s in sources]
    if any(
        path.endswith("/.next/standalone") or s.endswith(".next/standalone") for path, s in copied
    ):
        note = "Next.js standalone output carries only the traced runtime files of node_modules."
        return _Modules(True, [instruction], [note], here)
    inner = _modules(build, source_stage, depth + 1)
    # A copy that names node_modules takes that stage's modules even when the paths disagree
    # (COPY --from=builder /app/node_modules while the builder installed in /calcom): the author's intent.
    if inner is not None and (
        mentions_modules or any(_covers(path, inner.path, s) for path, s in copied)
    ):
        return _Modules(inner.production, [*inner.evidence, instruction], inner.notes, here)
    if inner is None and mentions_modules:
        return _Modules(None, [instruction], [], here)
    return False


def _modules(build: Build, stage: Stage, depth: int = 0) -> _Modules | None:
    """What node_modules a stage's image ends up with, following installs, prunes, removals and copies."""
    # Memoised per stage: stages that copy from many stages that copy from many more stay linear.
    cache = build.__dict__.setdefault("_modules", {})
    if stage.index not in cache:
        cache[stage.index] = _compute_modules(build, stage, depth)
    return cache[stage.index]


def _compute_modules(build: Build, stage: Stage, depth: int) -> _Modules | None:
    state: _Modules | None = None
    workdirs = _workdirs(build, stage)
    for instruction in build.effective(stage):
        workdir = workdirs.get(instruction.line, "")
        if instruction.keyword == "COPY":
            copied = _copied_modules(build, stage, instruction, workdir, depth)
            if copied is not False:
                state = copied if copied is not None else state
            continue
        if instruction.keyword != "RUN":
            continue
        exported: dict[str, str] = {}
        for command in _commands(instruction):
            plain = command.plain
            if plain[:1] == ("cd",) and len(plain) > 1:
                workdir = _absolute(plain[1], workdir)  # `cd /app && npm ci` installs in /app
                continue
            if plain[:1] == ("export",):
                exported.update(dict(a.split("=", 1) for a in plain[1:] if "=" in a))
                continue
            if plain[:1] == ("rm",) and any(w.rstrip("/").endswith("node_modules") for w in plain):
                state = None
                continue
            if plain[:2] in {("npm", "prune"), ("pnpm", "prune"), ("yarn", "prune")}:
                if state is not None:
                    fake = Install(plain[0], "project", plain[2:], True, command)
                    if _install_is_production(fake, instruction, exported):
                        state = _Modules(True, [instruction], state.notes, state.path)
                continue
            if plain[:2] == ("pnpm", "deploy"):
                # pnpm deploy --prod <dir> writes a self-contained copy with production node_modules.
                fake = Install("pnpm", "project", plain[2:], True, command)
                target = [w for w in plain[2:] if not w.startswith("-") and "=" not in w][-1:]
                if target:
                    path = _absolute(posixpath.join(target[0], "node_modules"), workdir)
                    production = _install_is_production(fake, instruction, exported)
                    state = _Modules(production, [instruction], [], path)
                continue
            install = classify_install(command)
            if install is None or not install.node or install.kind in {"global", "tool"}:
                continue
            path = _absolute("node_modules", workdir)
            if install.kind == "package":
                if state is None:
                    dev = any(f in {"-D", "--save-dev", "--dev"} for f in install.flags)
                    state = _Modules(not dev, [instruction], [], path)
                continue
            production = _install_is_production(install, instruction, exported)
            note = _deprecated_flag(install)
            state = _Modules(production, [instruction], [note] if note else [], path)
    return state


def check_prod_deps_only(build: Build) -> CheckResult:
    modules = _modules(build, build.final)
    if modules is None:
        any_install = any(
            f.node and f.kind in {"project", "package"}
            for stage in build.stages
            for i in stage.instructions
            for f in _installs(i)
        )
        if not any_install:
            return _result("prod-deps-only", "n/a", "No npm, yarn, pnpm or bun install was found.")
        return _result(
            "prod-deps-only",
            "n/a",
            "No node_modules reaches the final image (it receives built files only), so there are no "
            "dependencies to ship.",
        )
    if modules.production is None:
        return _result(
            "prod-deps-only",
            "cannot-tell",
            "The final image gets a node_modules folder made outside this Dockerfile (from the build "
            "context or another image), so the file does not say whether dev dependencies are in it.",
            modules.evidence,
        )
    if modules.production:
        return _result(
            "prod-deps-only",
            "pass",
            "Only production dependencies reach the final image.",
            modules.evidence,
            modules.notes,
        )
    return _result(
        "prod-deps-only",
        "fail",
        "Dev dependencies reach the final image. Install with `npm ci --omit=dev` (or set "
        "NODE_ENV=production before installing, or `npm prune --omit=dev`) in the stage that ships or that "
        "you copy node_modules from.",
        modules.evidence,
        modules.notes,
    )


# --- runtime -------------------------------------------------------------------------------------


def check_non_root(build: Build) -> CheckResult:
    users = build.effective(build.final, "USER")
    root = build.root(build.final)
    if not users:
        if root.base_known and runs_as_non_root_by_default(parse_image(root.base)):
            return _result(
                "non-root",
                "pass",
                "The base image (:nonroot or chiseled) already runs as an unprivileged user.",
            )
        if not root.base_known:
            return _result(
                "non-root",
                "cannot-tell",
                "There is no USER and the base image comes from a build argument with no default, so the "
                "file does not say which user runs the process.",
            )
        return _result(
            "non-root",
            "fail",
            "The final stage has no USER, so the process runs as root. Add `USER node` or a numeric UID "
            "(hadolint DL3002 warns when the last USER is root).",
        )
    last = users[-1]
    value, known = last.expanded()
    user = value.split(":")[0].strip().strip("\"'").lower()
    if user in {"root", "0", "containeradministrator"}:  # the last: Windows images' admin
        return _result(
            "non-root",
            "fail",
            "The last USER is root: switch to an unprivileged user (hadolint DL3002).",
            [last],
        )
    if not known:
        return _result(
            "non-root",
            "pass",
            "The process runs as the user a variable names (such as $APP_UID, which the .NET images set to "
            "an unprivileged user).",
            [last],
        )
    return _result("non-root", "pass", "The process runs as an unprivileged user.", [last])


def check_exec_form(build: Build) -> CheckResult:
    effective = build.effective(build.final)
    last = {
        keyword: next((i for i in reversed(effective) if i.keyword == keyword), None)
        for keyword in ("ENTRYPOINT", "CMD")
    }
    entrypoint, cmd = last["ENTRYPOINT"], last["CMD"]
    own_lines = {i.line for i in build.final.instructions}
    if entrypoint and cmd and entrypoint.line in own_lines and cmd.line not in own_lines:
        cmd = None  # an ENTRYPOINT resets the CMD inherited from the base image (Dockerfile reference)
    found = [i for i in (entrypoint, cmd) if i is not None]
    if not found:
        return _result(
            "exec-form",
            "n/a",
            "No CMD or ENTRYPOINT in the final stage (the base image's is used).",
        )
    shell_form = [i for i in found if i.exec_form is None]
    if shell_form:
        return _result(
            "exec-form",
            "fail",
            'Use the exec form, CMD ["node", "src/server.js"]: the shell form runs under /bin/sh -c, which '
            "does not pass SIGTERM on, so the app is killed after the stop timeout (hadolint DL3025). "
            "Only the last CMD and ENTRYPOINT of the final stage count.",
            shell_form,
        )
    return _result(
        "exec-form",
        "pass",
        "The CMD/ENTRYPOINT that run use the exec form, so signals reach the process.",
        found,
    )


# --- secrets -------------------------------------------------------------------------------------


def _variable_leaks(instruction: Instruction, build_args: set[str]) -> str | None:
    """Why an ENV or ARG puts a secret in the file or the image, if it does."""
    for name, value in assignments(instruction.value, instruction.keyword):
        if literal_credentials_in_url(value or ""):
            return f"{name} holds a URL with a password in it"
        if not is_secret_name(name):
            continue
        if instruction.keyword == "ARG":
            if value is not None and is_literal_secret_value(value):
                return f"ARG {name} has a secret default, committed with the Dockerfile"
            return (
                f"ARG {name}: a build argument's value is recorded in the image's history; pass secrets "
                "with RUN --mount=type=secret"
            )
        if value and is_literal_secret_value(value):
            return f"ENV {name} sets a secret in the file and in every container's environment"
        references = re.findall(r"\$\{?(\w+)", value or "")
        if any(reference in build_args for reference in references):
            return f"ENV {name} copies a build argument into the image's environment"
    return None


def _run_leaks(instruction: Instruction) -> str | None:
    text = "\n".join([instruction.value, *(h.body for h in instruction.heredocs)])
    if literal_credentials_in_url(text):
        return "a URL with a password in it"
    if AUTH_TOKEN_RE.search(text):
        return "a registry auth token written out"
    for command in _commands(instruction):
        pairs = dict(command.assignments)
        if command.plain[:1] == ("export",):
            pairs.update(dict(a.split("=", 1) for a in command.plain[1:] if "=" in a))
        for name, value in pairs.items():
            if is_secret_name(name) and is_literal_secret_value(value):
                return f"{name} set to a literal value"
    return None


def _secret_copies(build: Build, stage: Stage) -> list[tuple[Instruction, str]]:
    """COPY/ADD of secret files from the build context in a stage: (instruction, absolute destination)."""
    found = []
    for instruction in stage.instructions:
        if instruction.keyword not in {"COPY", "ADD"} or "from" in instruction.flags:
            continue
        sources, destination = instruction.paths()
        named = [
            s for s in sources if SECRET_FILE_RE.search(s) and not SECRET_TEMPLATE_RE.search(s)
        ]
        if named:
            target = _absolute(destination, _workdirs(build, stage).get(instruction.line, "/"))
            found.append((instruction, target))
    return found


def _reaches_final(build: Build, stage: Stage, path: str) -> bool:
    final_lineage = build.lineage(build.final)
    if any(s.index == stage.index for s in final_lineage):
        return True
    workdir = _workdirs(build, stage)[-1]
    for instruction in build.effective(build.final, "COPY"):
        if build.stage_named(instruction.flags.get("from", "")) is stage:
            sources = instruction.paths()[0]
            if any(_covers(_absolute(s, workdir), path) for s in sources):
                return True
    return False


def check_no_secrets(build: Build) -> CheckResult:
    leaks: list[Instruction] = []
    reasons: list[str] = []
    notes: list[str] = []
    for stage in build.stages:
        build_args = {name for i in stage.of("ARG") for name, _ in assignments(i.value, "ARG")}
        for instruction in stage.instructions:
            reason = None
            if instruction.keyword in {"ENV", "ARG"}:
                reason = _variable_leaks(instruction, build_args)
            elif instruction.keyword == "RUN":
                reason = _run_leaks(instruction)
            elif instruction.keyword in {"LABEL", "COPY", "ADD"} and literal_credentials_in_url(
                instruction.value
            ):
                reason = "a URL with a password in it"
            if reason:
                leaks.append(instruction)
                reasons.append(f"line {instruction.line}: {reason}")
            if instruction.keyword in {"COPY", "ADD"} and any(
                p.rstrip("/").endswith(".npmrc") for p in instruction.paths()[0]
            ):
                notes.append(
                    f"Line {instruction.line} copies .npmrc: check that it holds no auth token, or mount "
                    "it as a secret (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc)."
                )
        for instruction, target in _secret_copies(build, stage):
            if _reaches_final(build, stage, target):
                leaks.append(instruction)
                reasons.append(f"line {instruction.line}: a secret file copied into the image")
    if leaks:
        return _result(
            "no-secrets",
            "fail",
            "Secrets end up in the Dockerfile, the image or its history ("
            + "; ".join(reasons)
            + "): anyone who can read the repository or pull the image can read them. Pass them at run "
            "time (environment, mounted files) or with RUN --mount=type=secret at build time.",
            leaks,
            notes,
        )
    return _result(
        "no-secrets",
        "pass",
        "No secrets in ENV, ARG, RUN or copied files. (Whether `COPY . .` takes .env along is the "
        ".dockerignore's job.)",
        None,
        notes,
    )


def check_copy_not_add(build: Build) -> CheckResult:
    adds = []
    for stage in build.stages:
        for instruction in stage.of("ADD"):
            sources = instruction.paths()[0]
            if not all(
                re.match(r"^(https?|git)://|^git@", s) or ARCHIVE_RE.search(s) for s in sources
            ):
                adds.append(instruction)
    if adds:
        return _result(
            "copy-not-add",
            "fail",
            "Use COPY for local files: ADD also fetches URLs and unpacks archives, which surprises readers "
            "(hadolint DL3020).",
            adds,
        )
    return _result("copy-not-add", "pass", "Local files are copied with COPY.")


def check_workdir_absolute(build: Build) -> CheckResult:
    windows = _is_windows(build)
    problems = []
    for stage in build.stages:
        for instruction in stage.of("WORKDIR"):
            path, known = instruction.expanded()
            path = path.strip("\"'")
            absolute = path.startswith("/") or not known or path.startswith("$")
            if windows and WINDOWS_ABSOLUTE_RE.match(path):
                absolute = True
            if not absolute:
                problems.append(instruction)
        for instruction in stage.of("RUN"):
            if any(c.plain[:1] == ("cd",) for c in _commands(instruction)):
                problems.append(instruction)
    if problems:
        return _result(
            "workdir-absolute",
            "fail",
            "Use an absolute WORKDIR (hadolint DL3000) instead of relative paths or `cd` inside RUN "
            "(hadolint DL3003): WORKDIR carries over to later instructions, cd does not.",
            problems,
        )
    return _result("workdir-absolute", "pass", "WORKDIR is absolute and RUN does not cd.")


def _apt_installs(instruction: Instruction):
    return [
        c
        for c in _commands(instruction)
        if c.plain[:1]
        and c.plain[0].rsplit("/", 1)[-1] in {"apt-get", "apt"}
        and "install" in c.plain
    ]


def check_apt_hygiene(build: Build) -> CheckResult:
    shipping = build.effective(build.final, "RUN")
    installs = [i for i in shipping if _apt_installs(i)]
    shipping_lines = {i.line for i in shipping}
    elsewhere = [
        i
        for s in build.stages
        for i in s.of("RUN")
        if i.line not in shipping_lines and _apt_installs(i)
    ]
    if not installs:
        message = (
            "apt-get is used only in build stages that do not ship, so their layers never reach the image."
            if elsewhere
            else "apt-get is not used."
        )
        return _result("apt-hygiene", "n/a", message)
    problems, messages = [], set()
    for instruction in installs:
        commands = _commands(instruction)
        words = [w for c in _apt_installs(instruction) for w in c.plain]
        found = set()
        if not any(
            re.fullmatch(r"-[a-z]*y[a-z]*|--yes|--assume-yes|-y", w)
            or w.startswith("APT::Get::Assume-Yes")
            for w in words
        ):
            found.add("answer yes with -y (hadolint DL3014)")
        if "--no-install-recommends" not in words and not any(
            "Install-Recommends" in w for w in words
        ):
            found.add("add --no-install-recommends (hadolint DL3015)")
        # With the package lists in a cache mount they never reach a layer, so nothing to remove.
        lists_cached = any("/var/lib/apt" in mount for mount in instruction.mounts)
        cleaned = any(
            (c.plain[:1] == ("rm",) and any(w.startswith("/var/lib/apt/lists") for w in c.plain))
            or (c.plain[:1] and c.plain[0] in {"apt-get", "apt"} and "dist-clean" in c.plain)
            for c in commands
        )
        if not lists_cached and not cleaned:
            found.add(
                "remove /var/lib/apt/lists/* (or run `apt-get dist-clean`) in the same RUN (hadolint DL3009)"
            )
        if not any(
            c.plain[:1] and c.plain[0] in {"apt-get", "apt"} and "update" in c.plain
            for c in commands
        ):
            found.add(
                "run apt-get update in the same RUN as install, or the package lists can be stale"
            )
        if found:
            problems.append(instruction)
            messages |= found
    if problems:
        return _result(
            "apt-hygiene", "fail", "For apt-get: " + "; ".join(sorted(messages)) + ".", problems
        )
    return _result(
        "apt-hygiene",
        "pass",
        "apt-get installs are tidy: update, -y, no recommends, lists removed.",
        installs,
    )


def _installs_tool(instruction: Instruction, tool: str) -> bool:
    for command in _commands(instruction):
        plain = command.plain
        if not plain:
            continue
        verbs = PACKAGE_MANAGERS.get(plain[0].rsplit("/", 1)[-1])
        if verbs and any(v in plain for v in verbs) and tool in plain:
            return True
    return False


def check_healthcheck(build: Build) -> CheckResult:
    checks = build.effective(build.final, "HEALTHCHECK")
    if not checks or checks[-1].arguments.upper().startswith("NONE"):
        return _result(
            "healthcheck",
            "fail",
            "Add a HEALTHCHECK that probes the app (e.g. its /healthz endpoint), so Docker and Compose know when "
            "it is healthy. (Kubernetes ignores it and uses probes instead.)",
        )
    check = checks[-1]
    command = re.split(r"\bCMD\b", check.value, maxsplit=1)[-1]
    if re.fullmatch(r'\s*(\[\s*"(true|/bin/true)"\s*\]|true|exit 0)\s*', command):
        return _result(
            "healthcheck",
            "fail",
            "This HEALTHCHECK always succeeds: probe the app itself, e.g. its /healthz endpoint.",
            [check],
        )
    tool = re.search(r"\b(curl|wget)\b", command)
    root = build.root(build.final)
    if tool and root.base_known:
        image = parse_image(root.base)
        installed = any(_installs_tool(i, tool[1]) for i in build.effective(build.final, "RUN"))
        copied = any(
            tool[1] in path.rsplit("/", 1)[-1]
            for i in build.effective(build.final, "COPY")
            for path in i.paths()[0]
        )
        alpine = "alpine" in image.path or any(p.startswith("alpine") for p in image.tag_parts)
        busybox_wget = tool[1] == "wget" and (alpine or "busybox" in image.path)
        # The nginx alpine images install curl (nginx's Dockerfile: apk add --no-cache curl
        # ca-certificates); the alpine-slim ones do not.
        nginx_curl = (
            tool[1] == "curl"
            and image.name.startswith("nginx")
            and alpine
            and "slim" not in image.tag_parts
        )
        if is_minimal(image) and not (
            installed or copied or busybox_wget or nginx_curl or is_windows(image)
        ):
            return _result(
                "healthcheck",
                "fail",
                f"The HEALTHCHECK calls {tool[1]}, which this minimal image does not have, so the check can never "
                "pass. Probe with the runtime itself (node -e with fetch) or install the tool.",
                [check],
            )
    return _result(
        "healthcheck", "pass", "A HEALTHCHECK tells Docker when the app is really ready.", [check]
    )


def check_dockerignore(build: Build) -> CheckResult:
    wanted = {
        "node_modules": ("node_modules",),
        ".git": (".git",),
        ".env": (".env", ".env*", "*.env", ".env.*"),
    }
    missing = [name for name, forms in wanted.items() if not build.ignores(*forms)]
    if missing:
        return CheckResult(
            "dockerignore",
            "fail",
            "The .dockerignore should exclude "
            + ", ".join(missing)
            + ": the build context then stays small "
            "and secrets and local modules never reach the image.",
        )
    return CheckResult(
        "dockerignore",
        "pass",
        "The .dockerignore keeps node_modules, .git and .env out of the build context.",
    )


STAGE_CHECKS = {
    "base-pinned": check_base_pinned,
    "base-minimal": check_base_minimal,
    "multi-stage": check_multi_stage,
    "deps-before-source": check_deps_before_source,
    "prod-deps-only": check_prod_deps_only,
    "non-root": check_non_root,
    "exec-form": check_exec_form,
    "no-secrets": check_no_secrets,
    "copy-not-add": check_copy_not_add,
    "workdir-absolute": check_workdir_absolute,
    "apt-hygiene": check_apt_hygiene,
    "healthcheck": check_healthcheck,
    "dockerignore": check_dockerignore,
}


@dataclass(frozen=True)
class DockerfileGrade:
    checks: tuple[CheckResult, ...]
    notes: tuple[str, ...] = ()  # about the file as a whole: BuildKit warnings, constructs read

    @property
    def score(self) -> int:
        return sum(check.points for check in self.checks)

    @property
    def max_score(self) -> int:
        return sum(check.max_points for check in self.checks)

    def statuses(self) -> dict[str, str]:
        return {check.id: check.status for check in self.checks}


def grade_dockerfile(
    dockerfile: str, dockerignore: str = "", checks: tuple[str, ...] = CHECKS
) -> DockerfileGrade:
    """Run the checks; raises DockerfileError (with the line) when the Dockerfile cannot be read."""
    if len(dockerfile) > MAX_DOCKERFILE_LENGTH:
        raise DockerfileError(
            None,
            f"the Dockerfile has {len(dockerfile):,} characters; the limit is "
            f"{MAX_DOCKERFILE_LENGTH:,}",
        )
    if len(dockerignore) > MAX_DOCKERIGNORE_LENGTH:
        raise DockerfileError(
            None, f"the .dockerignore is limited to {MAX_DOCKERIGNORE_LENGTH:,} characters"
        )
    build = parse_build(dockerfile, dockerignore)
    notes = tuple(note.message for note in build.notes)
    return DockerfileGrade(tuple(STAGE_CHECKS[check](build) for check in checks), notes)
