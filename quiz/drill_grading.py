"""One entry point for grading any drill answer, and the result format the site and CLI share.

A result is {"drill", "score", "max_score", "criteria": [{"id", "level" | "status", "points",
"max_points", "evidence", "feedback"}], "red_flags": [...]}: text drills report a level per
criterion, Dockerfile drills a status per check.
"""

from __future__ import annotations

from quiz.drill_loading import DrillSpec
from quiz.grading.dockerfile import DockerfileError, grade_dockerfile
from quiz.grading.rubric import AnswerTooLong, grade_text


class AnswerRejected(ValueError):
    """The answer cannot be graded as given (too long, or a Dockerfile that does not parse)."""


def grade_answer(drill: DrillSpec, answer: str, dockerignore: str = "") -> dict:
    """Grade one answer. Raises AnswerRejected with a message a learner can act on."""
    if drill.kind == "dockerfile":
        try:
            graded = grade_dockerfile(answer, dockerignore, drill.checks)
        except DockerfileError as error:
            raise AnswerRejected(str(error)) from error
        criteria = [check.to_dict() for check in graded.checks]
        return {
            "drill": drill.slug,
            "score": graded.score,
            "max_score": graded.max_score,
            "criteria": criteria,
            "red_flags": [],
            # About the file as a whole, e.g. BuildKit's warning for an empty continuation line.
            "notes": list(graded.notes),
        }
    try:
        graded = grade_text(answer, drill.rubric)
    except AnswerTooLong as error:
        raise AnswerRejected(str(error)) from error
    return {
        "drill": drill.slug,
        "score": graded.score,
        "max_score": graded.max_score,
        "criteria": [result.to_dict() for result in graded.criteria],
        "red_flags": [flag.to_dict() for flag in graded.red_flags],
    }


def calibration_levels(drill: DrillSpec, result: dict) -> dict[str, int | str]:
    """A result's levels (text) or statuses (Dockerfile) by criterion, as calibration labels them."""
    if drill.kind == "dockerfile":
        return {criterion["id"]: criterion["status"] for criterion in result["criteria"]}
    names = {"missing": 0, "named": 1, "explained": 2}
    return {criterion["id"]: names[criterion["level"]] for criterion in result["criteria"]}
