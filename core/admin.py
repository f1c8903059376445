"""The audit log in the admin: read-only, filterable by what, which kind of record and when."""

from django.contrib import admin

from core.models import AuditEntry


class ReadOnlyAdmin:
    """For records nobody edits by hand (the audit log, a request's history): look, never change."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Every change of state and every sensitive read (reveals, exports), nobody edits them."""

    list_display = ["at", "actor", "action", "content_type", "object_id", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor__username", "actor__full_name", "note"]
    date_hierarchy = "at"
    list_select_related = ["actor", "content_type"]
