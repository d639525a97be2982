"""What a lab page shows, ready for its templates: each tool's answer, and the exercise cards.

Every `*_tool` function takes the query or form parameters and returns (context, status): 200 when
the simulator accepts the input (or when nothing was asked yet), 422 when it refuses it, the
context then carrying the simulator's message. No requests or responses here: the views pass a
mapping in and render what comes out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.safestring import SafeString, mark_safe

from labs.lab_exercises import question_text
from labs.simulators import build_cache, docker_limits, networks, resource_limits
from labs.simulators.image_reference import explain
from labs.simulators.quantities import QuantityError, parse_quantity

MAX_INPUT_LENGTH = 500
EXAMPLE_REFERENCES = [
    "nginx",
    "registry/api",
    "localhost:5000/app",
    "app:5000",
    "ghcr.io/acme/api:1.4.2@sha256:5387c48922f6298c01fa656bbf24b77d5a9af240dd97296af8734c3c5fcc717d",
    "[::1]:5000/repo:tag",
    "Docker/docker",
    "docker/Docker",
]


def code_spans(text: str) -> SafeString:
    """Plain text with `backticks` as HTML with <code> (everything else escaped)."""
    escaped = html.escape(text)
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # escaped above


def exercise_cards(exercises, results: dict, current: dict | None = None) -> list[dict]:
    """Each exercise with the learner's stored result; `current` is the card just checked.

    The form shows the answer just sent, else the last one stored, else the exercise's start.
    """
    current = current or {}
    cards = []
    for exercise in exercises:
        result = results.get(exercise.id)
        card = {
            "exercise": exercise,
            "prompt": code_spans(exercise.prompt),
            "choices": [(choice.id, code_spans(choice.text)) for choice in exercise.choices],
            "result": result,
            "answer": None,
        }
        if current.get("exercise") is exercise:
            card.update(current)
            if "verdict" in current:
                card["message"] = code_spans(current["verdict"].message)
        shown = card["answer"]
        if shown is None:
            shown = result.last_answer if result else exercise.initial
        card["text"] = shown
        card["picked"] = set(shown.split(",")) if exercise.multiple else {shown}
        card["rows"] = min(16, max(4, shown.count("\n") + 2))
        cards.append(card)
    return cards


def decimal_text(value: Fraction) -> str:
    """1.5 for 3/2; a few decimals, rounded, when the fraction has no exact decimal form."""
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.6f}".rstrip("0")
    return text if Fraction(text) == value else f"about {text}"


def _too_long(name: str, value: str) -> str | None:
    if len(value) > MAX_INPUT_LENGTH:
        return f"{name} has {len(value):,} characters; the limit is {MAX_INPUT_LENGTH}."
    return None


# --- Image-reference explorer --------------------------------------------------------------------


def image_references_tool(params: Mapping[str, str]) -> tuple[dict, int]:
    reference = params.get("ref")
    context: dict = {"reference": reference or "", "examples": EXAMPLE_REFERENCES}
    if reference is None:
        return context, 200
    problem = _too_long("The reference", reference)
    if problem:
        context["problem"] = problem
        return context, 422
    result = explain(reference)
    context["explanation"] = result
    return context, 200 if result.valid else 422


# --- Resource-limit calculator -------------------------------------------------------------------

QOS_FIELDS = [
    ("requests", "cpu", "CPU request"),
    ("requests", "memory", "memory request"),
    ("limits", "cpu", "CPU limit"),
    ("limits", "memory", "memory limit"),
]
QOS_CONTAINERS = ["app", "sidecar"]


@dataclass
class QosInput:
    container: str
    kind: str
    resource: str
    label: str
    value: str
    error: str | None = None

    @property
    def name(self) -> str:
        return f"{self.container}-{self.kind}-{self.resource}"


@dataclass
class ResourceView:
    docker_flags: str = ""
    docker_error: str | None = None
    docker_limits: docker_limits.DockerLimits | None = None
    docker_files: list = field(default_factory=list)
    docker_traps: list[str] = field(default_factory=list)
    field_name: str = "limits.memory"
    quantity: str = ""
    kubernetes: resource_limits.KubernetesValue | None = None
    kubernetes_files: list = field(default_factory=list)
    kubernetes_traps: list[str] = field(default_factory=list)
    equivalent: bool | None = None
    qos_inputs: list[QosInput] = field(default_factory=list)
    qos: resource_limits.QosVerdict | None = None
    with_sidecar: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def qos_asked(self) -> bool:
        return any(item.value for item in self.qos_inputs)

    @property
    def docker_cpus(self) -> str | None:
        cpus = resource_limits.docker_cpus(self.docker_limits) if self.docker_limits else None
        return None if cpus is None else decimal_text(cpus)


def _docker_part(view: ResourceView) -> None:
    try:
        limits = docker_limits.parse_docker_flags(view.docker_flags)
    except docker_limits.FlagError as error:
        view.docker_error = str(error)
        view.problems.append(f"Docker: {error}")
        return
    problems = docker_limits.daemon_problems(limits)
    if problems:
        view.docker_error = problems[0]
        view.problems.append(f"Docker daemon: {problems[0]}")
    view.docker_limits = limits
    view.docker_files = docker_limits.cgroup_files(limits)
    view.docker_traps = resource_limits.docker_traps(limits)


def _kubernetes_part(view: ResourceView) -> None:
    value = resource_limits.kubernetes_value(view.field_name, view.quantity)
    view.kubernetes = value
    if value.error:
        view.problems.append(f"Kubernetes: {value.error}")
        return
    view.kubernetes_files = resource_limits.kubernetes_cgroup_files(value)
    view.kubernetes_traps = resource_limits.traps(value)


def _qos_part(view: ResourceView, params: Mapping[str, str]) -> None:
    view.with_sidecar = params.get("sidecar") == "1"
    containers = []
    for container in QOS_CONTAINERS:
        amounts: dict = {"requests": {}, "limits": {}}
        for kind, resource, label in QOS_FIELDS:
            item = QosInput(container, kind, resource, label, "")
            item.value = params.get(item.name, "").strip()
            view.qos_inputs.append(item)
            if not item.value:
                continue
            try:
                quantity = parse_quantity(item.value)
            except QuantityError as error:
                item.error = str(error)
                view.problems.append(f"{container} {label}: {error}")
                continue
            amounts[kind][resource] = quantity.exact()
        if container == "sidecar" and not view.with_sidecar:
            continue
        containers.append(
            resource_limits.ContainerResources(container, amounts["requests"], amounts["limits"])
        )
    if not any(item.error for item in view.qos_inputs):
        view.qos = resource_limits.qos_class(containers)


def resource_limits_tool(params: Mapping[str, str]) -> tuple[dict, int]:
    view = ResourceView()
    asked = any(key in params for key in ("docker", "k8s", "field"))
    view.docker_flags = params.get("docker", "")
    view.quantity = params.get("k8s", "")
    field_name = params.get("field", "limits.memory")
    context: dict = {"view": view, "fields": resource_limits.FIELDS, "asked": asked}
    if field_name not in resource_limits.FIELDS:
        view.problems.append("Choose one of the listed Kubernetes fields.")
        return context, 422
    view.field_name = field_name
    for name, value in (("The flags", view.docker_flags), ("The quantity", view.quantity)):
        problem = _too_long(name, value)
        if problem:
            view.problems.append(problem)
            return context, 422
    if view.docker_flags.strip():
        _docker_part(view)
    if view.quantity.strip():
        _kubernetes_part(view)
    if view.docker_limits and view.kubernetes and view.kubernetes.valid and not view.docker_error:
        view.equivalent = resource_limits.equivalent(
            field_name, view.docker_limits, view.kubernetes
        )
    _qos_part(view, params)
    nothing_typed = not view.docker_flags.strip() and not view.quantity.strip()
    if asked and nothing_typed and not view.qos_asked:
        view.problems.append("Type docker run flags, a Kubernetes quantity, or both.")
    return context, 422 if view.problems else 200


# --- Build-cache simulator (a POST form: a Dockerfile does not fit in a URL) ----------------------


@dataclass
class BuildCacheView:
    point: str
    dockerfile: str
    dockerignore: str
    change: str
    report: build_cache.BuildReport | None = None
    change_label: str = ""
    problem: str | None = None

    @property
    def rebuilt(self) -> int:
        return len(self.report.rebuilt_lines) if self.report else 0

    @property
    def steps(self) -> int:
        return len(self.report.steps) if self.report else 0


def build_cache_changes() -> dict[str, build_cache.Change]:
    """The simulator's standard changes, then an edit of each other file of the sample project."""
    changes = dict(build_cache.STANDARD_CHANGES)
    edited = {change.target for change in changes.values() if change.kind == "edit-file"}
    for path in sorted(build_cache.SAMPLE_PROJECT):
        if path not in edited:
            changes[f"edit:{path}"] = build_cache.Change("edit-file", path, None, f"Edit {path}")
    return changes


