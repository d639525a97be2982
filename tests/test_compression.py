"""Pages gzipped from pieces compressed once (config/compression.py): what a browser decodes is the
page, byte for byte, with the request's own tokens; and nothing else changes for other responses."""

from __future__ import annotations

import gzip
import os
import random
import re
import zlib

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from config.compression import (
    CRC_TABLES_FROM,
    GZipMiddleware,
    Piece,
    PiecedResponse,
    gzip_joined,
    joined,
)
from lessons import caching
from tests.lessons.test_page_caching import csrf_tokens, normalised

LESSON = "/lessons/image-layers/"
# What Chromium and Firefox ask for over HTTPS.
AS_A_BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture(autouse=True)
def nothing_kept():
    caching.forget_kept()
    yield
    caching.forget_kept()


def test_spliced_gzip_decodes_to_the_parts_joined():
    kept = Piece.of(b"<main>" + b"<p>The same for every visitor.</p>" * 400 + b"</main>")
    parts = [kept, b"a-request-token", kept, b"", Piece.of(b"<footer></footer>")]
    # gzip.decompress checks the CRC-32 and the length in the trailer as well as the stream.
    assert gzip.decompress(gzip_joined(parts, padding=37)) == joined(parts)


@pytest.mark.parametrize("length", [0, 1, 100, CRC_TABLES_FROM - 1, CRC_TABLES_FROM, 70_000])
def test_stepping_over_a_piece_gives_the_crc_of_running_over_it(length):
    piece = Piece.of(os.urandom(length))
    for before in [0, 1, 0xFFFFFFFF, *(random.getrandbits(32) for _ in range(50))]:
        assert piece.crc_after(before) == zlib.crc32(piece.raw, before)


def test_long_pieces_step_with_tables_and_short_ones_run_the_crc():
    assert Piece.of(bytes(CRC_TABLES_FROM)).crc_tables is not None
    assert Piece.of(bytes(CRC_TABLES_FROM - 1)).crc_tables is None


def test_a_page_of_long_pieces_and_tokens_decodes_with_a_correct_trailer():
    parts = [Piece.of(os.urandom(5000)), b"token-1", Piece.of(b"<p>x</p>" * 900), b"token-2"]
    assert gzip.decompress(gzip_joined(parts)) == joined(parts)


def test_request_bytes_longer_than_a_stored_block_are_split_across_blocks():
    large = os.urandom(150_000)  # a stored block holds at most 65,535 bytes
    parts = [Piece.of(b"<p>before</p>"), large, Piece.of(b"<p>after</p>")]
    assert gzip.decompress(gzip_joined(parts)) == joined(parts)


def test_a_kept_piece_is_compressed_once_and_stays_small():
    text = b"<div class='card'><p>A layer is a set of file changes.</p></div>\n" * 300
    assert len(Piece.of(text).deflated) < len(text) / 20


def test_a_piece_that_does_not_compress_is_stored_as_it_is():
    piece = Piece.of(os.urandom(22))
    assert piece.deflated == b"\x00\x16\x00\xe9\xff" + piece.raw  # a stored block: 5 header bytes


def gzipped_middleware_response(response: HttpResponse, accept: str = "gzip") -> HttpResponse:
    request = RequestFactory().get("/", headers={"Accept-Encoding": accept})
    return GZipMiddleware(lambda request: response)(request)


def test_a_body_set_afresh_is_compressed_whole_not_from_stale_pieces():
    response = PiecedResponse([Piece.of(b"<p>old page</p>" * 50)])
    response.content = b"<p>new page</p>" * 50
    sent = gzipped_middleware_response(response)
    assert gzip.decompress(sent.content) == b"<p>new page</p>" * 50


def test_a_body_written_to_is_compressed_whole_not_from_stale_pieces():
    response = PiecedResponse([Piece.of(b"<p>page</p>" * 50)])
    response.write(b"<p>and more</p>")
    sent = gzipped_middleware_response(response)
    assert gzip.decompress(sent.content) == b"<p>page</p>" * 50 + b"<p>and more</p>"


def test_a_browser_without_gzip_gets_the_page_plain_with_vary():
    page = b"<p>kept</p>" * 50
    sent = gzipped_middleware_response(PiecedResponse([Piece.of(page)]), accept="identity")
    assert sent.content == page
    assert "Content-Encoding" not in sent
    assert "Accept-Encoding" in sent["Vary"]


@pytest.mark.django_db
def test_a_lesson_page_goes_out_gzipped_to_a_browser(course):
    response = Client(headers=AS_A_BROWSER).get(LESSON)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content)
    assert "How the build cache decides" in gzip.decompress(response.content).decode()


@pytest.mark.django_db
def test_the_gzipped_lesson_is_the_same_page_as_the_plain_one(course):
    visitor = Client(headers=AS_A_BROWSER)
    visitor.get(LESSON)  # the CSRF cookie, so both pages mask the same secret
    compressed = gzip.decompress(visitor.get(LESSON).content).decode()
    plain = visitor.get(LESSON, headers={"Accept-Encoding": "identity"}).content.decode()
    assert normalised(compressed) == normalised(plain)


@pytest.mark.django_db
def test_the_gzipped_course_home_is_the_same_page_as_the_plain_one(course):
    visitor = Client(headers=AS_A_BROWSER)
    visitor.get("/")
    response = visitor.get("/")
    assert response["Content-Encoding"] == "gzip"
    plain = visitor.get("/", headers={"Accept-Encoding": "identity"}).content.decode()
    assert normalised(gzip.decompress(response.content).decode()) == normalised(plain)


@pytest.mark.django_db
def test_every_gzipped_page_carries_its_own_csrf_token_and_length(course):
    """BREACH needs a secret repeated byte for byte in compressed pages of steady length."""
    visitor = Client(headers=AS_A_BROWSER)
    visitor.get(LESSON)
    responses = [visitor.get(LESSON) for _ in range(8)]
    tokens = [csrf_tokens(gzip.decompress(r.content).decode()) for r in responses]
    assert all(len(found) == 1 for found in tokens)
    assert len(set().union(*tokens)) == 8
    assert len({len(r.content) for r in responses}) > 1  # random padding in the gzip header


@pytest.mark.django_db
def test_a_gzipped_lesson_page_answers_its_check_yourself_question(course):
    visitor = Client(enforce_csrf_checks=True, headers=AS_A_BROWSER)
    visitor.get(LESSON)
    page = gzip.decompress(visitor.get(LESSON).content).decode()
    answered = visitor.post(
        "/quiz/questions/layers-whiteout-size/answer/",
        {
            "csrfmiddlewaretoken": csrf_tokens(page).pop(),
            "token": re.search(r'name="token" value="([^"]+)"', page)[1],
            "choice": "false",
        },
        headers={"Accept-Encoding": "identity"},
    )
    assert answered.status_code == 200
    assert "Correct!" in answered.content.decode()
