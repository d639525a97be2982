"""Reading a free-text answer: sentences, clauses, tokens with their place in the text, and phrase patterns.

The grader never runs a regular expression written by a content author over the learner's text: an
author's phrase is compiled into a short list of token matchers, matched over the tokenised answer with
bounded gaps. Time grows linearly with the answer, whatever either side contains.

Pattern syntax (one phrase per string, words separated by spaces):
  word        that word (case-insensitive); "non-root" or "node:22" are split like the answer is
  a|b|c       any one of these words
  stem*       any word starting with "stem" ("limit*" matches limit, limits, limited, limiting)
  [word]      an optional word (alternatives allowed inside: [a|the])
  (a b|c d)   any one of these phrases (a group: alternatives of several words; no nesting)
  ...         up to four other words in between (within the same sentence)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

# Tokens: words and numbers. "n't" becomes its own token, "not", so "wouldn't" reads "would not".
_TOKEN_RE = re.compile(r"n['\u2019]t\b|[a-z0-9]+?(?=n['\u2019]t\b)|[a-z0-9]+", re.IGNORECASE)
# Sentence ends: . ! ? ; followed by a space or the end. Line breaks are decided in _sentence_ends.
_SENTENCE_END_RE = re.compile(r"[.!?;](?=\s|$)")
_LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*\u2022+]|\d+[.)])\s")
_CLAUSE_BREAK_RE = re.compile(r"[,:()]|\s(?:but|however|whereas|although|though)\s", re.IGNORECASE)

MAX_GAP = 4


class Token(NamedTuple):
    """A word of the answer. (A named tuple: answers have hundreds, and tuples are cheap to build.)"""

    text: str  # lower-case
    start: int  # character offsets in the original answer
    end: int
    sentence: int
    clause: int


@dataclass(frozen=True)
class Document:
    text: str
    tokens: tuple[Token, ...]
    sentence_spans: tuple[tuple[int, int], ...]  # token index ranges [start, end) per sentence
    positions: dict[str, tuple[int, ...]]  # token text -> indexes, for fast candidate lookup
    # Matches already found in this answer, by pattern: rubrics share phrases, and negation checks
    # look at the same few phrases for every match.
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def snippet(self, first: int, last: int) -> tuple[str, int, int]:
        """The original text from token `first` to token `last` inclusive, with its offsets."""
        start, end = self.tokens[first].start, self.tokens[last].end
        return self.text[start:end], start, end


def _sentence_ends(text: str) -> list[int]:
    """Where sentences end: at . ! ? ; and at line breaks that end a paragraph or a list item.

    A single line break inside a paragraph is a wrapped line, not the end of a sentence; but a list
    item is always a sentence of its own, before and after, so nothing joins onto it.
    """
    ends = [match.start() for match in _SENTENCE_END_RE.finditer(text)]
    lines = text.split("\n")
    position = 0
    for index, line in enumerate(lines[:-1]):
        position += len(line)
        following = lines[index + 1]
        if (
            not line.strip()
            or not following.strip()
            or _LIST_ITEM_RE.match(line)
            or _LIST_ITEM_RE.match(following)
        ):
            ends.append(position)
        position += 1  # the line break itself
    return sorted(ends)


def read_document(text: str) -> Document:
    """Tokenise an answer, keeping where every token sits in the original text."""
    tokens: list[Token] = []
    sentence_spans: list[tuple[int, int]] = []
    sentence = clause = 0
    sentence_start_token = 0
    boundaries = sorted(
        [(position, "sentence") for position in _sentence_ends(text)]
        + [(m.start(), "clause") for m in _CLAUSE_BREAK_RE.finditer(text)]
    )
    boundary_index = 0
    boundary_count = len(boundaries)
    next_boundary = boundaries[0][0] if boundaries else len(text) + 1
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        while next_boundary < start:
            if boundaries[boundary_index][1] == "sentence" and len(tokens) > sentence_start_token:
                sentence_spans.append((sentence_start_token, len(tokens)))
                sentence_start_token = len(tokens)
                sentence += 1
            clause += 1
            boundary_index += 1
            next_boundary = (
                boundaries[boundary_index][0] if boundary_index < boundary_count else len(text) + 1
            )
        word = match.group().lower()
        if len(word) == 3 and word[0] == "n" and word[1] in "'\u2019":
            word = "not"
        tokens.append(Token(word, start, end, sentence, clause))
    if len(tokens) > sentence_start_token:
        sentence_spans.append((sentence_start_token, len(tokens)))
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        positions.setdefault(token.text, []).append(index)
    return Document(
        text=text,
        tokens=tuple(tokens),
        sentence_spans=tuple(sentence_spans),
        positions={word: tuple(indexes) for word, indexes in positions.items()},
    )


@dataclass(frozen=True)
class Element:
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    optional: bool = False
    gap: bool = False
    # A group: alternative phrases, each a sequence of plain elements.
    group: tuple[tuple[Element, ...], ...] = ()

    def accepts(self, word: str) -> bool:
        return word in self.words or any(word.startswith(prefix) for prefix in self.prefixes)

    def first_elements(self) -> list[Element]:
        return [alternative[0] for alternative in self.group] if self.group else [self]


class PatternError(ValueError):
    """A phrase in a rubric cannot be compiled."""


def _tokenise_words(text: str) -> list[str]:
    return [match.group().lower() for match in _TOKEN_RE.finditer(text)]


def _alternatives(piece: str) -> Element:
    words: set[str] = set()
    prefixes: list[str] = []
    for alternative in piece.split("|"):
        if alternative.endswith("*"):
            stem = _tokenise_words(alternative[:-1])
            if len(stem) != 1:
                raise PatternError(f"'{alternative}': a prefix must be one word")
            prefixes.append(stem[0])
        else:
            parts = _tokenise_words(alternative)
            if len(parts) != 1:
                raise PatternError(f"'{alternative}': alternatives must be single words")
            words.add(parts[0])
    return Element(frozenset(words), tuple(prefixes))


def _pieces(pattern: str) -> list[str]:
    """Split on spaces, keeping each parenthesised group whole."""
    pieces: list[str] = []
    for part in re.split(r"(\([^()]*\))", pattern):
        if part.startswith("(") and part.endswith(")"):
            pieces.append(part)
        else:
            pieces.extend(part.split())
    is_group = [piece.startswith("(") and piece.endswith(")") for piece in pieces]
    if any(
        ("(" in piece[1:] or ")" in piece[:-1]) if group else ("(" in piece or ")" in piece)
        for piece, group in zip(pieces, is_group, strict=True)
    ):
        raise PatternError(f"'{pattern}': groups cannot be nested or left open")
    return pieces


def _plain(piece: str) -> list[Element]:
    if "|" in piece or piece.endswith("*"):
        return [_alternatives(piece)]
    return [Element(frozenset({word})) for word in _tokenise_words(piece)]


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> tuple[Element, ...]:
    """A phrase -> token matchers. Raises PatternError for phrases that could never match well."""
    elements: list[Element] = []
    for piece in _pieces(pattern):
        if piece.startswith("(") and piece.endswith(")"):
            alternatives = []
            for phrase in piece[1:-1].split("|"):
                sequence = [element for word in phrase.split() for element in _plain(word)]
                if not sequence:
                    raise PatternError(f"'{pattern}': empty alternative in a group")
                alternatives.append(tuple(sequence))
            elements.append(Element(group=tuple(alternatives)))
        elif piece == "...":
            elements.append(Element(gap=True))
        elif piece.startswith("[") and piece.endswith("]"):
            inner = _alternatives(piece[1:-1])
            elements.append(Element(inner.words, inner.prefixes, optional=True))
        else:
            elements.extend(_plain(piece))
    if not elements or elements[0].gap or elements[0].optional:
        raise PatternError(f"'{pattern}': a phrase must start with a word")
    if elements[-1].gap:
        raise PatternError(f"'{pattern}': a phrase cannot end with '...'")
    return tuple(elements)


class Match(NamedTuple):
    first: int  # token indexes, inclusive
    last: int


def _element_regex(element: Element) -> str:
    """One element as a regular expression over the space-separated token string."""
    if element.gap:
        # Up to MAX_GAP whole tokens, as few as possible; "\u00b6" (a sentence end) is not a token.
        return rf"(?:[a-z0-9]+ ){{0,{MAX_GAP}}}?"
    if element.group:
        alternatives = [
            "".join(_element_regex(e) for e in alternative) for alternative in element.group
        ]
        return "(?:" + "|".join(alternatives) + ")"
    options = [re.escape(word) for word in sorted(element.words)]
    options += [re.escape(prefix) + "[a-z0-9]*" for prefix in element.prefixes]
    body = "(?:" + "|".join(options) + ") "
    return f"(?:{body})?" if element.optional else body


@lru_cache(maxsize=4096)
def pattern_regex(pattern: str) -> re.Pattern:
    """The phrase compiled to a regular expression with only bounded repetition.

    Every quantifier is bounded ({0,4} for gaps, ? for optional words) and nothing repeats a group
    that can itself repeat, so matching time is linear in the answer for a given phrase: no
    catastrophic backtracking, whatever the answer contains.
    """
    elements = compile_pattern(pattern)
    return re.compile("".join(_element_regex(e) for e in elements))


def _token_string(doc: Document) -> tuple[str, list[int], dict[int, int]]:
    """The answer as " tok tok \u00b6 tok ... ", each token's start offset, and end offset -> token."""
    cached = doc.cache.get("<token-string>")
    if cached is None:
        parts, starts, ends = [" "], [], {}
        offset = 1
        previous_sentence = 0
        for index, token in enumerate(doc.tokens):
            if token.sentence != previous_sentence:
                parts.append("\u00b6 ")
                offset += 2
                previous_sentence = token.sentence
            starts.append(offset)
            parts.append(token.text + " ")
            offset += len(token.text)
            ends[offset] = index
            offset += 1
        cached = doc.cache["<token-string>"] = ("".join(parts), starts, ends)
    return cached


