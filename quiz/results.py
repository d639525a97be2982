"""The end of a quiz run: the score, a review of every question, and the sections worth re-reading."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.grading.answers import grade
from quiz.presenting import QuestionCard, question_card
from quiz.selectors import RunProgress
from quiz.services import answer_from_attempt


@dataclass(frozen=True)
class Section:
    url: str
    title: str


@dataclass(frozen=True)
class RunResults:
    score: int
    max_score: int
    review: list[QuestionCard]
    reread: list[Section]
    # Questions retired from the course before they were answered: the run finished without them.
    retired: int = 0

    @property
    def retired_note(self) -> str:
        if not self.retired:
            return ""
        questions = "question was" if self.retired == 1 else "questions were"
        return (
            f"{self.retired} {questions} removed from the course while you were taking this quiz, "
            f"so your run finished without {'it' if self.retired == 1 else 'them'}: "
            f"your score is out of {self.max_score}."
        )

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0

    @property
    def message(self) -> str:
        if self.max_score and self.score == self.max_score:
            return "A perfect score. You know this lesson well."
        if self.percent >= 80:
            return "Strong work. Review the few you missed, then move on."
        if self.percent >= 50:
            return "A good start. The sections below are worth another read."
        return "Worth another pass: re-read the sections below, then retake the quiz."


def run_results(progress: RunProgress) -> RunResults:
    """Grade the run's answers again (pure and cheap) to show each question with its feedback."""
    review: list[QuestionCard] = []
    reread: list[Section] = []
    for position, question in enumerate(progress.questions, start=1):
        attempt = progress.attempts.get(question.question_id)
        if attempt is None:
            continue
        answer = answer_from_attempt(question, attempt)
        card = question_card(
            question,
            run=progress.run,
            answer=answer,
            grade=grade(question.parsed, answer),
            typed=_typed(attempt.answer),
            position=position,
            total=len(progress.questions),
        )
        review.append(card)
        section = Section(card.section_url, card.section_title)
        if not attempt.is_correct and section not in reread:
            reread.append(section)
    score = sum(1 for attempt in progress.attempts.values() if attempt.is_correct)
    answered_or_asked = len(progress.questions) + sum(
        1 for qid in progress.attempts if qid not in {q.question_id for q in progress.questions}
    )
    return RunResults(score, answered_or_asked, review, reread, progress.retired_unanswered)


def _typed(stored: object) -> str:
    if isinstance(stored, float):
        return f"{stored:g}"
    return stored if isinstance(stored, str) else ""
