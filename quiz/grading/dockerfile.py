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

MINIMAL_BASE_RE = re.compile(
    r"(^|[/:._-])(slim|alpine|distroless|scratch|wolfi|chainguard|minimal|micro|busybox)", re.I
)
INSTALL_RE = re.compile(
    r"\b(npm (ci|install|i)\b|yarn( install)?\b|pnpm (install|i)\b|pip3? install\b)"
)
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
            stages.append(Stage(len(stages), parts[0], name.lower(), line))
            continue
        if not stages:
            if keyword == "ARG":
                continue  # ARG before the first FROM is allowed
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


def _stage_names(stages: list[Stage]) -> set[str]:
    return {stage.name for stage in stages if stage.name}


def _final_base(stages: list[Stage]) -> str:
    """The image the final stage really starts from, following FROM <earlier stage>."""
    names = {stage.name: stage for stage in stages if stage.name}
    base = stages[-1].base.lower()
    seen = set()
    while base in names and base not in seen:
        seen.add(base)
        base = names[base].base.lower()
    return base


def check_base_pinned(stages: list[Stage]) -> CheckResult:
    names = _stage_names(stages)
    unpinned = []
    for stage in stages:
        base = stage.base.lower()
        if base in names or base == "scratch" or "$" in base:
            continue
        image = base.split("@")[0]
        tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
        if "@sha256:" not in base and (not tag or tag == "latest"):
            unpinned.append(Instruction("FROM", stage.base, stage.line, f"FROM {stage.base}"))
    if unpinned:
        return _result(
            "base-pinned",
            "fail",
            "Pin every base image to a version tag (node:26-slim) or a digest: an untagged or `latest` "
            "base changes under you between builds (hadolint DL3006, DL3007).",
            unpinned,
        )
    return _result("base-pinned", "pass", "Every base image is pinned to a tag or digest.")


def check_base_minimal(stages: list[Stage]) -> CheckResult:
    base = _final_base(stages)
    final = Instruction("FROM", stages[-1].base, stages[-1].line, f"FROM {stages[-1].base}")
    if MINIMAL_BASE_RE.search(base):
        return _result(
            "base-minimal", "pass", "The final stage starts from a minimal base image.", [final]
        )
    return _result(
        "base-minimal",
        "fail",
        "The final stage starts from a full image. A slim, alpine or distroless base has far fewer "
        "packages: a smaller attack surface, fewer CVEs and a faster pull.",
        [final],
    )


def check_multi_stage(stages: list[Stage]) -> CheckResult:
    if len(stages) < 2:
        return _result(
            "multi-stage",
            "fail",
            "Use a multi-stage build: build in one stage, then COPY --from it only what runs, so build "
            "tools and dev dependencies stay behind.",
        )
    earlier = {stage.name for stage in stages[:-1] if stage.name} | {
        str(s.index) for s in stages[:-1]
    }
    copies = [i for i in stages[-1].of("COPY") if i.flags.get("from", "").lower() in earlier]
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
        "There are several stages but the final one copies nothing from them (COPY --from=<stage>).",
    )


def _is_broad_copy(instruction: Instruction) -> bool:
    sources = instruction.arguments.split()[:-1]
    return any(
        source in {".", "./", "*"} or source.rstrip("/") in {"src", "./src", "app"}
        for source in sources
    )


def check_deps_before_source(stages: list[Stage]) -> CheckResult:
    for stage in stages:
        installs = [i for i in stage.of("RUN") if INSTALL_RE.search(i.value)]
        if not installs:
            continue
        install = installs[0]
        broad_before = [
            i
            for i in stage.instructions
            if i.keyword in {"COPY", "ADD"}
            and i.line < install.line
            and _is_broad_copy(i)
            and "from" not in i.flags
        ]
        if broad_before:
            return _result(
                "deps-before-source",
                "fail",
                "The whole source is copied before the dependencies are installed, so every code change "
                "invalidates the install layer. Copy package.json and package-lock.json, install, then copy the source.",
                [*broad_before, install],
            )
        manifests = [
            i
            for i in stage.instructions
            if i.keyword in {"COPY", "ADD"}
            and i.line < install.line
            and MANIFEST_RE.search(i.value)
        ]
        if manifests:
            return _result(
                "deps-before-source",
                "pass",
                "The manifests are copied and installed before the source: a code change reuses the cached install layer.",
                [*manifests, install],
            )
        return _result(
            "deps-before-source",
            "fail",
            "Copy the dependency manifests (package.json, package-lock.json) before the install step.",
            [install],
        )
    return _result("deps-before-source", "n/a", "No dependency install step was found.")


