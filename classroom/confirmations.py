"""The question asked before an instructor's destructive action is carried out.

"Remove" and "Make a new code" cannot be undone in one click: the first post shows what will happen
and asks again; only a post with confirm=1 acts. This works without JavaScript (a page, not a
dialog), and a stale or tampered form gets the same clear message the action itself would give.
"""

from __future__ import annotations

from dataclasses import dataclass

from classroom.models import Assignment, Cohort, Membership
from classroom.selectors import learner_name
from classroom.services import ClassroomError
from config.inputs import parse_id

DESTRUCTIVE_ACTIONS = {"regenerate-code", "remove-member", "delete-assignment"}


@dataclass(frozen=True)
class Confirmation:
    question: str
    consequence: str
    button: str
    action: str
    fields: dict[str, str]  # the hidden fields to post again, with confirm=1


def confirmation_for(*, cohort: Cohort, action: str, data) -> Confirmation:
    """What to ask before `action` on `cohort` with the posted `data`; ClassroomError if it cannot be done."""
    if action == "regenerate-code":
        return Confirmation(
            f"Make a new join code for {cohort.name}?",
            f"The current code {cohort.join_code} and its link stop working at once. Current "
            "members stay; anyone who has not joined yet needs the new code.",
            "Make a new code",
            action,
            {},
        )
    if action == "remove-member":
        learner_id = parse_id(data.get("learner"))
        membership = (
            Membership.objects.select_related("learner__user")
            .filter(cohort=cohort, learner_id=learner_id)
            .first()
            if learner_id is not None
            else None
        )
        if membership is None:
            raise ClassroomError("That learner is not a member of this cohort.")
        name = learner_name(membership.learner)
        return Confirmation(
            f"Remove {name} from {cohort.name}?",
            "They stop seeing its assignments and you stop seeing their progress. Their own work "
            "(lessons read, quiz answers, drill answers) is kept, and they can join again with "
            "the code.",
            f"Remove {name}",
            action,
            {"learner": str(learner_id)},
        )
    if action == "delete-assignment":
        assignment_id = parse_id(data.get("assignment"))
        assignment = (
            Assignment.objects.select_related("lesson", "drill")
            .filter(cohort=cohort, pk=assignment_id)
            .first()
            if assignment_id is not None
            else None
        )
        if assignment is None:
            raise ClassroomError("That assignment does not exist.")
        return Confirmation(
            f"Remove the assignment “{assignment.short_title}”?",
            "Learners no longer see it and it leaves the progress matrix and the grades export. "
            "Their work on the lesson, quiz or drill itself is kept.",
            "Remove the assignment",
            action,
            {"assignment": str(assignment_id)},
        )
    raise ClassroomError(
        "Unknown action."
    )  # not reached: the view asks only about DESTRUCTIVE_ACTIONS
