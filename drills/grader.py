"""One entry point for grading any drill answer, and the result format the site and CLI share.

A result is {"drill", "score", "max_score", "criteria": [{"id", "level" | "status", "points",
"max_points", "evidence", "feedback"}], "red_flags": [...]}: text drills report a level per
criterion, Dockerfile drills a status per check.
"""

from __future__ import annotations

import re

from drills.grading.dockerfile import DockerfileError, grade_dockerfile
from drills.grading.rubric import AnswerTooLong, grade_text
from drills.loading import DrillSpec

# A fenced code block in Markdown: its info string (language) and its body.
FENCE = re.compile(
    r"^```[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL
)


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


def model_submission(drill: DrillSpec) -> tuple[str, str]:
    """The drill's model answer as a candidate would submit it: (answer, .dockerignore).

    A text drill's model answer is submitted whole. A Dockerfile drill's model answer is Markdown
    around the files: its first `dockerfile` block is the Dockerfile and the next block after it,
    if any, the .dockerignore.
    """
    if drill.kind != "dockerfile":
        return drill.model_answer, ""
    blocks = [
        (match["info"].strip().lower(), match["body"])
        for match in FENCE.finditer(drill.model_answer)
    ]
    position = next((n for n, (info, _) in enumerate(blocks) if info == "dockerfile"), None)
    if position is None:
        return "", ""
    following = blocks[position + 1 : position + 2]
    return blocks[position][1], following[0][1] if following else ""
