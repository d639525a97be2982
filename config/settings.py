"""Settings for the Contained site: one file, driven by environment variables.

DJANGO_DEBUG                "1" for development (the default), "0" in production.
DJANGO_SECRET_KEY           required when DJANGO_DEBUG=0, and strong (50+ characters, 5+ different).
DJANGO_ALLOWED_HOSTS        comma-separated host names (default: localhost,127.0.0.1,[::1]).
DATABASE_URL                e.g. postgres://user:pass@host/db (default: SQLite file db.sqlite3 in the repo).
DJANGO_HTTPS                "1" (the default when DJANGO_DEBUG=0): redirect to HTTPS, HSTS, secure cookies.
DJANGO_HSTS_SECONDS         HSTS max-age when DJANGO_HTTPS=1 (default one year).
DJANGO_TRUSTED_PROXIES      how many reverse proxies stand in front of the site (default 0); their
                            X-Forwarded-Proto and X-Forwarded-For headers are then believed.
DJANGO_CSRF_TRUSTED_ORIGINS comma-separated origins (https://course.example.org) when a proxy rewrites Host.
DJANGO_LOG_LEVEL            root log level (default INFO).
DJANGO_LOG_FORMAT           "json" (default when DJANGO_DEBUG=0: one JSON object per line) or "plain".
DJANGO_STATIC_ROOT          where collectstatic writes (default: staticfiles/ in the repo).
DJANGO_STATIC_MANIFEST      "1" to use the hashed, compressed static files (default: when DJANGO_DEBUG=0).
DJANGO_EMAIL_HOST, DJANGO_EMAIL_PORT, DJANGO_EMAIL_USER, DJANGO_EMAIL_PASSWORD, DJANGO_EMAIL_USE_TLS,
DJANGO_DEFAULT_FROM_EMAIL   SMTP for password-reset e-mails in production.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0: refusing to start in production "
            "with a guessable key."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    # The same rule as Django's deploy check (security.W009), enforced: a weak key signs sessions,
    # password-reset links and CSRF tokens that can then be forged.
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak for production (Django's check security.W009): use at "
        f"least {SECRET_KEY_MIN_LENGTH} random characters, at least "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, not starting with "
        f"'{SECRET_KEY_INSECURE_PREFIX}'. For example: python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "learners",
    "lessons",
    "quiz",
    "drills",
    "course",
    "classroom",
    "labs",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (a lesson is about 64 kB of HTML, 18 kB gzipped). After whitenoise,
    # which serves static files pre-compressed, and before anything that reads or writes the body.
    # Django's gzip, except that kept pages (lessons, course home) are spliced from pieces
    # compressed once (config/compression.py) rather than compressed whole for every request.
    # Safe against BREACH (guessing a secret in a compressed page from its size) because the only
    # secret on our pages, the CSRF token, is masked with a new random value in every response, so
    # no two responses carry it as the same bytes (and in a spliced page it is stored, not
    # compressed against the page at all); each compressed response is also padded with up to 100
    # random bytes, which blurs the sizes. Session ids travel in cookies, never in pages.
    "config.compression.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The person's own time zone (issue 13): after sessions and authentication.
    "learners.timezones.TimeZoneMiddleware",
    # Django's messages and CSP, made to cost nothing where a request does not use them
    # (config/middleware.py).
    "config.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    # django-htmx's request.htmx, reading its headers without building request.headers.
    "config.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during authentication into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL (or anything dj-database-url reads).
SQLITE_OPTIONS = {
    # IMMEDIATE transactions take the write lock up front, so concurrent writers wait (up to
    # `timeout` seconds) instead of failing with "database is locked" half-way through.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if os.environ.get("DATABASE_URL"):
    # Persistent connections (reused for 10 minutes) with a health check before each reuse, so a
    # restarted PostgreSQL costs one failed check, not a failed request.
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's database sessions, read with one plain query on every learner's request (config/sessions.py).
SESSION_ENGINE = "config.sessions"

# The cache holds rate-limit counters, so every gunicorn worker must see the same one: a table in
# the site's own database (created by `manage.py createcachetable`) needs no extra service.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
    }
}

# Requests per learner (a signed-in user, else the browser session) in a fixed window, and login
# and password-reset attempts per address and per account. See config/throttling.py.
RATE_LIMITS = {
    "answer": {"requests": 60, "seconds": 60},
    "drill-grade": {"requests": 10, "seconds": 60},
    "lab-exercise": {"requests": 60, "seconds": 60},
    "lab-run": {
        "requests": 60,
        "seconds": 60,
    },  # simulations posted to a lab (a Dockerfile, commands)
    # Drill gradings from one address whatever the cookies: a client minting a new anonymous
    # session per request is held here; a classroom of 30 behind one address is not.
    "drill-grade-per-address": {"requests": 100, "seconds": 60},
    # Failed logins from one address, whatever the account: generous, since a whole classroom can
    # share one address behind NAT (django-axes locks one account from one address after 5).
    "login-failures-per-address": {"requests": 30, "seconds": 15 * 60},
    "password-reset-per-address": {"requests": 10, "seconds": 60 * 60},
    "password-reset-per-email": {"requests": 3, "seconds": 60 * 60},
    # Joining a cohort: a few tries per account and per address, so join codes cannot be guessed.
    "cohort-join-per-user": {"requests": 10, "seconds": 60 * 60},
    "cohort-join-per-address": {"requests": 30, "seconds": 60 * 60},
}
# A visitor without a session yet (or a client that drops cookies) is counted by address, with
# this many times the per-learner allowance, so a classroom's first answers are not refused.
RATE_LIMIT_ADDRESS_FACTOR = 10
TRUSTED_PROXIES = env_int("DJANGO_TRUSTED_PROXIES", 0)

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# One account from one address: five wrong passwords lock that pair for 15 minutes, without letting
# a stranger lock a learner out everywhere. The per-address ceiling is RATE_LIMITS above.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.auth_views.axes_locked_out"
AXES_CLIENT_IP_CALLABLE = "config.throttling.client_address"
# E-mail (password resets): printed to the console in development; in production sent through the
# SMTP server in DJANGO_EMAIL_HOST (a message that cannot be sent is logged, never shown to the user).
if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 587),
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Contained <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# None: signing out shows templates/registration/logged_out.html, a confirmation, not the home page.
LOGOUT_REDIRECT_URL = None
# Anonymous progress lives in the session: it lasts SESSION_COOKIE_AGE (Django's default, two weeks)
# after the last thing saved (learners/services.py renews the session on a save, at most once an
# hour: config/sessions.py); the pages say
# how long from the setting itself.

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves hashed, compressed copies (collectstatic writes them and a manifest), cached for
# a year by whitenoise. DJANGO_STATIC_MANIFEST=1 asks for them without DJANGO_DEBUG=0, so an image
# build can run collectstatic without production secrets.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Content-Security-Policy, enforced: no inline scripts or styles anywhere. htmx's own script gets the
# per-request nonce through django-htmx's {% htmx_script %}.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS: on by default in production. DJANGO_HTTPS=0 is for trying the production image over plain
# HTTP on one's own machine (cookies would otherwise never come back over http://localhost).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Docker's HEALTHCHECK and load balancers probe over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True  # the token reaches htmx through the page, never through JavaScript
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
if TRUSTED_PROXIES:
    # The proxy terminates TLS and says so; without a proxy this header would be a client's word.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Where the course lives: lesson markdown with its diagrams, question banks, interview drills.
LESSONS_CONTENT_DIR = BASE_DIR / "lessons" / "content"
QUESTIONS_CONTENT_DIR = BASE_DIR / "quiz" / "content"
DRILLS_CONTENT_DIR = BASE_DIR / "drills" / "content"
# Hand-labelled answers that measure the drills' grader (docs/grading/README.md).
DRILLS_CORPUS_DIR = BASE_DIR / "drills" / "corpus"

# Logs go to standard error, where the container runtime collects them: one JSON object per line in
# production (config/logging.py), readable lines in development.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT") or ("plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # Standard error, not stdout: the container runtime collects both, and a command's
            # stdout then carries only its result (`manage.py grade … --json | python -m json.tool`).
            "stream": "ext://sys.stderr",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
