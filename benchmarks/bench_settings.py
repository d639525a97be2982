"""Production settings for benchmarks/http.py, with every rate limit out of the load's reach.

The limits would refuse a load generator within seconds and hide what a request really costs. Each
limit keeps its size (so checking it costs what it costs in production) and its window shrinks to
one second: the benchmark's learners answer about ten times a second each, far below 60 answers in
a second, so nothing is refused, and the answer limit's read (quiz.selectors.answer_stored_at) walks
the handful of answers of the last second. Lifting the sizes instead (once a million times) made
that read walk every answer of the last minute, about 660 per learner at 1,100 answers a second,
where production walks at most the 60 its limit allows: a cost production never has.

The benchmark counts refused answers (any 429 is a status error in its table).
"""

from __future__ import annotations

from config.settings import *  # noqa: F403
from config.settings import RATE_LIMITS

RATE_LIMITS = {scope: {**limit, "seconds": 1} for scope, limit in RATE_LIMITS.items()}
