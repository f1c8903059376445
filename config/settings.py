"""Settings for Workrooms, read from the environment.

With no variables set, the app runs embedded: SQLite under ``var/``, Celery tasks in-process,
local-memory cache, mail printed to the console. Production sets DATABASE_URL, REDIS_URL and
the rest (see the configuration table in README.md). The test suite runs on
``config.settings_test``, which starts from these.
"""

import os
import re
import secrets
import warnings
from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable. Anything but the words above stops the app: a misspelt HTTPS=ture
    must not quietly turn the HTTPS redirect and secure cookies off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use true/false, 1/0, yes/no or on/off."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _embedded_secret_key() -> str:
    # A laptop install has no one to set SECRET_KEY, so it keeps a generated one beside its
    # database instead of shipping a known key in git.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # The account page's list of one's sessions, with "sign out everywhere else".
    "allauth.usersessions",
    "django_filters",
    "treebeard",
    "csp",  # only for its system checks of CONTENT_SECURITY_POLICY
    # Our apps, in the order the demo builds them.
    "core",
    "accounts",
    "workrooms",
    "representatives",
    "rosters",
    "petitions",
    "activities",
    "reports",
    "records",
    # Notifications: called by the apps above, so it sits in the layers between workrooms and
    # representatives; listed here because its demo builder runs last.
    "notices",
    # The residents' side: public pages, door notices, submissions without an account.
    "public",
    # The pages that span them: home, account, navigation, health check, the demo.
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.two_factor.RequireTwoFactorMiddleware",
    "accounts.sessions.IdleSessionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "notices.context_processors.inbox",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'workrooms.sqlite3'}",
        conn_max_age=0,
    )
}
# The lists' covering index carries the request's state as a non-key column on PostgreSQL;
# SQLite keeps the index without it, which is all an embedded install needs: no warning for it.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL restarted (an upgrade, a failover) leaves every open connection dead: with
    # health checks each is tested before use and replaced, so the app recovers on its own,
    # without a 500 per dead connection and without being restarted itself (with the pool, the
    # pool checks each connection it lends: a round trip).
    # PGBOUNCER=true: DATABASE_URL names a PgBouncer in transaction pooling mode, which hands
    # each transaction whichever server connection is free. Nothing may then outlive a
    # transaction on the server: no server-side cursors (iterator() would lose its cursor
    # between fetches), no prepared statements (psycopg prepares a query after its fifth run,
    # and the next transaction may land on a connection that never saw it), and no pool of
    # our own in front of PgBouncer's (DATABASE_POOL then defaults to false).
    PGBOUNCER = env_bool("PGBOUNCER", False)
    if PGBOUNCER:
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
    if env_bool("DATABASE_POOL", not PGBOUNCER):
        # psycopg 3's pool keeps connections open per process; Django requires CONN_MAX_AGE 0
        # with it. Our backend (config.postgresql) replaces every dead connection at once.
        DATABASES["default"]["ENGINE"] = "config.postgresql"
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN", "1")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
            "timeout": 10,
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE makes a writing transaction take the lock at BEGIN, so two clerks saving
            # at once queue up instead of failing with "database is locked" halfway through.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# --- Backups (portal.backup: `manage.py backup` / `restore`) --------------------------------
# Where `backup` writes its archives, and how many of the newest it keeps there (0: all).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "0"))
# `manage.py backup` copies the uploaded files into its archive, from the disk or the bucket.
# BACKUP_MEDIA=false leaves them out when the bucket is backed up by the object store itself
# (versioning, replication to another site): the archive then holds the database only.
BACKUP_MEDIA = env_bool("BACKUP_MEDIA", True)

# A database server means a deployment of several processes (web, worker, beat, often on
# several hosts) that must sign sessions and password-reset links with one key: a key generated
# on one container's disk would differ from the next one's, so a missing SECRET_KEY stops the start.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. It is required when DATABASE_URL names a database server; "
            "only the embedded SQLite install generates its own key (in VAR_DIR/secret_key)."
        )
    SECRET_KEY = _embedded_secret_key()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache, Celery ------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# The cache may share the broker's Redis, but not its database number: cache.clear() empties
