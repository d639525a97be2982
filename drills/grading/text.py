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
  ...         up to six other words in between (within the same sentence)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import chain
from typing import NamedTuple

# Tokens: words and numbers. "n't" becomes its own token, "not", so "wouldn't" reads "would not".
# Letters of any alphabet count ("usuário", "caché"); accents are folded away in `_fold`.
_TOKEN_RE = re.compile(r"n['\u2019]t\b|[^\W_]+?(?=n['\u2019]t\b)|[^\W_]+", re.IGNORECASE)
# The same words, faster: plain runs of letters and digits; "wouldn't" is split afterwards (_words).
_WORD_RE = re.compile(r"[^\W_]+")
# Sentence ends: . ! ? ; followed by a space or the end. Line breaks are decided in _sentence_ends.
# Sentence ends: . ! ? ; followed by a space or the end, closing markup allowed between ("**Not yet.**").
# A period that stands alone ("COPY . .") ends nothing, nor does punctuation inside `inline code`.
_SENTENCE_END_RE = re.compile(r"(?<=\S)[.!?;](?=[*_`)\]\"'\u201d]*(?:\s|$))")
_INLINE_CODE_RE = re.compile(r"`[^`\n]+`")
_LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*\u2022+]|\d+[.)])\s")
_FENCE_LINE_RE = re.compile(r"^[ \t]*(```|~~~)")
# Lines that stand alone whatever follows them: headings, bold labels, table rows, code-looking lines
# (Dockerfile instructions, shell commands, YAML keys), and lines ending in a colon.
_STANDALONE_LINE_RE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]|\*\*[^*]+\*\*[.:]?[ \t]*$|__[^_]+__[.:]?[ \t]*$|\||"
    r"(?:FROM|RUN|COPY|ADD|USER|WORKDIR|CMD|ENTRYPOINT|ENV|ARG|EXPOSE|HEALTHCHECK|LABEL|VOLUME)[ \t](?!.*[.!?][ \t]+[A-Z])|"
    r"\$?[ \t]*(?:docker|podman|kubectl)[ \t]|[a-z_][\w.-]*:[ \t]*$|[ \t]+[a-z_][\w.-]*:[ \t])|:[ \t]*$"
)
_CLAUSE_BREAK_RE = re.compile(
    r"[,()|]|:(?=\s)|\s[\u2014\u2013-]\s|->|=>|\u2192|\s(?:but|however|whereas|although|though)\s",
    re.IGNORECASE,
)

MAX_GAP = 6


class Token(NamedTuple):
    """A word of the answer. (A named tuple: answers have hundreds, and tuples are cheap to build.)"""

    text: str  # lower-case; a misspelt rubric word reads as the rubric's spelling
    start: int  # character offsets in the original answer
    end: int
    sentence: int
    clause: int
    block: int  # paragraph, list item, table or code block
    code: bool  # inside a fenced code block


_MISSING = object()  # what Document.kept finds for a key not worked out yet

# A Token from a tuple of its fields, in C: what Token._make does, without its Python-level checks.
_new_token = partial(tuple.__new__, Token)


