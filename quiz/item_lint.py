"""Item-writing lint: cues that let a test-wise learner score without knowing the subject.

A quiz question should be answerable only by understanding the lesson. The classic item-writing
guidelines (Haladyna, Downing & Rodriguez, "A review of multiple-choice item-writing guidelines",
2002) list the cues that break this; the ones a program can check on our banks are:

- **true/false balance**: if nearly every true/false key is "False", "False" is a strategy. Each
  kind must be at least a third of the true/false keys, course-wide and in every bank that has two
  or more true/false questions (a single question cannot be balanced on its own, but it still
  counts course-wide).
- **longest option**: authors qualify the right answer until it is the longest one. In at most a
  third of a bank's single-choice questions may the key be the longest option, and never by 1.5
  times the longest distractor or more.
- **absolute words and joke options**: "always", "never", "immune to all exploits" mark a
  distractor as wrong for anyone who has taken a test before. A distractor may use an absolute word
  only where the key uses one too (then the word is no cue); a joke option is never allowed. Words in
  code (`imagePullPolicy: Always`) are quoted values, not claims, and do not count.
- **"all but the silly one"**: a multiple-select question where every option, or every option but
  one, is correct is answered by ticking everything that is not absurd.
- **near-duplicate stems**: two questions whose stems and keys overlap heavily test one fact twice
  and let the first answer the second. "Overlap" is the Jaccard similarity of the content words of
  what each question asks and teaches (stem, key and explanation together).

Everything here is pure Python over loaded `QuestionSpec`s (HTML already rendered): lengths and
words are measured on the text a learner reads, without the markup.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quiz.grading.questions import QuestionSpec, QuestionType

LONGEST_KEY_SHARE = 1 / 3
LONGEST_KEY_RATIO = 1.5
TRUE_FALSE_MIN_SHARE = 1 / 3
TRUE_FALSE_MIN_PER_BANK = 2
# Two questions are near-duplicates when stem, key and explanation together share this much of
# their vocabulary (Jaccard similarity of content words). Calibrated on the course's banks as the
# content review found them: the duplicated pairs (cache ordering, ARG secrets, shell-form SIGTERM,
# the 2 GB copy-up, the OOM kill) scored 0.24-0.36, distinct questions on one lesson's topic 0.2 or
# less.
DUPLICATE_SIMILARITY = 0.24

ABSOLUTE_WORDS = (
    "always",
    "never",
    "completely",
    "entirely",
    "totally",
    "absolutely",
    "impossible",
    "whatsoever",
)
# Phrases that only a joke option uses: no plausible misconception is worded like this.
JOKE_PATTERNS = (
    r"\bimmune\b",
    r"\bmagic(al|ally)?\b",
    r"\bjust works\b",
    r"\bunhackable\b",
    r"\bbulletproof\b",
    r"\bfor fun\b",
    r"\bpray\b",
    r"\bluck\b",
    r"!",
)

_TAGS = re.compile(r"<[^>]+>")
# Code is quoted, not rhetoric: `imagePullPolicy: Always` names a setting, it does not overstate.
_CODE = re.compile(r"<code>.*?</code>", re.DOTALL)
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"[a-z0-9][a-z0-9._/-]*[a-z0-9]|[a-z0-9]")
_ABSOLUTE = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)
_JOKE = re.compile("|".join(JOKE_PATTERNS), re.IGNORECASE)
# Words too common in this course to say two questions are about the same thing.
_STOP_WORDS = frozenset(
    """a an and are as at be because but by can do does for from has have how if in into is it its
    of on one or so than that the their then there these they this to two was what when where which
    while who why will with without would you your yours not no only own same each other more most
    run runs container containers docker image images question answer true false""".split()
)


@dataclass(frozen=True)
class LintFinding:
    """One broken rule: which rule, in which bank, for which questions, and what to do about it."""

    rule: str
    lesson: str
    question_ids: tuple[str, ...]
    message: str


@dataclass
class BankFigures:
    """The counts behind the rules, for one bank or the whole course."""

    true_false_true: int = 0
    true_false_false: int = 0
    single_choice: int = 0
    key_longest: int = 0
    key_longest_by_ratio: int = 0
    multiple_all_but_one: int = 0
    cued_distractors: int = 0
    near_duplicate_pairs: int = 0
    questions: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class LintReport:
    findings: list[LintFinding] = field(default_factory=list)
    by_lesson: dict[str, BankFigures] = field(default_factory=dict)
    overall: BankFigures = field(default_factory=BankFigures)


def plain_text(fragment: str) -> str:
    """What a learner reads: the rendered HTML without tags, entities decoded, spaces collapsed."""
    return _SPACES.sub(" ", html.unescape(_TAGS.sub("", fragment))).strip()


def key_length_ratio(spec: QuestionSpec) -> float:
    """The key's length over the longest distractor's (single choice): above 1, the key is longest."""
    key = max(len(plain_text(c.html)) for c in spec.choices if c.correct)
    longest_distractor = max(
        (len(plain_text(c.html)) for c in spec.choices if not c.correct), default=0
    )
    return key / longest_distractor if longest_distractor else math.inf


def _cue_in_distractors(spec: QuestionSpec) -> list[str]:
    """The distractors' cue words: jokes always, absolute words unless the key uses one too."""
    keys = " ".join(plain_text(_CODE.sub(" ", c.html)) for c in spec.choices if c.correct)
    key_has_absolute = bool(_ABSOLUTE.search(keys))
    cues = []
    for choice in spec.choices:
        if choice.correct:
            continue
        prose = plain_text(_CODE.sub(" ", choice.html))
        joke = _JOKE.search(prose)
        if joke:
            cues.append(f"choice '{choice.id}' reads like a joke ('{joke.group(0)}')")
        elif not key_has_absolute and (word := _ABSOLUTE.search(prose)):
            cues.append(f"choice '{choice.id}' uses the absolute word '{word.group(0)}'")
    return cues


