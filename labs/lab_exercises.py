"""Exercises of the build-cache and network labs, on top of those simulators' own checkers.

- Build cache: "which steps rebuild if ...?" for each of the simulator's prediction scenarios (tick
  the Dockerfile lines you expect to run again; `check_prediction` compares), and "reorder this
  Dockerfile so a code change rebuilds only the last two steps" (`check_reorder`).
- Networks: "can A reach B?" predictions on the simulator's scenarios (`answer` decides), and
  "make web reach the database by name while nothing else reaches it" (`check_isolation_commands`).
"""

from __future__ import annotations

from labs.exercises import PREDICT, TASK, Choice, Exercise, Verdict
from labs.simulators import build_cache, networks

MAX_DOCKERFILE_ANSWER = build_cache.MAX_DOCKERFILE_LENGTH


def _dockerfile_lines(dockerfile: str) -> tuple[Choice, ...]:
    return tuple(
        Choice(str(number), f"{number}: {text}")
        for number, text in enumerate(dockerfile.splitlines(), start=1)
        if text.strip() and not text.lstrip().startswith("#")
    )


def _step_reveal(report: build_cache.BuildReport) -> list[tuple[str, str]]:
    return [
        (f"Line {outcome.line}", f"{outcome.status.upper()}: {outcome.reason}")
        for outcome in report.outcomes
        if outcome.status in {build_cache.CACHED, build_cache.REBUILT}
    ]


def _prediction(scenario: build_cache.PredictionExercise) -> Exercise:
    def grade(answer: str) -> Verdict:
        report = scenario.report()
        predicted = [int(part) for part in answer.split(",") if part]
        checked = build_cache.check_prediction(report, predicted)
        return Verdict(checked.correct, checked.feedback, _step_reveal(report))

    point = build_cache.STARTING_POINTS[scenario.starting_point]
    return Exercise(
        id=scenario.slug,
        kind=PREDICT,
        title=f"{point.title}: {scenario.change.describe()}",
        prompt=scenario.question + " Tick every line you expect to run again (none: tick nothing).",
        grade=grade,
        choices=_dockerfile_lines(point.dockerfile),
        multiple=True,  # the choices are the Dockerfile's lines, so no separate listing
    )


def _reorder() -> Exercise:
    task = build_cache.REORDER_EXERCISE

    def grade(answer: str) -> Verdict:
        checked = build_cache.check_reorder(answer, task)
        reveal = _step_reveal(checked.report) if checked.report else []
        if checked.solved:
            return Verdict(
                True,
                "Solved: editing src/server.js now rebuilds only the last two steps, and a "
                "lockfile change still reinstalls the dependencies.",
                reveal,
            )
        return Verdict(False, " ".join(checked.problems), reveal)

    return Exercise(
        id=task.slug,
        kind=TASK,
        title=task.title,
        prompt=task.task,
        grade=grade,
        input_label="Your Dockerfile",
        multiline=True,
        initial=task.dockerfile,
        max_length=MAX_DOCKERFILE_ANSWER,
    )


def build_cache_exercises() -> tuple[Exercise, ...]:
    return (
        *(_prediction(scenario) for scenario in build_cache.PREDICTION_EXERCISES.values()),
        _reorder(),
    )


# --- Networks ------------------------------------------------------------------------------------

QUESTION_WORDS = {
    "name": "reach {target} by its name{port}",
    "ip": "reach {target} by its IP address{port}",
    "host": "connect to {target}{port} from the Docker host",
    "remote": "connect to {target}{port} from another machine on the LAN",
}


def question_text(kind: str, source: str, target: str, port: int | None) -> str:
    port_text = f" on port {port}" if port else ""
    action = QUESTION_WORDS[kind].format(target=target, port=port_text)
    return f"Can {source} {action}?" if source else f"Can you {action}?"


def _reachability(scenario: networks.Scenario, index: int) -> Exercise:
    kind, source, target, port = scenario.questions[index]

    def grade(answer: str) -> Verdict:
        topology = networks.parse_commands(scenario.commands)
        result = networks.answer(topology, kind, source, target, port)
        right = "yes" if result.reachable else "no"
        reveal = [("Rule", result.rule_title), ("Why", result.explanation)]
        reveal += [("Connect to", result.address)] if result.address else []
        reveal += [("Note", note) for note in result.notes]
        verdict = "Yes, it can." if result.reachable else "No, it cannot."
        if answer == right:
            return Verdict(True, f"Right: {verdict}", reveal)
        return Verdict(False, f"Not quite: {verdict}", reveal)

    return Exercise(
        id=f"{scenario.slug}-{index + 1}",
        kind=PREDICT,
        title=scenario.title,
        prompt=question_text(kind, source, target, port),
        grade=grade,
        choices=(Choice("yes", "Yes"), Choice("no", "No")),
        code=scenario.commands,
    )


def _isolation() -> Exercise:
    task = networks.ISOLATE_DATABASE

    def grade(answer: str) -> Verdict:
        try:
            networks.validate(networks.parse_commands(answer))
        except (networks.NetworkError, IndexError) as error:
            # IndexError: parse_commands on a line holding only a continuation backslash.
            message = str(error) if isinstance(error, networks.NetworkError) else "unreadable"
            return Verdict(False, f"The simulator cannot read these commands: {message}.")
        result = networks.check_isolation_commands(answer, task)
        reveal = [
            (("✓ " if check.passed else "✗ ") + check.title, check.detail)
            for check in result.checks
        ]
        if result.solved:
            return Verdict(
                True, "Solved: web reaches db by name, and nothing else reaches db.", reveal
            )
        return Verdict(False, "Not yet: " + "; ".join(result.problems), reveal)

    return Exercise(
        id=task.slug,
        kind=TASK,
        title=task.title,
        prompt=task.task,
        grade=grade,
        input_label="Your commands",
        multiline=True,
        initial=task.starting_commands,
        max_length=networks.MAX_COMMANDS_LENGTH,
    )


# A prediction per scenario, on its first question: the embedded DNS, a loopback-only port,
# networks that do not meet, and a shared network stack.
NETWORK_PREDICTIONS = (
    ("default-bridge", 0),
    ("user-defined", 2),
    ("two-networks", 2),
    ("special-modes", 1),
)


def network_exercises() -> tuple[Exercise, ...]:
    return (
        *(_reachability(networks.SCENARIOS[slug], index) for slug, index in NETWORK_PREDICTIONS),
        _isolation(),
    )
