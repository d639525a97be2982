"""The site's own 400 handler.

Django's default `bad_request` view runs the CSRF check again (it is decorated with
`requires_csrf_token`), and that check reads `request.POST`. When the body itself is what was wrong
(a form encoded as latin-1, more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS), reading it raises the
same error again inside the handler and the visitor gets a 500. This handler renders the 400 page
without touching the body.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)
