"""Three middleware (two of Django's, django-htmx's), changed only so that what a request does not
use costs it nothing.

Every request passes through every middleware, so their fixed costs add up on every page and every
answer (measured in process, one request at a time, benchmarks' database):

- Django's MessageMiddleware makes the message storage (a cookie store and a session store) for
  every request and asks it to save afterwards: about 20 µs. Only the admin uses messages; the
  course's pages never do. Here the storage is made when something first asks for it.
- Django's ContentSecurityPolicyMiddleware builds the policy text from the settings for every
  response: 15 to 40 µs. The text changes only with the nonce, so it is built once per setting and
  the nonce put in its place.
- django-htmx's HtmxMiddleware reads its headers (HX-Request and the rest) through
  `request.headers`, which builds a dictionary of every header the request carries the first time
  anything asks: about 15 µs of an answer, whose view asks `request.htmx` and nothing else of the
  headers. Here they are read from `request.META`, where the same headers are, by the names WSGI
  gives them.

All three behave as Django's own otherwise; tests/test_middleware.py holds them to that.
"""

from __future__ import annotations

import secrets
from functools import partial
from urllib.parse import unquote

from django.conf import settings
from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.middleware import csp as csp_middleware
from django.utils.csp import CSP, build_policy
from django.utils.functional import SimpleLazyObject, empty
from django_htmx import middleware as htmx_middleware


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, with the message storage made the first time something uses it."""

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(partial(default_storage, request))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        messages = request.__dict__.get("_messages")
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            # Nothing read or added a message: Django's storage would have nothing to save either.
            return response
        return super().process_response(request, response)


# Stands for the nonce in a policy built once; random, so no configured source can contain it.
_NONCE_MARK = f"nonce{secrets.token_hex(8)}"


class _BuiltPolicy:
    def __init__(self, config: dict) -> None:
        self.config = config  # held, so the cache below can tell when settings change
        self.with_nonce = build_policy(config, _NONCE_MARK)
        self.without_nonce = build_policy(config)


_built: dict[str, _BuiltPolicy] = {}


def policy_text(setting: str, nonce) -> str:
    """The policy in settings.<setting> for this response's nonce (or without, if none was used)."""
    config = getattr(settings, setting)
    built = _built.get(setting)
    if built is None or built.config is not config:  # first use, or settings changed (tests)
        built = _built[setting] = _BuiltPolicy(config)
    # As Django's: a nonce appears only if the page used one (a LazyNonce is false until then).
    if nonce:
        return built.with_nonce.replace(_NONCE_MARK, str(nonce))
    return built.without_nonce


class ContentSecurityPolicyMiddleware(csp_middleware.ContentSecurityPolicyMiddleware):
    """Django's, with the policy texts built once per setting instead of for every response."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        nonce = csp_middleware.get_nonce(request)
        unset = object()
        for header, setting, override in (
            (CSP.HEADER_ENFORCE, "SECURE_CSP", "_csp_config"),
            (CSP.HEADER_REPORT_ONLY, "SECURE_CSP_REPORT_ONLY", "_csp_ro_config"),
        ):
            # As Django's: a view may set its own config (the csp_override decorators) or its own
            # header; an empty config means no header.
            config = getattr(response, override, unset)
            if config is unset:
                config, text = getattr(settings, setting), partial(policy_text, setting, nonce)
            else:
                text = partial(build_policy, config, nonce)
            if config and header not in response:
                response.headers[str(header)] = text()
        return response


class HtmxDetails(htmx_middleware.HtmxDetails):
    """django-htmx's `request.htmx`, reading each header from `request.META`."""

    def _get_header_value(self, name: str) -> str | None:
        # As request.headers names them: "HX-Current-URL" is META's "HTTP_HX_CURRENT_URL".
        key = "HTTP_" + name.upper().replace("-", "_")
        meta = self.request.META
        value = meta.get(key) or None
        if value and meta.get(key + "_URI_AUTOENCODED") == "true":
            value = unquote(value)
        return value


class HtmxMiddleware(htmx_middleware.HtmxMiddleware):
    """django-htmx's, with the `request.htmx` above."""

    def __call__(self, request: HttpRequest):
        if self.async_mode:
            return self.__acall__(request)
        request.htmx = HtmxDetails(request)
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        request.htmx = HtmxDetails(request)
        return await self.get_response(request)
