"""Sessions are in the database every web process shares, not in one process or the cache."""

from django.conf import settings


def test_sessions_live_in_the_shared_database():
    # The cache would lose them with Redis (a restart, an outage: everyone signed out);
    # tests/scale/test_two_web_servers.py shows two servers serving one session in turn.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
