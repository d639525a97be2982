"""Reading untrusted values: ids from URLs, query strings and forms, and typed text.

Two traps this module exists for. `str.isdigit()` is true for "²" and "٣", which `int()` then refuses
or reads as a number nobody typed; and a long enough string of digits is either refused by `int()`
(over 4,300 digits) or overflows the database's 64-bit integer columns. `parse_id` accepts only what
a real primary key can be: 1 to 19 ASCII digits, at most 2**63 - 1.

Text: PostgreSQL refuses a NUL byte in a text column (SQLite stores it), and other control
characters are never typed by a person. `control_characters_problem` names them so a form can refuse
them with a message instead of a database error; `visible_control_characters` shows them as U+FFFD
so the text stays in the box, with the culprits visible.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

# The largest value of a signed 64-bit integer column (BigAutoField on SQLite and PostgreSQL).
MAX_ID = 2**63 - 1
# Tab, line feed and carriage return are ordinary in typed text (browsers send CRLF from textareas).
ALLOWED_CONTROLS = frozenset("\t\n\r")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def parse_id(raw: object) -> int | None:
    """The positive id `raw` spells in ASCII digits within the database's range, else None."""
    if not isinstance(raw, str) or not 0 < len(raw) <= 19:
        return None
    if not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


class IdConverter:
    """URL converter `<id:name>`: like `<int:…>`, but only values that can be a primary key.

    A segment of 40 digits does not match, so the URL answers 404 instead of overflowing a query.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def _is_refused(character: str) -> bool:
    return unicodedata.category(character) == "Cc" and character not in ALLOWED_CONTROLS


def control_characters_problem(text: str, what: str = "Your answer") -> str | None:
    """A message for the person when `text` holds NUL or another control character, else None."""
    refused = sum(1 for character in text if _is_refused(character))
    if not refused:
        return None
    first_line = next(
        number
        for number, line in enumerate(text.split("\n"), start=1)
        if any(_is_refused(character) for character in line)
    )
    characters = (
        "an invisible control character"
        if refused == 1
        else f"{refused} invisible control characters"
    )
    return (
        f"{what} contains {characters} (first on line {first_line}, shown as {REPLACEMENT}), "
        "which cannot be saved. Remove it and try again."
    )


def visible_control_characters(text: str) -> str:
    """`text` with each refused control character replaced by U+FFFD, for showing it back."""
    return "".join(REPLACEMENT if _is_refused(character) else character for character in text)


def refuse_control_characters(value: str) -> None:
    """A form field validator: the same rule for Django forms (CharField already refuses NUL)."""
    problem = control_characters_problem(value, "This field")
    if problem:
        raise ValidationError(problem, code="control_characters")
