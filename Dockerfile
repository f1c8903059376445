# Workrooms (党代表工作室): one image for the web server (gunicorn), the Celery worker and beat.
# Everything is configured through environment variables (config/settings.py);
# docker-compose.yml shows a complete set.
FROM python:3.11-slim-bookworm

# VAR_DIR holds the app's runtime state and MEDIA_ROOT the uploaded evidence and rendered
# reports: a volume shared by web and worker is mounted on /app/var/media, unless S3_BUCKET
# puts them in an S3-compatible bucket (the image has boto3 for it, from the lock).
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media

# `manage.py backup` runs pg_dump and `restore` pg_restore: their major version must be the
# server's (docker-compose.yml runs postgres:16; Debian bookworm ships 15, so the client comes
# from the PostgreSQL project's apt repository, set up by Debian's own postgresql-common script
# with the signing key that package ships).
ARG PG_MAJOR=16

# WeasyPrint renders the reports: Pango and HarfBuzz lay out the text, fontconfig finds the
# fonts and Noto CJK has the Chinese glyphs (without it every character prints as a box).
# gettext supplies msgfmt for compilemessages below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fontconfig \
        fonts-noto-cjk \
        gettext \
        libharfbuzz-subset0 \
        libharfbuzz0b \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        ca-certificates \
        postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
    && rm -rf /var/lib/apt/lists/*

# The app runs unprivileged. It gets a home so fontconfig and gunicorn's control socket have
# somewhere writable; the code stays root-owned and read-only to it.
RUN groupadd --gid 1000 app \
    && useradd --uid 1000 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The lock pins every package,
# transitive ones included, with its hashes: the image runs exactly what CI tested.
COPY requirements.lock .
RUN pip install --require-hashes -r requirements.lock

COPY . .

# Settings need a SECRET_KEY to load; without one they would write a generated key into the
# image. This throwaway value exists only for these two build commands. The app user owns only
# /app/var; the named media and backups volumes copy that ownership when first created.
RUN chmod 0755 docker/entrypoint.sh \
    && export SECRET_KEY=build-only-not-used-at-run-time \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/backups \
    && chown -R app:app /app/var

USER app

EXPOSE 8000

# /healthz/ checks the database, cache and broker. Django answers 400 to a Host it does not
# allow, so the check sends the first of ALLOWED_HOSTS (no curl in the slim image: Python).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request as r; host = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.*') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz/', headers={'Host': host}), timeout=4)"

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application"]