def _content_words(text: str) -> frozenset[str]:
    return frozenset(
        word
        for word in _WORDS.findall(text.casefold())
        if word not in _STOP_WORDS and len(word) > 2
    )


def _key_text(spec: QuestionSpec) -> str:
    match spec.type:
        case QuestionType.SINGLE | QuestionType.MULTIPLE:
            return " ".join(plain_text(c.html) for c in spec.choices if c.correct)
        case QuestionType.TRUE_FALSE:
            # The statement is the stem; what makes it true or false is said in the feedback.
            return plain_text(spec.if_true_html if spec.answer_bool else spec.if_false_html)
        case QuestionType.ORDERING:
            return " ".join(plain_text(item.html) for item in spec.items)
        case QuestionType.SHORT_TEXT:
            return " ".join(spec.accepted)
        case QuestionType.NUMERIC:
            return f"{spec.answer_number:g} {spec.unit}"
    return ""  # pragma: no cover


def _jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def near_duplicate_pairs(
    specs: Sequence[QuestionSpec],
) -> list[tuple[QuestionSpec, QuestionSpec, float]]:
    """Pairs of questions at or past the similarity threshold, with their similarity."""
    words = {
        spec.id: _content_words(
            " ".join(
                (plain_text(spec.prompt_html), _key_text(spec), plain_text(spec.explanation_html))
            )
        )
        for spec in specs
    }
    pairs = []
    for first, second in itertools.combinations(specs, 2):
        similarity = _jaccard(words[first.id], words[second.id])
        if similarity >= DUPLICATE_SIMILARITY:
            pairs.append((first, second, similarity))
    return pairs


def _true_false_finding(lesson: str, specs: list[QuestionSpec], where: str) -> LintFinding | None:
    answers = Counter(spec.answer_bool for spec in specs)
    total = len(specs)
    for kind in (True, False):
        if answers[kind] < total * TRUE_FALSE_MIN_SHARE:
            return LintFinding(
                "true-false-balance",
                lesson,
                tuple(spec.id for spec in specs),
                f"{where}: {answers[True]} true/false keys are True and {answers[False]} False; "
                f"each kind must be at least a third (rewrite a statement so its answer is "
                f"{kind})",
            )
    return None


