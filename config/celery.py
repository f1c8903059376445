"""The Celery app. Settings come from Django's (prefix CELERY_); the tasks live beside the
services they run, in the modules ``CELERY_IMPORTS`` lists."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("workrooms")
app.config_from_object("django.conf:settings", namespace="CELERY")