# the whole database, queued tasks included.
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL", REDIS_URL)
# Seconds to wait for Redis (cache and broker) to accept a connection or answer: a dead Redis
# costs a page or /healthz/ this much, never the operating system's two-minute TCP timeout.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "2"))
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Redis, but an unreachable Redis reads as misses instead of raising (core/cache.py):
            # pages, signing in and the six steps keep working while it is down.
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "workrooms"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    # allauth's login rate limits count in the cache: a real (local-memory) cache, never Dummy.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
# No broker: run tasks in the web process so the embedded install needs no worker.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A worker killed mid-task leaves the message unacknowledged, so another worker runs it again;
# tasks are written to be safe to run twice. That is the broker's safety net; ours is the lease
# below, which the sweep checks (core/jobs.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Background jobs (core/jobs.py). A claimed job whose worker has not finished it after
# JOB_LEASE_SECONDS is taken for dead: run again, or failed after its last attempt. Size it to
# the longest job (a report renders in well under a second, a delivery waits NOTICE_TIMEOUT or
# EMAIL_TIMEOUT at most), not to the broker's one-hour visibility timeout. A queued job not
# claimed JOB_PICKUP_SECONDS after it was due lost its message and is queued again. The sweep
# runs every JOB_SWEEP_SECONDS under beat.
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "300"))
JOB_PICKUP_SECONDS = int(os.environ.get("JOB_PICKUP_SECONDS", "120"))
JOB_SWEEP_SECONDS = int(os.environ.get("JOB_SWEEP_SECONDS", "60"))
# Each app's sweeper (dotted paths), called by core.sweep.
JOB_SWEEPERS = [
    "reports.services.sweep_reports",
    "notices.delivery.sweep_deliveries",
    "public.submissions.sweep_code_sms",
]
# Redis redelivers an unacknowledged message after the visibility timeout, also one held for a
# retry's countdown: it must outlast the longest countdown (retry delays are capped below it),
# or every retry runs twice. Dead workers are found by the lease, so it need not be short.
# A broker that cannot be reached fails a send within seconds (the request goes on; the sweep
# queues the job later) instead of hanging a web worker.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "1800"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 3,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Connecting to an unreachable broker gives up after REDIS_TIMEOUT instead of hanging.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT}
# Each task lives beside the service it runs; the worker imports these modules to find them.
CELERY_IMPORTS = [
    "core.housekeeping",
    "core.jobs",
    "rosters.generation",
    "petitions.notifications",
    "activities.services.research",
    "reports.services",
    "notices.delivery",
    "public.submissions",
    "petitions.retention",
    "activities.services.wishes",
]


def _periodic(task: str, schedule: object, *, lock_seconds: int = 60 * 60) -> dict:
    """A beat entry that runs ``task`` through ``core.periodic`` (core/jobs.py): if two runs are
    asked for at once (two beats, a redelivered message), one does the work, the other nothing.
    Beat itself runs as one process: one ``beat`` service, never scaled (README, "Running a
    province")."""
    return {"task": "core.periodic", "schedule": schedule, "args": (task, lock_seconds)}


