"""What happens to an anonymous learner's records when they sign up or sign in: the apps' own rules.

The learners app sits below the apps that keep learner records (lessons, quizzes, drills, labs), so it
does not import them. Each of those apps registers its models here from its AppConfig.ready():

- `register_moved(label)`: rows that are distinct events (a quiz answer, a drill submission) and move
  to the account as they are;
- `register_merged(label, merge)`: rows the account may already hold (a lesson read, a lab exercise
  solved), which `merge(source=..., target=...)` combines so nothing counts twice.

tests/learners/test_accounts.py fails while a model pointing at a Learner is neither registered nor in
NOT_CLAIMED, so a new app cannot silently lose anonymous work.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps

from learners.models import Learner

Merge = Callable[..., None]  # merge(*, source: Learner, target: Learner) -> None

_MOVED: list[str] = []
_MERGED: dict[str, Merge] = {}

# Records that point at a learner but never belong to an anonymous one, and why.
NOT_CLAIMED = {
    "classroom.membership": "only signed-in learners join a cohort",
    "classroom.extension": "only a cohort's members, who are signed in, get extensions",
}


def register_moved(label: str) -> None:
    if label not in _MOVED:
        _MOVED.append(label)


def register_merged(label: str, merge: Merge) -> None:
    _MERGED[label] = merge


def claimed_labels() -> set[str]:
    """Every model (app_label.modelname, lower case) whose rows follow a learner to their account."""
    return {label.lower() for label in [*_MOVED, *_MERGED]}


def claim_records(*, source: Learner, target: Learner) -> None:
    """Hand every registered record of `source` to `target` (inside the caller's transaction)."""
    for merge in _MERGED.values():
        merge(source=source, target=target)
    for label in _MOVED:
        apps.get_model(label).objects.filter(learner=source).update(learner=target)
