"""The markdown renderer: highlighted code, headings with anchors, tables, callouts, diagrams."""

from __future__ import annotations

import pytest

from lessons.rendering import DiagramError, render_inline, render_markdown


def test_code_is_highlighted_by_pygments():
    html = render_markdown("```dockerfile\nFROM node:26-slim\n```\n").html
    assert '<div class="highlight">' in html
    assert '<span class="k">FROM</span>' in html


def test_code_blocks_can_be_scrolled_with_the_keyboard():
    html = render_markdown("```console\n$ docker ps\n```\n").html
    assert '<pre tabindex="0">' in html


def test_headings_get_their_explicit_ids_and_a_permalink():
    html = render_markdown("## Copy-up on write {#copy-up}\n\nText.\n").html
    assert '<h2 id="copy-up">Copy-up on write<a class="headerlink" href="#copy-up"' in html


def test_table_of_contents_lists_level_two_and_three_headings_in_order():
    rendered = render_markdown(
        "## One {#one}\n\n### One a {#one-a}\n\n#### Deep\n\n## Two {#two}\n"
    )
    assert [(h.id, h.title, h.level) for h in rendered.toc] == [
        ("one", "One", 2),
        ("one-a", "One a", 3),
        ("two", "Two", 2),
    ]


def test_headings_without_an_explicit_id_get_a_slug():
    rendered = render_markdown("## The default bridge\n")
    assert rendered.toc[0].id == "the-default-bridge"


def test_tables_are_wrapped_in_a_scrollable_labelled_region():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n").html
    assert '<div aria-label="Table (scrolls sideways on small screens)"' in html
    assert 'role="region"' in html
    assert "<td>1</td>" in html


def test_several_tables_are_each_wrapped_once():
    table = "| a |\n|---|\n| 1 |\n"
    html = render_markdown(f"{table}\ntext\n\n{table}").html
    assert html.count('class="table-wrap"') == 2


def test_callouts_render_with_their_kind_and_title():
    html = render_markdown('!!! warning "Mind the cache"\n    Order matters.\n').html
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Mind the cache</p>' in html


def test_diagram_is_inlined_as_a_labelled_figure():
    svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>'
    rendered = render_markdown(
        '![Two boxes side by side](diagrams/boxes.svg "Boxes")\n',
        diagram_loader=lambda name: svg,
    )
    assert rendered.diagrams == ["boxes.svg"]
    assert '<figure class="diagram"><svg xmlns="http://www.w3.org/2000/svg"' in rendered.html
    assert 'role="img" aria-label="Two boxes side by side"' in rendered.html
    assert "<figcaption>Boxes</figcaption>" in rendered.html
    assert "<?xml" not in rendered.html
    assert "<p><figure" not in rendered.html


def test_diagrams_are_refused_where_no_loader_is_given():
    with pytest.raises(DiagramError):
        render_markdown("![x](diagrams/x.svg)\n")


def test_embedded_question_leaves_a_marker_and_is_reported():
    rendered = render_markdown("Before.\n\n```quiz\ncvm-shared-kernel\n```\n\nAfter.\n")
    assert "<!--question:cvm-shared-kernel-->" in rendered.html
    assert rendered.question_ids == ["cvm-shared-kernel"]


def test_links_are_collected_but_heading_permalinks_are_not():
    rendered = render_markdown("## A {#a}\n\n[x](/lessons/storage/#volumes) and [y](#a)\n")
    assert rendered.links == ["/lessons/storage/#volumes", "#a"]


def test_word_count_leaves_out_code_and_tables():
    text = "Three little words.\n\n```shell\nlots of code words here\n```\n\n| a | b |\n|---|---|\n"
    assert render_markdown(text).words == 3


def test_inline_rendering_has_no_paragraph_wrapper():
    assert render_inline("Use `USER node`") == "Use <code>USER node</code>"