def lint_questions(specs: Iterable[QuestionSpec]) -> LintReport:
    """Every rule over every bank, with the figures behind them."""
    specs = list(specs)
    report = LintReport()
    lessons = list(dict.fromkeys(spec.lesson for spec in specs))
    for lesson in lessons:
        bank = [spec for spec in specs if spec.lesson == lesson]
        figures = report.by_lesson.setdefault(lesson, BankFigures())
        figures.questions = len(bank)
        true_false = [spec for spec in bank if spec.type is QuestionType.TRUE_FALSE]
        figures.true_false_true = sum(bool(spec.answer_bool) for spec in true_false)
        figures.true_false_false = len(true_false) - figures.true_false_true
        if len(true_false) >= TRUE_FALSE_MIN_PER_BANK and (
            finding := _true_false_finding(lesson, true_false, f"bank '{lesson}'")
        ):
            report.findings.append(finding)

        single = [spec for spec in bank if spec.type is QuestionType.SINGLE]
        figures.single_choice = len(single)
        longest = [spec for spec in single if key_length_ratio(spec) > 1]
        figures.key_longest = len(longest)
        for spec in longest:
            ratio = key_length_ratio(spec)
            if ratio >= LONGEST_KEY_RATIO:
                figures.key_longest_by_ratio += 1
                report.findings.append(
                    LintFinding(
                        "longest-option",
                        lesson,
                        (spec.id,),
                        f"question '{spec.id}': the key is {ratio:.2f} times as long as the "
                        f"longest distractor (under {LONGEST_KEY_RATIO} allowed): trim the key or "
                        f"write distractors as specific as it is",
                    )
                )
        if len(longest) > len(single) * LONGEST_KEY_SHARE:
            report.findings.append(
                LintFinding(
                    "longest-option",
                    lesson,
                    tuple(spec.id for spec in longest),
                    f"bank '{lesson}': in {len(longest)} of {len(single)} single-choice questions "
                    f"the key is the longest option (at most a third allowed): "
                    f"{', '.join(spec.id for spec in longest)}",
                )
            )

        for spec in bank:
            if spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
                cues = _cue_in_distractors(spec)
                figures.cued_distractors += len(cues)
                if cues:
                    report.findings.append(
                        LintFinding(
                            "absolute-or-joke-distractor",
                            lesson,
                            (spec.id,),
                            f"question '{spec.id}': {'; '.join(cues)}: a distractor must be a "
                            f"mistake someone would make",
                        )
                    )
            if spec.type is QuestionType.MULTIPLE:
                correct = len(spec.correct_choice_ids)
                if len(spec.choices) >= 3 and correct >= len(spec.choices) - 1:
                    figures.multiple_all_but_one += 1
                    report.findings.append(
                        LintFinding(
                            "all-but-one-multiple",
                            lesson,
                            (spec.id,),
                            f"question '{spec.id}': {correct} of {len(spec.choices)} options are "
                            f"correct, so ticking all but the odd one out wins: make at least two "
                            f"options wrong",
                        )
                    )

    for first, second, similarity in near_duplicate_pairs(specs):
        for lesson in dict.fromkeys((first.lesson, second.lesson)):
            report.by_lesson[lesson].near_duplicate_pairs += 1
        report.overall.near_duplicate_pairs += 1
        report.findings.append(
            LintFinding(
                "near-duplicate",
                first.lesson,
                (first.id, second.id),
                f"questions '{first.id}' and '{second.id}' ({second.lesson}) test the same "
                f"thing ({similarity:.0%} of their stem, key and explanation words shared): merge "
                f"them or make one test something else",
            )
        )

    all_true_false = [spec for spec in specs if spec.type is QuestionType.TRUE_FALSE]
    if all_true_false and (finding := _true_false_finding("", all_true_false, "the whole course")):
        report.findings.append(finding)
    overall = report.overall
    for figures in report.by_lesson.values():
        for name, value in figures.as_dict().items():
            if name != "near_duplicate_pairs":
                setattr(overall, name, getattr(overall, name) + value)
    return report
