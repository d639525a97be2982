"""Checking a learner's Dockerfile (and .dockerignore) the way a careful reviewer would.

The Dockerfile is read by dockerfile-parse (a real parser, which joins continuation lines and keeps line
numbers); the checks then look at its stages. Each check passes, fails, or does not apply, and says
why with the line numbers it is about. Where a check matches a hadolint rule, the feedback names it.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

from dockerfile_parse import DockerfileParser

MAX_DOCKERFILE_LENGTH = 5000
MAX_DOCKERIGNORE_LENGTH = 2000

INSTRUCTIONS = frozenset(
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
        "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    }
)  # fmt: skip

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

MINIMAL_BASE_WORDS = frozenset(
    {
        "slim",
        "alpine",
        "distroless",
        "scratch",
        "wolfi",
        "chainguard",
        "minimal",
        "micro",
        "busybox",
    }
)
INSTALL_RE = re.compile(
    r"\b(npm (ci|install|i)\b|yarn( install)?\b|pnpm (install|i)\b|pip3? install\b)"
)
APT_INSTALL_RE = re.compile(r"\bapt(-get)?(\s+-\S+)*\s+install\b")
NPM_INSTALL_RE = re.compile(r"\b(npm (ci|install|i)|yarn( install)?|pnpm (install|i))\b")
PROD_ONLY_RE = re.compile(
    r"--omit[= ]dev|--only[= ]prod(uction)?|--production|--prod\b|npm prune|NODE_ENV=production"
)
MANIFEST_RE = re.compile(
    r"(package(\*|-lock)?\.json|package\*|yarn\.lock|pnpm-lock\.yaml|requirements[^ ]*\.txt|poetry\.lock|pyproject\.toml)"
)
SECRET_NAME_RE = re.compile(
    r"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)", re.I
)
SECRET_FILE_RE = re.compile(
    r"(^|/|\s)(\.env(\.[\w.-]+)?|id_rsa|id_ed25519|[\w.-]+\.pem|\.npmrc|credentials(\.json)?)(\s|$)"
)
# Templates list variable names, not values: .env.example and friends are fine to copy.
SECRET_TEMPLATE_RE = re.compile(r"\.(example|sample|template|dist)$")
CREDENTIALS_IN_URL_RE = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I)
ARCHIVE_RE = re.compile(r"\.(tar(\.(gz|bz2|xz|zst))?|tgz|tbz2?|txz)$", re.I)


class DockerfileError(ValueError):
    """The Dockerfile cannot be read; the message names the line."""

    def __init__(self, line: int, message: str):
        super().__init__(f"Line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Instruction:
    keyword: str
    value: str
    line: int  # 1-based first line
    content: str

    @property
    def flags(self) -> dict[str, str]:
        found = {}
        for match in re.finditer(r"--([a-z-]+)(?:=(\S+))?", self.value):
            found[match[1]] = match[2] or ""
        return found

    @property
    def arguments(self) -> str:
        """The value without leading --flags."""
        return re.sub(r"^(\s*--[a-z-]+(=\S+)?\s+)+", "", self.value).strip()


@dataclass
class Stage:
    index: int
    base: str
    name: str
    line: int
    instructions: list[Instruction] = field(default_factory=list)

    def of(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def _expand(value: str, args: dict[str, str]) -> str:
    """${NAME}, ${NAME:-default} and $NAME replaced by the ARG defaults declared before FROM."""

    def replace(match: re.Match) -> str:
        name = match["braced"] or match["plain"]
        return args.get(name) or match["default"] or match[0]

    return re.sub(
        r"\$\{(?P<braced>\w+)(?::-(?P<default>[^}]*))?\}|\$(?P<plain>\w+)", replace, value
    )


def parse_dockerfile(text: str) -> list[Stage]:
    """Stages of a Dockerfile, or DockerfileError naming the line of the first problem."""
    if len(text) > MAX_DOCKERFILE_LENGTH:
        raise DockerfileError(
            1, f"the Dockerfile is limited to {MAX_DOCKERFILE_LENGTH:,} characters"
        )
    if not text.strip():
        raise DockerfileError(1, "the Dockerfile is empty: start with a FROM line")
    if text.rstrip().endswith("\\"):
        last = len(text.rstrip().splitlines())
        raise DockerfileError(last, "the last instruction ends with a line continuation (\\)")
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
    stages: list[Stage] = []
    global_args: dict[str, str] = {}  # ARG defaults declared before the first FROM
    for entry in parser.structure:
        keyword = entry["instruction"].upper()
        line = entry["startline"] + 1
        if keyword == "COMMENT":
            continue
        if keyword not in INSTRUCTIONS:
            raise DockerfileError(line, f"'{entry['instruction']}' is not a Dockerfile instruction")
        instruction = Instruction(keyword, entry["value"].strip(), line, entry["content"])
        if keyword == "FROM":
            parts = instruction.arguments.split()
            if not parts:
                raise DockerfileError(line, "FROM needs an image, e.g. FROM node:26-slim")
            name = parts[2] if len(parts) >= 3 and parts[1].lower() == "as" else ""
            stages.append(Stage(len(stages), _expand(parts[0], global_args), name.lower(), line))
            continue
        if not stages:
            if keyword == "ARG":
                # Allowed before the first FROM; its default can name the base image.
                arg_name, _, default = instruction.value.partition("=")
                global_args[arg_name.strip()] = default.strip().strip("\"'")
                continue
            raise DockerfileError(line, f"{keyword} comes before the first FROM")
        if not instruction.value:
            raise DockerfileError(line, f"{keyword} has no arguments")
        stages[-1].instructions.append(instruction)
    if not stages:
        raise DockerfileError(1, "there is no FROM instruction")
    return stages


@dataclass(frozen=True)
class CheckResult:
    id: str
    status: str  # pass, fail, n/a
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
        return 0 if self.status == "n/a" else 1

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
    check: str, status: str, feedback: str, found: list[Instruction] | None = None
) -> CheckResult:
    found = found or []
    return CheckResult(
        check,
        status,
        feedback,
        tuple(i.line for i in found),
        tuple(i.content.strip().splitlines()[0] for i in found),
    )


@dataclass
class Build:
    """Everything the checks look at: the stages, how they descend from each other, the .dockerignore."""

    stages: list[Stage]
    dockerignore: str = ""

    def __post_init__(self) -> None:
        self.by_name = {stage.name: stage for stage in self.stages if stage.name}
        self.by_name.update({str(stage.index): stage for stage in self.stages})

    @property
    def final(self) -> Stage:
        return self.stages[-1]

    def parent(self, stage: Stage) -> Stage | None:
        """The earlier stage this one is built FROM, if any."""
        parent = self.by_name.get(stage.base.lower())
        return parent if parent is not None and parent.index < stage.index else None

    def lineage(self, stage: Stage) -> list[Stage]:
        """The stage and its ancestors, oldest first: what the stage's image really contains."""
        chain = [stage]
        while (parent := self.parent(chain[0])) is not None:
            chain.insert(0, parent)
        return chain

    def effective(self, stage: Stage, keyword: str | None = None) -> list[Instruction]:
        """Instructions that shape the stage's image, inherited ones included."""
        found = [i for s in self.lineage(stage) for i in s.instructions]
        return [i for i in found if keyword is None or i.keyword == keyword]

    def image_of(self, stage: Stage) -> str:
        """The external image a stage starts from, following FROM <earlier stage>."""
        return self.lineage(stage)[0].base.lower()

    def copied_from(self, stage: Stage) -> list[Stage]:
        """Earlier stages this stage copies files from (COPY --from=<stage>)."""
        sources = {}
        for instruction in self.effective(stage, "COPY"):
            source = self.by_name.get(instruction.flags.get("from", "").lower())
            if source is not None:
                sources[source.index] = source
        return list(sources.values())

    @property
    def ignored(self) -> set[str]:
        """The .dockerignore's exclusions, normalised ("/node_modules/" and "**/node_modules" alike)."""
        patterns = set()
        for line in self.dockerignore.splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("!"):
                continue
            patterns.add(line.removeprefix("**/").lstrip("/").rstrip("/"))
        return patterns

    def ignores(self, *forms: str) -> bool:
        """Whether the .dockerignore keeps out a path given in any of these forms."""
        patterns = self.ignored
        return "*" in patterns or any(form in patterns for form in forms)


