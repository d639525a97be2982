"""Turning what someone typed into search terms that no database can misread.

Both full-text engines have a query language (FTS5: `"`, `*`, `NEAR(`, `AND`/`OR`/`NOT`, column
filters; PostgreSQL's to_tsquery: `&`, `|`, `!`, `<->`, `:*`), and a stray quote in it is a syntax
error. So the words are taken out of the text (letters and digits of any alphabet) and the query is
built from them alone: every word must appear, and the last one may be the start of a word, since
people search as they type. Operators typed by the reader are read as the words they are
("near", "and") or dropped (punctuation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from config.inputs import REPLACEMENT, visible_control_characters

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[str, ...] = ()
    problem: str = ""  # a message for the reader when the text cannot be searched

    @property
    def is_searchable(self) -> bool:
        return bool(self.terms) and not self.problem


def parse_query(raw: str) -> ParsedQuery:
    text = raw.strip()
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(
            text="",
            problem=f"That search is {len(text):,} characters long: search for at most "
            f"{MAX_QUERY_LENGTH} characters, a few words work best.",
        )
    shown = visible_control_characters(text)
    if shown != text:
        # NUL and other control characters are never typed (PostgreSQL refuses NUL outright); the
        # box shows them as U+FFFD so the reader sees what to remove.
        return ParsedQuery(
            text=shown,
            problem=f"Your search contains an invisible control character (shown as {REPLACEMENT}): "
            "remove it and try again.",
        )
    # "_" is a word character to the regex but a separator to both engines' tokenizers.
    terms = [word.lower() for word in WORD_RE.findall(text.replace("_", " "))]
    return ParsedQuery(text=text, terms=tuple(dict.fromkeys(terms))[:MAX_TERMS])


def fts5_match(terms: tuple[str, ...]) -> str:
    """An FTS5 MATCH expression: each term a quoted string (quotes cannot occur in a \\w+ term)."""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def tsquery(terms: tuple[str, ...]) -> str:
    """A to_tsquery expression: the terms joined with AND, the last one a prefix."""
    return " & ".join((*terms[:-1], f"{terms[-1]}:*"))
