"""System checks of the running install, shown when ``runserver`` (or ``check``) starts."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Info, Tags, register


@register(Tags.staticfiles)
def static_files_collected(app_configs, **kwargs):
    """An Info, not a warning: the app works without ``collectstatic`` (the files are served from
    their source folders), but a production install wants the hashed, compressed copies."""
    if getattr(settings, "STATIC_COLLECTED", True):
        return []
    return [
        Info(
            "Static files are not collected: they are served from their source folders.",
            hint="Run `python manage.py collectstatic` before serving in production "
            "(`make run` does it).",
            id="workrooms.I001",
        )
    ]
