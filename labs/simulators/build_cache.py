"""Docker's build cache, step by step: which instructions a rebuild reuses, which it runs again, and why.

The model is BuildKit, Docker's builder since Engine 23.0, as the Docker docs describe it ("Docker build
cache", "Build cache invalidation", the Dockerfile reference's ARG section) and as its Dockerfile
frontend (dockerfile2llb) implements it. Two builds are compared: the one that filled the cache and
the one after a change. The cache is assumed to hold the first build only.

Build steps and their cache keys. Only FROM, RUN, COPY, ADD and WORKDIR are build steps: each has a
cache key, and a step is CACHED when the cache holds a step with the same key; otherwise it is
rebuilt. Every key includes the key of the step before it (its parent), so once a step is rebuilt
every later step of its stage is rebuilt too ("a changed parent invalidates everything after it").
What else goes into the key:

  FROM      the base image's digest (a new image pushed under the same tag is a new base, so every
            step of the stage is rebuilt). `FROM <earlier stage>` is no step of its own: the stage
            goes on from that stage's last step
  RUN       the command text as written (Docker never looks at what the command would download),
            plus the environment it runs in: ENV values and the build arguments declared by ARG
            before it (an ENV of the same name hides the ARG), the working directory, the user, the
            shell, and its --mount options. Files under a bind mount of the context count by checksum;
            a cache mount counts by its options only, never by its contents
  COPY/ADD  the instruction after variable expansion, plus a checksum of every file it copies from the
            build context, taken after the .dockerignore exclusions; modification times are not part
            of it. `COPY --from=<stage>` depends on that stage's result, `COPY --from=<image>` on
            that image's digest; `--link` makes the layer independent of the steps before it
  WORKDIR   the directory, after variable expansion, and the SOURCE_DATE_EPOCH build argument when
            it is set (BuildKit reads it without an ARG)

Other instructions (ARG, ENV, USER, SHELL, CMD, ENTRYPOINT, EXPOSE, LABEL, ...) make no build step:
they only change the image configuration or the state later RUNs see, so a changed build argument
misses the cache at its first use (the first RUN after its ARG, or an instruction that expands it),
not at its declaration. BuildKit only builds the stages the target stage needs; the others are
skipped. `--no-cache` (every stage) and `--no-cache-filter STAGE` make steps run again although the
cache holds them; the base image stays as it is.

The build context is the project tree plus the Dockerfile and .dockerignore themselves, minus what the
.dockerignore excludes (moby/patternmatcher rules: the last matching line wins, `!` re-includes, a
pattern also matches every file under a matching directory, `**` spans directories). `COPY . .`
therefore also copies the Dockerfile unless it is ignored.

What the model cannot know is stated where it matters: a rebuilt stage is assumed to produce new files
(BuildKit would compare them by content), remote ADD sources are assumed unchanged, and file modes are
not modelled.

Sizes and times are estimates, not measurements: a few rough constants (below) per kind of step, good
enough to show which layout rebuilds less. Cache mounts (`RUN --mount=type=cache`) keep a package
manager's download cache between builds: the step still runs when it is invalidated, but faster, and
the cache never lands in the image. Stages that do not depend on each other run in parallel, so the
build time is the longest chain of rebuilt steps.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from drills.grading.dockerfile import (
    DockerfileError,
    Instruction,
    Stage,
    parse_dockerfile,
)

# The lab simulates the Dockerfiles of an exercise, not a production file: a rebuild of 5,000
# characters takes about a quarter of a second, and the page stays readable.
MAX_DOCKERFILE_LENGTH = 5_000
MAX_FILES = 200
MAX_FILE_LENGTH = 20_000
MAX_PATH_LENGTH = 200
MAX_DOCKERIGNORE_LENGTH = 2_000
MAX_BUILD_ARGS = 20

CACHED = "cached"
REBUILT = "rebuilt"
CONFIG = "config"  # no build step: image configuration or build state only
SKIPPED = "skipped"  # the stage is not needed by the target

STEP_KEYWORDS = frozenset({"FROM", "RUN", "COPY", "ADD", "WORKDIR"})
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"  # a build argument BuildKit reads without an ARG
DOCKERFILE_NAME = "Dockerfile"
DOCKERIGNORE_NAME = ".dockerignore"

# --- Estimates (rough constants, not measurements) ---------------------------------------------
MB = 1_000_000
PULL_MB_PER_SECOND = 50  # pulling and unpacking a base image
COPY_MB_PER_SECOND = 100  # hashing and writing copied files
COPY_OVERHEAD_SECONDS = 0.3
WORKDIR_SECONDS = 0.1
COPY_FROM_STAGE_BYTES = 5 * MB  # a stage's artefacts copied with COPY --from (content unknown)
REMOTE_ADD_BYTES = 10 * MB
# Uncompressed sizes of common base images, in MB, by (image name, variant).
BASE_IMAGE_MB = {
    ("node", ""): 1100,
    ("node", "slim"): 240,
    ("node", "alpine"): 160,
    ("python", ""): 1000,
    ("python", "slim"): 150,
    ("python", "alpine"): 60,
    ("golang", ""): 850,
    ("golang", "alpine"): 250,
    ("nginx", ""): 190,
    ("nginx", "alpine"): 50,
    ("debian", ""): 120,
    ("debian", "slim"): 80,
    ("ubuntu", ""): 80,
    ("alpine", ""): 8,
    ("busybox", ""): 4,
}
BASE_VARIANT_MB = {"alpine": 60, "slim": 150, "distroless": 50, "": 300}


@dataclass(frozen=True)
class RunEstimate:
    """What a kind of RUN command costs: layer size, time from scratch, time with a warm cache mount."""

    label: str
    pattern: re.Pattern
    layer_mb: float
    cold_seconds: float
    warm_seconds: float


RUN_ESTIMATES = (
    RunEstimate(
        "system packages",
        re.compile(r"\b(apt-get|apt|apk|dnf|yum|microdnf)\b[^&;|]*\b(install|add)\b"),
        90,
        30,
        10,
    ),
    RunEstimate(
        "production dependencies",
        re.compile(
            r"\b(npm (ci|install|i)|yarn( install)?|pnpm (install|i))\b[^&;|]*(--omit[= ]dev|--prod(uction)?\b)"
        ),
        60,
        30,
        8,
    ),
    RunEstimate(
        "dependencies",
        re.compile(
            r"\b(npm (ci|install|i)|yarn( install)?|pnpm (install|i)|pip3? install|poetry install|uv sync"
            r"|bundle install|go mod download|composer install|cargo fetch)\b"
        ),
        150,
        40,
        10,
    ),
    RunEstimate(
        "build",
        re.compile(
            r"\b(npm run build|yarn build|pnpm (run )?build|go build|cargo build|make|tsc|mvn|gradle)\b"
        ),
        25,
        30,
        10,
    ),
    RunEstimate("tests", re.compile(r"\b(npm test|pytest|go test|cargo test)\b"), 0, 20, 8),
)
OTHER_RUN = RunEstimate("command", re.compile(""), 1, 2, 2)


class BuildCacheError(ValueError):
    """The build cannot be simulated; the message says why (and names the Dockerfile line if any)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(f"Line {line}: {message}" if line else message)
        self.line = line


# --- Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildInput:
    """Everything one `docker build` sees.

    files: the project tree, path -> content. file_sizes: optional notional sizes in bytes for files
    whose real content would be large (node_modules, .git), used for the size estimates only.
    base_digests: image reference as written in FROM -> digest; a reference not listed gets a fixed
    digest derived from its name. target: the stage to build (default: the last one).
    no_cache / no_cache_filter: `docker build --no-cache` / `--no-cache-filter STAGE`: this build
    does not use the cache for any stage / for these stages.
    """

    dockerfile: str
    files: Mapping[str, str] = field(default_factory=dict)
    dockerignore: str = ""
    build_args: Mapping[str, str] = field(default_factory=dict)
    base_digests: Mapping[str, str] = field(default_factory=dict)
    file_sizes: Mapping[str, int] = field(default_factory=dict)
    target: str = ""
    no_cache: bool = False
    no_cache_filter: tuple[str, ...] = ()


CHANGE_KINDS = (
    "edit-file",
    "delete-file",
    "edit-dockerignore",
    "ignore-path",
    "build-arg",
    "base-image",
    "no-cache",
)


