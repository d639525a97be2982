"""Reading the code in an answer: Dockerfiles, `docker run` lines, Compose files, Kubernetes manifests.

Candidates often show instead of tell: a commented Dockerfile, a compose file or a `docker run` line
carries half of a good answer. The code is evidence in its own right, so the grader reads it and
turns it into *code facts*, each tied to the line that shows it:

  minimal-base         FROM a slim, alpine, distroless, chiseled, scratch… image (images.py decides)
  pinned-base          FROM a tag with a version or a digest
  latest-base          FROM an image with the `latest` tag or no tag at all
  multi-stage          the final stage copies from an earlier one (the Dockerfile drill's own check)
  deps-before-source   manifests copied and installed before the source (the drill's own check)
  source-before-deps   the source copied before the install, so every code change reinstalls
  non-root-user        USER, --user, `user:` or runAsUser/runAsNonRoot naming an unprivileged user
  root-user            the same naming root
  prod-deps            a production-only install (the drill's own check)
  exec-form            CMD/ENTRYPOINT in exec form;  healthcheck  HEALTHCHECK, healthcheck:, probes
  cache-mount          RUN --mount=type=cache
  memory-limit         --memory/-m, mem_limit:, memory: under limits:
  cpu-limit            --cpus, --cpu-quota, cpus:, cpu: under limits:
  resource-requests    requests: in a Kubernetes manifest
  published-port       -p/--publish or ports:;  published-localhost  the same bound to 127.0.0.1
  host-network         --network host or network_mode: host
  user-network         --network <name>, `docker network create`, networks:
  named-volume         -v name:/path, --mount type=volume, `docker volume create`, a named volume in compose
  bind-mount           -v /host/path:/path or ./dir, --mount type=bind
  tmpfs                --tmpfs, --mount type=tmpfs, tmpfs:
  depends-on-healthy   depends_on with condition: service_healthy
  read-only            --read-only, read_only: true

Dockerfiles are read by the Dockerfile drill's own reader and stage model (`analyse_snippet`) and
judged by its own checks, so one set of rules decides what a Dockerfile shows wherever it appears. A
rubric criterion lists the facts that name it (`code`), that earn it at most level 1 (`code_partial`)
and that recommend the bad practice (`code_reject`).

Code is found in fenced blocks (```), in runs of lines that read as Dockerfile instructions or shell
commands, and in inline code spans (`USER node`). Comments inside code are read as prose by the
text reader; this module only reads the code.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from drills.grading.dockerfile.checks import (
    check_deps_before_source,
    check_exec_form,
    check_healthcheck,
    check_multi_stage,
    check_prod_deps_only,
)
from drills.grading.dockerfile.images import is_minimal, is_pinned, parse_image
from drills.grading.dockerfile.model import Build, analyse_snippet

FACTS = frozenset(
    {
        "minimal-base", "pinned-base", "latest-base", "multi-stage", "deps-before-source",
        "source-before-deps", "non-root-user", "root-user", "prod-deps", "exec-form", "healthcheck",
        "cache-mount", "memory-limit", "cpu-limit", "resource-requests", "published-port",
        "published-localhost", "host-network", "user-network", "named-volume", "bind-mount", "tmpfs",
        "depends-on-healthy", "read-only",
    }
)  # fmt: skip

FENCE_RE = re.compile(r"^[ \t]*(```|~~~)[ \t]*([\w+.-]*)[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.M | re.S)
INLINE_CODE_RE = re.compile(r"`([^`\n]+)`")
INSTRUCTIONS = (
    "FROM", "RUN", "COPY", "ADD", "USER", "WORKDIR", "CMD", "ENTRYPOINT", "ENV", "ARG", "EXPOSE",
    "HEALTHCHECK", "LABEL", "VOLUME", "STOPSIGNAL", "SHELL", "ONBUILD",
)  # fmt: skip
INSTRUCTION_LINE_RE = re.compile(rf"^[ \t]*({'|'.join(INSTRUCTIONS)})[ \t]+\S")
SHELL_LINE_RE = re.compile(r"^[ \t]*(?:\$[ \t]+)?(?:sudo[ \t]+)?(docker|podman|kubectl)[ \t]+\S")
YAML_KEYS = frozenset(
    {
        "services", "image", "build", "mem_limit", "memswap_limit", "cpus", "memory", "cpu", "limits",
        "requests", "resources", "deploy", "user", "runasnonroot", "runasuser", "securitycontext",
        "networks", "network_mode", "ports", "volumes", "tmpfs", "healthcheck", "depends_on",
        "condition", "read_only", "apiversion", "kind", "containers", "livenessprobe",
        "readinessprobe", "restart", "environment", "command", "driver",
    }
)  # fmt: skip
YAML_LINE_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?$"
)
YAML_ITEM_RE = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?P<value>.+)$")
ROOT_USERS = frozenset({"root", "0", "0:0", "root:root"})


@dataclass(frozen=True)
class CodeFact:
    name: str
    start: int  # character offsets, in the answer, of the line that shows it
    end: int


@dataclass(frozen=True)
class _Region:
    kind: str  # dockerfile, shell, yaml
    text: str
    offset: int  # where `text` starts in the answer


def _line_span(region: _Region, line: int) -> tuple[int, int]:
    """Character offsets in the answer of the region's 1-based line `line`."""
    lines = region.text.split("\n")
    line = max(1, min(line, len(lines)))
    start = region.offset + sum(len(text) + 1 for text in lines[: line - 1])
    # A trailing "  # comment" is prose, not part of what the line shows: it may be the reason.
    code = TRAILING_COMMENT_RE.sub("", lines[line - 1])
    return start, start + len(code)


