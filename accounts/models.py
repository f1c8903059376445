from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.scope import Grant


class User(AbstractUser):
    """A person who signs in: street-office staff, liaison office, representative, administrator."""

    # The user's roles, read once per request by ``accounts.scope.grants_for``; not a field.
    _scope_grants: tuple[Grant, ...]

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.get_username()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.get_username()


class RoleKind(models.TextChoices):
    CLERK = "clerk", _("Clerk / liaison officer")
    LIAISON_OFFICE = "liaison_office", _("Party liaison office")
    REPRESENTATIVE = "representative", _("Party representative")
    ADMIN = "admin", _("Administrator")


class Role(models.Model):
    """A user's role on an area. It reaches that area's whole subtree and nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    area = models.ForeignKey(
        "workrooms.Area",
        on_delete=models.PROTECT,
        related_name="roles",
        verbose_name=_("area"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "area"], name="role_unique_per_area"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.area}"