CELERY_BEAT_SCHEDULE = {
    "petition-deadline-reminders": _periodic(
        "petitions.send_deadline_reminders", crontab(hour=8, minute=0)
    ),
    # Next month's duties on the 20th, so representatives get about ten days' notice; the task
    # is idempotent, so the later days only catch a night the worker was down.
    "generate-next-month-shifts": _periodic(
        "rosters.generate_next_month", crontab(day_of_month="20-28", hour=2, minute=15)
    ),
    # "每月有接待、每月有反馈": every workroom's and district's report for the month before.
    "reports-previous-month": _periodic(
        "reports.generate_previous_month", crontab(minute=0, hour=2, day_of_month=1)
    ),
    "research-reply-reminders": _periodic(
        "activities.send_research_reminders", crontab(hour=8, minute=10)
    ),
    # Jobs whose message was lost (broker down at the commit) or whose worker died: queued
    # again, or failed after their last attempt (core/jobs.py). Its lock lasts a lease at most,
    # so a sweep killed midway delays the next by minutes, not an hour.
    "sweep-jobs": _periodic(
        "core.sweep", float(JOB_SWEEP_SECONDS), lock_seconds=max(JOB_LEASE_SECONDS, 60)
    ),
    # PIPL: residents' personal data removed once past its retention (core.retention).
    "deidentify-expired-requests": _periodic(
        "petitions.deidentify_expired", crontab(hour=3, minute=45)
    ),
    "deidentify-expired-wishes": _periodic(
        "activities.deidentify_expired_wishes", crontab(hour=3, minute=50)
    ),
    "clear-expired-sessions": _periodic("core.clear_expired_sessions", crontab(hour=3, minute=30)),
}

# --- Sign-in (django-allauth) ---------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    # Only a ceiling against brute force from one address: no per-account lockout (anyone knowing
    # a user name could keep its owner out) and room for a whole office behind one address.
    # Below it, repeated failures are slowed down by a question (accounts.signin).
    "login_failed": "200/15m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Behind a reverse proxy every visitor would share the proxy's address and so one rate limit;
# set to the number of proxies in front so allauth and core.throttle read the client from
# X-Forwarded-For (counting from the right: entries further left are the client's own words).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_FORMS = {"login": "accounts.signin.ChallengeLoginForm"}
# Wrong passwords before the sign-in form asks a question too: for one account from one
# address, and from one address for any accounts (accounts.signin).
SIGNIN_CHALLENGE_AFTER = int(os.environ.get("SIGNIN_CHALLENGE_AFTER", "3"))
SIGNIN_ADDRESS_CHALLENGE_AFTER = int(os.environ.get("SIGNIN_ADDRESS_CHALLENGE_AFTER", "20"))
# Staff (clerks, the liaison office, administrators, superusers) must set up an authenticator
# app; on by default in production (a database server), off in the embedded install.
TWO_FACTOR_REQUIRED = env_bool(
    "TWO_FACTOR_REQUIRED", DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
)
# Office computers are shared: a session ends after this long without a request (touched every
# few minutes of activity by accounts.sessions, not saved on every request).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
# Sessions live in the database (Django's default, named here because it is a choice): every
# web process on every host reads the same PostgreSQL, so a user may land on any replica, and a
# session survives a Redis restart or outage. In the cache they would vanish with Redis, or be
# read as missing while it is down (the cache fails soft): everyone signed out at once. The
# session row is written at sign-in and touched every few minutes (accounts.sessions), not on
# every request; the nightly clean-up (core.clear_expired_sessions) deletes expired ones.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Sessions are recorded at sign-in (address, browser); not updated on every request, which
# would cost queries on every page.
USERSESSIONS_TRACK_ACTIVITY = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "党代表工作室")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One way of writing dates per language on every page (config/formats/): no "12/02/2026 4:56 p.m."
# beside "Dec. 2, 2026".
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files are evidence and personal data: served only through scoped views, no MEDIA_URL.
MEDIA_URL = "/media-not-served/"
# Hashed, compressed names once `collectstatic` has written its manifest. Before that (`migrate`
# then `runserver`, every Django user's habit) the manifest storage cannot name a single file and
# every page would answer 500: serve the files from their source folders under their plain names
# instead, and say so when a server starts (config/wsgi.py).
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").is_file()
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
if not STATIC_COLLECTED:
    # WhiteNoise would also warn that STATIC_ROOT does not exist: the check says it once, better.
    warnings.filterwarnings("ignore", message=f"No directory at: {re.escape(str(STATIC_ROOT))}")
