"""Keyboard-only use, visible focus, and a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from quiz.models import Question

PHONE = {"width": 390, "height": 844}


def focused_outline(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_question_can_be_answered_with_the_keyboard_only(watched, site):
    page = watched
    question = Question.objects.get(question_id="net-default-bridge-dns")
    right = next(c for c in question.parsed.choices if c.correct)
    page.goto(site + "/quiz/questions/net-default-bridge-dns/")
    tab_to(page, "input[name=choice]")
    assert focused_outline(page) != "none"
    for _ in range(len(question.parsed.choices)):
        if page.evaluate("document.activeElement.value") == right.id:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".feedback")).to_be_focused()
    expect(page.locator(".verdict")).to_contain_text("Correct!")
    assert focused_outline(page) != "none"


def test_a_drill_can_be_graded_with_the_keyboard_only(watched, site):
    page = watched
    page.goto(site + "/drills/containerize-service/")
    tab_to(page, "#answer")
    page.keyboard.type("I would use a multi-stage build so build tools stay behind.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#result-title")).to_be_focused()
    expect(page.locator("#result-title")).to_have_text("Your score: 2 of 10")


@pytest.mark.parametrize(
    "path", ["/lessons/networking/", "/lessons/dockerfiles/quiz/", "/drills/dockerfile-node/"]
)
def test_phone_pages_do_not_scroll_sideways(browser, site, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


def test_phone_lesson_collapses_the_table_of_contents(browser, site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/lessons/networking/")
    expect(page.locator("details.toc")).not_to_have_attribute("open", "")
    page.locator("details.toc summary").click()
    expect(page.locator(".toc__list")).to_be_visible()
    context.close()


def test_phone_buttons_are_large_enough_to_tap(browser, site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/lessons/dockerfiles/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    sizes = page.evaluate(
        "[...document.querySelectorAll('button, .button, input[type=radio], input[type=checkbox], select')]"
        ".filter(e => e.offsetParent !== null).map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height, e.outerHTML.slice(0, 80)]; })"
    )
    small = [item for item in sizes if item[0] < 24 or item[1] < 24]
    assert small == []
    context.close()


def test_reduced_motion_turns_off_smooth_scrolling(browser, site):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(site + "/lessons/networking/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    context.close()
