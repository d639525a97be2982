"""Normalising typed answers so that equivalent spellings compare equal.

The learner's answer and every accepted answer go through the same function, so an author lists
genuinely different answers and never the trivial variants: case, spaces, quotes, a leading "the"
or "a", `--flag value` versus `--flag=value` versus a short flag with its value attached
(`-p127.0.0.1:8080:80`, as getopt-style parsers such as Docker's accept), and the spellings of a
size that Docker's own parser treats as one (`512m`, `512M`, `512mb`, `512Mi`, `512MiB`,
`0.5g` and `536870912` are all 512 MiB to `--memory`).

Numbers are typed with or without their unit, and a unit may be its usual symbol (`1500m` for
1500 millicores, `10s` or `10 s` for 10 seconds).
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans("", "", "\"'`\u2018\u2019\u201c\u201d")
# A command-line flag followed by a value, separated by spaces or "=": "--memory 512m", "-m=512m".
_FLAG_VALUE = re.compile(r"(?<![\w-])(--?[a-z][a-z0-9-]*)(?:\s*=\s*|\s+)(?=[^\s=-])")
_SPACES = re.compile(r"\s+")
# A one-letter flag with its value glued on: "-p127.0.0.1:8080:80", "-m512m". Only a value that
# starts with a digit, a dot or a slash counts, so bundled flags such as "-it" are left alone.
_ATTACHED_SHORT_FLAG = re.compile(r"(?<![\w-])(-[a-z])(?=[0-9./])")
_LEADING_ARTICLE = re.compile(r"^(?:the|an|a) (?=\S)")

# Docker parses these flags' values with go-units' RAMInBytes: the pattern
# (?i)^(\d+(\.\d+)*) ?([kmgtp])?i?b?$ with binary multipliers for every prefix, so "512m",
# "512mb", "512mi" and "512mib" are all 512 * 1024 * 1024 bytes
# (github.com/docker/go-units, size.go). Such values are compared in bytes.
_DOCKER_SIZE_FLAGS = ("--memory", "-m", "--memory-swap", "--memory-reservation", "--shm-size")
_DOCKER_SIZE_VALUE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(flag) for flag in _DOCKER_SIZE_FLAGS) + r")="
    r"(\d+(?:\.\d+)?) ?([kmgtp])?i?b?(?![\w.])"
)
_BINARY_MULTIPLIERS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}


def normalise_text(text: str) -> str:
    """Case-, space- and quote-insensitive form of a short answer."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    text = _SPACES.sub(" ", text).strip()
    text = _LEADING_ARTICLE.sub("", text)
    text = _ATTACHED_SHORT_FLAG.sub(r"\1 ", text)
    text = _FLAG_VALUE.sub(r"\1=", text)
    text = _DOCKER_SIZE_VALUE.sub(_size_in_bytes, text)
    return text.rstrip(".")


def _size_in_bytes(match: re.Match[str]) -> str:
    flag, number, prefix = match[1], match[2], match[3] or ""
    return f"{flag}={int(float(number) * _BINARY_MULTIPLIERS[prefix])}"


_NUMBER = re.compile(
    r"^(?P<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*(?P<unit>[^\d\s].*)?$"
)


class NumberFormatError(ValueError):
    """The text is not a number (optionally followed by the expected unit)."""


def parse_number(text: str, *, unit: str = "", max_length: int = 40) -> float:
    """A number typed by a person: "1500", "1,500", "1500 millicores", "0.5". Raises NumberFormatError."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned or len(cleaned) > max_length:
        raise NumberFormatError(text)
    match = _NUMBER.match(cleaned)
    if match is None:
        raise NumberFormatError(text)
    typed_unit = (match["unit"] or "").strip().casefold()
    if typed_unit and typed_unit not in _unit_spellings(unit):
        raise NumberFormatError(text)
    return float(match["number"].replace(",", ""))


# Symbols and short forms people type for a unit: Kubernetes writes millicores as "m" ("1500m"),
# and "s" is the SI symbol for seconds (Docker's own durations read "10s").
_UNIT_SYMBOLS = {
    "millicores": {"m", "millicore", "millicpu", "millicpus", "mcpu"},
    "seconds": {"s", "sec", "secs"},
    "characters": {"chars", "char"},
}


def _unit_spellings(unit: str) -> set[str]:
    unit = unit.strip().casefold()
    if not unit:
        return set()
    return {unit, unit.rstrip("s"), unit + "s", *_UNIT_SYMBOLS.get(unit, set())}
