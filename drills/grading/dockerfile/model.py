"""The stage model of a Dockerfile: stages, how they descend from each other, and the variables in force.

A Dockerfile is read (reading.py) into instructions, which are grouped here into stages. Each
stage knows the image it starts FROM (with ARG defaults declared before the first FROM expanded:
`${VAR}`, `${VAR:-default}`, `${VAR:+word}`), and each instruction carries the ARG and ENV values in force
just before it, as BuildKit would expand them: `ARG NODE_ENV=production` then `ENV NODE_ENV $NODE_ENV`
resolves to production. A stage built FROM an earlier stage inherits that stage's ENV (not its ARGs,
which end with their stage).

Two ways in:
- `parse_dockerfile(text)`: a whole Dockerfile, strictly (the drill); a file BuildKit would refuse raises
  DockerfileError naming the line and the construct.
- `analyse_snippet(text)`: a fragment quoted in a free-text answer; never raises. Instructions before any
  FROM form an implicit stage with an unknown base, and lines that are not instructions are skipped.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from drills.grading.dockerfile.commands import runs_shell_on_heredoc
from drills.grading.dockerfile.reading import (
    DockerfileError,
    Heredoc,
    Note,
    RawInstruction,
    read_dockerfile,
)

Variables = dict[str, "str | None"]  # None: declared (ARG NAME) without a value
MAX_EXPANDED_LENGTH = 4096
VARIABLE_RE = re.compile(r"\\\$|\$\{(\w+)(?:(:?[-+])([^}]*))?\}|\$(\w+)")
FLAG_RE = re.compile(r"\s*--([a-z-]+)(?:=(\S+))?(?=\s|$)")
WORD_RE = re.compile(r"(?:[^\s\"'\\]|\\.|\"(?:\\.|[^\"\\])*\"|'[^']*')+")


def expand(text: str, variables: Variables) -> tuple[str, bool]:
    """The text with $NAME, ${NAME}, ${NAME:-word} and ${NAME:+word} replaced; and whether all were known."""
    known = True

    def replace(match: re.Match) -> str:
        nonlocal known
        if match[0] == "\\$":
            return "$"
        name = match[1] or match[4]
        operator, word = match[2], match[3] or ""
        value = variables.get(name)
        is_set = value is not None and (value != "" or not operator or ":" not in operator)
        if operator and operator.endswith("-"):
            return value if is_set else word
        if operator and operator.endswith("+"):
            if name not in variables:
                known = False
            return word if is_set else ""
        if value is None:
            known = False
            return match[0]
        return value

    expanded = VARIABLE_RE.sub(replace, text)
    if len(expanded) > MAX_EXPANDED_LENGTH:
        return text, False  # ENV A=$A$A doubling line after line: leave it unexpanded
    return expanded, known


def unquote(word: str) -> str:
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'":
        return word[1:-1]
    return word


def assignments(value: str, keyword: str) -> list[tuple[str, str | None]]:
    """The NAME=value pairs of an ENV, ARG or LABEL; also the legacy `ENV NAME value with spaces`."""
    words = WORD_RE.findall(value)
    if not words:
        return []
    if keyword == "ENV" and "=" not in words[0]:
        name, _, rest = value.strip().partition(" ")
        return [(name, unquote(rest.strip()))]
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        name, equals, raw = word.partition("=")
        pairs.append((name, unquote(raw) if equals else None))
    return pairs


class Scope:
    """The ARG and ENV assignments of one stage, in order; `at(position)` gives the values in force there.

    Looked up by name (bisect per name), never copied per instruction, so thousands of ENV lines stay
    cheap. An ENV wins over an ARG of the same name, as in BuildKit.
    """

    def __init__(self, inherited_env: Variables):
        self.inherited = inherited_env
        self.size = 0  # assignments so far
        self._by_name: dict[tuple[str, str], tuple[list[int], list[str | None]]] = {}

    def add(self, kind: str, name: str, value: str | None) -> None:
        positions, values = self._by_name.setdefault((kind, name), ([], []))
        positions.append(self.size)
        values.append(value)
        self.size += 1

    def _last(self, kind: str, name: str, position: int) -> tuple[bool, str | None]:
        positions, values = self._by_name.get((kind, name), ((), ()))
        index = bisect.bisect_left(positions, position) - 1
        return (True, values[index]) if index >= 0 else (False, None)

    def value(self, name: str, position: int) -> tuple[bool, str | None]:
        """(declared, value) of a variable just before the assignment at `position`."""
        found, value = self._last("ENV", name, position)
        if found:
            return True, value
        if name in self.inherited:
            return True, self.inherited[name]
        return self._last("ARG", name, position)

    def at(self, position: int) -> ScopeView:
        return ScopeView(self, position)


class ScopeView(Mapping):
    """The variables in force at one point of a stage, read-only."""

    def __init__(self, scope: Scope, position: int):
        self.scope, self.position = scope, position

    def __getitem__(self, name: str) -> str | None:
        declared, value = self.scope.value(name, self.position)
        if not declared:
            raise KeyError(name)
        return value

    def __iter__(self):
        names = {name for _, name in self.scope._by_name} | set(self.scope.inherited)
        return iter(sorted(name for name in names if name in self))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.scope.value(name, self.position)[0]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    value: str
    line: int  # 1-based first line
    content: str
    heredocs: tuple[Heredoc, ...] = ()
    # Where the instruction stands among its stage's ARG and ENV assignments.
    scope: Scope | None = field(default=None, compare=False, repr=False)
    position: int = field(default=0, compare=False, repr=False)

    @property
    def variables(self) -> Mapping[str, str | None]:
        """The ARG and ENV values in force just before this instruction."""
        return self.scope.at(self.position) if self.scope is not None else {}

    @property
    def flags(self) -> dict[str, str]:
        """The instruction's own leading --flags (COPY --from=build, RUN --mount=...), not the command's."""
        found: dict[str, str] = {}
        position = 0
        while match := FLAG_RE.match(self.value, position):
            found.setdefault(match[1], match[2] or "")
            position = match.end()
        return found

    @property
    def mounts(self) -> list[str]:
        return re.findall(r"--mount=(\S+)", self._flag_text)

    @property
    def _flag_text(self) -> str:
        return self.value[: len(self.value) - len(self.arguments)]

    @property
    def arguments(self) -> str:
        """The value without leading --flags."""
        return re.sub(r"^(\s*--[a-z-]+(=\S+)?\s*)+", "", self.value).strip()

    def expanded(self, text: str | None = None) -> tuple[str, bool]:
        return expand(self.arguments if text is None else text, self.variables)

    @property
    def exec_form(self) -> list[str] | None:
        """The JSON array form's words (CMD ["node", "s.js"]), or None for the shell form."""
        try:
            parsed = json.loads(self.arguments)
        except ValueError:
            return None
        if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
            return parsed
        return None

    def paths(self) -> tuple[list[str], str]:
        """A COPY/ADD's sources and destination; inline heredoc sources (<<EOF) are left out."""
        words = self.exec_form
        if words is None:
            words = [unquote(w) for w in WORD_RE.findall(self.arguments)]
        if not words:
            return [], ""
        sources = [w for w in words[:-1] if not w.startswith("<<")]
        return sources, words[-1]

    @property
    def script(self) -> str:
        """What a RUN hands to the shell: the command line, and a heredoc body when it is the script."""
        words = self.exec_form
        if words is not None:
            return " ".join(words)
        if self.heredocs and runs_shell_on_heredoc(self.arguments):
            return "\n".join([self.arguments, *(h.body for h in self.heredocs)])
        return self.arguments


