"""Rate limits on Redis (CACHE_URL=redis://...): two processes, one counter."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from songlo.ratelimit import hit, rate_limit_key

pytestmark = pytest.mark.integration


def test_ratelimit_counter_on_redis_is_shared_by_two_processes(clean_broker, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": clean_broker}}
    settings.TRUSTED_PROXIES = 1
    citizen = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    neighbour = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    here = [hit("objection", citizen, limit=3, window=60) for _ in range(2)]
    there: list[bool] = []
    clients = [id(caches["default"])]

    def other_process():  # another thread: another cache client and Redis connection
        there.extend(hit("objection", citizen, limit=3, window=60) for _ in range(2))
        clients.append(id(caches["default"]))

    worker = threading.Thread(target=other_process)
    worker.start()
    worker.join()
    other = hit("objection", neighbour, limit=3, window=60)

    assert isinstance(caches["default"], RedisCache)
    assert (here, there, other) == ([True, True], [True, False], True)
    assert len(set(clients)) == 2
    assert caches["default"].get(rate_limit_key("objection", citizen)) == 4
