"""The build-cache and network labs' pages: POST tools, their errors, and their exercises."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from labs.models import LabResult
from labs.simulators import build_cache, networks

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
# Expected outcomes come from the simulators themselves, so these tests check the pages, not the
# simulators' wording (tests/labs/test_build_cache_simulator.py and test_networks_simulator.py do).
CODE_EDIT = build_cache.PREDICTION_EXERCISES["manifests-first-code-edit"]


def summary(change_label: str, report: build_cache.BuildReport) -> str:
    return f"{change_label}: {len(report.rebuilt_lines)} of {len(report.steps)} steps rebuilt"


def rebuild(client: Client, dockerfile: str, change: str = "edit-code", **extra):
    data = {
        "point": "manifests-first",
        "action": "rebuild",
        "dockerfile": dockerfile,
        "dockerignore": build_cache.GOOD_DOCKERIGNORE,
        "change": change,
    }
    return client.post("/labs/build-cache/", data, **extra)


def test_the_build_cache_page_loads_a_starting_point(client: Client):
    page = client.get("/labs/build-cache/", {"point": "multi-stage"}).content.decode()
    assert "RUN --mount=type=cache,target=/root/.npm npm ci" in page


def test_a_rebuild_shows_each_step_with_its_reason(client: Client):
    response = rebuild(client, build_cache.MANIFESTS_FIRST, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert summary("Edit src/server.js", CODE_EDIT.report()) in page
    assert "CACHED" in page


def test_a_rebuild_without_javascript_returns_the_whole_page(client: Client):
    page = rebuild(client, build_cache.MANIFESTS_FIRST).content.decode()
    assert "<html" in page
    assert summary("Edit src/server.js", CODE_EDIT.report()) in page


def test_a_dockerfile_the_simulator_cannot_build_is_422(client: Client):
    response = rebuild(client, "RUN echo no base image\n", headers=HTMX)
    assert response.status_code == 422
    assert 'class="error-text"' in response.content.decode()


def test_an_unknown_change_is_422(client: Client):
    response = rebuild(client, build_cache.MANIFESTS_FIRST, change="rewrite-history", headers=HTMX)
    assert response.status_code == 422
    assert "Choose one of the listed changes." in response.content.decode()


def test_a_get_tool_refuses_a_post(client: Client):
    assert client.post("/labs/image-references/", {"ref": "nginx"}).status_code == 405


def test_predicting_the_rebuilt_lines_solves_the_exercise(client: Client):
    response = client.post(
        "/labs/build-cache/exercises/manifests-first-code-edit/",
        {"answer": ["5", "6"]},
        headers=HTMX,
    )
    expected = build_cache.check_prediction(CODE_EDIT.report(), [5, 6])
    assert expected.correct
    assert expected.feedback in response.content.decode()
    assert LabResult.objects.get(exercise_id="manifests-first-code-edit").is_solved


def test_a_wrong_line_prediction_names_the_missed_steps(client: Client):
    response = client.post(
        "/labs/build-cache/exercises/manifests-first-code-edit/", {"answer": ["6"]}, headers=HTMX
    )
    expected = build_cache.check_prediction(CODE_EDIT.report(), [6])
    assert not expected.correct
    assert escape(expected.feedback) in response.content.decode()


def test_a_tampered_line_is_422(client: Client):
    response = client.post(
        "/labs/build-cache/exercises/manifests-first-code-edit/", {"answer": ["99"]}, headers=HTMX
    )
    assert response.status_code == 422


def test_the_reorder_task_is_solved_by_the_manifests_first_order(client: Client):
    response = client.post(
        "/labs/build-cache/exercises/reorder-for-cache/", {"answer": build_cache.MANIFESTS_FIRST}
    )
    assert "Solved: editing src/server.js now rebuilds only the last two steps" in (
        response.content.decode()
    )


def test_the_networks_page_shows_the_scenarios_containers(client: Client):
    page = client.get("/labs/networks/", {"scenario": "two-networks"}).content.decode()
    topology = networks.parse_commands(networks.SCENARIOS["two-networks"].commands)
    address = networks.addresses(topology)["db"]["back"]
    assert f"{address} (back)" in page


def test_asking_gives_the_answer_and_its_rule(client: Client):
    data = {
        "scenario": "default-bridge",
        "action": "ask",
        "commands": networks.SCENARIOS["default-bridge"].commands,
        "kind": "name",
        "source": "web",
        "target": "db",
        "port": "5432",
    }
    page = client.post("/labs/networks/", data, headers=HTMX).content.decode()
    assert "Can web reach db by its name on port 5432?" in page
    topology = networks.parse_commands(data["commands"])
    assert networks.answer(topology, "name", "web", "db", 5432).rule_title in page


def test_commands_the_simulator_refuses_are_422(client: Client):
    data = {"scenario": "default-bridge", "action": "ask", "commands": "docker run --network"}
    response = client.post("/labs/networks/", data, headers=HTMX)
    assert response.status_code == 422


def test_a_bad_port_is_422(client: Client):
    data = {
        "scenario": "default-bridge",
        "action": "ask",
        "commands": networks.SCENARIOS["default-bridge"].commands,
        "kind": "host",
        "target": "web",
        "port": "http",
    }
    response = client.post("/labs/networks/", data, headers=HTMX)
    assert response.status_code == 422
    assert "The port is a number from 1 to 65535." in response.content.decode()


def test_the_isolation_task_is_solved_by_a_private_network(client: Client):
    response = client.post(
        "/labs/networks/exercises/isolate-the-database/",
        {"answer": networks.ISOLATE_DATABASE_SOLUTION},
        headers=HTMX,
    )
    assert "Solved: web reaches db by name" in response.content.decode()


def test_the_starting_commands_do_not_solve_the_isolation_task(client: Client):
    response = client.post(
        "/labs/networks/exercises/isolate-the-database/",
        {"answer": networks.ISOLATE_DATABASE.starting_commands},
        headers=HTMX,
    )
    assert "Not yet:" in response.content.decode()


def test_a_reachability_prediction_is_checked_by_the_simulator(client: Client):
    response = client.post(
        "/labs/networks/exercises/default-bridge-1/", {"answer": "no"}, headers=HTMX
    )
    assert "Right: No, it cannot." in response.content.decode()


def test_simulation_runs_are_rate_limited(client: Client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lab-run": {"requests": 1, "seconds": 60}}
    client.get("/labs/build-cache/")  # no session yet: the first runs count by address
    client.post("/labs/image-references/exercises/port-or-tag/", {"answer": "tag"})  # a learner
    rebuild(client, build_cache.MANIFESTS_FIRST)
    response = rebuild(client, build_cache.MANIFESTS_FIRST, headers=HTMX)
    assert response.status_code == 429
    assert "faster than we can keep up" in response.content.decode()


def test_any_file_of_the_project_can_be_changed(client: Client):
    page = rebuild(client, build_cache.MANIFESTS_FIRST, change="edit:.env", headers=HTMX)
    # .env is in the .dockerignore: editing it changes nothing the build sees.
    build = build_cache.STARTING_POINTS["manifests-first"].build()
    report = build_cache.simulate_change(build, build_cache.Change("edit-file", ".env"))
    assert not report.rebuilt_lines
    assert summary("Edit .env", report) in page.content.decode()


def test_an_overlong_dockerfile_is_422_with_the_limit(client: Client):
    too_long = "FROM node:22-slim\n" + "RUN true\n" * build_cache.MAX_DOCKERFILE_LENGTH
    response = rebuild(client, too_long, headers=HTMX)
    assert response.status_code == 422
    assert (
        f"limited to {build_cache.MAX_DOCKERFILE_LENGTH:,} characters" in response.content.decode()
    )


def test_a_line_with_only_a_backslash_is_422_not_a_server_error(client: Client):
    data = {"scenario": "default-bridge", "action": "ask", "commands": "\\", "kind": "name"}
    response = client.post("/labs/networks/", data, headers=HTMX)
    assert response.status_code == 422


def test_commands_the_simulator_cannot_read_do_not_solve_the_isolation_task(client: Client):
    response = client.post(
        "/labs/networks/exercises/isolate-the-database/",
        {
            "answer": "docker run -d --name web -p 8080:80 nginx\ndocker run -d --name x -p 8080:80 nginx"
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "The simulator cannot read these commands" in response.content.decode()