def build_cache_tool(params: Mapping[str, str]) -> tuple[dict, int]:
    """Load a starting point, or rebuild the Dockerfile after one of the standard changes."""
    point_slug = params.get("point", "copy-everything-first")
    point = build_cache.STARTING_POINTS.get(point_slug)
    context: dict = {
        "points": build_cache.STARTING_POINTS.values(),
        "changes": build_cache_changes(),
        "project": sorted(build_cache.SAMPLE_PROJECT),
        "dockerfile_limit": build_cache.MAX_DOCKERFILE_LENGTH,
        "dockerignore_limit": build_cache.MAX_DOCKERIGNORE_LENGTH,
        "asked": params.get("action") == "rebuild",
    }
    if point is None:
        point = build_cache.STARTING_POINTS["copy-everything-first"]
        context["view"] = BuildCacheView(
            point.slug, point.dockerfile, point.dockerignore, "edit-code"
        )
        context["view"].problem = "Choose one of the listed starting points."
        return context, 422
    loading = params.get("action") != "rebuild" or "dockerfile" not in params
    view = BuildCacheView(
        point.slug,
        point.dockerfile if loading else params.get("dockerfile", ""),
        point.dockerignore if loading else params.get("dockerignore", ""),
        params.get("change", "edit-code"),
    )
    context["view"] = view
    if loading:
        return context, 200
    change = build_cache_changes().get(view.change)
    if change is None:
        view.problem = "Choose one of the listed changes."
        return context, 422
    if len(view.dockerfile) > build_cache.MAX_DOCKERFILE_LENGTH:
        view.problem = (
            f"The Dockerfile is limited to {build_cache.MAX_DOCKERFILE_LENGTH:,} characters."
        )
        return context, 422
    if len(view.dockerignore) > build_cache.MAX_DOCKERIGNORE_LENGTH:
        view.problem = (
            f"The .dockerignore is limited to {build_cache.MAX_DOCKERIGNORE_LENGTH:,} characters."
        )
        return context, 422
    build = build_cache.BuildInput(
        view.dockerfile,
        build_cache.SAMPLE_PROJECT,
        view.dockerignore,
        file_sizes=build_cache.SAMPLE_SIZES,
    )
    try:
        view.report = build_cache.simulate_change(build, change)
    except build_cache.BuildCacheError as error:
        view.problem = str(error)
        return context, 422
    view.change_label = change.describe()
    return context, 200