@dataclass
class Stage:
    index: int
    base: str  # as expanded; unresolved variables stay as written
    name: str
    line: int
    instructions: list[Instruction] = field(default_factory=list)
    base_known: bool = (
        True  # False: FROM ${BASE} with no default, or an implicit stage of a snippet
    )
    env_at_end: Variables = field(default_factory=dict)  # ENV values a child stage inherits

    def of(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


@dataclass
class Build:
    """Everything the checks look at: the stages, how they descend from each other, the .dockerignore."""

    stages: list[Stage]
    dockerignore: str = ""
    notes: list[Note] = field(default_factory=list)
    directives: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {stage.name: stage for stage in self.stages if stage.name}
        self.by_name.update({str(stage.index): stage for stage in self.stages})
        self._lineages: dict[int, list[Stage]] = {}

    @property
    def final(self) -> Stage:
        return self.stages[-1]

    def parent(self, stage: Stage) -> Stage | None:
        """The earlier stage this one is built FROM, if any."""
        parent = self.by_name.get(stage.base.lower())
        return parent if parent is not None and parent.index < stage.index else None

    def lineage(self, stage: Stage) -> list[Stage]:
        """The stage and its ancestors, oldest first: what the stage's image really contains."""
        # Memoised, and walked without recursion: a long chain of stages stays linear.
        pending = []
        current: Stage | None = stage
        while current is not None and current.index not in self._lineages:
            pending.append(current)
            current = self.parent(current)
        chain = self._lineages[current.index] if current is not None else []
        for item in reversed(pending):
            chain = [*chain, item]
            self._lineages[item.index] = chain
        return self._lineages[stage.index]

    def effective(self, stage: Stage, keyword: str | None = None) -> list[Instruction]:
        """Instructions that shape the stage's image, inherited ones included."""
        found = [i for s in self.lineage(stage) for i in s.instructions]
        return [i for i in found if keyword is None or i.keyword == keyword]

    def image_of(self, stage: Stage) -> str:
        """The external image a stage starts from, following FROM <earlier stage>."""
        return self.lineage(stage)[0].base.lower()

    def root(self, stage: Stage) -> Stage:
        return self.lineage(stage)[0]

    def stage_named(self, reference: str) -> Stage | None:
        return self.by_name.get(reference.lower())

    def copied_from(self, stage: Stage) -> list[Stage]:
        """Earlier stages this stage copies files from (COPY --from=<stage>)."""
        sources = {}
        for instruction in self.effective(stage, "COPY"):
            source = self.stage_named(instruction.flags.get("from", ""))
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


def _stages(raw: list[RawInstruction], strict: bool, skipped: list[Note]) -> list[Stage]:
    stages: list[Stage] = []
    meta: Variables = {}  # ARGs declared before the first FROM: usable in FROM lines
    named: dict[str, Stage] = {}
    env: Variables = {}  # ENV values in force, for expanding later values as BuildKit does
    live: Variables = {}  # ARG and ENV values in force
    scope = Scope({})
    for item in raw:
        keyword = item.keyword
        if keyword == "FROM":
            if stages:
                stages[-1].env_at_end = dict(env)
            words = WORD_RE.findall(re.sub(r"^(\s*--[a-z-]+(=\S+)?\s*)+", "", item.value))
            if not words:
                if strict:
                    raise DockerfileError(item.line, "FROM needs an image, e.g. FROM node:26-slim")
                skipped.append(Note(item.line, "FROM without an image"))
                continue
            image, known = expand(unquote(words[0]), meta)
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else ""
            parent = named.get(image.lower())
            stage = Stage(len(stages), image, name.lower(), item.line, base_known=known)
            stages.append(stage)
            if stage.name:
                named.setdefault(stage.name, stage)
            # ENV persists into a child stage; ARGs end with their stage.
            env = dict(parent.env_at_end) if parent else {}
            live = dict(env)
            scope = Scope(dict(env))
            continue
        if not stages:
            if keyword == "ARG":
                for name, default in assignments(item.value, "ARG"):
                    meta[name] = expand(default, meta)[0] if default is not None else None
                continue
            if strict:
                raise DockerfileError(item.line, f"{keyword} comes before the first FROM")
            stages.append(Stage(0, "", "", item.line, base_known=False))
        if strict and not item.value and not item.heredocs:
            raise DockerfileError(item.line, f"{keyword} has no arguments")
        instruction = Instruction(
            keyword, item.value, item.line, item.content, item.heredocs, scope, scope.size
        )
        stages[-1].instructions.append(instruction)
        if keyword in {"ARG", "ENV"}:
            for name, value in assignments(item.value, keyword):
                if keyword == "ARG":
                    value = meta.get(name) if value is None else expand(value, live)[0]
                    if name not in env:
                        live[name] = value
                else:
                    value = expand(value or "", live)[0]
                    env[name] = live[name] = value
                scope.add(keyword, name, value)
    if stages:
        stages[-1].env_at_end = dict(env)
    return stages


def parse_dockerfile(text: str) -> list[Stage]:
    """Stages of a whole Dockerfile, or DockerfileError naming the line and the construct."""
    return parse_build(text).stages


def parse_build(text: str, dockerignore: str = "") -> Build:
    if not text.strip():
        raise DockerfileError(1, "the Dockerfile is empty: start with a FROM line")
    reading = read_dockerfile(text, strict=True)
    stages = _stages(reading.instructions, True, [])
    if not stages:
        raise DockerfileError(1, "there is no FROM instruction")
    return Build(stages, dockerignore, reading.notes, reading.directives)


@dataclass
class Snippet:
    """What a fragment of Dockerfile text says: its stages (possibly one implicit stage), notes and skipped lines."""

    build: Build | None
    notes: list[Note]
    skipped: list[Note]

    @property
    def stages(self) -> list[Stage]:
        return self.build.stages if self.build else []


def analyse_snippet(text: str) -> Snippet:
    """Read a fragment of Dockerfile text (from an answer) without ever raising.

    A snippet may lack FROM (its instructions then form one implicit stage whose base is unknown), hold
    prose lines (skipped and listed) or stop inside a heredoc. The result has the same stage model as a
    whole Dockerfile, so the same questions can be asked of it (`build.lineage`, `Instruction.variables`).
    """
    reading = read_dockerfile(text, strict=False)
    skipped = list(reading.skipped)
    stages = _stages(reading.instructions, False, skipped)
    build = Build(stages, "", reading.notes, reading.directives) if stages else None
    return Snippet(build, reading.notes, skipped)
