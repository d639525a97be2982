"""The search page on the real course: sections, questions and drills, and bad input never a 500.

These run on whichever database the suite runs on: SQLite's FTS5 by default, PostgreSQL's text
search under `make test-postgres`.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def results(client, query: str, **headers):
    return client.get("/search/", {"q": query}, **headers)


def test_a_section_result_links_to_its_anchor(client, searchable_course):
    page = results(client, "namespaces").content.decode()
    assert 'href="/lessons/containers-vs-vms/#namespaces"' in page


def test_the_matched_words_are_marked_in_the_snippet(client, searchable_course):
    assert "<mark>namespace" in results(client, "namespaces").content.decode().lower()


def test_a_question_result_links_to_the_question_and_the_section_that_teaches_it(
    client, searchable_course
):
    page = results(client, "OOM killer exit code").content.decode()
    assert 'href="/quiz/questions/limits-oom-exit-code/"' in page
    assert "Read the section that teaches it" in page


def test_a_drill_result_links_to_the_drill(client, searchable_course):
    page = results(client, "containerize").content.decode()
    assert 'href="/drills/containerize-service/"' in page


def test_a_word_from_the_middle_of_a_word_being_typed_finds_it(client, searchable_course):
    assert (
        'href="/lessons/image-layers/#build-cache"'
        in results(client, "build cach").content.decode()
    )


def test_an_empty_search_asks_for_words(client, searchable_course):
    response = results(client, "")
    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()


def test_nothing_found_says_so(client, searchable_course):
    response = results(client, "xylophonequartz")
    assert response.status_code == 200
    assert "Nothing found for “xylophonequartz”" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(",
        'NEAR("a" "b", 2)',
        "AND OR NOT",
        "a:*",
        "!&|<->",
        "heading:x",
        "'; --",
    ],
)
def test_query_syntax_characters_never_fail(client, searchable_course, query):
    response = results(client, query)
    assert response.status_code == 200
    assert "search-status" in response.content.decode()


def test_a_megabyte_of_text_is_refused_with_a_message(client, searchable_course):
    response = results(client, "docker " * 150_000)
    assert response.status_code == 400
    assert "search for at most 200 characters" in response.content.decode()


def test_a_nul_byte_in_the_search_is_refused_with_a_message(client, searchable_course):
    response = results(client, "docker\x00build")
    assert response.status_code == 400
    page = response.content.decode()
    assert "invisible control character" in page
    assert "\x00" not in page


def test_the_text_searched_for_is_escaped(client, searchable_course):
    page = results(client, "<script>alert(1)</script> docker").content.decode()
    assert "<script>alert(1)" not in page


def test_typing_gets_only_the_results_and_the_status(client, searchable_course):
    response = results(client, "namespaces", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<header" not in page
    assert 'id="search-results"' in page
    assert 'hx-swap-oob="innerHTML"' in page


def test_the_page_and_the_fragment_vary_on_hx_request(client, searchable_course):
    assert "HX-Request" in results(client, "namespaces")["Vary"]


def test_the_header_has_a_search_box_on_other_pages(client, searchable_course):
    page = client.get("/").content.decode()
    assert 'role="search"' in page
    assert 'action="/search/"' in page


def test_sync_content_indexes_the_course_and_keeps_it_current(client, lesson_dir):
    lesson_dir("01-first-steps.md", _lesson("## Quokkas {#quokkas}\n\nQuokkas smile.\n"))
    call_command("sync_content", *lesson_dir.args, stdout=_Sink())
    assert 'href="/lessons/first-steps/#quokkas"' in results(client, "quokkas").content.decode()

    lesson_dir("01-first-steps.md", _lesson("## Wombats {#wombats}\n\nWombats dig.\n"))
    call_command("sync_content", *lesson_dir.args, stdout=_Sink())
    assert "Nothing found" in results(client, "quokkas").content.decode()
    assert 'href="/lessons/first-steps/#wombats"' in results(client, "wombats").content.decode()


def test_sync_content_reports_the_index(lesson_dir):
    lesson_dir("01-first-steps.md", _lesson("## Start {#start}\n\nHello.\n"))
    out = _Sink()
    call_command("sync_content", *lesson_dir.args, stdout=out)
    assert "Search: 2 entries indexed." in out.text


def _lesson(body: str) -> str:
    from tests.conftest import lesson_text

    return lesson_text(slug="first-steps", body=body)


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass
