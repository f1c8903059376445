"""Rate limits for what anyone may do without an account: raising a request, posting a wish,
asking for a tracking code by SMS.

Attempts are counted in the configured Django cache (Redis in production, local memory
embedded) in fixed windows::

    from core import throttle

    address = throttle.client_address(request)
    if not throttle.hit("public-request", address, limit=5, window=3600):
        ...  # refuse: too many requests from this address this hour

``hit`` counts an attempt and says whether it is still within the limit; ``exceeded`` only
looks (say, to hide a form before the visitor fills it in); ``reset`` forgets the count (after
a successful check, for instance).

The key (an address, a phone number) never reaches the cache as such: it is replaced by an
HMAC under ``SECRET_KEY``, so the cache holds no personal data and a phone number cannot be
recovered from it by trying every number.

When the cache cannot be reached the limits fail *open*: the attempt is allowed and a warning is
logged. A resident's request must not meet an error page because Redis restarted; the worst
case is an hour without limits, which the bot check (``core.botcheck``) still narrows.
"""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

KEY_SALT = "core.throttle"


def _now() -> float:
    return time.time()


def _cache_key(scope: str, key: str, window: int) -> str:
    # The window's number is part of the key: each window starts a fresh counter, so a counter
    # never outlives its window even if Redis lost its expiry (Django's incr is EXISTS + INCR,
    # and a key expiring between the two comes back without a timeout).
    digest = salted_hmac(KEY_SALT, f"{scope}\x00{key}", algorithm="sha256").hexdigest()
    bucket = int(_now() // window)
    return f"throttle:{scope}:{window}:{digest[:40]}:{bucket}"


def _check(limit: int, window: int) -> None:
    if limit < 1 or window < 1:
        raise ValueError("limit and window must be positive")


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt of ``key`` (an address, a phone number) in ``scope`` and return
    whether it is within ``limit`` attempts per ``window`` seconds.

    True: go ahead. False: refuse; the refused attempt is counted too, so hammering does not
    help. Windows are fixed (aligned on multiples of ``window`` since the epoch), so a client
    may make up to twice ``limit`` attempts across a window boundary. Fails open (True, and a
    logged warning) when the cache is unreachable.
    """
    _check(limit, window)
    cache_key = _cache_key(scope, key, window)
    try:
        # add() sets the counter only if absent; incr() is Redis's atomic INCR, so two
        # processes counting at once both count.
        if cache.add(cache_key, 1, timeout=window):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:
                # The counter expired between add() and incr(): this attempt starts a new one.
                cache.add(cache_key, 1, timeout=window)
                count = 1
    except Exception:
        logger.warning("Rate limit %r not applied: the cache is unavailable.", scope, exc_info=True)
        return True
    return count <= limit


def exceeded(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Whether ``key`` has used up its ``limit`` in ``scope`` this window, so that its next
    ``hit`` would be refused. Counts nothing. False when the cache is unreachable."""
    _check(limit, window)
    try:
        count = int(cache.get(_cache_key(scope, key, window), 0))
    except Exception:
        logger.warning("Rate limit %r not checked: the cache is unavailable.", scope, exc_info=True)
        return False
    return count >= limit


def reset(scope: str, key: str, *, window: int) -> None:
    """Forget the attempts of ``key`` in ``scope`` in the current window."""
    try:
        cache.delete(_cache_key(scope, key, window))
    except Exception:
        logger.warning("Rate limit %r not reset: the cache is unavailable.", scope, exc_info=True)


def _grouped(address: str) -> str:
    """IPv6 addresses by their /64 network: one phone or home holds a whole /64 and could
    otherwise rotate through it to escape every limit."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_address(request: HttpRequest) -> str:
    """The visitor's IP address, for rate limits.

    ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` (environment variable of the same name)
    says how many reverse proxies stand in front of the app: then the address the outermost of
    them saw, read from ``X-Forwarded-For`` counting from the right. Entries further left are
    written by the client and could be anything, so they are never read. A missing or garbled
    header gives ``REMOTE_ADDR`` (the proxy's address: one shared, stricter limit rather than
    one a client can choose). An IPv6 address counts as its /64 network.
    """
    return _grouped(_client_ip(request))


def _client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [part.strip() for part in header.split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
