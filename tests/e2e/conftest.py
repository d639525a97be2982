"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium from apt. Every page a test opens is
watched for console errors, uncaught exceptions and Content-Security-Policy violations; any of them
fails the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import sync_real_course

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Flags that keep Chromium off the (closed) network and quiet in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's URL, with the real course loaded."""
    sync_real_course(searchable=True)
    return live_server.url


# Turns CSP violations into console errors, which the watcher below collects.
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber} (${event.sample})`);
});
"""


# Chromium logs every 4xx response as a console error. 400/422/429 are the site's own answers to
# bad form input (shown to the learner in place), which some tests submit on purpose.
EXPECTED_STATUS_RE = re.compile(
    r"Failed to load resource: the server responded with a status of (400|422|429)\b"
)


class PageProblems(list):
    def attach(self, page):
        page.add_init_script(REPORT_CSP)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.append(f"uncaught: {error}"))
        return page

    def console(self, message) -> None:
        if message.type == "error" and not EXPECTED_STATUS_RE.search(message.text):
            self.append(message.text)


@pytest.fixture
def watched(page):
    """The Playwright page, failing the test on any console error or CSP violation."""
    problems = PageProblems()
    problems.attach(page)
    yield page
    assert list(problems) == [], f"console errors or CSP violations: {list(problems)}"


@pytest.fixture
def no_js_page(browser):
    """A page with JavaScript disabled: every form must still work as an ordinary post."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """WCAG 2.2 A/AA violations axe finds on the page, as readable lines."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x) "
        f"e.g. {violation['nodes'][0]['html'][:160]}"
        for violation in results.response["violations"]
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