def _kind_of(info: str, body: str) -> str | None:
    info = info.lower()
    lines = body.split("\n")
    if info in {"dockerfile", "docker", "containerfile"} or any(
        INSTRUCTION_LINE_RE.match(line) for line in lines
    ):
        return "dockerfile"
    if (
        info in {"yaml", "yml", "compose"}
        or sum(
            1 for line in lines if (m := YAML_LINE_RE.match(line)) and m["key"].lower() in YAML_KEYS
        )
        >= 2
    ):
        return "yaml"
    if any(SHELL_LINE_RE.match(line) for line in lines):
        return "shell"
    return None


def _regions(text: str) -> list[_Region]:
    regions: list[_Region] = []
    fenced: list[tuple[int, int]] = []
    for match in FENCE_RE.finditer(text):
        fenced.append(match.span())
        kind = _kind_of(match[2], match[3])
        if kind is not None:
            regions.append(_Region(kind, match[3], match.start(3)))
    regions.extend(_unfenced_regions(text, fenced))
    for match in INLINE_CODE_RE.finditer(text):
        if any(start <= match.start() < end for start, end in fenced):
            continue
        kind = _kind_of("", match[1])
        if kind is None and match[1].lstrip().startswith("-"):
            kind = "shell"  # a flag on its own: `--memory=512m`
        if kind is not None:
            regions.append(_Region(kind, match[1], match.start(1)))
    return regions


# Outside a fence, a lone line must look like an instruction, not prose that starts with "FROM the".
STRICT_LINE_RE = re.compile(
    r"^[ \t]*(?:FROM[ \t]+(?:--platform=\S+[ \t]+)?[\w.:/@${}-]+(?:[ \t]+AS[ \t]+[\w.-]+)?|"
    r"USER[ \t]+[\w${}:.-]+|(?:RUN|COPY|ADD|CMD|ENTRYPOINT|WORKDIR|ENV|ARG|EXPOSE|HEALTHCHECK)[ \t]+[^.]*[^.\s])"
    r"[ \t]*(?:#.*)?$"
)


def _plausible(kind: str, lines: list[str]) -> bool:
    """Whether an unfenced run of lines is code: two instructions, or one that reads strictly as one."""
    if kind != "dockerfile":
        return True
    instructions = [line for line in lines if INSTRUCTION_LINE_RE.match(line)]
    return len(instructions) >= 2 or all(STRICT_LINE_RE.match(line) for line in instructions)