def _without_quoted(text: str) -> str:
    """A shell command with its quoted strings blanked: `echo "npm ci"` installs nothing."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)


def _runs(instructions: list[Instruction], pattern: re.Pattern) -> list[Instruction]:
    return [
        i for i in instructions if i.keyword == "RUN" and pattern.search(_without_quoted(i.value))
    ]


def _image_words(image: str) -> set[str]:
    """The words naming an image, without its registry host: gcr.io/distroless/nodejs26 -> distroless, nodejs26."""
    parts = image.lower().split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    return {word for part in parts for word in re.split(r"[:._@-]", part) if word}


def _from_line(stage: Stage) -> Instruction:
    return Instruction("FROM", stage.base, stage.line, f"FROM {stage.base}")


def check_base_pinned(build: Build) -> CheckResult:
    unpinned = []
    for stage in build.stages:
        base = stage.base.lower()
        if build.parent(stage) is not None or base == "scratch":
            continue
        image = base.split("@")[0]
        last = image.rsplit("/", 1)[-1]
        name, _, tag = last.partition(":")
        # A tag without a version number (latest, lts, slim, alpine, bookworm) moves over time;
        # some images carry the version in their name instead (distroless/nodejs26-debian13).
        versioned = bool(re.search(r"\d", tag) or (re.search(r"\d", name) and tag != "latest"))
        if "@sha256:" not in base and ("$" in tag or not versioned):
            unpinned.append(_from_line(stage))
    if unpinned:
        return _result(
            "base-pinned",
            "fail",
            "Pin every base image to a version (node:26-trixie-slim) or a digest: an untagged, `latest` or "
            "floating tag such as `lts-slim` changes under you between builds (hadolint DL3006, DL3007).",
            unpinned,
        )
    return _result("base-pinned", "pass", "Every base image is pinned to a version or a digest.")


def check_base_minimal(build: Build) -> CheckResult:
    final = build.lineage(build.final)[0]
    if _image_words(build.image_of(build.final)) & MINIMAL_BASE_WORDS:
        return _result(
            "base-minimal",
            "pass",
            "The final stage starts from a minimal base image.",
            [_from_line(final)],
        )
    return _result(
        "base-minimal",
        "fail",
        "The final stage starts from a full image. A slim, alpine or distroless base has far fewer "
        "packages: a smaller attack surface, fewer CVEs and a faster pull.",
        [_from_line(final)],
    )


def check_multi_stage(build: Build) -> CheckResult:
    if len(build.stages) < 2:
        return _result(
            "multi-stage",
            "fail",
            "Use a multi-stage build: build in one stage, then COPY --from it only what runs, so build "
            "tools and dev dependencies stay behind.",
        )
    copies = [i for i in build.final.of("COPY") if i.flags.get("from", "").lower() in build.by_name]
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


def _is_broad_copy(instruction: Instruction) -> bool:
    sources = instruction.arguments.split()[:-1]
    return any(
        source in {".", "./", "*"} or source.rstrip("/") in {"src", "./src", "app"}
        for source in sources
    )


def check_deps_before_source(build: Build) -> CheckResult:
    checked: list[Instruction] = []
    for stage in build.stages:
        installs = _runs(stage.instructions, INSTALL_RE)
        if not installs:
            continue
        install = installs[0]
        before = [
            i for i in stage.instructions if i.keyword in {"COPY", "ADD"} and i.line < install.line
        ]
        broad = [i for i in before if _is_broad_copy(i) and "from" not in i.flags]
        if broad:
            return _result(
                "deps-before-source",
                "fail",
                "The whole source is copied before the dependencies are installed, so every code change "
                "invalidates the install layer. Copy package.json and package-lock.json, install, then copy the source.",
                [*broad, install],
            )
        manifests = [i for i in before if MANIFEST_RE.search(i.value)]
        if not manifests:
            return _result(
                "deps-before-source",
                "fail",
                "Copy the dependency manifests (package.json, package-lock.json) before the install step.",
                [install],
            )
        checked += [*manifests, install]
    if not checked:
        return _result("deps-before-source", "n/a", "No dependency install step was found.")
    return _result(
        "deps-before-source",
        "pass",
        "The manifests are copied and installed before the source: a code change reuses the cached install layer.",
        checked,
    )


def _installs_for_production(build: Build, stage: Stage) -> tuple[bool, list[Instruction]]:
    """Whether the node_modules a stage ends up with were installed (or pruned) without dev dependencies."""
    instructions = build.effective(stage)
    installs = _runs(instructions, NPM_INSTALL_RE)
    prunes = [
        i for i in _runs(instructions, re.compile(r"\bnpm prune\b")) if PROD_ONLY_RE.search(i.value)
    ]
    if prunes:
        return True, prunes
    if not installs:
        return False, []
    for install in installs:
        env_before = any(
            i.keyword == "ENV"
            and re.search(r"NODE_ENV[= ]+\"?production", i.value)
            and i.line < install.line
            for i in instructions
        )
        if not (PROD_ONLY_RE.search(install.value) or env_before):
            return False, [install]
    return True, installs


def check_prod_deps_only(build: Build) -> CheckResult:
    if not any(_runs(stage.instructions, NPM_INSTALL_RE) for stage in build.stages):
        return _result("prod-deps-only", "n/a", "No npm, yarn or pnpm install was found.")
    final = build.final
    if _runs(build.effective(final), NPM_INSTALL_RE):
        ok, evidence = _installs_for_production(build, final)
    else:
        sources = [s for s in build.copied_from(final) if _runs(build.effective(s), NPM_INSTALL_RE)]
        results = [_installs_for_production(build, s) for s in sources]
        ok = bool(results) and all(result for result, _ in results)
        evidence = [i for _, found in results for i in found]
    if ok:
        return _result(
            "prod-deps-only",
            "pass",
            "Only production dependencies reach the final image.",
            evidence,
        )
    return _result(
        "prod-deps-only",
        "fail",
        "Dev dependencies reach the final image. Install with `npm ci --omit=dev` (or set "
        "NODE_ENV=production before installing, or `npm prune --omit=dev`) in the stage that ships or that "
        "you copy node_modules from.",
        evidence,
    )


def check_non_root(build: Build) -> CheckResult:
    users = build.effective(build.final, "USER")
    if not users:
        if "nonroot" in _image_words(build.image_of(build.final)):
            return _result(
                "non-root", "pass", "The :nonroot base image already runs as an unprivileged user."
            )
        return _result(
            "non-root",
            "fail",
            "The final stage has no USER, so the process runs as root. Add `USER node` or a numeric UID "
            "(hadolint DL3002 warns when the last USER is root).",
        )
    last = users[-1]
    user = last.arguments.split(":")[0].strip().lower()
    if user in {"root", "0"}:
        return _result(
            "non-root",
            "fail",
            "The last USER is root: switch to an unprivileged user (hadolint DL3002).",
            [last],
        )
    return _result("non-root", "pass", "The process runs as an unprivileged user.", [last])


def _is_exec_form(value: str) -> bool:
    try:
        parsed = json.loads(value)
    except ValueError:
        return False
    return isinstance(parsed, list) and all(isinstance(item, str) for item in parsed)


def check_exec_form(build: Build) -> CheckResult:
    found = [i for i in build.final.instructions if i.keyword in {"CMD", "ENTRYPOINT"}]
    if not found:
        return _result(
            "exec-form",
            "n/a",
            "No CMD or ENTRYPOINT in the final stage (the base image's is used).",
        )
    shell_form = [i for i in found if not _is_exec_form(i.value)]
    if shell_form:
        return _result(
            "exec-form",
            "fail",
            'Use the exec form, CMD ["node", "src/server.js"]: the shell form runs under /bin/sh -c, which '
            "does not pass SIGTERM on, so the app is killed after the stop timeout (hadolint DL3025).",
            shell_form,
        )
    return _result(
        "exec-form",
        "pass",
        "CMD/ENTRYPOINT use the exec form, so signals reach the process.",
        found,
    )


def _secret_variables(instruction: Instruction) -> bool:
    """ENV/ARG that sets (or, for ARG, accepts) a secret: by its name and a non-trivial value, or credentials in a URL."""
    if CREDENTIALS_IN_URL_RE.search(instruction.value):
        return True
    for name, value in re.findall(
        r"([A-Za-z_][A-Za-z0-9_]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|\S+))?", instruction.value
    ):
        if not SECRET_NAME_RE.search(name):
            continue
        value = value.strip("\"'")
        if instruction.keyword == "ENV" and (
            not value or re.fullmatch(r"\d+|true|false", value, re.I)
        ):
            continue  # a tuning knob such as PASSWORD_MIN_LENGTH=12, not a secret
        return True
    return False


def check_no_secrets(build: Build) -> CheckResult:
    leaks = []
    for stage in build.stages:
        for instruction in stage.instructions:
            if instruction.keyword in {"ENV", "ARG"} and _secret_variables(instruction):
                leaks.append(instruction)
            elif instruction.keyword in {"COPY", "ADD"} and "from" not in instruction.flags:
                sources = instruction.arguments.split()[:-1]
                named = [
                    src
                    for src in sources
                    if SECRET_FILE_RE.search(" " + src + " ") and not SECRET_TEMPLATE_RE.search(src)
                ]
                # Copying the whole context ships .env too, unless .dockerignore keeps it out.
                whole_context = any(
                    src in {".", "./", "*"} for src in sources
                ) and not build.ignores(".env", ".env*", "*.env")
                if named or whole_context:
                    leaks.append(instruction)
    if leaks:
        return _result(
            "no-secrets",
            "fail",
            "Secrets end up in the image or its history: anyone who can pull it can read them. Pass them at "
            "run time (environment, mounted files) or with RUN --mount=type=secret at build time, and keep "
            ".env out of the build context with .dockerignore.",
            leaks,
        )
    return _result("no-secrets", "pass", "No secrets in ENV, ARG or copied files.")


def check_copy_not_add(build: Build) -> CheckResult:
    adds = []
    for stage in build.stages:
        for instruction in stage.of("ADD"):
            sources = instruction.arguments.split()[:-1]
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
    problems = []
    for stage in build.stages:
        for instruction in stage.of("WORKDIR"):
            path = instruction.arguments.strip("\"'")
            if not (path.startswith("/") or path.startswith("$")):
                problems.append(instruction)
        for instruction in stage.of("RUN"):
            if re.search(r"(^|&&|;|\|\|)\s*cd\s", _without_quoted(instruction.arguments)):
                problems.append(instruction)
    if problems:
        return _result(
            "workdir-absolute",
            "fail",
            "Use an absolute WORKDIR (hadolint DL3000) instead of relative paths or `cd` inside RUN "
            "(hadolint DL3003): WORKDIR carries over to later instructions, cd does not.",
            sorted(problems, key=lambda i: i.line),
        )
    return _result("workdir-absolute", "pass", "WORKDIR is absolute and RUN does not cd.")


def check_apt_hygiene(build: Build) -> CheckResult:
    installs = [i for stage in build.stages for i in _runs(stage.instructions, APT_INSTALL_RE)]
    if not installs:
        return _result("apt-hygiene", "n/a", "apt-get is not used.")
    problems, messages = [], set()
    for instruction in installs:
        value = instruction.value
        found = set()
        if not re.search(r"\s(-y|--yes|-[a-z]*y[a-z]*|--assume-yes)\b", value):
            found.add("answer yes with -y (hadolint DL3014)")
        if "--no-install-recommends" not in value:
            found.add("add --no-install-recommends (hadolint DL3015)")
        # With the package lists in a cache mount they never reach a layer, so nothing to remove.
        lists_cached = re.search(r"--mount=type=cache,[^\s]*target=/var/lib/apt", value)
        if not lists_cached and not re.search(r"rm -rf /var/lib/apt/lists", value):
            found.add("remove /var/lib/apt/lists/* in the same RUN (hadolint DL3009)")
        if not re.search(r"apt(-get)? update", value):
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
    command = check.value.split("CMD", 1)[-1]
    if re.fullmatch(r'\s*(\[\s*"(true|/bin/true)"\s*\]|true|exit 0)\s*', command):
        return _result(
            "healthcheck",
            "fail",
            "This HEALTHCHECK always succeeds: probe the app itself, e.g. its /healthz endpoint.",
            [check],
        )
    tool = re.search(r"\b(curl|wget)\b", command)
    if tool:
        words = _image_words(build.image_of(build.final))
        installed = any(
            re.search(rf"\b{tool[1]}\b", i.value)
            for i in _runs(build.effective(build.final), re.compile(r"install"))
        )
        busybox_wget = tool[1] == "wget" and words & {"alpine", "busybox"}
        if (
            words & {"slim", "distroless", "scratch", "alpine"}
            and not installed
            and not busybox_wget
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
    if len(dockerignore) > MAX_DOCKERIGNORE_LENGTH:
        raise DockerfileError(
            1, f"the .dockerignore is limited to {MAX_DOCKERIGNORE_LENGTH:,} characters"
        )
    build = Build(parse_dockerfile(dockerfile), dockerignore)
    return DockerfileGrade(tuple(STAGE_CHECKS[check](build) for check in checks))