# Uploaded files (evidence photos, attachments, activity and wish photos, representatives'
# photos, rendered report PDFs) stay on the local disk under MEDIA_ROOT unless S3_BUCKET names
# an S3-compatible bucket (MinIO, Aliyun OSS, Tencent COS, AWS): then web and worker replicas
# on any number of hosts share them without a shared disk. Either way they are served only
# through the app's views after the scope check, read through the storage and streamed
# (core/storage.py): a browser never gets a link to the bucket.


def s3_storage(environ: Mapping[str, str]) -> dict:
    """The uploads' storage in the bucket ``environ`` names (S3_BUCKET and its companions)."""
    from botocore.config import Config

    timeout = float(environ.get("S3_TIMEOUT", "10"))
    options = {
        "bucket_name": environ["S3_BUCKET"],
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("S3_REGION") or None,
        # Objects under this prefix of the bucket, so one bucket may serve several installs.
        "location": environ.get("S3_PREFIX", "").strip("/"),
        # No ACL sent: objects are as private as the bucket (never make it public). A signed
        # address, if anything ever asked for one (``.url``), would be valid for a minute.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        # Never replace an object that has the same name: a report's new PDF, or a second
        # attachment called like the first, gets a name of its own, as on the local disk (the
        # report service deletes the file it no longer needs only after its row points elsewhere).
        "file_overwrite": False,
        # A download is read into a temporary file spooled in memory up to this size.
        "max_memory_size": 5 * 1024 * 1024,
        # A hung object store answers a page within seconds instead of holding a web worker;
        # "path" addressing (http://host/bucket/name) is what MinIO and most others accept.
        "client_config": Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"max_attempts": 3, "mode": "standard"},
            signature_version="s3v4",
            s3={"addressing_style": environ.get("S3_ADDRESSING_STYLE") or "path"},
        ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