@dataclass(frozen=True)
class Document:
    text: str
    tokens: tuple[Token, ...]
    sentence_spans: tuple[tuple[int, int], ...]  # token index ranges [start, end) per sentence
    positions: dict[str, tuple[int, ...]]  # token text -> indexes, for fast candidate lookup
    # What was already worked out for this answer (`kept`): matches by pattern (rubrics share
    # phrases, and negation checks look at the same few phrases for every match), prefix lookups,
    # where first words occur, the token string, clauses.
    cache: dict = field(default_factory=dict, compare=False, repr=False)
    # Sections under a heading that warns ("## What I'd avoid", "**Mistakes:**"), as character ranges:
    # what is listed there is described, not recommended.
    warning_ranges: tuple[tuple[int, int], ...] = ()
    starts: tuple[int, ...] = ()  # each token's start offset, for binary search
    vocabulary: tuple[str, ...] = ()  # the answer's distinct words, sorted, for prefix search

    def snippet(self, first: int, last: int) -> tuple[str, int, int]:
        """The original text from token `first` to token `last` inclusive, with its offsets."""
        start, end = self.tokens[first].start, self.tokens[last].end
        return self.text[start:end], start, end

    def tokens_within(self, start: int, end: int) -> Match | None:
        """The tokens wholly inside characters [start, end), as a match; None if there are none."""
        first = bisect_left(self.starts, start)
        last = first - 1
        while last + 1 < len(self.tokens) and self.tokens[last + 1].end <= end:
            last += 1
        return Match(first, last) if last >= first else None

    def kept[T, *Ts](self, key: Hashable, compute: Callable[[*Ts], T], *arguments: *Ts) -> T:
        """`compute(*arguments)`, worked out once for this answer under `key` (a tuple, or a string
        in angle brackets, which no pattern is). Called hundreds of times per grading: the function
        and its arguments are passed rather than a closure, and a miss is found without raising."""
        value = self.cache.get(key, _MISSING)
        if value is _MISSING:
            value = self.cache[key] = compute(*arguments)
        return value

    def words_starting(self, prefixes: tuple[str, ...]) -> tuple[str, ...]:
        """The answer's words that start with any of the prefixes (kept: rubrics share prefixes)."""
        return self.kept(("<prefixes>", prefixes), self._look_up_prefixes, prefixes)

    def _look_up_prefixes(self, prefixes: tuple[str, ...]) -> tuple[str, ...]:
        words: list[str] = []
        vocabulary = self.vocabulary
        for prefix in prefixes:
            index = bisect_left(vocabulary, prefix)
            while index < len(vocabulary) and vocabulary[index].startswith(prefix):
                words.append(vocabulary[index])
                index += 1
        return tuple(words)