@dataclass(frozen=True)
class Change:
    """One change between two builds.

    edit-file          target: a path; value: its new content (None adds a trailing newline, which
                       is a change too: any byte counts). A path not in the tree is created.
    delete-file        target: a path
    edit-dockerignore  value: the new .dockerignore text
    ignore-path        target: a pattern added as a new .dockerignore line
    build-arg          target: the name; value: the new value (None removes the --build-arg)
    base-image         target: an image reference as written in FROM ("" for every base image);
                       value: the new digest (None: a new image pushed under the same tag)
    no-cache           target: a stage (`--no-cache-filter STAGE`), or "" for `--no-cache`
    """

    kind: str
    target: str = ""
    value: str | None = None
    label: str = ""

    def describe(self) -> str:
        if self.label:
            return self.label
        return {
            "edit-file": f"Edit {self.target}",
            "delete-file": f"Delete {self.target}",
            "edit-dockerignore": "Edit .dockerignore",
            "ignore-path": f"Add {self.target} to .dockerignore",
            "build-arg": f"Build with --build-arg {self.target}={self.value or ''}",
            "base-image": f"A new {self.target or 'base'} image is pushed under the same tag",
            "no-cache": f"Build with --no-cache-filter {self.target}"
            if self.target
            else "Build with --no-cache",
        }.get(self.kind, self.kind)


def _new_digest(old: str) -> str:
    return "sha256:" + hashlib.sha256(f"{old}+rebuilt".encode()).hexdigest()


def default_digest(reference: str) -> str:
    """The digest the simulator gives an image reference that has none: fixed for a given name."""
    return "sha256:" + hashlib.sha256(reference.encode()).hexdigest()


def apply_change(build: BuildInput, change: Change) -> BuildInput:
    """The build after the change; BuildCacheError when the change does not fit the build."""
    if change.kind == "edit-file":
        path = _clean_path(change.target)
        files = dict(build.files)
        files[path] = change.value if change.value is not None else files.get(path, "") + "\n"
        return replace(build, files=files)
    if change.kind == "delete-file":
        path = _clean_path(change.target)
        if path not in build.files:
            raise BuildCacheError(f"there is no file {path} to delete")
        return replace(build, files={p: c for p, c in build.files.items() if p != path})
    if change.kind == "edit-dockerignore":
        return replace(build, dockerignore=change.value or "")
    if change.kind == "ignore-path":
        if not change.target.strip():
            raise BuildCacheError("say which path to add to .dockerignore")
        text = build.dockerignore
        if text and not text.endswith("\n"):
            text += "\n"
        return replace(build, dockerignore=text + change.target.strip() + "\n")
    if change.kind == "build-arg":
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", change.target):
            raise BuildCacheError(f"'{change.target}' is not a valid build argument name")
        args = dict(build.build_args)
        if change.value is None:
            args.pop(change.target, None)
        else:
            args[change.target] = change.value
        return replace(build, build_args=args)
    if change.kind == "base-image":
        images = _external_images(build)
        if change.target and change.target not in images:
            raise BuildCacheError(
                f"the Dockerfile does not build FROM {change.target}"
                + (f" (it uses {', '.join(sorted(images))})" if images else "")
            )
        digests = dict(build.base_digests)
        for image in [change.target] if change.target else sorted(images):
            old = digests.get(image, default_digest(image))
            digests[image] = change.value or _new_digest(old)
        return replace(build, base_digests=digests)
    if change.kind == "no-cache":
        if not change.target:
            return replace(build, no_cache=True)
        return replace(build, no_cache_filter=(*build.no_cache_filter, change.target))
    raise BuildCacheError(f"unknown change '{change.kind}': use one of {', '.join(CHANGE_KINDS)}")


# --- .dockerignore (moby/patternmatcher) ----------------------------------------------------------


@dataclass(frozen=True)
class IgnoreRule:
    """One .dockerignore line, as moby/patternmatcher reads it."""

    line: int
    text: str  # the line as written
    pattern: str  # cleaned: no leading /, no trailing /, no ./
    exclusion: bool  # a `!` line re-includes what earlier lines excluded
    kind: str  # exact, prefix, suffix or regexp, as patternmatcher decides
    regex: re.Pattern | None

    def matches(self, path: str) -> bool:
        if self.kind == "exact":
            return path == self.pattern
        if self.kind == "prefix":
            return path.startswith(self.pattern[:-2])
        if self.kind == "suffix":
            suffix = self.pattern[2:]
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        return bool(self.regex and self.regex.match(path))


def _clean(pattern: str) -> str:
    """Go's filepath.Clean for slash paths (Python's normpath keeps a leading //)."""
    cleaned = posixpath.normpath(re.sub(r"/+", "/", pattern)) if pattern else "."
    return cleaned


def _compile_ignore(pattern: str, where: str) -> tuple[str, re.Pattern | None]:
    """patternmatcher's Pattern.compile: the match kind and, for regexp patterns, the regex."""
    if re.search(r"\[[^\]]*$", pattern):
        raise BuildCacheError(f"{where} '{pattern}' has an unclosed [ (syntax error in pattern)")
    regex, kind, index = "^", "exact", 0
    chars = list(pattern)
    position = 0
    while position < len(chars):
        char = chars[position]
        position += 1
        if char == "*":
            if position < len(chars) and chars[position] == "*":
                position += 1
                if position < len(chars) and chars[position] == "/":
                    position += 1
                if position >= len(chars):
                    if kind == "exact":
                        kind = "prefix"
                    else:
                        regex += ".*"
                        kind = "regexp"
                else:
                    regex += "(.*/)?"
                    kind = "regexp"
                if index == 0:
                    kind = "suffix"
            else:
                regex += "[^/]*"
                kind = "regexp"
        elif char == "?":
            regex += "[^/]"
            kind = "regexp"
        elif char in ".+()|{}$":
            regex += "\\" + char
        elif char == "\\":
            if position < len(chars):
                regex += "\\" + chars[position]
                position += 1
                kind = "regexp"
            else:
                regex += "\\\\"
        elif char in "[]":
            regex += char
            kind = "regexp"
        else:
            regex += char  # as patternmatcher does: other characters go into the regex unchanged
        index += 1
    if kind != "regexp":
        return kind, None
    try:
        return kind, re.compile(regex + r"\Z")
    except re.error as error:
        raise BuildCacheError(f"{where} '{pattern}' is not a valid pattern ({error})") from None


def read_dockerignore(text: str) -> list[IgnoreRule]:
    """The rules of a .dockerignore, or BuildCacheError naming the bad line."""
    if len(text) > MAX_DOCKERIGNORE_LENGTH:
        raise BuildCacheError(
            f"the .dockerignore is limited to {MAX_DOCKERIGNORE_LENGTH:,} characters"
        )
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        exclusion = pattern.startswith("!")
        if exclusion:
            pattern = pattern[1:].strip()
            if not pattern:
                raise BuildCacheError(
                    f'.dockerignore line {number}: illegal exclusion pattern: "!"'
                )
        pattern = _clean(pattern)
        if len(pattern) > 1 and pattern.startswith("/"):
            pattern = pattern[1:]
        kind, regex = _compile_ignore(pattern, f".dockerignore line {number}:")
        rules.append(IgnoreRule(number, raw.strip(), pattern, exclusion, kind, regex))
    return rules


def ignoring_rule(path: str, rules: list[IgnoreRule]) -> IgnoreRule | None:
    """The rule that keeps `path` out of the context (patternmatcher's MatchesOrParentMatches), or None."""
    parents = posixpath.dirname(path).split("/") if "/" in path else []
    matched: IgnoreRule | None = None
    for rule in rules:
        # A re-include line only matters once something matched, and an exclude line only until then.
        if rule.exclusion != (matched is not None):
            continue
        match = rule.matches(path) or any(
            rule.matches("/".join(parents[: depth + 1])) for depth in range(len(parents))
        )
        if match:
            matched = None if rule.exclusion else rule
    return matched


# --- The build context ----------------------------------------------------------------------------


def _clean_path(path: str) -> str:
    if len(path) > MAX_PATH_LENGTH:
        raise BuildCacheError(
            f"the path '{path[:40]}…' is longer than {MAX_PATH_LENGTH} characters"
        )
    cleaned = _clean(path.strip().replace("\\", "/")).lstrip("/")
    if not cleaned or cleaned == "." or cleaned.startswith("../") or cleaned == "..":
        raise BuildCacheError(f"'{path}' is not a path inside the project")
    return cleaned


