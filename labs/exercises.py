"""Exercises: what a learner predicts or builds in a lab, and how the simulator checks it.

Two kinds, both graded by the lab's own model, never by a hard-coded answer:

- **predict**: a question with choices about a scenario; the right choice is computed by running the
  simulator on the scenario, and the reveal shows the simulator's full answer with its rules.
- **task**: the learner types something (a reference, docker run flags, ...) that must make the
  simulator produce a stated outcome; the verdict says what the simulator made of it.

Exercise ids are stable: results are stored under (lab slug, exercise id). Pure Python.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from labs.simulators import docker_limits
from labs.simulators.image_reference import explain
from labs.simulators.quantities import parse_quantity
from labs.simulators.resource_limits import ContainerResources, kubernetes_value, qos_class

MAX_ANSWER_LENGTH = 500
PREDICT = "predict"
TASK = "task"


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


@dataclass(frozen=True)
class Verdict:
    solved: bool
    message: str
    # What the simulator says about the scenario or the answer: (label, value) lines to show.
    reveal: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: str
    title: str
    prompt: str  # plain text; `backticks` mark code
    grade: Callable[[str], Verdict]
    choices: tuple[Choice, ...] = ()
    input_label: str = ""
    placeholder: str = ""
    multiple: bool = False  # predict: tick every choice that applies (the answer joins them by ",")
    multiline: bool = False  # task: a text area, prefilled with `initial`
    initial: str = ""
    max_length: int = MAX_ANSWER_LENGTH
    code: str = ""  # shown with the prompt (a Dockerfile, commands)

    def check(self, answer: str) -> Verdict:
        return self.grade(answer)


class AnswerProblem(ValueError):
    """The answer cannot be graded (no choice, unknown choice, too long): a message for the person."""


def validate_answer(exercise: Exercise, answer: str) -> str:
    """The answer, trimmed, or AnswerProblem saying what is wrong with it."""
    answer = answer.strip()
    if exercise.kind == PREDICT:
        known = {choice.id for choice in exercise.choices}
        picked = [part for part in answer.split(",") if part] if exercise.multiple else [answer]
        if not exercise.multiple and not answer:
            raise AnswerProblem("Choose your prediction first.")
        if any(part not in known for part in picked):
            raise AnswerProblem("That choice is not one of this exercise's. Reload the page.")
    else:
        if not answer:
            raise AnswerProblem(f"Type your answer in “{exercise.input_label}” first.")
        if len(answer) > exercise.max_length:
            raise AnswerProblem(
                f"Your answer has {len(answer):,} characters; the limit is {exercise.max_length:,}."
            )
    return answer


def predict(
    *,
    id: str,
    title: str,
    prompt: str,
    choices: list[tuple[str, str]],
    outcome: Callable[[], tuple[str, list[tuple[str, str]]]],
    lesson: str,
) -> Exercise:
    """A predict-then-reveal exercise. `outcome()` runs the simulator: (right choice id, reveal)."""

    def grade(answer: str) -> Verdict:
        right, reveal = outcome()
        right_text = next(text for choice_id, text in choices if choice_id == right)
        if answer == right:
            return Verdict(True, f"Right: {right_text}. {lesson}", reveal)
        return Verdict(False, f"Not quite: the simulator says {right_text}. {lesson}", reveal)

    return Exercise(id, PREDICT, title, prompt, grade, tuple(Choice(*choice) for choice in choices))


# --- Image-reference explorer --------------------------------------------------------------------

PIN_DIGEST = "sha256:5387c48922f6298c01fa656bbf24b77d5a9af240dd97296af8734c3c5fcc717d"


def _reference_reveal(text: str) -> list[tuple[str, str]]:
    result = explain(text)
    if not result.valid:
        return [("Docker says", result.error or "")]
    return [(part.name, part.value or "none") for part in result.parts] + [
        ("Fully normalised", result.normalized or "")
    ]


def _hub_user_outcome() -> tuple[str, list[tuple[str, str]]]:
    result = explain("registry/api")
    right = "hub" if result.domain == "docker.io" else "internal"
    return right, _reference_reveal("registry/api")


def _port_or_tag_outcome() -> tuple[str, list[tuple[str, str]]]:
    result = explain("app:5000")
    right = "tag" if result.tag == "5000" else "port"
    return right, _reference_reveal("app:5000")


def _pin_by_digest(answer: str) -> Verdict:
    result = explain(answer)
    reveal = _reference_reveal(answer)
    if not result.valid:
        return Verdict(False, f"Docker refuses this reference: {result.error}.", reveal)
    wanted = {
        "registry host": ("registry.example.com:5000", result.domain),
        "repository path": ("acme/api", result.path),
        "tag": ("1.4.2", result.tag),
        "digest": (PIN_DIGEST, result.digest),
    }
    wrong = [
        f"the {name} is {got or 'missing'}" for name, (want, got) in wanted.items() if got != want
    ]
    if wrong:
        return Verdict(False, "Close, but " + "; ".join(wrong) + ".", reveal)
    return Verdict(
        True,
        "Solved: Docker pulls exactly this manifest, and the tag is only a note for humans.",
        reveal,
    )


IMAGE_REFERENCE_EXERCISES = (
    predict(
        id="hub-user-or-host",
        title="Your registry, or someone's namespace?",
        prompt=(
            "Your company's registry answers at the single-label host name `registry`. "
            "Where does `docker pull registry/api` download from?"
        ),
        choices=[
            ("internal", "your host `registry` (registry/api is host + path)"),
            ("hub", "Docker Hub: `registry` is a Hub namespace (docker.io/registry/api)"),
        ],
        outcome=_hub_user_outcome,
        lesson="The first part is a host only with a “.” or “:”, or as “localhost”.",
    ),
    predict(
        id="port-or-tag",
        title="Port or tag?",
        prompt="In `app:5000`, what is `5000`?",
        choices=[
            ("port", "a port: Docker contacts a registry called `app` on port 5000"),
            ("tag", "a tag: the image is docker.io/library/app, tag 5000"),
        ],
        outcome=_port_or_tag_outcome,
        lesson="Without a “/” there is no host at all, so “:5000” can only be a tag.",
    ),
    Exercise(
        id="pin-by-digest",
        kind=TASK,
        title="Pin it, and keep the tag for humans",
        prompt=(
            "Write one reference for the image `api` in the namespace `acme` on the registry "
            "`registry.example.com:5000`, pinned to the digest "
            f"`{PIN_DIGEST}` and still showing the tag `1.4.2`."
        ),
        grade=_pin_by_digest,
        input_label="Your reference",
        placeholder="host:port/namespace/name:tag@sha256:…",
    ),
)


# --- Resource-limit calculator -------------------------------------------------------------------


def _memory_m_outcome() -> tuple[str, list[tuple[str, str]]]:
    docker_bytes = docker_limits.ram_in_bytes("512m")
    kubernetes_bytes = kubernetes_value("limits.memory", "512m").bytes
    right = "different" if docker_bytes != kubernetes_bytes else "same"
    return right, [
        ("docker run -m 512m", f"{docker_bytes:,} bytes (512 MiB)"),
        ("memory: 512m", f"0.512 bytes, used as {kubernetes_bytes} byte"),
    ]


def _qos_outcome() -> tuple[str, list[tuple[str, str]]]:
    pod = [
        ContainerResources(
            "app",
            {},
            {"cpu": parse_quantity("500m").exact(), "memory": parse_quantity("256Mi").exact()},
        ),
        ContainerResources("log-shipper", {}, {}),
    ]
    verdict = qos_class(pod)
    return verdict.qos_class.lower(), [("QoS class", verdict.qos_class), ("Why", verdict.reason)]


def _no_swap_task(answer: str) -> Verdict:
    try:
        limits = docker_limits.parse_docker_flags(answer)
    except docker_limits.FlagError as error:
        return Verdict(False, f"Docker refuses these flags: {error}.")
    problems = docker_limits.daemon_problems(limits)
    files = {file.name: file.value for file in docker_limits.cgroup_files(limits)}
    reveal = list(files.items())
    if problems:
        return Verdict(False, f"The daemon refuses them: {problems[0]}.", reveal)
    wanted = {
        "memory.max": str(512 * 1024 * 1024),
        "memory.swap.max": "0",
    }
    wrong = [
        f"{name} would be {files.get(name, 'unset')}, not {value}"
        for name, value in wanted.items()
        if files.get(name) != value
    ]
    cpus = None
    if "cpu.max" in files and not files["cpu.max"].startswith("max"):
        quota, period = (int(part) for part in files["cpu.max"].split())
        cpus = quota / period
    if cpus != 1.5:
        wrong.append(f"cpu.max would be {files.get('cpu.max', 'unset')}, not 1.5 CPUs' worth")
    if wrong:
        return Verdict(False, "Not yet: " + "; ".join(wrong) + ".", reveal)
    return Verdict(True, "Solved: 512 MiB of memory, no swap, and 1.5 CPUs' worth of time.", reveal)


RESOURCE_LIMIT_EXERCISES = (
    predict(
        id="lowercase-m",
        title="The same 512m?",
        prompt=(
            "You copy `-m 512m` from a `docker run` line into a Pod spec as "
            "`limits: memory: 512m`. Do they allow the same amount of memory?"
        ),
        choices=[
            ("same", "yes, both mean 512 MiB"),
            ("different", "no: Docker means 512 MiB, Kubernetes 0.512 bytes"),
        ],
        outcome=_memory_m_outcome,
        lesson="In Kubernetes quantities “m” is a thousandth; write 512Mi.",
    ),
    predict(
        id="qos-sidecar",
        title="One sidecar without resources",
        prompt=(
            "A Pod's `app` container has limits `cpu: 500m` and `memory: 256Mi` and no "
            "requests; its `log-shipper` sidecar sets nothing. Which QoS class does the Pod get?"
        ),
        choices=[
            ("guaranteed", "Guaranteed"),
            ("burstable", "Burstable"),
            ("besteffort", "BestEffort"),
        ],
        outcome=_qos_outcome,
        lesson="Every container must qualify for Guaranteed.",
    ),
    Exercise(
        id="no-swap",
        kind=TASK,
        title="512 MiB, no swap, one and a half CPUs",
        prompt=(
            "Write the `docker run` flags that give a container 512 MiB of memory with no swap "
            "at all, and a ceiling of one and a half CPUs."
        ),
        grade=_no_swap_task,
        input_label="Your flags",
        placeholder="--memory=… --memory-swap=… --cpus=…",
    ),
)


@functools.cache
def _registry() -> dict[str, tuple[Exercise, ...]]:
    # The build-cache and network exercises wrap their simulators' own checkers (lab_exercises.py).
    from labs.lab_exercises import build_cache_exercises, network_exercises

    return {
        "build-cache": build_cache_exercises(),
        "networks": network_exercises(),
        "image-references": IMAGE_REFERENCE_EXERCISES,
        "resource-limits": RESOURCE_LIMIT_EXERCISES,
    }


def exercises_for(slug: str) -> tuple[Exercise, ...]:
    return _registry().get(slug, ())


def exercise_for(slug: str, exercise_id: str) -> Exercise | None:
    return next((e for e in exercises_for(slug) if e.id == exercise_id), None)
