"""gunicorn settings for Contained: `gunicorn --config gunicorn.conf.py --no-control-socket config.wsgi`.

PORT             port to listen on (default 8000), on every interface inside a container.
WEB_CONCURRENCY  worker processes (default 2 per CPU + 1, at most 8, counting the container's CPU
                 limit rather than the host's CPUs).
GUNICORN_TIMEOUT seconds before a stuck worker is replaced (default 30).
DJANGO_TRUSTED_PROXIES  as for Django: 0 (the default) means no proxy, and gunicorn then believes
                 X-Forwarded-Proto from nobody, not even 127.0.0.1 (gunicorn's own default). With 1
                 or more, it believes the proxy in front: FORWARDED_ALLOW_IPS names its addresses
                 (comma-separated IPs or networks), "*" by default, as Django then believes it too.

Logs (errors and one access line per request) go to standard error in the same format as Django's:
JSON lines unless DJANGO_LOG_FORMAT=plain.
"""

from __future__ import annotations

import multiprocessing
import os


def cpu_limit() -> float:
    """CPUs this process may use: the cgroup v2 quota (docker run --cpus, compose cpus) if any."""
    try:
        with open("/sys/fs/cgroup/cpu.max") as limits:
            quota, period = limits.read().split()
        if quota != "max":
            return max(int(quota) / int(period), 1.0)
    except (OSError, ValueError):
        pass
    return float(multiprocessing.cpu_count())


bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(int(2 * cpu_limit()) + 1, 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# The site is imported once, in the master, before the workers are forked (config/wsgi.py also
# loads the URLconf there): workers share its memory and a replaced worker starts in milliseconds.
# A deploy restarts the container, so reloading code on HUP (which preloading rules out) is not needed.
preload_app = True
# Requests a worker serves before it is replaced, with jitter so they do not all restart at once:
# it bounds any slow memory growth. A new worker costs about a second of CPU (importing the site)
# and builds its kept pages again (lessons/caching.py): at 2,000 that was half a millisecond per
# request, as much as a kept lesson page costs, so workers now live ten times longer.
max_requests = 20000
max_requests_jitter = 2000
# The control socket (new in gunicorn 27) is not needed: containers are managed from outside.
control_socket_disable = True


def forwarded_addresses(environ: dict) -> str:
    """Whose X-Forwarded-Proto gunicorn believes (it decides wsgi.url_scheme, hence "is this HTTPS?").

    Tied to DJANGO_TRUSTED_PROXIES, so gunicorn and Django agree: without a proxy a client's
    header proves nothing, whichever address it comes from.
    """
    try:
        proxies = int(environ.get("DJANGO_TRUSTED_PROXIES") or "0")
    except ValueError:
        proxies = 0  # Django's settings refuse the value with a message when they load
    if proxies <= 0:
        return ""
    return environ.get("FORWARDED_ALLOW_IPS") or "*"


forwarded_allow_ips = forwarded_addresses(os.environ)

_debug = os.environ.get("DJANGO_DEBUG", "1").strip().lower() in {"1", "true", "yes", "on"}
_format = os.environ.get("DJANGO_LOG_FORMAT") or ("plain" if _debug else "json")
accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": _format,
        }
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