def check_prod_deps_only(stages: list[Stage]) -> CheckResult:
    if not any(NPM_INSTALL_RE.search(i.value) for stage in stages for i in stage.of("RUN")):
        return _result("prod-deps-only", "n/a", "No npm, yarn or pnpm install was found.")
    final = stages[-1]
    final_installs = [i for i in final.of("RUN") if NPM_INSTALL_RE.search(i.value)]
    env_production = any("NODE_ENV" in i.value and "production" in i.value for i in final.of("ENV"))
    if final_installs:
        good = all(PROD_ONLY_RE.search(i.value) for i in final_installs) or env_production
        if good:
            return _result(
                "prod-deps-only",
                "pass",
                "The final stage installs production dependencies only.",
                final_installs,
            )
        return _result(
            "prod-deps-only",
            "fail",
            "The final stage installs dev dependencies too. Use `npm ci --omit=dev` so test and build tools do not ship.",
            final_installs,
        )
    # Dependencies come from an earlier stage: that stage must have installed or pruned for production.
    names = {stage.name: stage for stage in stages if stage.name} | {
        str(s.index): s for s in stages
    }
    copies = [i for i in final.of("COPY") if i.flags.get("from", "").lower() in names]
    sources = list(
        {id(stage): stage for stage in (names[i.flags["from"].lower()] for i in copies)}.values()
    )
    source_runs = [
        i
        for stage in sources
        for i in stage.of("RUN")
        if NPM_INSTALL_RE.search(i.value) or "prune" in i.value
    ]
    if any(PROD_ONLY_RE.search(i.value) for i in source_runs):
        return _result(
            "prod-deps-only",
            "pass",
            "The dependencies copied into the final stage were installed for production only.",
            source_runs,
        )
    return _result(
        "prod-deps-only",
        "fail",
        "The node_modules that ship were installed with dev dependencies. Install with `npm ci --omit=dev` "
        "(or run `npm prune --omit=dev`) in the stage you copy from.",
        source_runs,
    )


def check_non_root(stages: list[Stage]) -> CheckResult:
    users = stages[-1].of("USER")
    if not users:
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


def check_exec_form(stages: list[Stage]) -> CheckResult:
    found = [i for i in stages[-1].instructions if i.keyword in {"CMD", "ENTRYPOINT"}]
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


def check_no_secrets(stages: list[Stage]) -> CheckResult:
    leaks = []
    for stage in stages:
        for instruction in stage.instructions:
            if instruction.keyword in {"ENV", "ARG"}:
                for name in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*[= ]", instruction.value + " "):
                    if SECRET_NAME_RE.search(name):
                        leaks.append(instruction)
                        break
            elif instruction.keyword in {"COPY", "ADD"} and SECRET_FILE_RE.search(
                " " + instruction.arguments
            ):
                leaks.append(instruction)
    if leaks:
        return _result(
            "no-secrets",
            "fail",
            "Secrets end up in the image or its history: anyone who can pull it can read them. Pass them at "
            "run time (environment, mounted files) or with RUN --mount=type=secret at build time.",
            leaks,
        )
    return _result("no-secrets", "pass", "No secrets in ENV, ARG or copied files.")


def check_copy_not_add(stages: list[Stage]) -> CheckResult:
    adds = []
    for stage in stages:
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


def check_workdir_absolute(stages: list[Stage]) -> CheckResult:
    problems = []
    for stage in stages:
        for instruction in stage.of("WORKDIR"):
            path = instruction.arguments.strip("\"'")
            if not (path.startswith("/") or path.startswith("$")):
                problems.append(instruction)
        for instruction in stage.of("RUN"):
            if re.search(r"(^|&&|;|\|\|)\s*cd\s", instruction.value):
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


def check_apt_hygiene(stages: list[Stage]) -> CheckResult:
    runs = [
        i for stage in stages for i in stage.of("RUN") if re.search(r"\bapt-get\b|\bapt\b", i.value)
    ]
    installs = [i for i in runs if re.search(r"\bapt(-get)? install\b", i.value)]
    if not installs:
        return _result("apt-hygiene", "n/a", "apt-get is not used.")
    problems = []
    messages = set()
    for instruction in installs:
        value = instruction.value
        if not re.search(r"\s(-y|--yes|-[a-z]*y[a-z]*|--assume-yes)\b", value):
            messages.add("answer yes with -y (hadolint DL3014)")
        if "--no-install-recommends" not in value:
            messages.add("add --no-install-recommends (hadolint DL3015)")
        if not re.search(r"rm -rf /var/lib/apt/lists", value):
            messages.add("remove /var/lib/apt/lists/* in the same RUN (hadolint DL3009)")
        if not re.search(r"apt(-get)? update", value):
            messages.add(
                "run apt-get update in the same RUN as install, or the package lists can be stale"
            )
        if messages:
            problems.append(instruction)
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


def check_healthcheck(stages: list[Stage]) -> CheckResult:
    checks = stages[-1].of("HEALTHCHECK")
    if checks and not checks[-1].arguments.upper().startswith("NONE"):
        return _result(
            "healthcheck",
            "pass",
            "A HEALTHCHECK tells Docker when the app is really ready.",
            checks[-1:],
        )
    return _result(
        "healthcheck",
        "fail",
        "Add a HEALTHCHECK that probes the app (e.g. its /healthz endpoint), so Docker and Compose know when "
        "it is healthy. (Kubernetes ignores it and uses probes instead.)",
    )


def check_dockerignore(dockerignore: str) -> CheckResult:
    patterns = {
        line.strip().lstrip("/").rstrip("/")
        for line in dockerignore.splitlines()
        if line.strip() and not line.strip().startswith("#") and not line.strip().startswith("!")
    }
    wanted = {
        "node_modules": ("node_modules", "**/node_modules"),
        ".git": (".git",),
        ".env": (".env", ".env*", "*.env", ".env.*"),
    }
    missing = [
        name for name, forms in wanted.items() if not any(form in patterns for form in forms)
    ]
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
    stages = parse_dockerfile(dockerfile)
    results = []
    for check in checks:
        if check == "dockerignore":
            results.append(check_dockerignore(dockerignore))
        else:
            results.append(STAGE_CHECKS[check](stages))
    return DockerfileGrade(tuple(results))
