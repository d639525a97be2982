"""Join codes: long enough not to be guessed, easy enough to read aloud in a classroom."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: codes are read off projectors and typed by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12  # 31**12 ≈ 7.9e17 codes; with joining rate-limited, guessing one is hopeless.


def new_join_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_join_code(typed: str) -> str:
    """What a person typed (any case, spaces or dashes) in the stored XXXX-XXXX-XXXX form."""
    raw = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(raw) != LENGTH:
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
