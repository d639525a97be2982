"""Masking and unmasking CSRF tokens with two table lookups per character instead of two searches.

Every page with a form hides the visitor's CSRF secret behind a fresh mask (so no two responses
carry the same token bytes), and every form sent back is unmasked before it is compared. Django does
each character with `CSRF_ALLOWED_CHARS.index()` twice inside a generator: about 10 µs for a
32-character secret, paid on every lesson page and every answer. The cipher is a sum of alphabet
positions modulo the alphabet's size; here every pair of characters is looked up in a table built
once, which gives the same token for the same secret and mask (tests/test_csrf_masking.py checks
both functions against Django's on random values).

`install()` puts them where Django's CSRF middleware and `get_token` call them. It refuses to run
if Django no longer has the functions it replaces, rather than quietly patching nothing.
"""

from __future__ import annotations

import django.middleware.csrf as csrf

_CHARS = csrf.CSRF_ALLOWED_CHARS
_SIZE = len(_CHARS)
# (secret character, mask character) -> cipher character, and (cipher, mask) -> secret.
_ADD = {(a, b): _CHARS[(i + j) % _SIZE] for i, a in enumerate(_CHARS) for j, b in enumerate(_CHARS)}
_SUBTRACT = {
    (a, b): _CHARS[(i - j) % _SIZE] for i, a in enumerate(_CHARS) for j, b in enumerate(_CHARS)
}


def mask_cipher_secret(secret: str) -> str:
    """A new mask followed by the secret enciphered with it (Django's `_mask_cipher_secret`)."""
    mask = csrf._get_new_csrf_string()
    try:
        return mask + "".join(map(_ADD.__getitem__, zip(secret, mask, strict=True)))
    except KeyError:
        raise ValueError("A CSRF secret has characters outside the allowed ones.") from None


def unmask_cipher_token(token: str) -> str:
    """The secret inside a masked token (Django's `_unmask_cipher_token`)."""
    length = csrf.CSRF_SECRET_LENGTH
    try:
        return "".join(map(_SUBTRACT.__getitem__, zip(token[length:], token[:length], strict=True)))
    except KeyError:
        raise ValueError("A CSRF token has characters outside the allowed ones.") from None


def install() -> None:
    """Have Django's CSRF code mask and unmask with the functions above."""
    for name in ("_mask_cipher_secret", "_unmask_cipher_token", "_get_new_csrf_string"):
        if not callable(getattr(csrf, name, None)):
            raise RuntimeError(f"django.middleware.csrf.{name} is gone: see config/csrf_masking.py")
    csrf._mask_cipher_secret = mask_cipher_secret
    csrf._unmask_cipher_token = unmask_cipher_token