@lru_cache(maxsize=4096)
def _required_words(pattern: str) -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """For each word the phrase cannot do without: the words and prefixes that satisfy it."""
    return tuple(
        (element.words, element.prefixes)
        for element in compile_pattern(pattern)
        if not (element.gap or element.optional or element.group)
    )


def _could_occur(doc: Document, pattern: str) -> bool:
    """A cheap test on the answer's vocabulary: most phrases of a rubric are absent from an answer."""
    vocabulary = doc.positions
    for words, prefixes in _required_words(pattern):
        if words & vocabulary.keys():
            continue
        if prefixes and any(word.startswith(prefixes) for word in vocabulary):
            continue
        return False
    return True


def _candidate_starts(doc: Document, pattern: str) -> list[int]:
    """Token indexes where the phrase could begin: where its first word (or prefix) occurs."""
    candidates: set[int] = set()
    for first in compile_pattern(pattern)[0].first_elements():
        for word in first.words:
            candidates.update(doc.positions.get(word, ()))
        if first.prefixes:
            for word, indexes in doc.positions.items():
                if word.startswith(first.prefixes):
                    candidates.update(indexes)
    return sorted(candidates)


def find_matches(doc: Document, pattern: str) -> list[Match]:
    """Every place the phrase occurs, each within one sentence, left to right, not overlapping."""
    cached = doc.cache.get(pattern)
    if cached is not None:
        return cached
    matches: list[Match] = []
    if _could_occur(doc, pattern):
        text, starts, ends = _token_string(doc)
        regex = pattern_regex(pattern)
        last_end = -1
        for index in _candidate_starts(doc, pattern):
            if index <= last_end:
                continue
            found = regex.match(text, starts[index])
            if found is not None and found.end() > found.start():
                last_end = ends[found.end() - 1]
                matches.append(Match(index, last_end))
    doc.cache[pattern] = matches
    return matches


