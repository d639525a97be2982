"""Gzip for pages built from kept pieces, without compressing the kept pieces again.

A kept page (lessons/caching.py) is the same text for every visitor with a few values of the
request's own between its pieces: tokens, a nonce, a name. Compressing a whole 66 kB lesson for every
request costs about 1.2 ms, several times everything else the request does. But a deflate stream
(RFC 1951) is a sequence of blocks, and zlib's full flush ends a block on a byte boundary with
nothing after it referring back. So each kept piece is compressed once, on its own, into blocks
that can stand anywhere in a stream; a request's own values go between them as stored
(uncompressed) blocks, which suits random tokens that would not compress anyway. Per request that
leaves joining bytes and the CRC-32 the gzip trailer (RFC 1952) needs.

The CRC covers the whole uncompressed page, and running it over a 66 kB lesson costs about 17 µs,
more than the joining. But what running it over a kept piece does to the CRC so far depends only on
the piece: the result is the piece's own CRC combined with a fixed linear map of the CRC before it
(zlib's crc32_combine rests on the same fact; Python's zlib does not offer it). A long piece keeps
that map as four byte tables, worked out once, so stepping over it costs four lookups.

Browsers decode the result as any gzip body: one member, one deflate stream.
"""

from __future__ import annotations

import gzip
import secrets
import struct
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.middleware import gzip as django_gzip
from django.utils.cache import patch_vary_headers

_STORED_MAX = 0xFFFF  # a stored block holds at most this many bytes
_FINAL_EMPTY_BLOCK = b"\x01\x00\x00\xff\xff"  # BFINAL=1, stored, length 0 (and its complement)


def _stored_blocks(data: bytes) -> bytes:
    """`data` as stored, non-final deflate blocks; the stream must be at a byte boundary."""
    blocks = []
    for start in range(0, len(data), _STORED_MAX):
        chunk = data[start : start + _STORED_MAX]
        blocks += [b"\x00", struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF), chunk]
    return b"".join(blocks)


# From this length on, a piece keeps its CRC step as tables (4 kB): below it, running the CRC over
# the text costs about as much as the four lookups.
CRC_TABLES_FROM = 2048


def crc_step_tables(length: int) -> array:
    """What running CRC-32 over `length` bytes does to the CRC before them, as byte tables.

    zlib.crc32(text, crc) == zlib.crc32(text) ^ step(crc) for any text of this length, where step
    is linear over the bits of crc; step(crc) is the XOR of tables[256 * k + byte k of crc], k = 0..3.
    """
    zeros = bytes(length)
    base = zlib.crc32(zeros)
    # step of each single bit: run over zeros, the text's own contribution cancels.
    bits = [zlib.crc32(zeros, 1 << bit) ^ base for bit in range(32)]
    tables = array("I", [0]) * 1024  # unsigned, at least 32 bits
    for k in range(4):
        for byte in range(1, 256):
            lowest = byte & -byte
            tables[256 * k + byte] = (
                tables[256 * k + (byte ^ lowest)] ^ bits[8 * k + lowest.bit_length() - 1]
            )
    return tables


@dataclass(frozen=True, slots=True)
class Piece:
    """Kept text and its deflate blocks: self-contained, not final, ending on a byte boundary."""

    raw: bytes
    deflated: bytes
    crc: int  # zlib.crc32(raw)
    crc_tables: array | None  # crc_step_tables(len(raw)) for a long piece, else None

    @classmethod
    def of(cls, raw: bytes) -> Piece:
        # Once per piece, so the best level is affordable. A fresh compressor per piece means
        # nothing in it refers to text outside it, wherever it lands in a stream.
        compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
        deflated = compressor.compress(raw) + compressor.flush(zlib.Z_FULL_FLUSH)
        # A short piece (markup between two tokens) is smaller stored than compressed.
        return cls(
            raw,
            min(deflated, _stored_blocks(raw), key=len),
            zlib.crc32(raw),
            crc_step_tables(len(raw)) if len(raw) >= CRC_TABLES_FROM else None,
        )

    def crc_after(self, crc: int) -> int:
        """zlib.crc32(self.raw, crc): the CRC of the text so far, this piece included."""
        tables = self.crc_tables
        if tables is None:
            return zlib.crc32(self.raw, crc)
        return (
            self.crc
            ^ tables[crc & 0xFF]
            ^ tables[256 | (crc >> 8) & 0xFF]
            ^ tables[512 | (crc >> 16) & 0xFF]
            ^ tables[768 | crc >> 24]
        )


type Part = Piece | bytes  # kept text, or one request's own bytes


def joined(parts: Iterable[Part]) -> bytes:
    """The parts as one uncompressed body."""
    return b"".join(part.raw if isinstance(part, Piece) else part for part in parts)


def gzip_joined(parts: Iterable[Part], *, padding: int = 0) -> bytes:
    """The parts as one gzip member: kept pieces as compressed once, the request's bytes stored.

    `padding` bytes go into the header's file name field, as Django's own gzip does: responses of
    the same page then differ in length by a random amount (see GZipMiddleware in settings).
    """
    header = b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\0\0\0\0\0\xff"
    out = [header, b"a" * padding, b"\0"]
    crc = size = 0
    for part in parts:
        if isinstance(part, Piece):
            crc = part.crc_after(crc)
            size += len(part.raw)
            out.append(part.deflated)
        else:
            crc = zlib.crc32(part, crc)
            size += len(part)
            out.append(_stored_blocks(part))
    out += [_FINAL_EMPTY_BLOCK, struct.pack("<II", crc, size & 0xFFFFFFFF)]
    return b"".join(out)


class PiecedResponse(HttpResponse):
    """A page made of kept pieces and the request's own bytes; GZipMiddleware splices the pieces."""

    def __init__(self, parts: Iterable[Part], **kwargs) -> None:
        parts = tuple(parts)
        super().__init__(joined(parts), **kwargs)
        self.parts: tuple[Part, ...] | None = parts

    # Whoever sets or adds to the body makes the pieces stale: the middleware then compresses as
    # usual.
    @HttpResponse.content.setter
    def content(self, value) -> None:
        HttpResponse.content.fset(self, value)
        self.parts = None

    def write(self, content) -> None:
        super().write(content)
        self.parts = None


class GZipMiddleware(django_gzip.GZipMiddleware):
    """Django's gzip, except that a PiecedResponse is gzipped from its precompressed pieces."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        parts = getattr(response, "parts", None)
        if parts is None or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        # As Django's does, step by step.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not django_gzip.re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        padding = secrets.randbelow(self.max_random_bytes)
        response.content = gzip_joined(parts, padding=padding)
        response.headers["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # the gzip body is another representation
        response.headers["Content-Encoding"] = "gzip"
        return response