def _layout(text: str) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Where sentences end, where blocks start, and the fenced code blocks, as character offsets.

    A single line break inside a paragraph is a wrapped line, not the end of a sentence; but a list
    item, a heading or bold label, a table row and a line of code are sentences of their own, so
    nothing joins onto them. Blocks (paragraphs, list items, tables, code blocks) start at a blank
    line, a list item or a fence; a heading belongs to the block it introduces.
    """
    inline_code = [match.span() for match in _INLINE_CODE_RE.finditer(text)]
    ends = [
        match.start()
        for match in _SENTENCE_END_RE.finditer(text)
        if not any(start < match.start() < end - 1 for start, end in inline_code)
    ]
    block_starts: list[int] = []
    fences: list[tuple[int, int]] = []
    lines = text.split("\n")
    position = 0
    in_fence = False
    fence_start = 0
    previous_blank = True
    for index, line in enumerate(lines):
        line_end = position + len(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        is_fence = bool(_FENCE_LINE_RE.match(line))
        if is_fence:
            if in_fence:
                fences.append((fence_start, line_end))
            else:
                fence_start = position
                block_starts.append(position)
            in_fence = not in_fence
            ends.append(line_end)
        elif in_fence:
            ends.append(line_end)  # every line of code is a sentence of its own
        else:
            if line.strip() and (previous_blank or _LIST_ITEM_RE.match(line)):
                block_starts.append(position)
            if (
                not line.strip()
                or not following.strip()
                or _LIST_ITEM_RE.match(line)
                or _LIST_ITEM_RE.match(following)
                or _STANDALONE_LINE_RE.search(line)
                or _STANDALONE_LINE_RE.match(following)
                or _FENCE_LINE_RE.match(following)
            ):
                ends.append(line_end)
        previous_blank = not line.strip() or (is_fence and not in_fence)
        position = line_end + 1
    if in_fence:
        fences.append((fence_start, len(text)))
    return sorted(ends), block_starts, fences


def read_document(text: str, vocabulary: frozenset[str] = frozenset()) -> Document:
    """Tokenise an answer, keeping where every token sits in the original text.

    A word one slip away from a word of `vocabulary` (the rubric's words) reads as that word
    (`spelling_map`). Each token's sentence, clause, block and code flag come from binary searches
    over the layout's boundaries, so reading stays linear in the answer and cheap per token.
    """
    sentence_ends, block_starts, fences = _layout(text)
    clause_breaks = sorted({*sentence_ends, *(m.start() for m in _CLAUSE_BREAK_RE.finditer(text))})
    fence_starts = [start for start, _ in fences]
    starts, ends, words = _words(text)
    words = [word if word.isascii() else _fold(word) for word in words]
    if vocabulary:
        spellings = spelling_map(set(words), vocabulary)
        if spellings:
            words = [spellings.get(word, word) for word in words]
    # A long answer has a thousand tokens: the per-token steps below run as `map` over C functions
    # (binary searches, tuple building), not as Python loops (read_document on a 5,000-character
    # answer: 1.40 ms, 1.64 with the loops).
    # Sentences are numbered densely: a boundary with no word after it starts no sentence.
    raw_sentences = list(map(partial(bisect_left, sentence_ends), starts))
    dense = {raw: number for number, raw in enumerate(sorted(set(raw_sentences)))}
    sentences = list(map(dense.__getitem__, raw_sentences))
    clauses = list(map(partial(bisect_left, clause_breaks), starts))
    blocks = [max(index - 1, 0) for index in map(partial(bisect_right, block_starts), starts)]
    codes = [False] * len(starts)
    if fences:
        for index, start in enumerate(starts):
            fence = bisect_right(fence_starts, start) - 1
            codes[index] = fence >= 0 and start <= fences[fence][1]
    tokens = list(
        map(_new_token, zip(words, starts, ends, sentences, clauses, blocks, codes, strict=True))
    )
    # Sentence k's tokens start where the (sorted, dense) sentence numbers first reach k.
    firsts = list(map(partial(bisect_left, sentences), range(len(dense))))
    # (No sentence at all for an answer without a word: then the second list's one end is unused.)
    sentence_spans = list(zip(firsts, [*firsts[1:], len(tokens)], strict=False))
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word, []).append(index)
    return Document(
        text=text,
        tokens=tuple(tokens),
        sentence_spans=tuple(sentence_spans),
        positions={word: tuple(indexes) for word, indexes in positions.items()},
        warning_ranges=_warning_sections(text),
        starts=tuple(starts),
        vocabulary=tuple(sorted(positions)),
    )


_HEADING_RE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+(?P<hash>.+)|\*\*(?P<bold>[^*]+)\*\*[.:]?|(?P<colon>[^\n]{1,60}):)[ \t]*$",
    re.M,
)
_WARNING_HEADING_WORDS = frozenset(
    {"avoid", "not", "never", "dont", "bad", "mistake", "mistakes", "pitfall", "pitfalls", "wrong",
     "anti", "antipattern", "antipatterns", "smell", "smells", "problem", "problems", "before", "naive"}
)  # fmt: skip


def _warning_sections(text: str) -> tuple[tuple[int, int], ...]:
    headings = list(_HEADING_RE.finditer(text))
    ranges = []
    for index, heading in enumerate(headings):
        title = heading["hash"] or heading["bold"] or heading["colon"] or ""
        words = {match.group().lower() for match in _TOKEN_RE.finditer(title)}
        if words & _WARNING_HEADING_WORDS or "n't" in title or "n\u2019t" in title:
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            ranges.append((heading.end(), end))
    return tuple(ranges)


# --- misspellings -----------------------------------------------------------------------------------

# Spelling is forgiven for words long enough that one slip cannot turn them into another common word:
# a letter left out, added or swapped with its neighbour from 5 letters ("lyers"), a vowel written for
# another from 5 ("kernal"), any letter changed from 7 ("previlege"). A word that is itself in the rubric, or a function word, is never
# respelt.
MIN_FORGIVEN_LENGTH = 5
MIN_SUBSTITUTION_LENGTH = 7


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_slip_apart(word: str, target: str) -> bool:
    """Damerau distance 1: one letter left out, added, swapped with its neighbour, or (long) changed."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    if len(word) == len(target):
        differences = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(differences) == 2:
            i, j = differences
            return j == i + 1 and word[i] == target[j] and word[j] == target[i]
        if len(differences) != 1:
            return False
        changed = word[differences[0]] + target[differences[0]]
        # "kernal", "seperate", "dependancy": one vowel for another is the common slip in any length.
        return len(target) >= MIN_SUBSTITUTION_LENGTH or all(
            letter in "aeiou" for letter in changed
        )
    shorter, longer = sorted((word, target), key=len)
    return shorter in _deletions(longer)


@lru_cache(maxsize=64)
def spelling_index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Deletion keys -> the rubric words they come from, for finding a misspelt word's target fast."""
    index: dict[str, list[str]] = {}
    for word in vocabulary:
        if len(word) >= MIN_FORGIVEN_LENGTH and word.isalpha():
            for key in {word, *_deletions(word)}:
                index.setdefault(key, []).append(word)
    return {key: tuple(sorted(words)) for key, words in index.items()}


def spelling_map(words: set[str], vocabulary: frozenset[str]) -> dict[str, str]:
    """The answer's misspelt words -> the one rubric word each is a slip away from."""
    index = spelling_index(vocabulary)
    found: dict[str, str] = {}
    for word in words:
        if len(word) < MIN_FORGIVEN_LENGTH or word in vocabulary or word in FUNCTION_WORDS:
            continue
        if not word.isalpha():
            continue
        candidates = {
            target
            for key in {word, *_deletions(word)}
            for target in index.get(key, ())
            if _one_slip_apart(word, target)
        }
        if len(candidates) == 1:
            found[word] = candidates.pop()
    return found


def _words(text: str) -> tuple[list[int], list[int], list[str]]:
    """Each word's start, end and lower-case text; "n't" is a word of its own, "not" ("wouldn't" reads
    "would not")."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lowering once keeps every offset
        found = list(_WORD_RE.finditer(lowered))
        words = list(map(re.Match.group, found))
    else:  # a letter whose lower case is longer ("İ"): lower word by word
        found = list(_WORD_RE.finditer(text))
        words = [match.group().lower() for match in found]
    starts = list(map(re.Match.start, found))
    ends = list(map(re.Match.end, found))
    if "'t" not in text and "\u2019t" not in text:
        return starts, ends, words
    # Only the "t" after "n'" changes: the words between contractions are copied in slices, so a
    # long answer with a few contractions costs little more than one without.
    contractions = [
        index
        for index, word in enumerate(words)
        if word == "t"
        and index
        and ends[index - 1] == starts[index] - 1
        and words[index - 1].endswith("n")
        and text[starts[index] - 1] in "'\u2019"
    ]
    if not contractions:
        return starts, ends, words
    out_starts, out_ends, out_words = [], [], []
    copied = 0
    for index in contractions:
        out_starts += starts[copied:index]
        out_ends += ends[copied:index]
        out_words += words[copied:index]
        # "wouldn" + "t" -> "would" + "not" (a lone "n't" leaves just "not")
        out_ends[-1] -= 1
        out_words[-1] = out_words[-1][:-1]
        if not out_words[-1]:
            out_starts.pop(), out_ends.pop(), out_words.pop()
        out_starts.append(ends[index] - 3)
        out_ends.append(ends[index])
        out_words.append("not")
        copied = index + 1
    out_starts += starts[copied:]
    out_ends += ends[copied:]
    out_words += words[copied:]
    return out_starts, out_ends, out_words


def _fold(word: str) -> str:
    """A word without its accents ("usuário" -> "usuario"), so rubric phrases written in ASCII match."""
    if word.isascii():
        return word
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return folded or word


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
        elif "[" in piece or "]" in piece:
            raise PatternError(
                f"'{pattern}': an optional [...] holds one-word alternatives; for phrases use a "
                "group, e.g. [the|a] or (host kernel|kernel)"
            )
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
        return rf"(?:[^ \u00b6]+ ){{0,{MAX_GAP}}}?"
    if element.group:
        alternatives = [
            "".join(_element_regex(e) for e in alternative) for alternative in element.group
        ]
        return "(?:" + "|".join(alternatives) + ")"
    options = [re.escape(word) for word in sorted(element.words)]
    options += [re.escape(prefix) + "[^ \u00b6]*" for prefix in element.prefixes]
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
    return doc.kept("<token-string>", _build_token_string, doc)


def _build_token_string(doc: Document) -> tuple[str, list[int], dict[int, int]]:
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
    return "".join(parts), starts, ends


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
    vocabulary = doc.positions.keys()
    for words, prefixes in _required_words(pattern):
        if not vocabulary.isdisjoint(words):
            continue
        if prefixes and doc.words_starting(prefixes):
            continue
        return False
    return True


@lru_cache(maxsize=4096)
def _first_words(pattern: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words and the prefixes the phrase can begin with, over all its alternatives."""
    firsts = compile_pattern(pattern)[0].first_elements()
    prefixes = dict.fromkeys(prefix for first in firsts for prefix in first.prefixes)
    return frozenset().union(*(first.words for first in firsts)), tuple(prefixes)


def _candidate_starts(doc: Document, pattern: str) -> Sequence[int]:
    """Token indexes, in order, where the phrase could begin: where a first word (or prefix) occurs.

    Many phrases of a rubric begin with the same words, so the answer's starts are kept per set of
    first words."""
    words, prefixes = firsts = _first_words(pattern)
    key = ("<starts>", firsts)
    # Looked up inline, not through Document.kept: this and find_matches run hundreds of times per
    # grading, and handing their work to `kept` as a closure made gradings 5 to 15 % slower.
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    positions = doc.positions
    present = positions.keys() & words  # a C-level intersection: phrases begin with many words
    if prefixes:
        present.update(doc.words_starting(prefixes))
    if len(present) == 1:
        cached = positions[present.pop()]  # one word's positions, already in order
    else:
        # Each token is one word, so different words' positions never repeat one another.
        cached = sorted(chain.from_iterable(map(positions.__getitem__, present)))
    doc.cache[key] = cached
    return cached


def find_matches(doc: Document, pattern: str) -> list[Match]:
    """Every place the phrase occurs, each within one sentence, left to right, not overlapping."""
    cached = doc.cache.get(pattern)  # inline, as in _candidate_starts
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
        "nor", "neither", "nobody", "dont", "doesnt", "wont", "wouldnt", "shouldnt", "isnt", "arent",
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
    negators, turners = _negation_positions(doc)
    for position in range(max(0, match.first - NEGATION_WINDOW), match.first):
        turns_down = position in negators or (position in turners and position + 1 < match.first)
        if turns_down and tokens[position].clause == clause:
            return True
    starts = _after_negation_starts(doc)
    return any(
        position in starts and tokens[position].clause == clause
        for position in range(match.last + 1, min(len(tokens), match.last + AFTER_WINDOW + 1))
    )


def _negation_positions(doc: Document) -> tuple[frozenset[int], frozenset[int]]:
    """Where the answer's negation words are, and where "rather than" and "instead of" begin.

    "rather than X", "instead of X" turn X down; "I'd rather X" and "X instead" do not. Found once
    per answer from the words' positions, so a phrase's check looks only at token indexes."""
    return doc.kept("<negations>", _find_negation_positions, doc)


def _find_negation_positions(doc: Document) -> tuple[frozenset[int], frozenset[int]]:
    positions = doc.positions
    negators = frozenset(
        chain.from_iterable(positions[word] for word in NEGATION_WORDS if word in positions)
    )
    followed = (("rather", "than"), ("instead", "of"))
    turners = frozenset(
        index
        for word, following in followed
        for index in positions.get(word, ())
        if index + 1 < len(doc.tokens) and doc.tokens[index + 1].text == following
    )
    return negators, turners


# Who recommends what. A bad practice the candidate describes in order to warn against it, or
# imagines, is not a recommendation: "by default the process runs as root, so USER node"; "most
# tutorials copy everything first"; "publishing 5432 would only add attack surface".
WARNING_WORDS = frozenset(
    {
        "default", "defaults", "defaulted", "never", "avoid", "avoiding", "instead", "rather",
        "problem", "problems", "mistake", "mistakes", "bad", "worse", "worst", "anti", "antipattern",
        "risk", "risks", "risky", "danger", "dangerous", "otherwise", "unless", "naive", "naively",
        "tempting", "common", "typical", "typically", "usually", "often", "tutorials", "tutorial",
        "beginners", "wrong", "trap", "pitfall", "smell", "issue", "issues", "downside", "downsides",
        "lazy", "careless", "unsafe", "insecure", "vulnerable", "hurts", "breaks", "dont", "without",
        "if", "unlike", "versus", "vs", "compared", "whereas", "old", "legacy", "stop",
        "most", "many", "people", "attempts", "commonly", "teams", "shops", "companies", "folks",
    }
)  # fmt: skip
HYPOTHETICAL_WORDS = frozenset({"would", "could", "might", "will", "d"})
FIRST_PERSON = frozenset({"i", "we", "lets", "let", "you"})


# After the phrase, words that call it bad: "copying everything first means every edit reinstalls".
CONSEQUENCE_WORDS = frozenset(
    {
        "means", "meaning", "problem", "problems", "bad", "worse", "risk", "risky", "dangerous",
        "wrong", "mistake", "breaks", "throws", "wastes", "invalidates", "hurts", "bloats", "drags",
        "leaks", "exposes", "costs", "slows", "defeats", "kills", "ruins", "insecure", "unsafe",
        "ships", "carries", "bloated", "unless", "default", "defaults", "otherwise", "attacker",
        "attackers", "away",
    }
)  # fmt: skip
# ... unless it is what the candidate's choice prevents: "run as root to avoid permission problems".
PREVENTING_WORDS = frozenset(
    {"avoid", "avoids", "prevent", "prevents", "fix", "fixes", "solve", "no"}
)


def _hyphenated(doc: Document, index: int) -> bool:
    """Whether a token is part of a hyphenated word ("unless-stopped" is a restart policy)."""
    token = doc.tokens[index]
    text = doc.text
    return (token.end < len(text) and text[token.end] == "-") or (
        token.start > 0
        and text[token.start - 1] == "-"
        and token.start > 1
        and text[token.start - 2].isalnum()
    )


def is_recommended(doc: Document, match: Match) -> bool:
    """Whether the candidate recommends the matched phrase, rather than denying, warning or imagining it.

    Denied in its clause ("don't use latest") it is not recommended. A warning word before the
    phrase in its sentence ("by default the process runs as root") or a word after it that calls it
    bad ("copying everything first means every edit reinstalls") describes the bad practice rather
    than proposing it. A would/could with no "I" or "we" before it imagines a consequence
    ("publishing it would expose the database"); "I'd run it as root" proposes.
    """
    if is_negated(doc, match):
        return False
    tokens = doc.tokens
    position = tokens[match.first].start
    if any(start <= position < end for start, end in doc.warning_ranges):
        return False
    start, end = doc.sentence_spans[tokens[match.first].sentence]
    if any(
        tokens[i].text in WARNING_WORDS and not _hyphenated(doc, i)
        for i in range(start, match.first)
    ):
        return False
    for i in range(match.last + 1, end):
        if tokens[i].text in CONSEQUENCE_WORDS and not any(
            tokens[j].text in PREVENTING_WORDS for j in range(max(match.last + 1, i - 2), i)
        ):
            return False
    clause = tokens[match.first].clause
    for position in range(start, end):
        if match.first <= position <= match.last or tokens[position].clause != clause:
            continue
        if tokens[position].text in HYPOTHETICAL_WORDS:
            before = {tokens[p].text for p in range(start, position)}
            if tokens[position].text == "d" or before & FIRST_PERSON:
                continue  # "I'd", "we would": a proposal
            return False
    return True


# Words that may stand between a denial and the idea it turns down: "I wouldn't bother with a
# non-root user", "no need for resource limits", "don't use a multi-stage build".
DENIAL_FILLERS = frozenset(
    {
        "a", "an", "the", "any", "to", "with", "for", "of", "use", "using", "bother", "bothering",
        "need", "needed", "needs", "add", "adding", "run", "running", "set", "setting", "want",
        "pick", "choose", "go", "do", "doing", "really", "even", "some", "worry", "about", "care",
        "is", "are", "be", "it", "as", "in", "on", "would", "will", "should", "d", "i", "we",
        "just", "much", "point", "sense", "necessary", "required", "useful", "worth", "there",
    }
)  # fmt: skip


def denies_outright(doc: Document, match: Match) -> bool:
    """Whether a denial turns down the idea itself, not something said about it.

    "I wouldn't bother with a non-root user" denies the idea; "`docker rm` never deletes a named
    volume" says something true about named volumes, and "slim rather than alpine" picks slim.
    """
    tokens = doc.tokens
    clause = tokens[match.first].clause
    for position in range(match.first - 1, max(-1, match.first - NEGATION_WINDOW - 1), -1):
        if tokens[position].clause != clause:
            break
        word = tokens[position].text
        if word in NEGATION_WORDS:
            return True
        if word not in DENIAL_FILLERS:
            return False
    starts = _after_negation_starts(doc)
    return any(
        position in starts and tokens[position].clause == clause
        for position in range(match.last + 1, min(len(tokens), match.last + AFTER_WINDOW + 1))
    )


# What links an idea to its reason in a clipped note: "slim base: fewer CVEs", "deps first -> cached".
LINK_RE = re.compile(
    r":(?=\s)|\||->|=>|\u2192|\u2014|\u2013|\s-\s|=|\+|\(|\b(so|because|since|for|as|to|then|means|gives|keeps|avoids|reduces|cuts)\b",
    re.IGNORECASE,
)


def linked_in_sentence(doc: Document, first: Match, second: Match) -> bool:
    """Whether two phrases of one sentence are linked (by a colon, an arrow, "so", "because"...)."""
    a, b = sorted((first, second))
    if doc.tokens[a.first].sentence != doc.tokens[b.first].sentence:
        return False
    between = doc.text[doc.tokens[a.last].end : doc.tokens[b.first].start]
    return bool(LINK_RE.search(between))


def _after_negation_starts(doc: Document) -> frozenset[int]:
    return doc.kept("<after-negations>", _find_after_negation_starts, doc)


def _find_after_negation_starts(doc: Document) -> frozenset[int]:
    return frozenset(
        found.first for pattern in AFTER_NEGATIONS for found in find_matches(doc, pattern)
    )


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
LIST_MIN_TERMS = 3


def _clauses(doc: Document) -> dict[int, tuple[int, list[str]]]:
    """Each clause's sentence and words (a clause never spans two sentences)."""
    return doc.kept("<clauses>", _gather_clauses, doc)


def _gather_clauses(doc: Document) -> dict[int, tuple[int, list[str]]]:
    clauses: dict[int, tuple[int, list[str]]] = {}
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

    def bare(clause: int) -> bool:
        return (
            clause in clauses
            and clauses[clause][0] == first.sentence
            and _is_bare_term(clauses[clause][1])
        )

    # A run of at least three bare terms is a list; "copy package.json first, install, then copy
    # the rest" is a sequence of steps.
    run = 1
    clause = first.clause - 1
    while bare(clause):
        run, clause = run + 1, clause - 1
    clause = first.clause + 1
    while bare(clause):
        run, clause = run + 1, clause + 1
    return run >= LIST_MIN_TERMS


def is_list_like(doc: Document, sentence: int) -> bool:
    """A "sentence" of terms with almost no function words: keyword salad, not an explanation."""
    return doc.kept(("<list-like>", sentence), _is_list_like, doc, sentence)


def _is_list_like(doc: Document, sentence: int) -> bool:
    start, end = doc.sentence_spans[sentence]
    words = [token.text for token in doc.tokens[start:end]]
    function_share = sum(word in FUNCTION_WORDS for word in words) / max(1, len(words))
    clauses = len({token.clause for token in doc.tokens[start:end]})
    line_start = doc.text.rfind("\n", 0, doc.tokens[start].start) + 1
    is_item = (
        bool(_LIST_ITEM_RE.match(doc.text, line_start)) and line_start <= doc.tokens[start].start
    )
    # Terms with almost no function words, in the shape of a list: a bullet, or several comma-
    # separated terms. "Containers share one kernel." is a short sentence, not a list.
    return (
        len(words) >= SALAD_MIN_TOKENS
        and function_share < SALAD_MAX_FUNCTION_SHARE
        and (is_item or clauses >= LIST_MIN_TERMS)
    )