# Negation: words that, shortly before a phrase in the same clause, turn it around.
NEGATION_WORDS = frozenset(
    {
        "not", "no", "never", "without", "avoid", "avoiding", "avoids", "skip", "skipping",
        "nor", "neither", "dont", "doesnt", "wont", "wouldnt", "shouldnt", "isnt", "arent",
        "cant", "cannot", "unnecessary", "forget", "ditch", "drop", "dropping",
        "against", "stop", "stopped", "removing", "remove", "non",
    }
)  # fmt: skip
NEGATION_WINDOW = 5
# Phrases right after a concept that reject it: "a non-root user is overkill".
AFTER_NEGATIONS = (
    "is|are|s|be not needed|necessary|required|important|useful|worth*",
    "unnecessary",
    "overkill",
    "pointless",
    "useless",
    "not needed",
    "not necessary",
    "not required",
    "not worth*",
    "does|do not matter",
    "doesnt matter",
)
AFTER_WINDOW = 3


def is_negated(doc: Document, match: Match) -> bool:
    """Whether the matched phrase is denied or rejected in its own clause."""
    tokens = doc.tokens
    clause = tokens[match.first].clause
    for position in range(max(0, match.first - NEGATION_WINDOW), match.first):
        if tokens[position].clause != clause:
            continue
        word = tokens[position].text
        following = tokens[position + 1].text if position + 1 < match.first else ""
        if word in NEGATION_WORDS:
            return True
        # "rather than X", "instead of X" turn X down; "I'd rather X" and "X instead" do not.
        if (word, following) in {("rather", "than"), ("instead", "of")}:
            return True
    starts = _after_negation_starts(doc)
    return any(
        position in starts and tokens[position].clause == clause
        for position in range(match.last + 1, min(len(tokens), match.last + AFTER_WINDOW + 1))
    )