@dataclass(frozen=True)
class Context:
    """The files the builder can see, and the ones the .dockerignore keeps out (with the rule)."""

    files: dict[str, str]
    sizes: dict[str, int]
    excluded: dict[str, IgnoreRule]


def build_context(build: BuildInput) -> Context:
    if len(build.files) > MAX_FILES:
        raise BuildCacheError(f"the project is limited to {MAX_FILES} files")
    tree: dict[str, str] = {}
    for path, content in build.files.items():
        if len(content) > MAX_FILE_LENGTH:
            raise BuildCacheError(f"{path} is longer than {MAX_FILE_LENGTH:,} characters")
        tree[_clean_path(path)] = content
    tree.setdefault(DOCKERFILE_NAME, build.dockerfile)
    if build.dockerignore:
        tree.setdefault(DOCKERIGNORE_NAME, build.dockerignore)
    rules = read_dockerignore(build.dockerignore)
    files, excluded = {}, {}
    for path in sorted(tree):
        rule = ignoring_rule(path, rules)
        if rule is None:
            files[path] = tree[path]
        else:
            excluded[path] = rule
    sizes = {
        path: build.file_sizes.get(path, len(content.encode())) for path, content in files.items()
    }
    return Context(files, sizes, excluded)


def _go_glob(pattern: str) -> re.Pattern:
    """Go's filepath.Match as a regex: * and ? stop at /, [..] classes, \\ escapes."""
    regex, position = "", 0
    while position < len(pattern):
        char = pattern[position]
        position += 1
        if char == "*":
            regex += "[^/]*"
        elif char == "?":
            regex += "[^/]"
        elif char == "[":
            end = pattern.find("]", position)
            if end < 0:
                raise BuildCacheError(f"'{pattern}' has an unclosed [ (syntax error in pattern)")
            body = pattern[position:end]
            regex += "[" + ("^" + body[1:] if body.startswith("^") else body) + "]"
            position = end + 1
        elif char == "\\" and position < len(pattern):
            regex += re.escape(pattern[position])
            position += 1
        else:
            regex += re.escape(char)
    return re.compile(regex + r"\Z")


def _select(source: str, context: Context, instruction: str, line: int) -> dict[str, str]:
    """Files a COPY/ADD source names in the context (a directory names everything under it)."""
    if not source.strip():
        raise BuildCacheError(
            f"{instruction}: a source is empty (does it use a variable that is not set?)", line
        )
    cleaned = _clean(source)  # a backslash escapes the next character, as in Go's filepath.Match
    if cleaned == ".." or cleaned.startswith("../"):
        raise BuildCacheError(
            f"{instruction}: '{source}' is outside the build context (forbidden path)", line
        )
    cleaned = cleaned.lstrip("/") or "."
    if cleaned == ".":
        return dict(context.files)
    if re.search(r"[*?\[]", cleaned):
        # Wildcards match path by path, component by component; no match at all is allowed.
        glob = _go_glob(cleaned)
        depth = cleaned.count("/") + 1
        found = {}
        for path, content in context.files.items():
            parts = path.split("/")
            if len(parts) >= depth and glob.match("/".join(parts[:depth])):
                found[path] = content
        return found
    found = {
        path: content
        for path, content in context.files.items()
        if path == cleaned or path.startswith(cleaned + "/")
    }
    if found:
        return found
    hidden = [
        (path, rule)
        for path, rule in context.excluded.items()
        if path == cleaned or path.startswith(cleaned + "/")
    ]
    if hidden:
        rule = hidden[0][1]
        raise BuildCacheError(
            f'{instruction}: "{cleaned}" is not in the build context: .dockerignore line {rule.line} '
            f'({rule.text}) excludes it, so the build fails ("not found")',
            line,
        )
    raise BuildCacheError(
        f'{instruction}: "{cleaned}" does not exist in the project, so the build fails ("not found")',
        line,
    )


# --- Variables ----------------------------------------------------------------------------------


