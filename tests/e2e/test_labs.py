"""The four labs in a browser: try the tool, predict and reveal, solve a task; axe on every state.

Also: the same with JavaScript off, and each lab page on a phone without sideways scrolling.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from labs.models import LabResult
from labs.simulators import build_cache, networks
from tests.e2e.conftest import axe_violations, screenshot

PHONE = {"width": 390, "height": 844}


def assert_accessible(page) -> None:
    assert axe_violations(page) == []


def exercise(page, exercise_id: str):
    return page.locator(f"#exercise-{exercise_id}")


def reveal(page, exercise_id: str, choice_text: str):
    card = exercise(page, exercise_id)
    card.get_by_label(choice_text).check()
    card.get_by_role("button", name="Reveal: was I right?").click()
    verdict = exercise(page, exercise_id).locator(".lab-exercise__verdict")
    expect(verdict).to_be_focused()
    return verdict


def submit_task(page, exercise_id: str, label: str, text: str):
    card = exercise(page, exercise_id)
    card.get_by_label(label).fill(text)
    card.get_by_role("button", name="Check with the simulator").click()
    verdict = exercise(page, exercise_id).locator(".lab-exercise__verdict")
    expect(verdict).to_be_focused()
    return verdict


def test_the_image_reference_explorer(watched, site):
    page = watched
    page.goto(site + "/labs/image-references/")
    assert_accessible(page)
    page.get_by_label("Image reference").fill("registry/api")
    page.get_by_role("button", name="Explain it").click()
    expect(page.locator("#lab-result")).to_contain_text("docker.io/registry/api:latest")
    expect(page).to_have_url(site + "/labs/image-references/?ref=registry%2Fapi")
    assert_accessible(page)
    page.get_by_label("Image reference").fill("docker/Docker")
    page.get_by_role("button", name="Explain it").click()
    expect(page.locator("#lab-result")).to_contain_text("must be lowercase")

    verdict = reveal(page, "hub-user-or-host", "Docker Hub")
    expect(verdict).to_contain_text("Solved")
    expect(verdict).to_contain_text("docker.io/registry/api:latest")
    reference = f"registry.example.com:5000/acme/api:1.4.2@{'sha256:5387c48922f6298c01fa656bbf24b77d5a9af240dd97296af8734c3c5fcc717d'}"
    verdict = submit_task(page, "pin-by-digest", "Your reference", reference)
    expect(verdict).to_contain_text("Solved")
    assert_accessible(page)
    screenshot(page, "lab-image-references")
    assert LabResult.objects.filter(solved_at__isnull=False).count() == 2


def test_the_resource_limit_calculator(watched, site):
    page = watched
    page.goto(site + "/labs/resource-limits/")
    assert_accessible(page)
    page.get_by_label("docker run flags").fill("--memory=512m --cpus=1.5")
    page.get_by_label("Field").select_option("limits.memory")
    page.get_by_label("Quantity").fill("512m")
    page.get_by_role("button", name="Calculate").click()
    result = page.locator("#lab-result")
    expect(result).to_contain_text("150000 100000")
    expect(result).to_contain_text("a thousandth")
    assert_accessible(page)

    verdict = reveal(page, "lowercase-m", "no: Docker means 512 MiB")
    expect(verdict).to_contain_text("Solved")
    verdict = submit_task(
        page, "no-swap", "Your flags", "--memory=512m --memory-swap=512m --cpus=1.5"
    )
    expect(verdict).to_contain_text("Solved")
    assert_accessible(page)
    screenshot(page, "lab-resource-limits")


def test_the_build_cache_simulator(watched, site):
    page = watched
    page.goto(site + "/labs/build-cache/?point=manifests-first")
    assert_accessible(page)
    page.get_by_label("After the first build").select_option("edit-code")
    page.get_by_role("button", name="Rebuild").click()
    report = build_cache.PREDICTION_EXERCISES["manifests-first-code-edit"].report()
    rebuilt = f"{len(report.rebuilt_lines)} of {len(report.steps)} steps rebuilt"
    expect(page.locator("#lab-result")).to_contain_text(rebuilt)
    assert_accessible(page)

    card = exercise(page, "manifests-first-code-edit")
    card.get_by_label("5: COPY . .").check()
    card.get_by_label("6: RUN npm run build").check()
    card.get_by_role("button", name="Reveal: was I right?").click()
    verdict = exercise(page, "manifests-first-code-edit").locator(".lab-exercise__verdict")
    expect(verdict).to_contain_text(build_cache.check_prediction(report, [5, 6]).feedback)
    verdict = submit_task(page, "reorder-for-cache", "Your Dockerfile", build_cache.MANIFESTS_FIRST)
    expect(verdict).to_contain_text("Solved")
    assert_accessible(page)
    screenshot(page, "lab-build-cache")


def test_the_network_reachability_lab(watched, site):
    page = watched
    page.goto(site + "/labs/networks/")
    assert_accessible(page)
    page.get_by_role("button", name="Ask the simulator").click()
    topology = networks.parse_commands(networks.SCENARIOS["default-bridge"].commands)
    rule = networks.answer(topology, "name", "web", "db", 5432).rule_title
    expect(page.locator("#lab-result")).to_contain_text(rule)
    assert_accessible(page)

    verdict = reveal(page, "default-bridge-1", "No")
    expect(verdict).to_contain_text("Solved")
    verdict = submit_task(
        page, "isolate-the-database", "Your commands", networks.ISOLATE_DATABASE_SOLUTION
    )
    expect(verdict).to_contain_text("Solved")
    assert_accessible(page)
    screenshot(page, "lab-networks")


def test_a_lab_works_without_javascript(no_js_page, site):
    page = no_js_page
    page.goto(site + "/labs/image-references/")
    page.get_by_label("Image reference").fill("app:5000")
    page.get_by_role("button", name="Explain it").click()
    expect(page.locator("#lab-result")).to_contain_text("docker.io/library/app:5000")
    exercise(page, "port-or-tag").get_by_label("a tag").check()
    exercise(page, "port-or-tag").get_by_role("button", name="Reveal: was I right?").click()
    expect(exercise(page, "port-or-tag")).to_contain_text("Solved")


def test_the_index_and_a_lesson_link_to_the_labs(watched, site):
    page = watched
    page.goto(site + "/labs/")
    assert_accessible(page)
    page.goto(site + "/")
    assert_accessible(page)  # the course home lists the labs
    page.goto(site + "/lessons/registries/")
    assert_accessible(page)  # the lab's entry card in the lesson
    page.locator(".lab-embed").get_by_role("link", name="Open the lab").click()
    expect(page.locator("h1")).to_have_text("Image-reference explorer")


@pytest.mark.parametrize(
    "path",
    [
        "/labs/",
        "/labs/build-cache/",
        "/labs/networks/",
        "/labs/resource-limits/",
        "/labs/image-references/?ref=nginx",
    ],
)
def test_lab_pages_fit_a_phone(browser, site, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


def test_a_posted_simulation_works_without_javascript(no_js_page, site):
    page = no_js_page
    page.goto(site + "/labs/build-cache/?point=manifests-first")
    page.get_by_label("After the first build").select_option("edit-lockfile")
    page.get_by_role("button", name="Rebuild").click()
    label = build_cache.STANDARD_CHANGES["edit-lockfile"].describe()
    expect(page.locator("#lab-result")).to_contain_text(label)


def test_lab_results_in_dark_mode(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site + "/labs/resource-limits/?docker=-m+512m&field=limits.memory&k8s=512M")
    assert_accessible(page)
    page.goto(site + "/labs/build-cache/?point=manifests-first")
    page.get_by_role("button", name="Rebuild").click()
    expect(page.locator("#lab-result")).to_contain_text("steps rebuilt")
    assert_accessible(page)
    context.close()
