import logging
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Said once when a server starts (runserver, gunicorn), not on every management command.
if not settings.STATIC_COLLECTED:
    logging.getLogger("workrooms").warning(
        "Static files are not collected: serving them from static/. "
        "Run `python manage.py collectstatic` before serving in production."
    )
