"""Issue 13's features in a real browser: search, code blocks and the Dockerfile editor, resuming."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
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
