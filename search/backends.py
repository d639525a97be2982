"""The two full-text engines behind the search: SQLite's FTS5 and PostgreSQL's text search.

Each answers the same question (the best entries for the terms, with a snippet of the text around
them) in one query. Snippets come back with \\x02 / \\x03 around matched words; those characters do
not occur in course text, so the result page escapes the snippet and then turns them into <mark>.
A heading weighs 30 times the body on SQLite (bm25 column weights) and 10 times on PostgreSQL
(weights A = 1.0, B = 0.1; ts_rank's length normalisation 1 plays the part of bm25's): otherwise
questions, which repeat a topic's words in every choice, rank above the section that teaches it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from search.query import fts5_match, tsquery

START, STOP = "\x02", "\x03"
RESULT_LIMIT = 30

SQLITE_SEARCH = f"""
SELECT rowid, snippet(search_fts, 1, char(2), char(3), '…', 24)
FROM search_fts WHERE search_fts MATCH %s
ORDER BY bm25(search_fts, 30.0, 1.0) LIMIT {RESULT_LIMIT}
"""

# The document expression is the one the GIN index of migration 0001 is built on.
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, heading), 'A') || "
    "setweight(to_tsvector('english'::regconfig, body), 'B')"
)
POSTGRES_SEARCH = f"""
SELECT id, ts_headline('english'::regconfig, body, query,
    'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=15,
     MaxFragments=1, FragmentDelimiter=" … "')
FROM search_searchentry, to_tsquery('english'::regconfig, %s) AS query
WHERE ({POSTGRES_DOCUMENT}) @@ query
ORDER BY ts_rank('{{0.1, 0.2, 0.1, 1.0}}', {POSTGRES_DOCUMENT}, query, 1) DESC, position LIMIT {RESULT_LIMIT}
"""


@dataclass(frozen=True)
class Hit:
    entry_id: int
    snippet: str  # plain text with START/STOP around matched words


class SearchUnavailable(Exception):
    """The database has no full-text engine this site knows."""


def matching_entries(terms: tuple[str, ...]) -> list[Hit]:
    """Up to RESULT_LIMIT entries matching every term, best first (one query)."""
    vendor = connection.vendor
    if vendor == "sqlite":
        sql, parameter = SQLITE_SEARCH, fts5_match(terms)
    elif vendor == "postgresql":
        sql, parameter = POSTGRES_SEARCH, tsquery(terms)
    else:
        raise SearchUnavailable(vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [parameter])
        return [Hit(entry_id, snippet or "") for entry_id, snippet in cursor.fetchall()]


def index_rebuild() -> None:
    """Bring the engine's own index in line with the entries (PostgreSQL's GIN index is automatic)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_fts")
        cursor.execute(
            "INSERT INTO search_fts (rowid, heading, body) "
            "SELECT id, heading, body FROM search_searchentry"
        )
