"""Rate limits (songlo/ratelimit.py): one count per client address, shared by every process.

The cache is the database cache unless CACHE_URL says Redis (tests/integration/test_ratelimit_redis.py).
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import RequestFactory

from songlo.cache import DatabaseCache
from songlo.ratelimit import hit, rate_limit_key


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.django_db
def test_ratelimit_allows_limit_attempts_then_refuses():
    request = _request("198.51.100.1")

    results = [hit("t-limit", request, limit=3, window=60) for _ in range(5)]

    assert results == [True, True, True, False, False]
    assert cache.get(rate_limit_key("t-limit", request)) == 5


@pytest.mark.django_db
def test_ratelimit_behind_trusted_proxy_counts_each_citizen_apart(settings):
    settings.TRUSTED_PROXIES = 1
    citizen_a = _request("10.0.0.2", "203.0.113.7")
    citizen_b = _request("10.0.0.2", "203.0.113.8")

    a = [hit("t-proxy", citizen_a, limit=2, window=60) for _ in range(3)]
    b = [hit("t-proxy", citizen_b, limit=2, window=60) for _ in range(2)]

    assert a == [True, True, False]
    assert b == [True, True]
    assert rate_limit_key("t-proxy", citizen_a) == "ratelimit:t-proxy:203.0.113.7"


@pytest.mark.django_db
def test_ratelimit_without_trusted_proxy_ignores_forged_forwarded_for(settings):
    settings.TRUSTED_PROXIES = 0
    forged = [_request("198.51.100.9", f"203.0.113.{i}") for i in range(3)]

    results = [hit("t-forged", request, limit=2, window=60) for request in forged]

    assert results == [True, True, False]


def test_cache_default_is_the_shared_database_cache():
    # The test settings leave CACHE_URL unset, as a production without Redis does.
    assert isinstance(caches["default"], DatabaseCache)


@pytest.mark.django_db(transaction=True)
def test_ratelimit_counter_is_shared_by_two_database_connections():
    """Two processes are two connections to the same cache table: their attempts add up."""
    scope = f"t-shared-{uuid.uuid4().hex}"
    request = _request("198.51.100.20")
    here = [hit(scope, request, limit=3, window=60) for _ in range(2)]
    there: list[bool] = []
    connections_seen = [id(connection.connection)]

    def other_process():
        try:
            there.extend(hit(scope, request, limit=3, window=60) for _ in range(2))
            connections_seen.append(id(connection.connection))
        finally:
            connection.close()

    worker = threading.Thread(target=other_process)
    worker.start()
    worker.join()

    assert here == [True, True]
    assert there == [True, False]
    assert len(set(connections_seen)) == 2
    cache.delete(rate_limit_key(scope, request))


@pytest.mark.django_db
def test_database_cache_incr_of_missing_or_expired_key_raises(settings):
    with pytest.raises(ValueError):
        cache.incr("t-missing")
    cache.set("t-expired", 1, -1)
    with pytest.raises(ValueError):
        cache.incr("t-expired")
    cache.set("t-live", 41, 60)
    assert (cache.incr("t-live"), cache.incr("t-live", 2), cache.get("t-live")) == (42, 44, 44)
