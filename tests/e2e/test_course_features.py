"""Issue 13's features in a real browser: search, code blocks and the Dockerfile editor, resuming."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, screenshot
from tests.e2e.test_learner_journeys import mark_page, still_same_page


def test_search_from_the_header_leads_to_the_section(watched, site):
    page = watched
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Search lessons, questions and drills").fill("build cache")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("for “build cache”")
    expect(page.locator(".search-result mark").first).to_be_visible()
    screenshot(page, "search")
    page.get_by_role("link", name="How the build cache decides").click()
    assert page.url.endswith("/lessons/image-layers/#build-cache")
    expect(page.locator("#build-cache")).to_be_in_viewport()


def test_search_results_follow_typing_in_place(watched, site):
    page = watched
    page.goto(site + "/search/")
    mark_page(page)
    page.get_by_label("Lessons, questions and drills").press_sequentially("oomkill", delay=30)
    expect(page.get_by_role("status")).to_contain_text("for “oomkill”")
    expect(page.locator(".search-result").first).to_be_visible()
    assert still_same_page(page)
    expect(page).to_have_url(re.compile(r"/search/\?q=oomkill$"))


def test_search_without_javascript(no_js_page, site):
    page = no_js_page
    page.goto(site + "/drills/")
    page.get_by_role("searchbox", name="Search lessons, questions and drills").fill("registry")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".search-result").first).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("for “registry”")


def test_a_code_block_is_copied_with_its_button_and_the_keyboard(browser, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "/lessons/storage/")
    block = page.locator(".prose .highlight").filter(has_text="docker volume create pgdata").first
    button = block.get_by_role("button", name="Copy code")
    button.focus()
    page.keyboard.press("Enter")
    expect(block.get_by_role("button", name="Copied")).to_be_visible()
    expect(page.locator("#site-announcer")).to_have_text("Copied")
    # A shell session is copied as its commands: no "$ " prompts, no output lines ("pgdata").
    assert page.evaluate("navigator.clipboard.readText()") == (
        "docker volume create pgdata\n"
        "docker run -d --name shop-db \\\n"
        "    -e POSTGRES_PASSWORD=example \\\n"
        "    -v pgdata:/var/lib/postgresql \\\n"
        "    postgres:18"
    )
    context.close()


def test_dockerfile_editor_numbers_lines_and_never_wraps(watched, site):
    from tests.e2e.test_candidate_journeys import DOCKERFILE

    page = watched
    page.goto(site + "/drills/dockerfile-node/")
    editor = page.get_by_label("Your Dockerfile")
    editor.fill(DOCKERFILE + "RUN " + "x" * 300 + "\n" + "\n".join(["# more"] * 30))
    gutter = page.locator(".code-editor__gutter").first
    expect(gutter).to_contain_text("38")
    # No soft wrap: the long line scrolls sideways instead of taking a second row.
    assert editor.evaluate("el => el.scrollWidth > el.clientWidth")
    editor.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    expect(gutter).not_to_have_js_property("scrollTop", 0)
    screenshot(page, "dockerfile-editor")


def test_a_cited_line_opens_in_the_editor(watched, site):
    from tests.e2e.test_candidate_journeys import DOCKERFILE

    page = watched
    page.goto(site + "/drills/dockerfile-node/")
    page.get_by_label("Your Dockerfile").fill(DOCKERFILE)
    page.get_by_role("button", name="Grade my answer").click()
    criterion = page.locator(".criterion").filter(has_text="Runs as a non-root user")
    criterion.get_by_role("link", name="6 (show it in the editor)").click()
    editor = page.get_by_label("Your Dockerfile")
    expect(editor).to_be_focused()
    selected = editor.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected == "USER node"
    screenshot(page, "dockerfile-editor-line")


def test_a_reader_comes_back_to_the_section_they_left(watched, site):
    page = watched
    page.goto(site + "/lessons/storage/")
    with page.expect_response(re.compile(r"/lessons/storage/position/$")) as saved:
        page.locator("#volumes").evaluate("heading => heading.scrollIntoView()")
        current = page.locator(".toc__list a[aria-current='location']")
        expect(current).to_have_text("Volumes: storage Docker manages")
    assert saved.value.status == 204
    page.goto(site + "/")
    resume = page.get_by_role(
        "link", name=re.compile("^Continue at “Volumes: storage Docker manages”")
    )
    expect(resume).to_contain_text("in Storage: volumes, bind mounts and tmpfs")
    resume.click()
    expect(page.locator("#volumes")).to_be_in_viewport()
    expect(page.locator(".toc__list a[aria-current='location']")).to_have_text(
        "Volumes: storage Docker manages"
    )
    screen(page, "resumed-lesson")
    page.goto(site + "/lessons/storage/")
    expect(
        page.get_by_role("link", name="Continue at “Volumes: storage Docker manages”")
    ).to_be_visible()
    screen(page, "resume-offer")


def test_a_long_table_of_contents_scrolls_to_the_current_section(watched, site):
    page = watched
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(site + "/lessons/networking/")
    toc_list = page.locator(".toc__list")
    assert toc_list.evaluate("list => list.scrollHeight > list.clientHeight")
    last = page.locator(".prose h2[id], .prose h3[id]").last
    last.evaluate("heading => heading.scrollIntoView()")
    current = page.locator(".toc__list a[aria-current='location']")
    expect(current).to_have_attribute("href", "#" + last.get_attribute("id"))
    expect(current).to_be_in_viewport()
    assert toc_list.evaluate("list => list.scrollTop > 0")


def screen(page, name: str) -> None:
    """What the reader sees (the window, not the whole long page), for docs/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
