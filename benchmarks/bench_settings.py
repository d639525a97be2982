"""Production settings for benchmarks/http.py, with every rate limit lifted.

The limits would refuse a load generator within seconds and hide what a request really costs; the
counters are still kept (the cost of counting is part of what is measured), only the ceilings move.
"""

from __future__ import annotations

from config.settings import *  # noqa: F403
from config.settings import RATE_LIMITS

RATE_LIMITS = {
    scope: {**limit, "requests": limit["requests"] * 1_000_000}
    for scope, limit in RATE_LIMITS.items()
}
