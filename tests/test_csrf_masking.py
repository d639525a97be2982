"""config/csrf_masking.py gives the very tokens Django's own functions give, and Django uses it."""

from __future__ import annotations

import random

import django.middleware.csrf as csrf
import pytest

from config.csrf_masking import mask_cipher_secret, unmask_cipher_token

CHARS = csrf.CSRF_ALLOWED_CHARS


def djangos_cipher(secret: str, mask: str) -> str:
    """Django's masking, as django/middleware/csrf.py writes it, for a given mask."""
    pairs = zip((CHARS.index(x) for x in secret), (CHARS.index(x) for x in mask), strict=True)
    return mask + "".join(CHARS[(x + y) % len(CHARS)] for x, y in pairs)


def djangos_unmask(token: str) -> str:
    mask, cipher = token[:32], token[32:]
    pairs = zip((CHARS.index(x) for x in cipher), (CHARS.index(x) for x in mask), strict=True)
    return "".join(CHARS[x - y] for x, y in pairs)


def random_secret(draw: random.Random) -> str:
    return "".join(draw.choice(CHARS) for _ in range(csrf.CSRF_SECRET_LENGTH))


def test_masking_gives_djangos_token_for_the_same_mask(monkeypatch):
    draw = random.Random(12)
    for _ in range(500):
        secret, mask = random_secret(draw), random_secret(draw)
        monkeypatch.setattr(csrf, "_get_new_csrf_string", lambda mask=mask: mask)
        assert mask_cipher_secret(secret) == djangos_cipher(secret, mask)


def test_unmasking_gives_djangos_secret():
    draw = random.Random(34)
    for _ in range(500):
        token = random_secret(draw) + random_secret(draw)
        assert unmask_cipher_token(token) == djangos_unmask(token)


def test_unmasking_a_masked_secret_gives_the_secret_back():
    secret = random_secret(random.Random(56))
    assert unmask_cipher_token(mask_cipher_secret(secret)) == secret


def test_a_character_outside_the_alphabet_is_refused_as_djangos_are():
    with pytest.raises(ValueError, match="outside the allowed"):
        unmask_cipher_token("!" * csrf.CSRF_TOKEN_LENGTH)


def test_django_masks_and_unmasks_with_it():
    assert csrf._mask_cipher_secret is mask_cipher_secret
    assert csrf._unmask_cipher_token is unmask_cipher_token