def _after_negation_starts(doc: Document) -> frozenset[int]:
    starts = doc.cache.get("<after-negations>")
    if starts is None:
        starts = doc.cache["<after-negations>"] = frozenset(
            found.first for pattern in AFTER_NEGATIONS for found in find_matches(doc, pattern)
        )
    return starts


# Function words: real sentences are full of them; a bare list of terms has almost none.
FUNCTION_WORDS = frozenset(
    """a an the and or but so because since as to of in on at by for with from into onto than then that
    which who whom whose this these those it its they them their we our us you your i me my he she
    is are was were be been being am do does did doing have has had having will would can could
    should shall may might must not no if when while where why how what there here also only just
    too very more most less least all any each every some such own same both other
    use uses using used run runs running make makes making keep keeps keeping get gets let lets
    need needs want wants mean means means stop stops add adds put puts give gives take takes
    way ways thing things instead whereas although though unless until once about over under up
    out off down again further about against between through during before after above below
    stay stays stayed leave leaves left ship ships go goes went become becomes come comes
    start starts change changes changed reuse reuses reused rebuild rebuilds build builds
    d ll re s t ve m""".split()
)
SALAD_MIN_TOKENS = 2
SALAD_MAX_FUNCTION_SHARE = 0.12


LIST_ITEM_MAX_TOKENS = 4


def _clauses(doc: Document) -> dict[int, tuple[int, list[str]]]:
    """Each clause's sentence and words (a clause never spans two sentences)."""
    clauses = doc.cache.get("<clauses>")
    if clauses is None:
        clauses = doc.cache["<clauses>"] = {}
        for token in doc.tokens:
            clauses.setdefault(token.clause, (token.sentence, []))[1].append(token.text)
    return clauses


def _is_bare_term(words: list[str]) -> bool:
    """A few words with at most one function word among them: "least privilege", "use alpine"."""
    function_words = sum(word in FUNCTION_WORDS for word in words)
    content_words = len(words) - function_words
    return len(words) <= LIST_ITEM_MAX_TOKENS and function_words <= 1 and content_words >= 1


def in_a_list(doc: Document, match: Match) -> bool:
    """Whether the phrase is an item of a bare list of terms rather than part of an explanation.

    Either its whole sentence is list-like, or it sits in a run of comma-separated bare terms
    ("alpine, multi-stage, non-root, ...") even if prose follows in the same sentence.
    """
    first = doc.tokens[match.first]
    if is_list_like(doc, first.sentence):
        return True
    clauses = _clauses(doc)
    if not _is_bare_term(clauses[first.clause][1]):
        return False
    return any(
        clauses[neighbour][0] == first.sentence and _is_bare_term(clauses[neighbour][1])
        for neighbour in (first.clause - 1, first.clause + 1)
        if neighbour in clauses
    )


def is_list_like(doc: Document, sentence: int) -> bool:
    """A "sentence" of terms with almost no function words: keyword salad, not an explanation."""
    key = ("<list-like>", sentence)
    if key in doc.cache:
        return doc.cache[key]
    start, end = doc.sentence_spans[sentence]
    words = [token.text for token in doc.tokens[start:end]]
    function_share = sum(word in FUNCTION_WORDS for word in words) / max(1, len(words))
    result = doc.cache[key] = (
        len(words) >= SALAD_MIN_TOKENS and function_share < SALAD_MAX_FUNCTION_SHARE
    )
    return result
