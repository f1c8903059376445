from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["area"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Workrooms"), {"fields": ("full_name", "phone", "language")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Workrooms"), {"fields": ("full_name", "email", "phone", "language")}),
    )
