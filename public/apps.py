from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The residents' side: public workroom pages, the door QR code and notice, requests and
    micro-wishes from a phone without an account, tracking codes and the resident's feedback."""

    name = "public"
    verbose_name = _("Residents' side")

    def ready(self):
        from public import freshness  # noqa: F401  (connects the cache invalidation signals)
