"""Login throttling (django-axes) for the login forms, not for code that logs people in itself."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, first of AUTHENTICATION_BACKENDS.

    A password typed into a form always comes with its request, and is throttled per account and
    client address. An ``authenticate()`` without a request is code that holds the password
    itself (the test client's ``login()``, a shell), which no one can drive from the network:
    Axes would refuse it outright, so it is let through to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