def _unfenced_regions(text: str, fenced: list[tuple[int, int]]) -> list[_Region]:
    """Runs of lines outside fences that read as Dockerfile instructions or shell commands."""
    regions = []
    run: list[tuple[int, str]] = []
    kind = None
    position = 0

    def close() -> None:
        nonlocal run, kind
        if run and kind is not None and _plausible(kind, [line for _, line in run]):
            start = run[0][0]
            regions.append(_Region(kind, "\n".join(line for _, line in run), start))
        run, kind = [], None

    for line in text.split("\n"):
        start = position
        position += len(line) + 1
        if any(a <= start < b for a, b in fenced):
            close()
            continue
        continues = bool(run) and run[-1][1].rstrip().endswith("\\")
        if INSTRUCTION_LINE_RE.match(line) and kind in {None, "dockerfile"}:
            kind = "dockerfile"
            run.append((start, line))
        elif SHELL_LINE_RE.match(line) and kind in {None, "shell"}:
            kind = "shell"
            run.append((start, line))
        elif continues or (kind == "dockerfile" and line.lstrip().startswith("#")):
            run.append((start, line))
        else:
            close()
            if INSTRUCTION_LINE_RE.match(line) or SHELL_LINE_RE.match(line):
                kind = "dockerfile" if INSTRUCTION_LINE_RE.match(line) else "shell"
                run.append((start, line))
    close()
    return regions


# --- Dockerfiles ------------------------------------------------------------------------------------


# "COPY package.json ./   # cached": BuildKit reads a # only at the start of a line, but people
# annotate answers this way; the comment is read as prose, and left out of the instruction.
TRAILING_COMMENT_RE = re.compile(r"[ \t]+#[ \t].*$", re.M)


def _dockerfile_facts(region: _Region) -> list[CodeFact]:
    build = analyse_snippet(TRAILING_COMMENT_RE.sub("", region.text)).build
    if build is None:
        return []
    facts: list[CodeFact] = []

    def add(name: str, line: int) -> None:
        facts.append(CodeFact(name, *_line_span(region, line)))

    stage_names = {stage.name for stage in build.stages if stage.name}
    for stage in build.stages:
        if not stage.base_known or stage.base.lower() in stage_names or not stage.base:
            continue
        image = parse_image(stage.base)
        if image.path == "scratch" or is_minimal(image):
            add("minimal-base", stage.line)
        if is_pinned(image):
            add("pinned-base", stage.line)
        if image.tag in {"", "latest"} and not image.digest and image.path != "scratch":
            add("latest-base", stage.line)
    for check, passed, failed in (
        (check_multi_stage, "multi-stage", None),
        (check_deps_before_source, "deps-before-source", "source-before-deps"),
        (check_prod_deps_only, "prod-deps", None),
        (check_exec_form, "exec-form", None),
        (check_healthcheck, "healthcheck", None),
    ):
        result = _checked(check, build)
        if result is None:
            continue
        name = passed if result.status == "pass" else failed
        if result.status == "fail" and failed == "source-before-deps":
            name = failed if "before the dependencies" in result.feedback else None
        elif result.status != "pass":
            name = None
        if name is not None:
            for line in result.lines or (build.final.line,):
                add(name, line)
    for stage in build.stages:
        for instruction in stage.instructions:
            if instruction.keyword == "USER":
                user = instruction.expanded()[0].strip().strip("\"'").lower()
                add(
                    "root-user"
                    if user in ROOT_USERS or user.startswith("root:")
                    else "non-root-user",
                    instruction.line,
                )
            if instruction.keyword == "RUN" and any("type=cache" in m for m in instruction.mounts):
                add("cache-mount", instruction.line)
    return facts


def _checked(check, build: Build):
    """A check's result on a fragment; a fragment the check cannot judge gives no fact."""
    try:
        return check(build)
    except (IndexError, KeyError, ValueError, AttributeError):
        return None


# --- docker run and other commands ----------------------------------------------------------------

VALUE_FLAGS = frozenset(
    {"-m", "--memory", "--memory-swap", "--cpus", "--cpu-quota", "--cpu-shares", "--cpu-period", "-p",
     "--publish", "--network", "--net", "-v", "--volume", "--mount", "--tmpfs", "-u", "--user",
     "--name", "-e", "--env", "--restart", "--env-file", "-w", "--workdir", "--entrypoint", "-h",
     "--hostname", "--memory-reservation", "--health-cmd", "-l", "--label"}
)  # fmt: skip


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()


