"""Random strings for CSRF tokens and session keys, drawn from the OS in one call instead of dozens.

Django's `get_random_string` picks each character with `secrets.choice`, which asks the kernel for
fresh random bytes once per character: a 32-character CSRF secret is 32 `os.urandom` calls, about
40 microseconds here. A first visit to a lesson needs two such strings (the CSRF secret for the
cookie and the mask that hides it in the page), every page with a form needs one: together a fifth
of what serving a kept lesson page costs (benchmarks/http.py).

`random_string` draws the same characters from the same source (os.urandom, through `secrets`) in
one call, with the same uniform distribution: a byte is used only if it falls below the largest
multiple of the alphabet's size, so no character comes up more often than another (a plain `byte %
size` would favour the first 256 % size characters).

`install()` puts it where Django looks up `get_random_string` when it makes a CSRF secret or mask
and a session key; every other use of Django's function is left alone.
"""

from __future__ import annotations

import secrets

import django.contrib.sessions.backends.base as session_backends
import django.middleware.csrf as csrf
from django.utils.crypto import RANDOM_STRING_CHARS


def random_string(length: int, allowed_chars: str = RANDOM_STRING_CHARS) -> str:
    """A string of `length` characters, each drawn uniformly from `allowed_chars` (at most 256)."""
    size = len(allowed_chars)
    if not 0 < size <= 256:
        raise ValueError(f"random_string needs 1 to 256 allowed characters, not {size}.")
    usable = 256 - 256 % size  # bytes at or above this would bias the draw: they are skipped
    picked: list[str] = []
    while len(picked) < length:
        # A few bytes more than needed, so one draw is almost always enough (for 62 characters,
        # 8 in 256 bytes are skipped).
        for byte in secrets.token_bytes(length - len(picked) + 8):
            if byte < usable:
                picked.append(allowed_chars[byte % size])
                if len(picked) == length:
                    break
    return "".join(picked)


def install() -> None:
    """Make Django's CSRF tokens and session keys with `random_string` (see the module's note)."""
    csrf.get_random_string = random_string
    session_backends.get_random_string = random_string
