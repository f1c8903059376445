"""Settings for the test suite: the real settings, plus what only tests want.

pytest chooses this module explicitly (``DJANGO_SETTINGS_MODULE`` in pyproject.toml); nothing in
``config.settings`` asks whether it runs under a test runner.
"""

import os

# Tests run on PostgreSQL too, where the real settings insist on a SECRET_KEY; a fixed one also
# keeps the suite from writing a key file under var/.
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

# Hashing at full strength would make the suite minutes slower without testing anything.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Pages render without collectstatic: no manifest to look the hashed file names up in.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Two-factor sign-in is required in production (a database server); the suite runs on PostgreSQL
# too, and its tests turn it on where they check it.
TWO_FACTOR_REQUIRED = False
