"""What someone types becomes words only: no engine's query syntax gets through."""

from __future__ import annotations

from search.query import MAX_QUERY_LENGTH, fts5_match, parse_query, tsquery


def test_words_are_taken_out_of_query_syntax():
    assert parse_query('"NEAR(cgroup* memory)" OR -x').terms == (
        "near",
        "cgroup",
        "memory",
        "or",
        "x",
    )


def test_punctuation_alone_leaves_nothing_to_search():
    query = parse_query('" * ( ) : ^')
    assert (query.terms, query.problem, query.is_searchable) == ((), "", False)


def test_a_query_over_the_limit_is_refused_with_a_message():
    query = parse_query("a" * (MAX_QUERY_LENGTH + 1))
    assert "at most 200 characters" in query.problem


def test_letters_of_any_alphabet_are_words():
    assert parse_query("Überblick контейнер").terms == ("überblick", "контейнер")


def test_the_last_word_is_searched_as_a_prefix_in_both_engines():
    assert fts5_match(("layer", "cach")) == '"layer" "cach"*'
    assert tsquery(("layer", "cach")) == "layer & cach:*"
