"""What a person must do right after logging in before any other page: enter a code from their
authenticator app, set one up when the policy requires it, choose their own password.

The steps are worked out once, when the person logs in (``user_logged_in``), and kept in the
session; the middleware then only reads the session, so pages cost no extra query. A policy
change applies from each person's next login.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from accounts import twofactor
from accounts.models import User

SESSION_KEY = "songlo_login_steps"
OTP = "otp"
SETUP = "setup"
PASSWORD = "password"  # noqa: S105 - the name of a step, not a password
STEP_URLS = {OTP: "two_factor_verify", SETUP: "two_factor_setup", PASSWORD: "password_change"}
# Reachable whatever is pending.
ALWAYS_OPEN = ("logout", "set_language", "healthz", "admin:logout")


def steps_for(user: User) -> list[str]:
    steps = []
    if twofactor.confirmed_device(user) is not None:
        steps.append(OTP)
    elif twofactor.is_required(user):
        steps.append(SETUP)
    if user.must_change_password:
        steps.append(PASSWORD)
    return steps


def on_login(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = steps_for(user)


def pending(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY) or [])


def done(request: HttpRequest, step: str) -> None:
    request.session[SESSION_KEY] = [s for s in pending(request) if s != step]


class LoginStepsMiddleware:
    """Send a logged-in person with a pending step to that step's page (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.redirect(request) or self.get_response(request)

    @staticmethod
    def redirect(request) -> HttpResponseRedirect | None:
        session = getattr(request, "session", None)
        if session is None:
            return None
        steps = session.get(SESSION_KEY)
        if steps is None:
            # A session from before this check existed: work the steps out once.
            if not request.user.is_authenticated:
                return None
            steps = session[SESSION_KEY] = steps_for(request.user)
        if not steps or not request.user.is_authenticated:
            return None
        target = reverse(STEP_URLS[steps[0]])
        if request.path == target or request.path in {reverse(name) for name in ALWAYS_OPEN}:
            return None
        if request.method == "GET":
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return HttpResponseRedirect(target)
