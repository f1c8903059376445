"""The production cache: Django's Redis cache, failing soft when Redis is unreachable.

Everything we keep in the cache can be lost: cached public pages are rebuilt, rate-limit
counters start again (allauth's sign-in limits and ``core.throttle`` fail open), version tokens
are made anew. So a Redis outage must not turn into error pages: when Redis cannot be reached,
reads are misses and writes are dropped, with one warning in the log per outage. Django's
``RedisCache`` raises instead, and signing in answered 500 while Redis was down.

After a failure the cache does not try Redis again for ``RETRY_SECONDS``: an unreachable host
would otherwise cost every cache call the connect timeout, and a page makes several.

``check()`` is the health check's probe (``/healthz/``): a real round trip that raises.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Connection trouble only: any other error (a bad value, a Redis command refused) is a bug and
# still raises.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 5.0

T = TypeVar("T")


class _Outage:
    """Shared by every thread's cache object in this process: when Redis is down, it is down
    for all of them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.until = 0.0
        self.reported = False

    def reset(self) -> None:
        with self.lock:
            self.until, self.reported = 0.0, False

    def skipping(self) -> bool:
        return time.monotonic() < self.until

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            self.until = time.monotonic() + RETRY_SECONDS
            first, self.reported = not self.reported, True
        if first:
            logger.warning(
                "The cache (Redis) is unreachable: serving without it until it answers (%s: %s).",
                exc.__class__.__name__,
                exc,
            )

    def recovered(self) -> None:
        if self.reported:
            with self.lock:
                first, self.reported = self.reported, False
            if first:
                logger.warning("The cache (Redis) answers again.")


OUTAGE = _Outage()


class FailSoftRedisCache(RedisCache):
    def _soft(self, call: Callable[[], T], fallback: T) -> T:
        if OUTAGE.skipping():
            return fallback
        try:
            result = call()
        except UNREACHABLE as exc:
            OUTAGE.failed(exc)
            return fallback
        OUTAGE.recovered()
        return result

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        # As if stored: the callers (rate limits, version tokens) then go ahead, which is
        # what failing open means for them.
        return self._soft(lambda: RedisCache.add(self, key, value, timeout, version), True)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._soft(lambda: RedisCache.get(self, key, default, version), default)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._soft(lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._soft(lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._soft(lambda: RedisCache.delete(self, key, version), False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._soft(lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._soft(lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # As if the counter had just started.
        return self._soft(lambda: RedisCache.incr(self, key, delta, version), delta)

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._soft(lambda: RedisCache.set_many(self, data, timeout, version), [])

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._soft(lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._soft(lambda: RedisCache.clear(self), None)

    def check(self) -> None:
        """Store and read back a value, raising whatever Redis raises (the health check)."""
        token = secrets.token_hex(8)
        super().set("healthz", token, 10)
        if super().get("healthz") != token:
            raise RuntimeError("the cache did not return what was stored")
        OUTAGE.recovered()
