"""Login and password reset with throttling in front of django.contrib.auth's own views.

- One account from one address: django-axes locks the pair after AXES_FAILURE_LIMIT wrong passwords
  (its backend refuses the login before any password is checked; `axes_locked_out` draws the page).
- One address, whatever the accounts: RATE_LIMITS["login-failures-per-address"] failed logins.
- Password-reset requests: RATE_LIMITS per address and per e-mail address, so nobody can flood a
  mailbox or probe addresses quickly. The page is the same whether the address has an account or not.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from config import throttling
from learners.selectors import SESSION_KEY
from learners.services import learner_claim_anonymous


def axes_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): the friendly 429 page."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    verdict = throttling.Verdict(False, seconds)
    return throttling.too_many_requests(
        request,
        verdict,
        "Too many wrong passwords for this account from your network, so signing in to it is "
        "paused for a while. If you have forgotten your password, you can reset it.",
    )


class LoginView(auth_views.LoginView):
    def form_valid(self, form):
        # What this browser did before signing in moves into the account.
        anonymous_learner_id = self.request.session.get(SESSION_KEY)
        response = super().form_valid(form)
        learner_claim_anonymous(anonymous_learner_id=anonymous_learner_id, user=form.get_user())
        self.request.session.pop(SESSION_KEY, None)
        return response

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        scope = "login-failures-per-address"
        address = throttling.client_address(request)
        verdict = throttling.rate_limit_peek(scope, address, **throttling.limit_for(scope))
        if not verdict.allowed:
            return throttling.too_many_requests(
                request,
                verdict,
                "Too many failed sign-ins from your network, so signing in from it is paused.",
            )
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back with an error: a failed login
            throttling.rate_limit_hit(scope, address, **throttling.limit_for(scope))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        address = throttling.client_address(request)
        email = request.POST.get("email", "").strip().lower()
        verdicts = [
            throttling.rate_limit_hit(
                "password-reset-per-address",
                address,
                **throttling.limit_for("password-reset-per-address"),
            )
        ]
        if email:
            verdicts.append(
                throttling.rate_limit_hit(
                    "password-reset-per-email",
                    email,
                    **throttling.limit_for("password-reset-per-email"),
                )
            )
        refused = [verdict for verdict in verdicts if not verdict.allowed]
        if refused:
            return throttling.too_many_requests(
                request,
                max(refused, key=lambda verdict: verdict.retry_after),
                "We have already sent several password-reset e-mails. Check your inbox (and spam "
                "folder) for the latest one.",
            )
        return super().post(request, *args, **kwargs)