def _flags(words: list[str]) -> list[tuple[str, str]]:
    """(flag, value) pairs of a command line: --flag=value, --flag value, -p80:80, -m 512m."""
    pairs = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-") or word == "-":
            continue
        if "=" in word and word.startswith("--"):
            flag, value = word.split("=", 1)
        elif word in VALUE_FLAGS:
            flag, value = word, words[index] if index < len(words) else ""
            index += 1
        elif (
            len(word) > 2
            and word[:2] in {"-p", "-v", "-m", "-u", "-e"}
            and not word.startswith("--")
        ):
            flag, value = word[:2], word[2:]
        else:
            flag, value = word, ""
        pairs.append((flag, value))
    return pairs


def _shell_facts(region: _Region) -> list[CodeFact]:
    facts: list[CodeFact] = []
    lines = region.text.split("\n")
    number = 0
    while number < len(lines):
        first = number
        command = lines[number]
        while command.rstrip().endswith("\\") and number + 1 < len(lines):
            number += 1
            command = command.rstrip()[:-1] + " " + lines[number]
        number += 1
        span = (_line_span(region, first + 1)[0], _line_span(region, number)[1])
        for name in _command_facts(command):
            facts.append(CodeFact(name, *span))
    return facts


def _command_facts(command: str) -> set[str]:
    words = [word for word in _words(command.replace("$ ", " ", 1)) if word != "sudo"]
    found: set[str] = set()
    if len(words) >= 3 and words[1] in {"network", "volume"} and words[2] == "create":
        found.add("user-network" if words[1] == "network" else "named-volume")
        return found
    for flag, value in _flags(words):
        value = value.strip().strip("\"'")
        if flag in {"-m", "--memory"} and value:
            found.add("memory-limit")
        elif flag in {"--cpus", "--cpu-quota", "--cpu-period", "--cpu-shares"} and value:
            found.add("cpu-limit")
        elif flag in {"-p", "--publish"} and value:
            found.add("published-port")
            if value.startswith(("127.", "localhost:", "[::1]")):
                found.add("published-localhost")
        elif flag in {"--network", "--net"} and value:
            if value == "host":
                found.add("host-network")
            elif value not in {"none", "bridge", "default"} and not value.startswith("container:"):
                found.add("user-network")
        elif flag in {"-v", "--volume"} and ":" in value:
            source = value.split(":", 1)[0]
            found.add("bind-mount" if source.startswith(("/", ".", "~", "$")) else "named-volume")
        elif flag == "--mount":
            mount_type = re.search(r"type=(\w+)", value)
            kind = mount_type[1] if mount_type else "volume"
            found.add({"bind": "bind-mount", "tmpfs": "tmpfs"}.get(kind, "named-volume"))
        elif flag == "--tmpfs":
            found.add("tmpfs")
        elif flag in {"-u", "--user"} and value:
            found.add("root-user" if value.lower() in ROOT_USERS else "non-root-user")
        elif flag == "--read-only":
            found.add("read-only")
    return found


# --- Compose files and Kubernetes manifests ---------------------------------------------------------


