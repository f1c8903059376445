"""The production cache fails soft: with Redis down, reads miss and writes are dropped, once
logged, and Redis is left alone for a few seconds instead of being asked again on every call."""

import logging

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError

from core import cache as soft_cache


def test_reads_miss_and_writes_are_dropped_when_redis_is_down(unreachable_cache):
    cache.set("key", "value")

    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["key"]) == {}
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    cache.delete_many(["key"])
    cache.clear()


def test_counters_fail_open(unreachable_cache):
    # As if each attempt were the first: rate limits let people through rather than fail.
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 1


def test_the_outage_is_logged_once(unreachable_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(3):
            cache.get("key")
            soft_cache.OUTAGE.until = 0  # past the pause: Redis is asked again

    assert len(caplog.records) == 1
    assert "unreachable" in caplog.records[0].getMessage()


def test_redis_is_not_asked_again_during_the_pause(unreachable_cache, monkeypatch):
    cache.get("key")
    calls = []
    monkeypatch.setattr(
        soft_cache.RedisCache, "get", lambda *args, **kwargs: calls.append(args) or "value"
    )

    assert cache.get("key") is None
    assert calls == []


def test_the_health_probe_raises(unreachable_cache):
    with pytest.raises(RedisConnectionError):
        cache.check()


def test_other_errors_still_raise(unreachable_cache, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValueError("not a number")

    monkeypatch.setattr(soft_cache.RedisCache, "incr", refuse)

    with pytest.raises(ValueError):
        cache.incr("counter")
