"""Lab pages: the index, each lab with and without htmx, bad input, and exercises that count."""

from __future__ import annotations

import pytest
from django.test import Client

from labs.models import LabResult

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_the_index_lists_the_labs(client: Client):
    page = client.get("/labs/").content.decode()
    assert "Image-reference explorer" in page
    assert "Resource-limit calculator" in page


def test_an_unknown_lab_is_404(client: Client):
    assert client.get("/labs/no-such-lab/").status_code == 404


def test_the_explorer_explains_a_reference_on_a_full_page(client: Client):
    response = client.get("/labs/image-references/", {"ref": "registry/api"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<code>docker.io/registry/api:latest</code>" in page
    assert "https://registry-1.docker.io/v2/registry/api/manifests/latest" in page


def test_the_explorer_answers_htmx_with_the_result_alone(client: Client):
    response = client.get("/labs/image-references/", {"ref": "nginx"}, headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="lab-result"')
    assert "<html" not in page


def test_a_url_answering_both_ways_varies_on_hx_request(client: Client):
    response = client.get("/labs/image-references/", {"ref": "nginx"})
    assert "HX-Request" in response["Vary"]


def test_a_reference_docker_refuses_is_422_with_dockers_message(client: Client):
    response = client.get("/labs/image-references/", {"ref": "docker/Docker"}, headers=HTMX)
    assert response.status_code == 422
    assert "repository name (docker/Docker) must be lowercase" in response.content.decode()


def test_an_overlong_reference_is_422_with_the_limit(client: Client):
    response = client.get("/labs/image-references/", {"ref": "a" * 501}, headers=HTMX)
    assert response.status_code == 422
    assert "the limit is 500" in response.content.decode()


def test_the_calculator_shows_the_cgroup_files(client: Client):
    query = {"docker": "--memory=512m --memory-swap=512m --cpus=1.5", "field": "limits.cpu"}
    page = client.get("/labs/resource-limits/", query).content.decode()
    assert "<code>150000 100000</code>" in page
    assert "<code>536870912</code>" in page


def test_the_calculator_warns_about_a_lowercase_m_on_memory(client: Client):
    query = {"field": "limits.memory", "k8s": "512m"}
    page = client.get("/labs/resource-limits/", query, headers=HTMX).content.decode()
    assert "a thousandth" in page


def test_the_calculator_refuses_an_invalid_quantity_with_422(client: Client):
    query = {"field": "limits.memory", "k8s": "12Mib"}
    response = client.get("/labs/resource-limits/", query, headers=HTMX)
    assert response.status_code == 422
    assert "quantities must match the regular expression" in response.content.decode()


def test_the_calculator_refuses_an_unknown_field(client: Client):
    response = client.get("/labs/resource-limits/", {"field": "limits.disk", "k8s": "1"})
    assert response.status_code == 422


def test_the_calculator_gives_the_pods_qos_class(client: Client):
    query = {"app-limits-cpu": "1", "app-limits-memory": "1Gi", "field": "limits.cpu"}
    page = client.get("/labs/resource-limits/", query, headers=HTMX).content.decode()
    assert "Pod QoS class: Guaranteed" in page


def test_a_sidecar_without_resources_makes_the_pod_burstable(client: Client):
    query = {
        "app-limits-cpu": "1",
        "app-limits-memory": "1Gi",
        "sidecar": "1",
        "field": "limits.cpu",
    }
    page = client.get("/labs/resource-limits/", query, headers=HTMX).content.decode()
    assert "Pod QoS class: Burstable" in page


def test_a_right_prediction_is_solved_and_stored(client: Client):
    response = client.post(
        "/labs/image-references/exercises/port-or-tag/", {"answer": "tag"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "✓</span> Solved" in response.content.decode()
    assert LabResult.objects.get(exercise_id="port-or-tag").is_solved


def test_a_wrong_prediction_reveals_the_simulators_answer(client: Client):
    response = client.post(
        "/labs/image-references/exercises/hub-user-or-host/", {"answer": "internal"}, headers=HTMX
    )
    page = response.content.decode()
    assert "Not solved yet" in page
    assert "docker.io/registry/api:latest" in page
    assert not LabResult.objects.get(exercise_id="hub-user-or-host").is_solved


def test_a_later_wrong_answer_keeps_the_solve(client: Client):
    url = "/labs/image-references/exercises/port-or-tag/"
    client.post(url, {"answer": "tag"})
    client.post(url, {"answer": "port"})
    result = LabResult.objects.get(exercise_id="port-or-tag")
    assert result.is_solved
    assert result.last_answer == "port"


def test_a_task_is_checked_by_the_simulator(client: Client):
    response = client.post(
        "/labs/resource-limits/exercises/no-swap/",
        {"answer": "docker run -m 512m --memory-swap 512m --cpus 1.5 api"},
    )
    assert response.status_code == 200
    assert "Solved: 512 MiB of memory" in response.content.decode()


def test_a_task_that_misses_says_what_the_simulator_got(client: Client):
    response = client.post(
        "/labs/resource-limits/exercises/no-swap/", {"answer": "--memory=512m --cpus=1.5"}
    )
    assert f"memory.swap.max would be {512 * 1024 * 1024}, not 0" in response.content.decode()


def test_no_prediction_is_422_and_nothing_is_stored(client: Client):
    response = client.post("/labs/image-references/exercises/port-or-tag/", {}, headers=HTMX)
    assert response.status_code == 422
    assert "Choose your prediction first." in response.content.decode()
    assert not LabResult.objects.exists()


def test_a_tampered_choice_is_422(client: Client):
    response = client.post(
        "/labs/image-references/exercises/port-or-tag/", {"answer": "maybe"}, headers=HTMX
    )
    assert response.status_code == 422


def test_an_overlong_task_answer_is_422(client: Client):
    response = client.post("/labs/image-references/exercises/pin-by-digest/", {"answer": "a" * 501})
    assert response.status_code == 422
    assert "the limit is 500" in response.content.decode()


def test_an_unknown_exercise_is_404(client: Client):
    response = client.post("/labs/image-references/exercises/nope/", {"answer": "x"})
    assert response.status_code == 404


def test_the_lab_page_shows_a_solved_exercise(client: Client):
    client.post("/labs/image-references/exercises/port-or-tag/", {"answer": "tag"})
    page = client.get("/labs/image-references/").content.decode()
    assert "✓ Solved" in page


def test_the_index_counts_solved_exercises(client: Client):
    client.post("/labs/image-references/exercises/port-or-tag/", {"answer": "tag"})
    assert "1 of 3 exercises solved" in client.get("/labs/").content.decode()


def test_checking_exercises_is_rate_limited(client: Client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lab-exercise": {"requests": 1, "seconds": 60}}
    url = "/labs/image-references/exercises/port-or-tag/"
    client.post(url, {"answer": "tag"})  # counted by address: the visitor has no session yet
    client.post(url, {"answer": "tag"})  # the learner's first in this window
    response = client.post(url, {"answer": "tag"}, headers=HTMX)
    assert response.status_code == 429
    assert "Retry-After" in response


def test_the_course_home_lists_the_labs(client: Client, course):
    page = client.get("/").content.decode()
    assert "Hands-on labs" in page
    assert 'href="/labs/image-references/"' in page


def test_my_progress_shows_lab_exercises_solved(client: Client, django_user_model):
    user = django_user_model.objects.create_user("lab-learner", password="a-long-test-password-42")
    client.force_login(user)
    client.post("/labs/image-references/exercises/port-or-tag/", {"answer": "tag"})
    page = client.get("/me/").content.decode()
    assert "Image-reference explorer" in page
    assert "1 of 3" in page


def test_signing_up_keeps_anonymous_lab_results(client: Client, course):
    client.post("/labs/image-references/exercises/port-or-tag/", {"answer": "tag"})
    client.post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "password1": "a-long-test-password-42",
            "password2": "a-long-test-password-42",
        },
    )
    result = LabResult.objects.get(exercise_id="port-or-tag")
    assert result.learner.user.username == "newcomer"
    assert result.is_solved


def test_merging_keeps_the_earliest_solve(django_user_model):
    from labs.exercises import exercise_for
    from labs.services import lab_result_record
    from learners.models import Learner
    from learners.services import learner_claim_anonymous

    exercise = exercise_for("image-references", "port-or-tag")
    user = django_user_model.objects.create_user("merger")
    account = Learner.objects.create(user=user)
    anonymous = Learner.objects.create()
    solved = exercise.check("tag")
    lab_result_record(
        learner=anonymous,
        lab_slug="image-references",
        exercise=exercise,
        answer="tag",
        verdict=solved,
    )
    first = LabResult.objects.get(learner=anonymous).solved_at
    lab_result_record(
        learner=account,
        lab_slug="image-references",
        exercise=exercise,
        answer="port",
        verdict=exercise.check("port"),
    )
    learner_claim_anonymous(anonymous_learner_id=anonymous.pk, user=user)
    [merged] = LabResult.objects.all()
    assert merged.learner == account
    assert merged.solved_at == first
