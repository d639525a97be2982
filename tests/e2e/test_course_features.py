"""Issue 13's features in a real browser: search, code blocks and the Dockerfile editor, resuming."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_learner_journeys import mark_page, still_same_page


def test_search_from_the_header_leads_to_the_section(watched, site):
    page = watched
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Search the course").fill("build cache")
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]:not(#announcer)")).to_contain_text("for “build cache”")
    expect(page.locator(".search-result mark").first).to_be_visible()
    screen(page, "search")
    page.get_by_role("link", name="How the build cache decides").click()
    assert page.url.endswith("/lessons/image-layers/#build-cache")
    expect(page.locator("#build-cache")).to_be_in_viewport()


def test_search_results_follow_typing_in_place(watched, site):
    page = watched
    page.goto(site + "/search/")
    mark_page(page)
    page.get_by_label("Lessons, questions and drills").press_sequentially("oomkill", delay=30)
    expect(page.locator("[role=status]:not(#announcer)")).to_contain_text("for “oomkill”")
    expect(page.locator(".search-result").first).to_be_visible()
    assert still_same_page(page)
    expect(page).to_have_url(re.compile(r"/search/\?q=oomkill$"))


def test_search_without_javascript(no_js_page, site):
    page = no_js_page
    page.goto(site + "/drills/")
    page.get_by_role("searchbox", name="Search the course").fill("registry")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".search-result").first).to_be_visible()
    expect(page.locator("[role=status]:not(#announcer)")).to_contain_text("for “registry”")


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
    editor.evaluate("el => { el.scrollTop = 0; el.scrollLeft = 0; }")
    page.get_by_text("Your Dockerfile", exact=True).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -40)")
    screen(page, "dockerfile-editor")


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
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".drill-layout").screenshot(path=str(SCREENSHOTS / "dockerfile-editor-line.png"))


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


ORDERING_QUESTION = "limits-diagnose-order"


def item_order(page) -> list[str]:
    return page.locator(".ordering__item").evaluate_all("nodes => nodes.map(n => n.dataset.item)")


def test_ordering_by_dragging_the_handles(watched, site):
    from quiz.models import Question

    page = watched
    page.goto(site + f"/quiz/questions/{ORDERING_QUESTION}/")
    wanted = list(Question.objects.get(question_id=ORDERING_QUESTION).parsed.item_ids)
    # Drag each item, in answer order, to the top of the ones not yet placed.
    for index, item_id in enumerate(wanted):
        if item_order(page).index(item_id) == index:
            continue
        handle = page.locator(f".ordering__item[data-item='{item_id}'] .ordering__handle")
        handle.hover()  # may scroll the page, so the target is measured after it
        target = page.locator(".ordering__item").nth(index).bounding_box()
        page.mouse.down()
        page.mouse.move(target["x"] + 20, target["y"] + 4, steps=8)
        page.mouse.up()
    assert item_order(page) == wanted
    expect(page.locator("[data-ordering-status]")).to_contain_text("moved to position")
    expect(page.locator(".question-form .hint").first).to_contain_text(
        "Drag each item by its handle"
    )
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_contain_text("Correct!")


def test_ordering_with_the_arrow_keys_on_a_handle(watched, site):
    from quiz.models import Question

    page = watched
    page.goto(site + f"/quiz/questions/{ORDERING_QUESTION}/")
    wanted = list(Question.objects.get(question_id=ORDERING_QUESTION).parsed.item_ids)
    for index, item_id in enumerate(wanted):
        page.locator(f".ordering__item[data-item='{item_id}'] .ordering__handle").focus()
        for _ in range(item_order(page).index(item_id) - index):
            page.keyboard.press("ArrowUp")
    assert item_order(page) == wanted
    selects = page.locator(".ordering__item select")
    assert selects.evaluate_all("nodes => nodes.map(n => n.value)") == [
        str(n) for n in range(1, len(wanted) + 1)
    ]
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_contain_text("Correct!")


def test_after_a_quiz_retry_the_missed_questions_then_go_on(watched, site):
    from quiz.models import Question, QuizRun
    from tests.e2e.test_learner_journeys import answer_rightly

    page = watched
    page.goto(site + "/lessons/registries/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    run = QuizRun.objects.latest("pk")
    missed = run.question_order[0]
    for number, question_id in enumerate(run.question_order, start=1):
        if question_id != missed:
            answer_rightly(page, Question.objects.get(question_id=question_id))
        else:  # answered wrongly: the first choice that is not right, or a wrong text
            answer_wrongly(page, Question.objects.get(question_id=question_id))
        page.get_by_role("button", name="Check answer").click()
        label = "Next question" if number < len(run.question_order) else "See your results"
        page.get_by_role("link", name=label).click()
    page.get_by_role("button", name="Retry only the 1 question I missed").click()
    expect(page.locator("#quiz-stage")).to_contain_text("Question 1 of 1")
    answer_rightly(page, Question.objects.get(question_id=missed))
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("link", name="See your results").click()
    expect(page.locator("#results-title")).to_have_text("Practice round: 1 of the 1 you had missed")
    page.get_by_role("link", name=re.compile("^Next lesson: ")).click()
    expect(page).to_have_url(re.compile(r"/lessons/interview-playbook/$"))


def answer_wrongly(page, question) -> None:
    spec = question.parsed
    card = page.locator(f"#question-{spec.id}")
    match spec.type.value:
        case "single" | "multiple":
            wrong = next(choice for choice in spec.choices if not choice.correct)
            card.locator(f"input[name=choice][value='{wrong.id}']").check()
        case "true_false":
            value = "false" if spec.answer_bool else "true"
            card.locator(f"input[name=choice][value='{value}']").check()
        case "ordering":
            for position, item_id in enumerate(reversed(spec.item_ids), start=1):
                card.locator(f"select[name='position-{item_id}']").select_option(str(position))
        case "short_text":
            card.locator("input[name=text]").fill("definitely not it")
        case "numeric":
            card.locator("input[name=number]").fill(f"{spec.answer_number + 1000:g}")


def test_an_ordering_question_fits_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site + f"/quiz/questions/{ORDERING_QUESTION}/")
    expect(page.locator(".ordering__handle").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screen(page, "ordering-phone")
    context.close()


def test_an_anonymous_reader_keeps_their_progress_in_a_new_account(watched, site):
    from tests.e2e.conftest import axe_violations

    page = watched
    page.goto(site + "/lessons/networking/")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.locator("#read-toggle")).to_contain_text("Saved")
    page.goto(site + "/")
    nudge = page.get_by_role("complementary", name="Keep your progress")
    expect(nudge).to_contain_text("for 14 days after the last thing you save")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create account").last.click()
    page.get_by_label("Username").fill("newreader")
    page.locator("#id_password1").fill("a-long-passphrase-42")
    page.get_by_label("Password confirmation").fill("a-long-passphrase-42")
    page.get_by_role("button", name="Create account").click()
    page.goto(site + "/")
    expect(page.locator(".course__progress")).to_contain_text("1 of 8 lessons read")
    expect(page.get_by_role("complementary", name="Keep your progress")).to_have_count(0)
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are signed out")
    expect(page.locator("[role=status]:not(#announcer)")).to_contain_text(
        "Your progress is safe in your account"
    )
    assert axe_violations(page) == []


def test_the_theme_button_switches_remembers_and_starts_from_the_system(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site + "/")
    toggle = page.get_by_role("button", name="Dark mode")
    expect(toggle).to_have_attribute("aria-pressed", "true")  # the system setting, by default
    background = "getComputedStyle(document.body).backgroundColor"
    dark_background = page.evaluate(background)
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(background) != dark_background
    page.goto(site + "/drills/")
    # Applied before the first paint, by the blocking theme.js in <head>.
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    expect(page.get_by_role("button", name="Dark mode")).to_have_attribute("aria-pressed", "false")
    context.close()


def test_on_a_phone_the_header_is_one_row_and_the_start_button_is_in_view(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site + "/")
    tops = page.locator(".site-header__inner > *").evaluate_all(
        "nodes => nodes.filter(n => n.offsetParent).map(n => n.getBoundingClientRect().top)"
    )
    assert max(tops) - min(tops) < 12, tops
    expect(page.get_by_role("link", name=re.compile("^Start with lesson 1"))).to_be_in_viewport(
        ratio=1
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screen(page, "home-phone")
    context.close()


def test_tapping_a_highlight_explains_it(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site + "/drills/containerize-service/")
    page.get_by_label("Your answer").fill(
        "Use a slim base image because it has fewer packages, so a smaller attack surface."
    )
    page.get_by_role("button", name="Grade my answer").click()
    legend = page.get_by_role("list", name="What the highlights mean")
    expect(legend).to_contain_text("a reason you gave for it")
    page.locator(".drill-answer__text mark").first.tap()
    expect(page.locator("[data-evidence-explained]")).to_contain_text("”: ")
    context.close()