def substitute(text: str, variables: Mapping[str, str]) -> str:
    """Dockerfile variable substitution: $NAME, ${NAME}, ${NAME:-word}, ${NAME:+word}, \\$ escapes.

    An unset variable becomes the empty string, as in Docker.
    """

    def replace_match(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["plain"]
        value = variables.get(name)
        if match["op"] == ":-":
            return value if value else substitute(match["word"], variables)
        if match["op"] == ":+":
            return substitute(match["word"], variables) if value else ""
        return value or ""

    return re.sub(
        r"(?P<escaped>\\\$)|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:[-+])(?P<word>[^}]*))?\}"
        r"|\$(?P<plain>[A-Za-z_][A-Za-z0-9_]*)",
        replace_match,
        text,
    )


def _declarations(value: str, line: int = 0) -> list[tuple[str, str | None]]:
    """ARG NAME[=default] ... -> [(name, default or None)]."""
    found = []
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        raise BuildCacheError("ARG has an unclosed quote", line) from None
    for word in words:
        name, equals, default = word.partition("=")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise BuildCacheError(f"ARG '{word}' is not a valid variable name", line)
        found.append((name, default if equals else None))
    return found


def _env_pairs(value: str, line: int) -> list[tuple[str, str]]:
    """ENV NAME=value ... (or the legacy ENV NAME value) -> [(name, raw value)]."""
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        raise BuildCacheError("ENV has an unclosed quote", line) from None
    if words and "=" not in words[0]:
        return [(words[0], value.split(None, 1)[1] if len(words) > 1 else "")]
    pairs = []
    for word in words:
        name, equals, raw = word.partition("=")
        if not equals or not name:
            raise BuildCacheError(f"ENV '{word}' should be NAME=value", line)
        pairs.append((name, raw))
    return pairs


# --- Planning one build -------------------------------------------------------------------------


@dataclass
class _Step:
    index: int
    line: int
    stage: str
    stage_index: int
    keyword: str
    text: str
    kind: str  # step, config or skipped
    key: str = ""
    chain: str = ""  # the filesystem after this step, which the next step builds on
    parent: int | None = None  # index of the step this one builds on
    parent_chain: str = ""
    sources: tuple[int, ...] = ()  # last steps of the stages it copies or mounts from
    link: bool = False
    components: dict = field(default_factory=dict)
    layer_bytes: int = 0
    cold_seconds: float = 0.0
    warm_seconds: float = 0.0
    cache_ids: tuple[str, ...] = ()
    note: str = ""


@dataclass
class _Plan:
    steps: list[_Step]
    context: Context
    target: int
    lineage: list[int]  # stage indexes whose layers make the target image
    warnings: list[str]
    uncached: set[int] = field(default_factory=set)  # stages built without the cache (--no-cache…)


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


HEREDOC_RE = re.compile(r"^\s*(RUN|COPY|ADD)\b[^\n]*<<-?\s*[\"']?[A-Za-z_]", re.I | re.M)


def _parse(dockerfile: str) -> list[Stage]:
    # dockerfile-parse has no here-documents: it would report the body's first line as an unknown
    # instruction, which says nothing useful to the learner.
    if (
        len(dockerfile) > MAX_DOCKERFILE_LENGTH
    ):  # the parser's own limit, checked first for the page
        raise BuildCacheError(f"the Dockerfile is limited to {MAX_DOCKERFILE_LENGTH:,} characters")
    heredoc = HEREDOC_RE.search(dockerfile)
    if heredoc:
        line = dockerfile.count("\n", 0, heredoc.start()) + 1
        raise BuildCacheError(
            "here-documents (<<EOF) are not simulated: write the command on the RUN line", line
        )
    try:
        return parse_dockerfile(dockerfile)
    except DockerfileError as error:
        raise BuildCacheError(str(error).split(": ", 1)[-1], error.line) from None


def _global_args(lines: list[str], first_from: int) -> list[tuple[str, str | None]]:
    """ARG lines before the first FROM (parse_dockerfile only uses their defaults to expand FROM)."""
    found = []
    for number, raw in enumerate(lines[: first_from - 1], start=1):
        match = re.match(r"\s*ARG\s+(.+)", raw, re.I)
        if match:
            found.extend(_declarations(match[1], number))
    return found


def _raw_image(lines: list[str], stage: Stage) -> str:
    """The image word of a FROM line as written, before variables are expanded."""
    match = re.match(r"\s*FROM\s+((?:--\S+\s+)*)(\S+)", lines[stage.line - 1], re.I)
    return match[2] if match else stage.base


def _flags(value: str) -> tuple[list[tuple[str, str]], str]:
    """The leading --name[=value] flags of an instruction, and the rest."""
    flags = []
    rest = value.strip()
    while match := re.match(r"--([a-z-]+)(?:=(\"[^\"]*\"|\S*))?\s*", rest):
        flags.append((match[1], (match[2] or "").strip('"')))
        rest = rest[match.end() :]
    return flags, rest


def _image_size(image: str) -> int:
    lowered = image.lower()
    if lowered == "scratch":
        return 0
    name_part, _, tag = lowered.split("@")[0].rpartition(":")
    if "/" in tag:  # a registry port, not a tag
        name_part, tag = lowered.split("@")[0], ""
    name_part = name_part or lowered.split("@")[0]
    name = name_part.rsplit("/", 1)[-1]
    words = set(re.split(r"[-._]", tag))
    variant = "alpine" if "alpine" in words else "slim" if "slim" in words else ""
    if "distroless" in name_part:
        variant = "distroless"
    megabytes = BASE_IMAGE_MB.get((name, variant)) or BASE_VARIANT_MB[variant]
    return megabytes * MB


def _run_estimate(command: str) -> RunEstimate:
    for estimate in RUN_ESTIMATES:
        if estimate.pattern.search(command):
            return estimate
    return OTHER_RUN


def _needed_stages(stages: list[Stage], images: list[str], target: int, names: dict) -> set[int]:
    """The target stage and every stage it builds on, copies from or mounts from."""
    needed, pending = set(), [target]
    while pending:
        index = pending.pop()
        if index in needed:
            continue
        needed.add(index)
        parent = names.get(images[index].lower())
        if parent is not None and parent < index:
            pending.append(parent)
        for instruction in stages[index].instructions:
            for name, value in _flags(instruction.value)[0]:
                source = ""
                if name == "from":
                    source = value
                elif name == "mount":
                    source = dict(_mount_options(value)).get("from", "")
                if names.get(source.lower(), index) < index:
                    pending.append(names[source.lower()])
    return needed


def _mount_options(value: str) -> list[tuple[str, str]]:
    options = []
    for part in value.split(","):
        key, _, option = part.partition("=")
        options.append((key.strip().lower(), option.strip()))
    return options


def _plan(build: BuildInput) -> _Plan:
    stages = _parse(build.dockerfile)
    if len(build.build_args) > MAX_BUILD_ARGS:
        raise BuildCacheError(f"at most {MAX_BUILD_ARGS} build arguments")
    context = build_context(build)
    lines = build.dockerfile.splitlines()
    names: dict[str, int] = {str(stage.index): stage.index for stage in stages}
    names.update({stage.name: stage.index for stage in stages if stage.name})
    if build.target:
        if build.target.lower() not in names:
            raise BuildCacheError(f"there is no stage named '{build.target}' to build")
        target = names[build.target.lower()]
    else:
        target = len(stages) - 1
    warnings: list[str] = []
    consumed: set[str] = set()
    uncached = set(range(len(stages))) if build.no_cache else set()
    for name in build.no_cache_filter:
        if name.lower() not in names:
            raise BuildCacheError(f"--no-cache-filter {name}: there is no stage named '{name}'")
        uncached.add(names[name.lower()])

    global_values: dict[str, str] = {}
    global_defaults: dict[str, str | None] = {}
    for name, default in _global_args(lines, stages[0].line):
        expanded = substitute(default, global_values) if default is not None else None
        global_defaults[name] = expanded
        value = build.build_args.get(name, expanded)
        if name in build.build_args:
            consumed.add(name)
        if value is not None:
            global_values[name] = value

    images = [substitute(_raw_image(lines, stage), global_values) for stage in stages]
    needed = _needed_stages(stages, images, target, names)
    steps: list[_Step] = []
    stage_last: dict[int, int] = {}  # stage index -> index of its last build step
    stage_state: dict[int, dict] = {}

    def add(step: _Step) -> _Step:
        steps.append(step)
        return step

    for stage in stages:
        label = stage.name or f"stage {stage.index}"
        skipped = stage.index not in needed
        image = images[stage.index]
        parent_stage = names.get(image.lower())
        if parent_stage is not None and parent_stage >= stage.index:
            raise BuildCacheError(
                f"FROM {image}: a stage can only start from an earlier stage", stage.line
            )
        text = f"FROM {lines[stage.line - 1].strip()[4:].strip()}"
        if parent_stage is not None and parent_stage in stage_state:
            state = {**stage_state[parent_stage], "args": {}}
        else:
            state = {
                "env": {},
                "args": {},
                "workdir": "/",
                "user": "root",
                "shell": ["/bin/sh", "-c"],
            }
        if skipped:
            add(_Step(len(steps), stage.line, label, stage.index, "FROM", text, SKIPPED))
            for instruction in stage.instructions:
                add(
                    _Step(
                        len(steps),
                        instruction.line,
                        label,
                        stage.index,
                        instruction.keyword,
                        _display(instruction),
                        SKIPPED,
                    )
                )
            continue
        if parent_stage is not None:
            # No build step of its own: the stage goes on from the earlier stage's last step.
            source = steps[stage_last[parent_stage]]
            from_step = add(
                _Step(
                    len(steps),
                    stage.line,
                    label,
                    stage.index,
                    "FROM",
                    text,
                    CONFIG,
                    parent=source.index,
                    components={"stage": stages[parent_stage].name or str(parent_stage)},
                )
            )
            from_step = source
        else:
            digest = (
                ""
                if image.lower() == "scratch"
                else build.base_digests.get(image) or default_digest(image)
            )
            components = {"image": image, "digest": digest}
            size = _image_size(image)
            from_step = add(
                _Step(
                    len(steps),
                    stage.line,
                    label,
                    stage.index,
                    "FROM",
                    text,
                    "step",
                    key=_digest(components),
                    chain=_digest(components),
                    components=components,
                    layer_bytes=size,
                    cold_seconds=round(size / MB / PULL_MB_PER_SECOND, 1),
                    warm_seconds=round(size / MB / PULL_MB_PER_SECOND, 1),
                )
            )
        previous = from_step
        for instruction in stage.instructions:
            step = _plan_instruction(
                instruction,
                label,
                stage.index,
                previous,
                state,
                build,
                context,
                names,
                stage_last,
                steps,
                global_defaults,
                consumed,
            )
            step.index = len(steps)
            steps.append(step)
            if step.kind == "step":
                previous = step
        stage_last[stage.index] = previous.index
        stage_state[stage.index] = state

    unused = sorted(set(build.build_args) - consumed)
    if unused:
        warnings.append(
            "Build arguments not declared by any ARG are ignored (and leave the cache alone): "
            + ", ".join(unused)
        )
    lineage, index = [], target
    while True:
        lineage.append(index)
        parent = names.get(images[index].lower())
        if parent is None or parent >= index:
            break
        index = parent
    return _Plan(steps, context, target, lineage, warnings, uncached)


def _display(instruction: Instruction) -> str:
    return re.sub(r"\s+", " ", f"{instruction.keyword} {instruction.value}").strip()


def _plan_instruction(
    instruction: Instruction,
    label: str,
    stage_index: int,
    previous: _Step,
    state: dict,
    build: BuildInput,
    context: Context,
    names: dict[str, int],
    stage_last: dict[int, int],
    steps: list[_Step],
    global_defaults: dict[str, str | None],
    consumed: set[str],
) -> _Step:
    keyword, line = instruction.keyword, instruction.line
    step = _Step(0, line, label, stage_index, keyword, _display(instruction), CONFIG)
    variables = {**state["args"], **state["env"]}

    if keyword == "ARG":
        described = []
        for name, default in _declarations(instruction.value, line):
            if name in build.build_args:
                value: str | None = build.build_args[name]
                consumed.add(name)
            elif default is not None:
                value = substitute(default, variables)
            else:
                value = global_defaults.get(name)
            if value is None:
                state["args"].pop(name, None)
                described.append(f"{name} (no value)")
            else:
                state["args"][name] = value
                described.append(f"{name}={value!r}")
        step.note = (
            "Declares the build argument "
            + ", ".join(described)
            + ". An ARG makes no build step: a changed value misses the cache where it is first used "
            "(every RUN after it sees it as an environment variable), not here."
        )
        return step
    if keyword == "ENV":
        pairs = [
            (name, substitute(raw, variables)) for name, raw in _env_pairs(instruction.value, line)
        ]
        for name, value in pairs:
            state["env"][name] = value
        step.note = (
            "Sets "
            + ", ".join(f"{name}={value!r}" for name, value in pairs)
            + " for the RUN steps after it and in the image. No build step of its own: a changed value "
            "makes the next RUN miss the cache."
        )
        return step
    if keyword == "USER":
        state["user"] = substitute(instruction.value, variables)
        step.note = "Sets the user later RUN steps run as (part of their cache key). No build step."
        return step
    if keyword == "SHELL":
        state["shell"] = instruction.value
        step.note = "Sets the shell later RUN steps use (part of their cache key). No build step."
        return step
    if keyword not in STEP_KEYWORDS:
        step.note = (
            "Only changes the image configuration (metadata): no build step, nothing to cache."
        )
        return step

    step.kind = "step"
    step.parent = previous.index
    step.parent_chain = previous.chain
    flags, rest = _flags(instruction.value)
    if keyword == "WORKDIR":
        path = substitute(instruction.value.strip().strip("\"'"), variables)
        state["workdir"] = posixpath.normpath(posixpath.join(state["workdir"], path))
        step.components = {"op": "WORKDIR", "path": state["workdir"]}
        if SOURCE_DATE_EPOCH in build.build_args:
            # BuildKit stamps the directory it creates with this time, so the value is in the key.
            step.components["source_date_epoch"] = build.build_args[SOURCE_DATE_EPOCH]
            consumed.add(SOURCE_DATE_EPOCH)
        step.cold_seconds = step.warm_seconds = WORKDIR_SECONDS
    elif keyword == "RUN":
        _plan_run(step, flags, rest, state, build, context, names, stage_last, steps)
    else:
        _plan_copy(step, keyword, flags, rest, variables, build, context, names, stage_last, steps)
    parent_part = None if step.link else previous.chain
    step.key = _digest({"parent": parent_part, **step.components})
    step.chain = (
        step.key if not step.link else _digest({"parent": previous.chain, "link": step.key})
    )
    return step


def _plan_run(
    step: _Step,
    flags: list[tuple[str, str]],
    command: str,
    state: dict,
    build: BuildInput,
    context: Context,
    names: dict[str, int],
    stage_last: dict[int, int],
    steps: list[_Step],
) -> None:
    if not command:
        raise BuildCacheError("RUN has no command", step.line)
    mounts, bind_files, sources, cache_ids = [], {}, [], []
    for name, value in flags:
        if name != "mount":
            continue
        options = dict(_mount_options(value))
        kind = options.get("type", "bind")
        target = options.get("target") or options.get("dst") or options.get("destination", "")
        if kind == "cache":
            cache_ids.append(options.get("id") or target)
        if kind == "bind":
            origin = options.get("from", "")
            if origin.lower() in names:
                if names[origin.lower()] >= step.stage_index:
                    raise BuildCacheError(
                        f"RUN --mount from={origin}: a stage can only mount an earlier stage",
                        step.line,
                    )
                source_step = steps[stage_last[names[origin.lower()]]]
                sources.append(source_step.index)
                options["from"] = f"stage:{source_step.chain}"
            elif not origin:
                selected = _select(
                    options.get("source") or options.get("src") or ".",
                    context,
                    "RUN --mount",
                    step.line,
                )
                bind_files.update({path: _digest(content) for path, content in selected.items()})
        mounts.append(sorted(options.items()))
    shadowed = set(state["env"])
    step.components = {
        "op": "RUN",
        "command": command,
        "env": dict(state["env"]),
        "args": {name: value for name, value in state["args"].items() if name not in shadowed},
        "workdir": state["workdir"],
        "user": state["user"],
        "shell": state["shell"],
        "mounts": mounts,
        "options": sorted((name, value) for name, value in flags if name != "mount"),
        "bind_files": bind_files,
    }
    estimate = _run_estimate(command)
    step.layer_bytes = int(estimate.layer_mb * MB)
    step.cold_seconds = estimate.cold_seconds
    step.warm_seconds = estimate.warm_seconds if cache_ids else estimate.cold_seconds
    step.cache_ids = tuple(cache_ids)
    step.sources = tuple(sources)


def _copy_words(rest: str, keyword: str, line: int) -> list[str]:
    if rest.startswith("["):
        try:
            words = json.loads(rest)
        except ValueError:
            raise BuildCacheError(f"{keyword} has a malformed JSON list", line) from None
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            raise BuildCacheError(f"{keyword} has a malformed JSON list", line)
        return words
    try:
        return shlex.split(rest, posix=True)
    except ValueError:
        raise BuildCacheError(f"{keyword} has an unclosed quote", line) from None


def _plan_copy(
    step: _Step,
    keyword: str,
    flags: list[tuple[str, str]],
    rest: str,
    variables: Mapping[str, str],
    build: BuildInput,
    context: Context,
    names: dict[str, int],
    stage_last: dict[int, int],
    steps: list[_Step],
) -> None:
    words = [substitute(word, variables) for word in _copy_words(rest, keyword, step.line)]
    if len(words) < 2:
        raise BuildCacheError(f"{keyword} needs at least one source and a destination", step.line)
    if any(word.startswith("<<") for word in words):
        raise BuildCacheError(f"{keyword} with a here-document is not simulated", step.line)
    sources, destination = words[:-1], words[-1]
    options = dict(flags)
    step.link = "link" in options and options["link"] in {"", "true"}
    excludes = [
        IgnoreRule(
            0, p, _clean(p), False, *_compile_ignore(_clean(p), f"Line {step.line}: --exclude")
        )
        for n, p in flags
        if n == "exclude"
    ]
    components: dict = {
        "op": keyword,
        "sources": sources,
        "destination": destination,
        "options": sorted((name, value) for name, value in flags if name != "from"),
    }
    origin = substitute(options.get("from", ""), variables)
    if origin:
        if origin.lower() in names:
            index = names[origin.lower()]
            if index >= step.stage_index:
                raise BuildCacheError(
                    f"{keyword} --from={origin}: a stage can only copy from an earlier stage",
                    step.line,
                )
            source_step = steps[stage_last[index]]
            step.sources = (source_step.index,)
            components["from_stage"] = {"stage": origin.lower(), "result": source_step.chain}
        else:
            digest = build.base_digests.get(origin) or default_digest(origin)
            components["from_image"] = {"image": origin, "digest": digest}
        step.layer_bytes = COPY_FROM_STAGE_BYTES
    else:
        selected: dict[str, str] = {}
        remote = []
        for source in sources:
            if re.match(r"^(https?|git)://|^git@", source):
                if keyword == "COPY":
                    raise BuildCacheError(
                        "COPY cannot fetch URLs: use ADD (or curl in a RUN)", step.line
                    )
                remote.append(source)
                continue
            selected.update(_select(source, context, keyword, step.line))
        selected = {
            path: content
            for path, content in selected.items()
            if not any(rule.matches(path) for rule in excludes)
        }
        components["files"] = {path: _digest(content) for path, content in selected.items()}
        if remote:
            components["remote"] = remote
        step.layer_bytes = sum(context.sizes[path] for path in selected) + REMOTE_ADD_BYTES * len(
            remote
        )
    step.components = components
    step.cold_seconds = step.warm_seconds = round(
        COPY_OVERHEAD_SECONDS + step.layer_bytes / MB / COPY_MB_PER_SECOND, 1
    )


def _external_images(build: BuildInput) -> set[str]:
    """Images the build pulls: FROM bases and COPY --from=<image> sources."""
    plan = _plan(build)
    images = set()
    for step in plan.steps:
        if step.keyword == "FROM" and "image" in step.components:
            images.add(step.components["image"])
        if "from_image" in step.components:
            images.add(step.components["from_image"]["image"])
    return {image for image in images if image.lower() != "scratch"}


# --- Simulating a rebuild -----------------------------------------------------------------------


@dataclass(frozen=True)
class StepOutcome:
    """What one Dockerfile instruction does in the rebuild.

    status: cached, rebuilt, config (no build step) or skipped (stage not needed).
    cause: a short code for the reason (first-build, cached, base-image, parent, files, args, env,
    text, source-stage, workdir, user, shell, mounts, new-step, no-cache, config, skipped).
    """

    line: int
    stage: str
    keyword: str
    instruction: str
    status: str
    cause: str
    reason: str
    layer_bytes: int = 0
    seconds: float = 0.0
    files: tuple[
        str, ...
    ] = ()  # context files it copies (COPY/ADD) or mounts (RUN --mount=type=bind)

    @property
    def is_step(self) -> bool:
        return self.status in {CACHED, REBUILT}


@dataclass(frozen=True)
class BuildReport:
    """Every instruction's outcome, with the estimated totals."""

    outcomes: tuple[StepOutcome, ...]
    seconds: float  # the estimated duration of this build (longest chain of rebuilt steps)
    cold_seconds: float  # the same build with an empty cache, for comparison
    image_bytes: int  # the estimated size of the target image
    context_bytes: int  # what the build context holds after .dockerignore
    excluded: tuple[str, ...]  # paths the .dockerignore keeps out of the context
    warnings: tuple[str, ...] = ()

    @property
    def steps(self) -> tuple[StepOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.is_step)

    @property
    def rebuilt_lines(self) -> frozenset[int]:
        return frozenset(o.line for o in self.outcomes if o.status == REBUILT)

    @property
    def cached_lines(self) -> frozenset[int]:
        return frozenset(o.line for o in self.outcomes if o.status == CACHED)

    def outcome_at(self, line: int) -> StepOutcome:
        for outcome in self.outcomes:
            if outcome.line == line:
                return outcome
        raise KeyError(line)


def simulate_first_build(build: BuildInput) -> BuildReport:
    """A build with an empty cache: every step runs."""
    return simulate_rebuild(None, build)


def simulate_change(build: BuildInput, change: Change) -> BuildReport:
    """Build, apply the change, build again: what the second build reuses."""
    return simulate_rebuild(build, apply_change(build, change))


def simulate_rebuild(before: BuildInput | None, after: BuildInput) -> BuildReport:
    """The second build's outcome, with the first build's steps in the cache (None: empty cache).

    Raises BuildCacheError (with the line when there is one) when either build cannot run.
    """
    plan = _plan(after)
    earlier = _plan(before) if before is not None else None
    cached_steps: dict[str, _Step] = {}
    warm_caches: set[str] = set()
    if earlier is not None:
        for step in earlier.steps:
            if step.kind == "step":
                cached_steps.setdefault(step.key, step)
                warm_caches.update(step.cache_ids)
    statuses: dict[int, str] = {}
    forced: set[int] = set()  # steps run again without the cache, and the steps built on them
    finish: dict[int, float] = {}
    cold_finish: dict[int, float] = {}
    outcomes = []
    for step in plan.steps:
        if step.kind == SKIPPED:
            outcomes.append(
                StepOutcome(
                    step.line,
                    step.stage,
                    step.keyword,
                    step.text,
                    SKIPPED,
                    "skipped",
                    f"Stage {step.stage} is not needed to build the target stage, so BuildKit skips it.",
                )
            )
            continue
        if step.kind == CONFIG and step.keyword == "FROM":
            parent_status = statuses.get(step.parent, CACHED) if step.parent is not None else CACHED
            outcomes.append(
                StepOutcome(
                    step.line,
                    step.stage,
                    step.keyword,
                    step.text,
                    CONFIG,
                    "config",
                    f"Starts from the result of stage {step.components['stage']} (its last step was "
                    f"{parent_status}): no build step of its own.",
                )
            )
            continue
        if step.kind == CONFIG:
            outcomes.append(
                StepOutcome(
                    step.line, step.stage, step.keyword, step.text, CONFIG, "config", step.note
                )
            )
            continue
        if earlier is None:
            status, cause, reason = (
                REBUILT,
                "first-build",
                "Nothing is cached yet: the first build runs every step.",
            )
        elif step.stage_index in plan.uncached and step.keyword != "FROM":
            status, cause = REBUILT, "no-cache"
            reason = (
                "--no-cache: the build does not use the cache, so the step runs again."
                if after.no_cache
                else f"--no-cache-filter {step.stage}: the cache is not used for this stage's steps."
            )
            forced.add(step.index)
        elif forced & {step.parent, *step.sources} - ({step.parent} if step.link else set()):
            # Same key as a cached step, but it builds on a step that ran again without the cache:
            # the simulator cannot know that step's new output, so it takes it as new.
            status, cause = REBUILT, "parent" if step.parent in forced else "source-stage"
            reason = "It builds on a step that ran again without the cache, whose output is taken as new."
            forced.add(step.index)
        elif step.key in cached_steps:
            status, cause, reason = CACHED, "cached", _cached_reason(step)
        else:
            status = REBUILT
            cause, reason = _explain(step, plan, earlier, statuses)
        statuses[step.index] = status
        if status == REBUILT:
            warm = bool(step.cache_ids) and all(cache in warm_caches for cache in step.cache_ids)
            seconds = step.warm_seconds if warm else step.cold_seconds
            if warm:
                reason += (
                    " Its cache mount still holds what the last build downloaded, so it runs faster"
                    " (only new or changed packages are fetched)."
                )
        else:
            seconds = 0.0
        inputs = [i for i in (step.parent, *step.sources) if i is not None]
        finish[step.index] = max((finish.get(i, 0.0) for i in inputs), default=0.0) + seconds
        cold_finish[step.index] = (
            max((cold_finish.get(i, 0.0) for i in inputs), default=0.0) + step.cold_seconds
        )
        outcomes.append(
            StepOutcome(
                step.line,
                step.stage,
                step.keyword,
                step.text,
                status,
                cause,
                reason,
                step.layer_bytes,
                round(seconds, 1),
                tuple(
                    sorted(
                        {
                            **step.components.get("files", {}),
                            **step.components.get("bind_files", {}),
                        }
                    )
                ),
            )
        )
    image_bytes = sum(
        step.layer_bytes
        for step in plan.steps
        if step.kind == "step" and step.stage_index in plan.lineage
    )
    return BuildReport(
        outcomes=tuple(outcomes),
        seconds=round(max(finish.values(), default=0.0), 1),
        cold_seconds=round(max(cold_finish.values(), default=0.0), 1),
        image_bytes=image_bytes,
        context_bytes=sum(plan.context.sizes.values()),
        excluded=tuple(sorted(plan.context.excluded)),
        warnings=tuple(plan.warnings),
    )


def _cached_reason(step: _Step) -> str:
    if step.keyword == "FROM":
        return "Same base image digest as the cached build: nothing to pull."
    if step.keyword == "RUN":
        return (
            "Same parent step, same command, same environment: the cache only compares the command "
            "text, never what it would download."
        )
    if step.keyword == "WORKDIR":
        return "Same parent step, same directory."
    if "from_stage" in step.components:
        return f"Stage {step.components['from_stage']['stage']} produced the same result, so the copy is reused."
    count = len(step.components.get("files", {}))
    files = f"the same checksums for the {count} file{'s' if count != 1 else ''} it copies"
    if step.link:
        return (
            f"With --link the layer does not depend on the steps before it, and it has {files} "
            "(modification times are not part of the checksum)."
        )
    return f"Same parent step and {files} (modification times are not part of the checksum)."


def _describe_values(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    changes = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            if name not in before:
                changes.append(f"{name} set to {after[name]!r}")
            elif name not in after:
                changes.append(f"{name} no longer set (was {before[name]!r})")
            else:
                changes.append(f"{name} {before[name]!r} → {after[name]!r}")
    return changes


def _describe_files(before: Mapping[str, str], after: Mapping[str, str], plan: _Plan) -> str:
    changed = [path for path in after if path in before and before[path] != after[path]]
    added = [path for path in after if path not in before]
    removed = []
    for path in before:
        if path not in after:
            rule = plan.context.excluded.get(path)
            removed.append(
                f"{path} (now excluded by .dockerignore line {rule.line}: {rule.text})"
                if rule
                else f"{path} (gone)"
            )
    parts = []
    if changed:
        parts.append("changed: " + ", ".join(sorted(changed)))
    if added:
        parts.append("new: " + ", ".join(sorted(added)))
    if removed:
        parts.append("no longer copied: " + ", ".join(sorted(removed)))
    return "; ".join(parts)


def _explain(step: _Step, plan: _Plan, earlier: _Plan, statuses: dict[int, str]) -> tuple[str, str]:
    """Why a step missed the cache: the first difference from the cached step it would have matched."""
    if step.keyword == "FROM":
        same_image = [
            s
            for s in earlier.steps
            if s.keyword == "FROM" and s.components.get("image") == step.components["image"]
        ]
        if same_image:
            return (
                "base-image",
                f"The base image {step.components['image']} has a new digest (a new image was pushed under "
                "the same tag): it is pulled, and every step of this stage is rebuilt.",
            )
        return (
            "base-image",
            f"A different base image ({step.components['image']}): every step of this stage is rebuilt.",
        )
    if not step.link and step.parent is not None and statuses.get(step.parent) == REBUILT:
        parent = plan.steps[step.parent]
        return (
            "parent",
            f"The step before it (line {parent.line}, {parent.text}) was rebuilt, and a step's cache key "
            "includes its parent: every step after a rebuilt one is rebuilt.",
        )
    candidates = [
        s
        for s in earlier.steps
        if s.kind == "step"
        and s.keyword == step.keyword
        and (s.parent_chain == step.parent_chain or (step.link and s.link))
    ]
    if not candidates:
        return (
            "new-step",
            "No cached step follows the same parent with this instruction: it is new here, was edited, or "
            "moved, so it runs.",
        )

    def differences(candidate: _Step) -> list[str]:
        return [
            name
            for name in sorted(set(candidate.components) | set(step.components))
            if candidate.components.get(name) != step.components.get(name)
        ]

    best = min(candidates, key=lambda c: (len(differences(c)), c.line != step.line))
    changed = differences(best)
    old, new = best.components, step.components
    expanded = {"command", "sources", "destination", "path", "options"} & set(changed)
    if expanded and step.text != best.text:
        return "text", "The instruction's text changed, so its cache key changed."
    if expanded:
        name = sorted(expanded)[0]
        return (
            "args",
            f"The same text expands differently ({name}: {old.get(name)!r} → {new.get(name)!r}): a build "
            "argument or ENV value it uses changed, and this is its first use.",
        )
    if "files" in changed:
        detail = _describe_files(old.get("files", {}), new.get("files", {}), plan)
        return (
            "files",
            f"The files it copies are not the same as in the cached build ({detail}): COPY and ADD compare "
            "file checksums.",
        )
    if "bind_files" in changed:
        detail = _describe_files(old.get("bind_files", {}), new.get("bind_files", {}), plan)
        return (
            "files",
            f"The files of its bind mount changed ({detail}): a bind mount's files count by checksum.",
        )
    if "args" in changed:
        detail = "; ".join(_describe_values(old.get("args", {}), new.get("args", {})))
        return (
            "args",
            f"Build argument changed ({detail}): every RUN after an ARG runs with it in its environment, so "
            "the first RUN after the ARG misses the cache.",
        )
    if "env" in changed:
        detail = "; ".join(_describe_values(old.get("env", {}), new.get("env", {})))
        return (
            "env",
            f"Its environment changed ({detail}): ENV values are part of a RUN's cache key.",
        )
    if "from_image" in changed:
        return (
            "source-stage",
            f"It copies from the image {new['from_image']['image']}, which has a new digest.",
        )
    if "from_stage" in changed:
        return (
            "source-stage",
            f"It copies from stage {new['from_stage']['stage']}, which was rebuilt. BuildKit checksums the "
            "copied files; the simulator cannot run commands, so it takes a rebuilt stage's output as new.",
        )
    if "source_date_epoch" in changed:
        return (
            "args",
            "SOURCE_DATE_EPOCH changed: WORKDIR takes it into its cache key (the directory's timestamp), so "
            "WORKDIR and everything after it rebuild.",
        )
    if "workdir" in changed or "path" in changed:
        return "workdir", "The working directory changed."
    if "user" in changed:
        return "user", "The user it runs as changed (USER is part of a RUN's cache key)."
    if "shell" in changed:
        return "shell", "The SHELL it runs with changed."
    if "mounts" in changed:
        return (
            "mounts",
            "Its --mount options changed (a cache mount's contents never count, its options do).",
        )
    return "text", "The instruction changed, so its cache key changed."


# --- Exercises ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictionCheck:
    """A learner's "which steps rebuild?" prediction against the simulation."""

    correct: bool
    missed: tuple[StepOutcome, ...]  # rebuilt, not predicted
    wrongly_predicted: tuple[StepOutcome, ...]  # predicted, but cached (or no build step at all)
    unknown_lines: tuple[int, ...]  # predicted lines with no instruction
    feedback: str


def check_prediction(report: BuildReport, predicted_lines: Iterable[int]) -> PredictionCheck:
    """Compare the lines a learner predicted to rebuild with the lines the simulation rebuilt."""
    predicted = set(predicted_lines)
    by_line = {outcome.line: outcome for outcome in report.outcomes}
    missed = tuple(o for o in report.outcomes if o.status == REBUILT and o.line not in predicted)
    wrong = tuple(
        by_line[line]
        for line in sorted(predicted)
        if line in by_line and by_line[line].status != REBUILT
    )
    unknown = tuple(sorted(line for line in predicted if line not in by_line))
    correct = not missed and not wrong and not unknown
    if correct:
        feedback = f"Right: exactly {len(report.rebuilt_lines)} step(s) rebuild."
    else:
        parts = []
        if missed:
            parts.append(
                "also rebuilt: " + ", ".join(f"line {o.line} ({o.instruction})" for o in missed)
            )
        if wrong:
            parts.append(
                "not rebuilt: "
                + ", ".join(
                    f"line {o.line} ({o.instruction}{', no build step' if o.status == CONFIG else ''})"
                    for o in wrong
                )
            )
        if unknown:
            parts.append("no instruction on line " + ", ".join(str(line) for line in unknown))
        feedback = "Not quite: " + "; ".join(parts) + "."
    return PredictionCheck(correct, missed, wrong, unknown, feedback)


@dataclass(frozen=True)
class PredictionExercise:
    slug: str
    question: str
    starting_point: str  # a STARTING_POINTS key
    change: Change

    def build(self) -> BuildInput:
        return STARTING_POINTS[self.starting_point].build()

    def report(self) -> BuildReport:
        return simulate_change(self.build(), self.change)


@dataclass(frozen=True)
class ReorderCheck:
    """The reorder exercise's verdict on a learner's Dockerfile."""

    solved: bool
    problems: tuple[str, ...]
    report: BuildReport | None  # the code-change rebuild of the learner's Dockerfile, when it ran


@dataclass(frozen=True)
class ReorderExercise:
    slug: str
    title: str
    task: str
    dockerfile: str  # the starting Dockerfile the learner reorders
    dockerignore: str
    code_change: Change  # must rebuild only the last `rebuilt_steps` steps
    dependency_change: Change  # must still rebuild every dependency install
    rebuilt_steps: int = 2


def _run_commands(build: BuildInput) -> list[str]:
    plan = _plan(build)
    return sorted(
        re.sub(r"\s+", " ", step.components["command"]).strip()
        for step in plan.steps
        if step.kind == "step" and step.keyword == "RUN"
    )


def _copied_files(build: BuildInput) -> set[str]:
    plan = _plan(build)
    return {
        path
        for step in plan.steps
        if step.kind == "step" and step.keyword in {"COPY", "ADD"}
        for path in step.components.get("files", {})
    }


def check_reorder(dockerfile: str, exercise: ReorderExercise | None = None) -> ReorderCheck:
    """Does the learner's Dockerfile keep the same work, and make a code change rebuild only the last steps?

    Runs the simulation on the learner's Dockerfile with the sample project: a code change must rebuild
    exactly the last `rebuilt_steps` build steps, and a lockfile change must still rebuild the install
    (or the image would keep stale dependencies).
    """
    exercise = exercise or REORDER_EXERCISE
    start = BuildInput(
        exercise.dockerfile, SAMPLE_PROJECT, exercise.dockerignore, file_sizes=SAMPLE_SIZES
    )
    learner = replace(start, dockerfile=dockerfile)
    try:
        learner_runs = _run_commands(learner)
        copied = _copied_files(learner)
        report = simulate_change(learner, exercise.code_change)
        dependency_report = simulate_change(learner, exercise.dependency_change)
    except BuildCacheError as error:
        return ReorderCheck(False, (str(error),), None)
    problems = []
    wanted_runs = _run_commands(start)
    if learner_runs != wanted_runs:
        missing = sorted(set(wanted_runs) - set(learner_runs))
        extra = sorted(set(learner_runs) - set(wanted_runs))
        detail = "; ".join(
            part
            for part in (
                "missing: " + ", ".join(missing) if missing else "",
                "not in the original: " + ", ".join(extra) if extra else "",
            )
            if part
        )
        problems.append(
            f"Keep the same RUN commands, only reorder the instructions ({detail or 'count differs'})."
        )
    lost = sorted(
        path
        for path in _copied_files(start) - copied
        if path not in {DOCKERFILE_NAME, DOCKERIGNORE_NAME}
    )
    if lost:
        problems.append("The image must still contain " + ", ".join(lost) + ".")
    steps = [o for o in report.outcomes if o.is_step]
    last = {o.line for o in steps[-exercise.rebuilt_steps :]}
    if report.rebuilt_lines != last:
        rebuilt = [o for o in steps if o.status == REBUILT]
        problems.append(
            f"{exercise.code_change.describe()} rebuilds {len(rebuilt)} step(s) ("
            + ", ".join(f"line {o.line}: {o.instruction}" for o in rebuilt)
            + f"); aim for only the last {exercise.rebuilt_steps}: copy the files that change rarely, "
            "install, then copy the rest."
        )
    stale = [
        o
        for o in dependency_report.outcomes
        if o.keyword == "RUN"
        and o.status == CACHED
        and _run_estimate(o.instruction).label.endswith("dependencies")
    ]
    if stale:
        problems.append(
            "A change to the lockfile must still rebuild "
            + ", ".join(f"line {o.line} ({o.instruction})" for o in stale)
            + ": copy package.json and package-lock.json before installing, or npm has nothing to install."
        )
    return ReorderCheck(not problems, tuple(problems), report)


# --- Starting points ----------------------------------------------------------------------------

SAMPLE_PROJECT: dict[str, str] = {
    "package.json": (
        "{\n"
        '  "name": "hello-contained",\n'
        '  "version": "1.0.0",\n'
        '  "scripts": {"build": "node scripts/build.js", "start": "node dist/server.js"},\n'
        '  "dependencies": {"express": "^5.1.0"},\n'
        '  "devDependencies": {"esbuild": "^0.25.0"}\n'
        "}\n"
    ),
    "package-lock.json": (
        '{\n  "name": "hello-contained",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n'
        '  "packages": {"node_modules/express": {"version": "5.1.0"}, '
        '"node_modules/esbuild": {"version": "0.25.0", "dev": true}}\n}\n'
    ),
    "src/server.js": (
        'const express = require("express");\n'
        "const app = express();\n"
        'app.get("/", (req, res) => res.send("Hello from a container"));\n'
        "app.listen(3000);\n"
    ),
    "scripts/build.js": (
        'require("esbuild").buildSync({entryPoints: ["src/server.js"], bundle: true, platform: "node", '
        'outfile: "dist/server.js"});\n'
    ),
    "README.md": "# hello-contained\n\nA tiny Express app for the build-cache lab.\n",
    ".env": "SESSION_SECRET=change-me\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    "node_modules/express/package.json": '{"name": "express", "version": "5.1.0"}\n',
}
# Notional sizes for what a real checkout would hold (the files above stand in for them).
SAMPLE_SIZES: dict[str, int] = {
    ".git/HEAD": 30 * MB,
    "node_modules/express/package.json": 60 * MB,
}
GOOD_DOCKERIGNORE = "node_modules\n.git\n.env\n"

COPY_EVERYTHING_FIRST = """\
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
USER node
CMD ["node", "dist/server.js"]
"""

MANIFESTS_FIRST = """\
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
USER node
CMD ["node", "dist/server.js"]
"""

MULTI_STAGE = """\
# syntax=docker/dockerfile:1
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
ARG APP_VERSION=dev
RUN npm run build

FROM node:${NODE_VERSION}-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/server.js"]
"""


@dataclass(frozen=True)
class StartingPoint:
    slug: str
    title: str
    summary: str
    dockerfile: str
    dockerignore: str

    def build(self) -> BuildInput:
        return BuildInput(
            self.dockerfile, SAMPLE_PROJECT, self.dockerignore, file_sizes=SAMPLE_SIZES
        )


STARTING_POINTS: dict[str, StartingPoint] = {
    point.slug: point
    for point in (
        StartingPoint(
            "copy-everything-first",
            "Everything first (slow)",
            "COPY . . before npm ci, and no .dockerignore: any edit reinstalls every dependency.",
            COPY_EVERYTHING_FIRST,
            "",
        ),
        StartingPoint(
            "manifests-first",
            "Manifests first",
            "package.json and the lockfile first, then npm ci, then the code: a code edit keeps the install cached.",
            MANIFESTS_FIRST,
            GOOD_DOCKERIGNORE,
        ),
        StartingPoint(
            "multi-stage",
            "Multi-stage with a cache mount",
            "A build stage and a slim runtime stage; npm's download cache lives in a cache mount.",
            MULTI_STAGE,
            GOOD_DOCKERIGNORE,
        ),
    )
}

STANDARD_CHANGES: dict[str, Change] = {
    "edit-code": Change(
        "edit-file",
        "src/server.js",
        SAMPLE_PROJECT["src/server.js"].replace("Hello from a container", "Hello again"),
        "Edit src/server.js",
    ),
    "edit-lockfile": Change(
        "edit-file",
        "package-lock.json",
        SAMPLE_PROJECT["package-lock.json"].replace('"5.1.0"}', '"5.1.1"}'),
        "Upgrade express in package-lock.json",
    ),
    "edit-readme": Change(
        "edit-file",
        "README.md",
        SAMPLE_PROJECT["README.md"] + "\nRun it with `docker run -p 3000:3000 hello`.\n",
        "Edit README.md",
    ),
    "ignore-readme": Change("ignore-path", "README.md", None, "Add README.md to .dockerignore"),
    "build-arg": Change(
        "build-arg", "APP_VERSION", "1.1.0", "Build with --build-arg APP_VERSION=1.1.0"
    ),
    "base-image": Change("base-image", "", None, "A new node:22-slim is pushed under the same tag"),
}

PREDICTION_EXERCISES: dict[str, PredictionExercise] = {
    exercise.slug: exercise
    for exercise in (
        PredictionExercise(
            "everything-first-code-edit",
            "With COPY . . first, which steps rebuild after you edit src/server.js?",
            "copy-everything-first",
            STANDARD_CHANGES["edit-code"],
        ),
        PredictionExercise(
            "manifests-first-code-edit",
            "With the manifests copied first, which steps rebuild after you edit src/server.js?",
            "manifests-first",
            STANDARD_CHANGES["edit-code"],
        ),
        PredictionExercise(
            "manifests-first-lockfile",
            "Which steps rebuild after you upgrade a dependency in package-lock.json?",
            "manifests-first",
            STANDARD_CHANGES["edit-lockfile"],
        ),
        PredictionExercise(
            "multi-stage-build-arg",
            "In the multi-stage build, which steps rebuild with --build-arg APP_VERSION=1.1.0?",
            "multi-stage",
            STANDARD_CHANGES["build-arg"],
        ),
        PredictionExercise(
            "multi-stage-ignore-readme",
            "In the multi-stage build, which steps rebuild after you add README.md to .dockerignore?",
            "multi-stage",
            STANDARD_CHANGES["ignore-readme"],
        ),
    )
}

REORDER_EXERCISE = ReorderExercise(
    "reorder-for-cache",
    "Reorder for the cache",
    "Reorder this Dockerfile so that editing src/server.js rebuilds only the last two steps. Keep the "
    "same RUN commands and copy the same files.",
    COPY_EVERYTHING_FIRST,
    GOOD_DOCKERIGNORE,
    STANDARD_CHANGES["edit-code"],
    STANDARD_CHANGES["edit-lockfile"],
)
