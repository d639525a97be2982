"""An interview candidate in a real browser: drill grading in place, evidence, model answer, retry."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

ANSWER = (
    "I'd use node:26-slim as the base because a slim image has far fewer packages, so a smaller attack "
    "surface. The process runs as a non-root user, which limits the damage if the app is compromised."
)
BETTER = (
    " I'd also use a multi-stage build so dev dependencies stay behind and the final image only carries "
    "the runtime files."
)
DOCKERFILE = """FROM node:26-trixie-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src
USER node
CMD ["node", "src/server.js"]
"""


def test_candidate_grades_an_answer_reads_the_evidence_and_tries_again(watched, site):
    page = watched
    page.goto(site + "/drills/")
    page.get_by_role("link", name="Containerize a Node.js service").click()
    page.evaluate("window.__samePage = true")
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Grade my answer").click()
    result = page.locator("#drill-result")
    expect(result.locator("#result-title")).to_have_text("Your score: 4 of 10")
    expect(result.locator("#result-title")).to_be_focused()
    expect(result.locator("mark.evidence").first).to_be_visible()
    expect(
        result.locator(".criterion").filter(has_text="Runs as an unprivileged user")
    ).to_contain_text("Explained · 2/2")
    result.get_by_text("Compare with a model answer").click()
    expect(result.locator(".model-answer")).to_contain_text("Multi-stage build")
    screenshot(page, "drill-result")
    # Try again: the answer is still in the box, ready to edit.
    expect(page.get_by_label("Your answer")).to_have_value(ANSWER)
    page.get_by_label("Your answer").fill(ANSWER + BETTER)
    page.get_by_role("button", name="Grade my answer").click()
    expect(result.locator("#result-title")).to_have_text("Your score: 6 of 10")
    expect(page.locator("#drill-history tbody tr")).to_have_count(2)
    assert page.evaluate("window.__samePage === true")


def test_candidate_writes_a_dockerfile_and_sees_the_failing_checks_with_lines(watched, site):
    page = watched
    page.goto(site + "/drills/dockerfile-node/")
    page.get_by_label("Your Dockerfile").fill(DOCKERFILE)
    page.get_by_label("Your .dockerignore").fill("node_modules\n.git\n.env\n")
    page.get_by_role("button", name="Grade my answer").click()
    result = page.locator("#drill-result")
    expect(result.locator("#result-title")).to_contain_text("Your score:")
    healthcheck = result.locator(".criterion").filter(has_text="A HEALTHCHECK")
    expect(healthcheck).to_contain_text("Fail")
    expect(result.locator(".criterion").filter(has_text="Runs as a non-root user")).to_contain_text(
        "Line 6"
    )
    screenshot(page, "dockerfile-result")
    page.get_by_label("Your Dockerfile").fill("FROM node:26\nFORM oops\n")
    page.get_by_role("button", name="Grade my answer").click()
    expect(result).to_contain_text("Line 2: 'FORM' is not a Dockerfile instruction")


def test_the_interview_timer_counts_down(watched, site):
    page = watched
    page.goto(site + "/drills/containerize-service/")
    page.get_by_role("button", name="Start a 3-minute interview timer").click()
    display = page.locator("[data-timer-display]")
    expect(display).to_contain_text("Time left: 2:5")
    expect(page.get_by_label("Your answer")).to_be_focused()
