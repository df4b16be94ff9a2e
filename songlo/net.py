"""The real client address, behind as many proxies as the operator says to trust.

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only as far as
``TRUSTED_PROXIES`` says: with N trusted proxies in front of Songlo, the address chain is the
header's entries followed by ``REMOTE_ADDR``; the last N are our proxies and the one before
them is the client. With N = 0 (the default) the header is ignored altogether. Rate limits and
login throttling key on this address (docs/security.md).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (never a value the client chose freely)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "unknown"
    trusted = settings.TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    chain = [*forwarded, remote]
    if len(chain) <= trusted:
        # Fewer hops than proxies: the header was not written by our proxies; the farthest is all we know.
        return _valid(chain[0]) or remote
    return _valid(chain[-(trusted + 1)]) or remote


def axes_client_ip(request: HttpRequest) -> str | None:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same address as every other limit.

    None when there is no address at all (a request built in code, e.g. the test client's
    ``force_login``): Axes stores the address in an IP column, which "unknown" would not fit.
    """
    address = client_ip(request)
    return None if address == "unknown" else address