def _yaml_facts(region: _Region) -> list[CodeFact]:
    facts: list[CodeFact] = []
    parents: list[tuple[int, str]] = []  # (indent, key) of the enclosing keys
    for number, line in enumerate(region.text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        span = _line_span(region, number)
        match = YAML_LINE_RE.match(line)
        if match is None:
            item = YAML_ITEM_RE.match(line)
            if item is not None:
                indent = len(item["indent"])
                while parents and parents[-1][0] >= indent + (0 if parents[-1][1] else 1):
                    if parents[-1][0] < indent:
                        break
                    parents.pop()
                parent = parents[-1][1] if parents else ""
                for name in _yaml_item_facts(parent, item["value"]):
                    facts.append(CodeFact(name, *span))
            continue
        indent = len(match["indent"]) + (2 if line.lstrip().startswith("-") else 0)
        while parents and parents[-1][0] >= indent:
            parents.pop()
        key = match["key"].lower()
        value = (match["value"] or "").split(" #", 1)[0].strip().strip("\"'")
        enclosing = {name for _, name in parents}
        for name in _yaml_key_facts(key, value, enclosing):
            facts.append(CodeFact(name, *span))
        parents.append((indent, key))
    return facts


def _yaml_key_facts(key: str, value: str, enclosing: set[str]) -> set[str]:
    found: set[str] = set()
    if key in {"mem_limit", "memswap_limit"} or (key == "memory" and "limits" in enclosing):
        found.add("memory-limit")
    elif key == "cpus" or (key == "cpu" and "limits" in enclosing):
        found.add("cpu-limit")
    elif key == "requests" and "resources" in enclosing:
        found.add("resource-requests")
    elif key == "user" and value:
        found.add("root-user" if value.lower() in ROOT_USERS else "non-root-user")
    elif key == "runasnonroot" and value.lower() == "true":
        found.add("non-root-user")
    elif key == "runasuser" and value:
        found.add("root-user" if value == "0" else "non-root-user")
    elif key == "network_mode" and value == "host":
        found.add("host-network")
    elif key == "networks" and not value:
        found.add("user-network")
    elif key in {"healthcheck", "livenessprobe", "readinessprobe"}:
        found.add("healthcheck")
    elif key == "condition" and value == "service_healthy":
        found.add("depends-on-healthy")
    elif key == "tmpfs":
        found.add("tmpfs")
    elif key == "read_only" and value.lower() == "true":
        found.add("read-only")
    elif key == "ports" and value.startswith("["):
        found.add("published-port")
    return found


def _yaml_item_facts(parent: str, value: str) -> set[str]:
    value = value.strip().strip("\"'")
    found: set[str] = set()
    if parent == "ports":
        found.add("published-port")
        if value.startswith(("127.", "localhost:", "[::1]")):
            found.add("published-localhost")
    elif parent == "volumes" and ":" in value:
        source = value.split(":", 1)[0]
        found.add("bind-mount" if source.startswith(("/", ".", "~", "$")) else "named-volume")
    elif parent == "networks":
        found.add("user-network")
    elif parent == "tmpfs":
        found.add("tmpfs")
    return found


READERS = {"dockerfile": _dockerfile_facts, "shell": _shell_facts, "yaml": _yaml_facts}

# A `docker run` flag written in a sentence: "I'd pass --memory=512m and --cpus 1".
PROSE_FLAG_RE = re.compile(
    r"(?<![\w-])(--(?:memory|memory-swap|cpus|cpu-quota|cpu-shares|publish|network|net|volume|mount|"
    r"tmpfs|user|read-only)|-[mpvu])(?:[= ]([^\s,;)`'\"]+))?"
)


def _prose_flag_facts(text: str) -> set[CodeFact]:
    facts = set()
    for match in PROSE_FLAG_RE.finditer(text):
        flag, value = match[1], match[2] or ""
        if flag not in {"--network", "--net"} and not re.match(r"[\d./$~\[]|[a-z0-9_-]+:", value):
            value = ""  # a word that follows the flag in a sentence is not its value
        if flag in {"-m", "-p", "-v", "-u"} and not value:
            continue  # "-m" alone in prose is more likely a dash than a flag
        end = match.end() if value else match.start() + len(flag)
        if flag in {"--network", "--net"} and not value:
            continue
        names = _command_facts(f"docker run {flag} {value or '1'}")
        for name in names:
            facts.add(CodeFact(name, match.start(), end))
    return facts


def code_facts(text: str) -> list[CodeFact]:
    """Every code fact the answer's code shows (and docker run flags in its prose), in order."""
    facts = {fact for region in _regions(text) for fact in READERS[region.kind](region)}
    facts |= _prose_flag_facts(text)
    return sorted(facts, key=lambda fact: (fact.start, fact.name))


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where the fenced code blocks are (character offsets of their bodies)."""
    return [match.span(3) for match in FENCE_RE.finditer(text)]