S3_BUCKET = os.environ.get("S3_BUCKET", "")
_DEFAULT_STORAGE = (
    s3_storage(os.environ)
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_COLLECTED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_IMAGE_BYTES = int(os.environ.get("UPLOAD_MAX_IMAGE_BYTES", 5 * 1024 * 1024))
UPLOAD_MAX_ATTACHMENT_BYTES = int(os.environ.get("UPLOAD_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))
# Width x height above which a photo is refused before it is decoded (a 48-megapixel phone photo
# passes; a "decompression bomb" does not).
UPLOAD_MAX_IMAGE_PIXELS = int(os.environ.get("UPLOAD_MAX_IMAGE_PIXELS", 50_000_000))

# --- Inputs ----------------------------------------------------------------------------------
# The years a month or a date typed into a form or a filter may fall in (core.months): 0001-01
# or 9999-12 is a slip or a probe, refused with a form error.
MONTH_FIRST_YEAR = int(os.environ.get("MONTH_FIRST_YEAR", 2000))
MONTH_LAST_YEAR = int(os.environ.get("MONTH_LAST_YEAR", 2100))
# At most this many values in one multi-select (core.choices); a search at most this long.
FORM_MAX_CHOICES = int(os.environ.get("FORM_MAX_CHOICES", 200))
SEARCH_MAX_LENGTH = int(os.environ.get("SEARCH_MAX_LENGTH", 200))
# An Excel import reads at most this much unpacked XML and this many rows, blank ones included
# (core.xlsx): a 434 KB file can unpack to 147 MB of blank rows.
XLSX_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("XLSX_MAX_UNCOMPRESSED_BYTES", 20 * 1024 * 1024))
XLSX_MAX_ROWS = int(os.environ.get("XLSX_MAX_ROWS", 10_000))

# --- Mail ------------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A hung mail server must not hold a web worker until gunicorn kills it.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    # Without a mail server the embedded install prints mail (password resets) to the console.
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "党代表工作室 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
# HTTPS=true when a TLS-terminating proxy sits in front (production); the embedded install
# serves plain http://127.0.0.1:8000 and must keep working with these off.
HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The directive alone submits nothing to browsers; it only permits a later submission.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): scripts, styles, fonts only from our own static files,
# so no inline <script>, no onclick="..." and no style="..." in any template (a test scans
# them). Photos may be data: URLs (allauth's TOTP QR code). No page may be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Powerful browser features no page of ours uses, switched off for every page and anything it
# might embed (core.headers.PermissionsPolicyMiddleware sends it). camera=() concerns scripts
# (getUserMedia): a phone's <input type="file" accept="image/*"> still offers to take a photo.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- Personal data (PIPL, core.retention) ------------------------------------------------------
# Residents' names, phones and addresses are de-identified this many days after their matter
# was closed; the audit log is kept at least AUDIT_RETENTION_DAYS (nothing deletes it).
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", str(3 * 365)))
AUDIT_RETENTION_DAYS = max(3 * 365, int(os.environ.get("AUDIT_RETENTION_DAYS", str(3 * 365))))

# --- Residents' forms (core.botcheck) --------------------------------------------------------
# A public form sent back sooner than this many seconds after it was shown was not filled in by
# a person; one older than the maximum is refused as expired (the person's entries are kept).
PUBLIC_FORM_MIN_SECONDS = int(os.environ.get("PUBLIC_FORM_MIN_SECONDS", "3"))
PUBLIC_FORM_MAX_SECONDS = int(os.environ.get("PUBLIC_FORM_MAX_SECONDS", str(2 * 60 * 60)))
# Rate limits of the residents' side (public.limits), counted in the cache. Raise the per-address
# ones where many residents share one address (a community centre's Wi-Fi behind one NAT).
PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR = int(
    os.environ.get("PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR", "10")
)
PUBLIC_SUBMISSIONS_PER_PHONE_PER_DAY = int(
    os.environ.get("PUBLIC_SUBMISSIONS_PER_PHONE_PER_DAY", "3")
)
PUBLIC_LOOKUPS_PER_ADDRESS_PER_HOUR = int(
    os.environ.get("PUBLIC_LOOKUPS_PER_ADDRESS_PER_HOUR", "60")
)
PUBLIC_WRONG_CODES_PER_ADDRESS_PER_HOUR = int(
    os.environ.get("PUBLIC_WRONG_CODES_PER_ADDRESS_PER_HOUR", "10")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The PDF engine narrates every render ("Step 1 - Fetching and parsing HTML" ...) and the
        # font subsetter its tables at INFO: hundreds of lines while the demo renders its reports.
        # Their warnings and errors still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Notifications ---------------------------------------------------------------------------
# The inbox is always on; these channels carry it too (a deployment drops the ones it lacks).
NOTICE_CHANNELS = env_list("NOTICE_CHANNELS", "email,sms,wecom,dingtalk")
# Seconds to wait for a group robot (WeCom, DingTalk) or an SMS provider to answer.
NOTICE_TIMEOUT = int(os.environ.get("NOTICE_TIMEOUT", "5"))
# Attempts per delivery before it is marked failed, and the first retry's delay (doubled each
# time): 3 and 60 s give up after about three minutes.
NOTICE_ATTEMPTS = int(os.environ.get("NOTICE_ATTEMPTS", "3"))
NOTICE_RETRY_DELAY = int(os.environ.get("NOTICE_RETRY_DELAY", "60"))
# The SMS backend (dotted path): a provider's class plugs in here (contract in notices/sms.py).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notices.sms.ConsoleSmsBackend")

ADMINS = [("admin", a) for a in env_list("ADMIN_EMAILS")]
# Links in e-mails need the site's address; requests carry none when a task sends them.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WORKROOMS_SITE_NAME = _("Party Representative Workrooms")
# The residents' side as printed on paper: the QR codes on the door notices encode this address
# (e.g. https://dbgzs.example.gov.cn), so a notice stays right whichever host printed it. Unset,
# the address the page was asked for is used.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
