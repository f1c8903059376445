"""The settings' rules on the environment: strict yes/no values, SECRET_KEY required with a
database server, and the test settings chosen by pytest rather than sniffed by the settings.

The settings are read when the process starts, so most tests start one: a fresh Python that
imports a settings module under exactly the variables given, and prints what it read.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool

BASE_DIR = Path(__file__).resolve().parents[2]
POSTGRES_URL = "postgres://workrooms@db.example.invalid:5432/workrooms"


def _start(tmp_path, names, module, env):
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": module,
            "VAR_DIR": str(tmp_path / "var"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(tmp_path, *names, module="config.settings", **env):
    """Start a process that reads ``module`` with only ``env`` (and a private VAR_DIR) set, and
    return the values of ``names`` as Django's settings hold them there."""
    run = _start(tmp_path, names, module, env)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def refusal(tmp_path, **env):
    """The error output of a process whose settings must refuse to load."""
    run = _start(tmp_path, ["DEBUG"], "config.settings", env)
    assert run.returncode != 0, run.stdout
    return run.stderr


# --- Yes/no variables ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("On", True),
        (" true ", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("no", False),
        ("OFF", False),
    ],
)
def test_yes_no_variable_accepts_the_usual_words_in_any_case(monkeypatch, value, expected):
    monkeypatch.setenv("WORKROOMS_TEST_FLAG", value)
    assert env_bool("WORKROOMS_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("value", [None, ""])
def test_unset_or_empty_yes_no_variable_takes_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("WORKROOMS_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("WORKROOMS_TEST_FLAG", value)
    assert env_bool("WORKROOMS_TEST_FLAG", default=True) is True
    assert env_bool("WORKROOMS_TEST_FLAG", default=False) is False


@pytest.mark.parametrize("value", ["ture", "enabled", "2", "y", "-"])
def test_unknown_yes_no_value_is_an_error_naming_variable_and_value(monkeypatch, value):
    monkeypatch.setenv("WORKROOMS_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("WORKROOMS_TEST_FLAG")
    assert f"WORKROOMS_TEST_FLAG={value!r}" in str(error.value)
    assert "true/false" in str(error.value)


def test_misspelt_https_stops_the_app_instead_of_turning_https_off(tmp_path):
    error = refusal(tmp_path, HTTPS="ture")
    assert "ImproperlyConfigured" in error
    assert "HTTPS='ture'" in error


def test_yes_no_words_reach_the_settings(tmp_path):
    read = load_settings(tmp_path, "DEBUG", "HTTPS", "SECURE_SSL_REDIRECT", DEBUG="Yes", HTTPS="on")
    assert read == {"DEBUG": True, "HTTPS": True, "SECURE_SSL_REDIRECT": True}


# --- SECRET_KEY ----------------------------------------------------------------------------


def test_database_server_without_secret_key_refuses_to_start(tmp_path):
    error = refusal(tmp_path, DATABASE_URL=POSTGRES_URL)
    assert "ImproperlyConfigured: SECRET_KEY is not set" in error
    assert "DATABASE_URL" in error
    assert not (tmp_path / "var" / "secret_key").exists()


def test_database_server_with_secret_key_uses_it(tmp_path):
    read = load_settings(tmp_path, "SECRET_KEY", DATABASE_URL=POSTGRES_URL, SECRET_KEY="k" * 50)
    assert read == {"SECRET_KEY": "k" * 50}


def test_embedded_install_generates_its_key_once_and_keeps_it(tmp_path):
    first = load_settings(tmp_path, "SECRET_KEY")["SECRET_KEY"]
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.read_text() == first
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(first) >= 50
    assert load_settings(tmp_path, "SECRET_KEY")["SECRET_KEY"] == first


def test_sqlite_database_url_without_secret_key_generates_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    read = load_settings(tmp_path, "SECRET_KEY", DATABASE_URL=url)
    assert read["SECRET_KEY"] == (tmp_path / "var" / "secret_key").read_text()


# --- Test settings, chosen explicitly --------------------------------------------------------


def test_real_settings_ignore_the_test_runner(tmp_path):
    # pytest exports PYTEST_VERSION to everything it starts; the real settings must not care.
    # (An install whose static files are collected: before that, see tests/core/test_first_run.)
    collected = tmp_path / "staticfiles"
    collected.mkdir()
    (collected / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    read = load_settings(
        tmp_path,
        "PASSWORD_HASHERS",
        "STORAGES",
        PYTEST_VERSION="9.2.0",
        STATIC_ROOT=str(collected),
    )
    assert read["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert read["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_suite_runs_on_the_test_settings():
    # pytest-django sets the variable from pyproject.toml before Django reads it.
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings_test"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.STORAGES["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


# --- Surviving restarts -----------------------------------------------------------------------


def test_postgresql_connections_are_checked_before_use(tmp_path):
    pooled = load_settings(tmp_path, "DATABASES", DATABASE_URL=POSTGRES_URL, SECRET_KEY="k")
    plain = load_settings(
        tmp_path, "DATABASES", DATABASE_URL=POSTGRES_URL, SECRET_KEY="k", DATABASE_POOL="false"
    )

    assert pooled["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert pooled["DATABASES"]["default"]["CONN_MAX_AGE"] == 0
    assert plain["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert plain["DATABASES"]["default"]["CONN_MAX_AGE"] == 60


def test_redis_cache_fails_soft_and_gives_up_quickly(tmp_path):
    read = load_settings(
        tmp_path,
        "CACHES",
        "CELERY_BROKER_TRANSPORT_OPTIONS",
        REDIS_URL="redis://cache.example.invalid:6379/0",
        REDIS_TIMEOUT="1.5",
    )

    cache = read["CACHES"]["default"]
    assert cache["BACKEND"] == "core.cache.FailSoftRedisCache"
    assert cache["OPTIONS"] == {"socket_connect_timeout": 1.5, "socket_timeout": 1.5}
    assert read["CELERY_BROKER_TRANSPORT_OPTIONS"] == {"socket_connect_timeout": 1.5}


def test_backups_go_under_var_and_keep_all_by_default(tmp_path):
    read = load_settings(tmp_path, "BACKUP_DIR", "BACKUP_KEEP")

    assert read == {"BACKUP_DIR": str(tmp_path / "var" / "backups"), "BACKUP_KEEP": 0}
