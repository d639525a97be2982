"""Normalising typed answers so that equivalent spellings compare equal.

The learner's answer and every accepted answer go through the same function, so an author lists
genuinely different answers and never the trivial variants (case, spaces, quotes, `--flag value`
versus `--flag=value`).
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans("", "", "\"'`\u2018\u2019\u201c\u201d")
# A command-line flag followed by a value, separated by spaces or "=": "--memory 512m", "-m=512m".
_FLAG_VALUE = re.compile(r"(?<![\w-])(--?[a-z][a-z0-9-]*)(?:\s*=\s*|\s+)(?=[^\s=-])")
_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Case-, space- and quote-insensitive form of a short answer."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    text = _SPACES.sub(" ", text).strip()
    text = _FLAG_VALUE.sub(r"\1=", text)
    return text.rstrip(".")


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


def _unit_spellings(unit: str) -> set[str]:
    unit = unit.strip().casefold()
    if not unit:
        return set()
    return {unit, unit.rstrip("s"), unit + "s"}
