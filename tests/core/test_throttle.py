"""Rate limits for the public side (core.throttle): counted in the cache per fixed window, keys
never stored as such, the client's address read behind trusted proxies only, and a cache that
is down lets people through (with a warning) rather than showing them an error."""

import logging
import time

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory

from core import throttle
from tests.core.test_settings import load_settings

PHONE = "13800138000"
ADDRESS = "203.0.113.7"


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand: every ``time.time()`` (the cache's expiry included)."""
    now = [1_800_000_000.0]  # The start of an hour (and of a minute).
    monkeypatch.setattr(time, "time", lambda: now[0])

    class Clock:
        def advance(self, seconds: float) -> None:
            now[0] += seconds

    return Clock()


def stored_keys() -> list[str]:
    """Every key in the cache as stored: local memory's dict or Redis's database."""
    backend = caches["default"]
    if isinstance(getattr(backend, "_cache", None), dict):
        return list(backend._cache)
    return [key.decode() for key in backend._cache.get_client().keys("*")]


def test_attempts_up_to_the_limit_pass_and_the_next_is_refused():
    results = [throttle.hit("wish", ADDRESS, limit=3, window=60) for _ in range(4)]

    assert results == [True, True, True, False]


def test_each_key_and_each_scope_has_its_own_count():
    for _ in range(2):
        throttle.hit("wish", ADDRESS, limit=2, window=60)

    assert throttle.hit("wish", ADDRESS, limit=2, window=60) is False
    assert throttle.hit("wish", "198.51.100.1", limit=2, window=60) is True
    assert throttle.hit("request", ADDRESS, limit=2, window=60) is True


def test_exceeded_looks_without_counting():
    assert throttle.exceeded("sms", PHONE, limit=2, window=60) is False
    throttle.hit("sms", PHONE, limit=2, window=60)
    assert throttle.exceeded("sms", PHONE, limit=2, window=60) is False
    throttle.hit("sms", PHONE, limit=2, window=60)

    assert throttle.exceeded("sms", PHONE, limit=2, window=60) is True
    assert throttle.exceeded("sms", PHONE, limit=2, window=60) is True


def test_the_next_window_starts_afresh(clock):
    for _ in range(3):
        throttle.hit("wish", ADDRESS, limit=3, window=60)
    assert throttle.hit("wish", ADDRESS, limit=3, window=60) is False

    clock.advance(59)
    assert throttle.hit("wish", ADDRESS, limit=3, window=60) is False
    clock.advance(1)
    assert throttle.hit("wish", ADDRESS, limit=3, window=60) is True
    assert throttle.exceeded("wish", ADDRESS, limit=3, window=60) is False


def test_reset_forgets_the_attempts():
    throttle.hit("sms", PHONE, limit=1, window=60)
    throttle.reset("sms", PHONE, window=60)

    assert throttle.hit("sms", PHONE, limit=1, window=60) is True


def test_phone_numbers_and_addresses_never_reach_the_cache():
    throttle.hit("sms", PHONE, limit=5, window=60)
    throttle.hit("request", ADDRESS, limit=5, window=60)

    keys = [key for key in stored_keys() if "throttle" in key]
    assert len(keys) == 2
    assert not [key for key in keys if PHONE in key or ADDRESS in key or "138001" in key]


def test_a_cache_that_is_down_lets_people_through_and_says_so(monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    for method in ("add", "incr", "get"):
        monkeypatch.setattr(cache, method, down)

    with caplog.at_level(logging.WARNING, logger="core.throttle"):
        allowed = [throttle.hit("request", ADDRESS, limit=1, window=60) for _ in range(3)]
        over = throttle.exceeded("request", ADDRESS, limit=1, window=60)

    assert allowed == [True, True, True]
    assert over is False
    assert "cache is unavailable" in caplog.text
    assert ADDRESS not in caplog.text


# --- the client's address ---------------------------------------------------------------------


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/w/1/request/", **extra)


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert throttle.client_address(request_from("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert throttle.client_address(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4"; the proxy appended the address it really came from.
    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.7")

    assert throttle.client_address(request) == "203.0.113.7"


def test_behind_two_proxies_the_outer_ones_view_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "1.2.3.4, 203.0.113.7, 10.0.0.2")

    assert throttle.client_address(request) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_a_missing_or_garbled_header_counts_the_proxy(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1

    assert throttle.client_address(request_from("10.0.0.2", forwarded)) == "10.0.0.2"


def test_the_proxy_count_is_read_from_the_environment_for_allauth_too(tmp_path):
    assert load_settings(tmp_path, "TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT") == {
        "TRUSTED_PROXY_COUNT": 0,
        "ALLAUTH_TRUSTED_PROXY_COUNT": 0,
    }
    assert load_settings(
        tmp_path, "TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="2"
    ) == {"TRUSTED_PROXY_COUNT": 2, "ALLAUTH_TRUSTED_PROXY_COUNT": 2}
