from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that span every app: home, account, navigation, health check, the demo."""

    name = "portal"
    verbose_name = _("Portal")
