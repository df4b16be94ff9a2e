"""Rate limits kept in the shared cache and keyed on the real client address.

The count lives in the cache every process shares (``CACHE_URL``: Redis, or the database cache),
so three gunicorn workers count together; and it is keyed on ``songlo.net.client_ip``, so behind
the production proxy each citizen has a count of their own instead of all sharing the proxy's.
The first attempt of a window creates the key with the window as its lifetime (``cache.add``),
each attempt then increments it (``cache.incr``, atomic in Redis and in songlo.cache.DatabaseCache).
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from songlo.net import client_ip


def rate_limit_key(scope: str, request: HttpRequest) -> str:
    return f"ratelimit:{scope}:{client_ip(request)}"


def hit(scope: str, request: HttpRequest, *, limit: int, window: int) -> bool:
    """Count one attempt of the request's client on ``scope``; False once it is past ``limit``
    attempts in the ``window`` (seconds) that began with its first attempt."""
    key = rate_limit_key(scope, request)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr: this attempt opens a new one
        cache.add(key, 1, window)
        count = 1
    return count <= limit
