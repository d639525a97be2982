"""Reading Dockerfile text into instructions, the way BuildKit's parser reads it.

This is the pre-pass that turns the text into instructions before any check looks at it. It reads what
people really write, including what dockerfile-parse gets wrong:

- parser directives at the top (`# syntax=`, `# escape=`, `# check=`); with `# escape=`` ` (Windows files)
  the backtick continues a line and a backslash is an ordinary character;
- `\\` continuations, with empty lines and comment lines inside them skipped as BuildKit skips them (an empty
  one gets a note: BuildKit warns about it, NoEmptyContinuation, and plans to refuse it);
- heredocs on RUN, COPY and ADD: `<<EOF`, `<<-EOF` (leading tabs stripped), quoted delimiters (`<<"EOF"`,
  `<<'EOF'`), several in one instruction, one in the middle of a command (`RUN cat <<EOF >> /etc/app.conf`),
  and `COPY <<EOF /path`. The bodies are kept with the instruction, never read as instructions;
- a trailing continuation at the end of the file, which BuildKit accepts (with a note here).

Two modes: strict (the drill: a file BuildKit would refuse raises DockerfileError naming the line and
the construct) and tolerant (fragments quoted in free-text answers: whatever cannot be read is skipped and
listed, nothing raises).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

INSTRUCTIONS = frozenset(
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
        "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    }
)  # fmt: skip
# Only these instructions take heredocs (Dockerfile reference, "Here-Documents").
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
DIRECTIVE_RE = re.compile(r"^#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$")
DIRECTIVES = frozenset({"syntax", "escape", "check"})
# <<EOF, <<-EOF, <<"EOF", <<'EOF' starting a shell word; not the here-string <<<, not inside quotes.
HEREDOC_RE = re.compile(r"<<(?!<)(-?)(\"|')?([A-Za-z0-9_.-]+)\2?")
SHELL_WORD_RE = re.compile(r"(?:[^\s\"'\\]|\\.|\"(?:\\.|[^\"\\])*\"?|'[^']*'?)+")
SPACED_HEREDOC_RE = re.compile(r"<<-?\s+[\"']?[A-Za-z_]")
KEYWORD_RE = re.compile(r"^(\S+)(?:\s+(.*))?$", re.S)


class DockerfileError(ValueError):
    """The text is not a Dockerfile BuildKit would read; the message names the line and the construct."""

    def __init__(self, line: int | None, message: str):
        # line None: the file as a whole (its length), not one line of it.
        super().__init__(f"Line {line}: {message}" if line else message[:1].upper() + message[1:])
        self.line = line
        self.reason = message


@dataclass(frozen=True)
class Heredoc:
    delimiter: str
    body: str
    line: int  # first line of the body
    quoted: bool  # a quoted delimiter: the body is taken literally, no $VARIABLE expansion
    strip_tabs: bool  # <<-: leading tabs removed from the body and the closing line


@dataclass(frozen=True)
class RawInstruction:
    keyword: str  # upper case
    value: str  # the arguments, continuation lines joined with a space
    line: int  # 1-based first line
    end_line: int  # last line, heredoc bodies included
    content: str  # the instruction's first line as written, for evidence
    heredocs: tuple[Heredoc, ...] = ()


@dataclass(frozen=True)
class Note:
    line: int
    message: str


@dataclass
class Reading:
    instructions: list[RawInstruction] = field(default_factory=list)
    directives: dict[str, str] = field(default_factory=dict)
    escape: str = "\\"
    notes: list[Note] = field(default_factory=list)
    skipped: list[Note] = field(default_factory=list)  # tolerant mode: what could not be read


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _continues(line: str, escape: str) -> tuple[str, bool]:
    """The line without its continuation character, and whether it had one (trailing blanks allowed)."""
    stripped = line.rstrip(" \t\r")
    if stripped.endswith(escape):
        return stripped[: -len(escape)], True
    return line.rstrip("\r"), False


def _read_directives(lines: list[str], reading: Reading, strict: bool) -> int:
    """Parser directives at the very top; returns the index of the first line after them."""
    index = 0
    while index < len(lines):
        match = DIRECTIVE_RE.match(lines[index].strip())
        if (
            not match
            or match[1].lower() not in DIRECTIVES
            or match[1].lower() in reading.directives
        ):
            break
        name, value = match[1].lower(), match[2]
        if name == "escape":
            if value not in {"\\", "`"}:
                if strict:
                    raise DockerfileError(
                        index + 1, f"the escape directive takes \\ or `, not {value!r}"
                    )
                reading.skipped.append(Note(index + 1, f"escape directive {value!r} ignored"))
                value = "\\"
            reading.escape = value
        reading.directives[name] = value
        index += 1
    return index


def _read_heredocs(
    value: str, lines: list[str], start: int, reading: Reading, strict: bool, first_line: int
) -> tuple[tuple[Heredoc, ...], int]:
    """The bodies of the heredocs an instruction opens, read from lines[start:]; returns (heredocs, next index)."""
    heredocs = []
    index = start
    markers = [m for word in SHELL_WORD_RE.findall(value) if (m := HEREDOC_RE.match(word))]
    for match in markers:
        strip_tabs, quote, delimiter = match[1] == "-", match[2], match[3]
        body_start = index
        body: list[str] = []
        while index < len(lines):
            text = lines[index].rstrip("\r")
            if strip_tabs:
                text = text.lstrip("\t")
            index += 1
            if text == delimiter:
                break
            body.append(text)
        else:
            if strict:
                raise DockerfileError(
                    first_line,
                    f"the heredoc <<{match[1]}{delimiter} opened here is never closed: end its body with a "
                    f"line that holds only {delimiter}",
                )
            reading.skipped.append(Note(first_line, f"heredoc <<{delimiter} never closed"))
        heredocs.append(
            Heredoc(delimiter, "\n".join(body), body_start + 1, bool(quote), strip_tabs)
        )
    return tuple(heredocs), index


def read_dockerfile(text: str, *, strict: bool = True) -> Reading:
    """Instructions, directives and notes of a Dockerfile's text.

    Strict mode raises DockerfileError for what BuildKit refuses (an unknown instruction, a heredoc
    never closed, a bad escape directive); tolerant mode skips it and lists it in `skipped`.
    """
    reading = Reading()
    lines = text.lstrip("\ufeff").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    index = _read_directives(lines, reading, strict)
    escape = reading.escape
    while index < len(lines):
        raw = lines[index]
        if not raw.strip() or _is_comment(raw):
            index += 1
            continue
        first = index
        joined, more = _continues(raw, escape)
        parts = [joined]
        index += 1
        while more and index < len(lines):
            following = lines[index]
            index += 1
            if _is_comment(following):
                continue  # BuildKit drops comment lines inside a continuation
            if not following.strip():
                reading.notes.append(
                    Note(
                        index,
                        f"Line {index} is an empty line inside a continuation: BuildKit still builds it but "
                        "warns (NoEmptyContinuation) and plans to refuse it; remove the empty line.",
                    )
                )
                continue
            joined, more = _continues(following, escape)
            parts.append(joined)
        if more:
            reading.notes.append(
                Note(
                    index,
                    f"The file ends inside a continuation (a final {escape}): BuildKit reads the instruction "
                    "as it stands, but a reader expects another line.",
                )
            )
        logical = " ".join(part.strip() for part in parts).strip()
        parsed = KEYWORD_RE.match(logical)
        keyword, value = (parsed[1], parsed[2] or "") if parsed else (logical, "")
        keyword_upper = keyword.upper()
        if keyword_upper not in INSTRUCTIONS:
            message = f"'{keyword}' is not a Dockerfile instruction"
            previous = reading.instructions[-1] if reading.instructions else None
            if previous and SPACED_HEREDOC_RE.search(previous.value) and not previous.heredocs:
                message += (
                    f" (line {previous.line} writes `<< WORD` with a space: BuildKit reads a heredoc only "
                    "when the word follows << directly, as in <<EOF, so the lines after it are read as "
                    "instructions)"
                )
            if strict:
                raise DockerfileError(first + 1, message)
            reading.skipped.append(Note(first + 1, message))
            continue
        value = value.strip()
        heredocs: tuple[Heredoc, ...] = ()
        if keyword_upper in HEREDOC_INSTRUCTIONS and "<<" in value:
            heredocs, index = _read_heredocs(value, lines, index, reading, strict, first + 1)
        reading.instructions.append(
            RawInstruction(keyword_upper, value, first + 1, max(index, first + 1), raw, heredocs)
        )
    return reading