# --- Network reachability lab (a POST form: the commands can be long) ----------------------------

QUESTION_KINDS = [
    ("name", "Container to container, by name"),
    ("ip", "Container to container, by IP address"),
    ("host", "From the Docker host"),
    ("remote", "From another machine on the LAN"),
]


@dataclass
class NetworkView:
    scenario: str
    commands: str
    kind: str = "name"
    source: str = ""
    target: str = ""
    port: str = ""
    direct_routing: bool = False
    topology: networks.Topology | None = None
    answer: networks.Answer | None = None
    question: str = ""
    problem: str | None = None
    rows: list = field(default_factory=list)


def _network_rows(topology: networks.Topology) -> list[dict]:
    addresses = networks.addresses(topology)
    rows = []
    for container in topology.containers:
        rows.append(
            {
                "name": container.name,
                "networks": ", ".join(container.networks),
                "addresses": ", ".join(
                    f"{address} ({network})"
                    for network, address in addresses[container.name].items()
                ),
                "published": ", ".join(
                    f"{m.host_ip or '0.0.0.0'}:{m.host_port}->{m.container_port}"
                    for m in networks.published(topology, container)
                ),
                "listens": ", ".join(str(port) for port in container.listens),
            }
        )
    return rows


def read_topology(commands: str) -> networks.Topology:
    """The commands as a validated topology; NetworkError for anything the simulator cannot read.

    parse_commands can also fail with an IndexError (a line holding only a continuation
    backslash): that is unreadable input too, not a server error.
    """
    try:
        return networks.validate(networks.parse_commands(commands))
    except IndexError:
        raise networks.NetworkError("These commands could not be read: check each line.") from None


def networks_tool(params: Mapping[str, str]) -> tuple[dict, int]:
    """Load a scenario, or ask one reachability question about the commands."""
    scenario = networks.SCENARIOS.get(params.get("scenario", "default-bridge"))
    context: dict = {
        "scenarios": networks.SCENARIOS.values(),
        "kinds": QUESTION_KINDS,
        "asked": params.get("action") == "ask",
    }
    if scenario is None:
        scenario = networks.SCENARIOS["default-bridge"]
        context["view"] = NetworkView(scenario.slug, scenario.commands)
        context["view"].problem = "Choose one of the listed scenarios."
        return context, 422
    loading = params.get("action") != "ask" or "commands" not in params
    kind, source, target, port = scenario.questions[0]
    view = NetworkView(scenario.slug, scenario.commands, kind, source, target, str(port or ""))
    if not loading:
        view.commands = params.get("commands", "")
        view.kind = params.get("kind", "name")
        view.source = params.get("source", "").strip()
        view.target = params.get("target", "").strip()
        view.port = params.get("port", "").strip()
        view.direct_routing = params.get("direct_routing") == "1"
    context["view"] = view
    try:
        view.topology = read_topology(view.commands)
    except networks.NetworkError as error:
        view.problem = str(error)
        return context, 422
    view.rows = _network_rows(view.topology)
    if loading:
        return context, 200
    if view.kind not in dict(QUESTION_KINDS):
        view.problem = "Choose one of the listed questions."
        return context, 422
    if view.port and not (view.port.isdigit() and 0 < int(view.port) < 65536):
        view.problem = "The port is a number from 1 to 65535."
        return context, 422
    if view.kind in {"name", "ip"} and not view.source:
        view.problem = "Say which container connects (From)."
        return context, 422
    port = int(view.port) if view.port else None
    try:
        view.answer = networks.answer(
            view.topology, view.kind, view.source, view.target, port, view.direct_routing
        )
    except networks.NetworkError as error:
        view.problem = str(error)
        return context, 422
    source = view.source if view.kind in {"name", "ip"} else ""
    view.question = question_text(view.kind, source, view.target, port)
    return context, 200
