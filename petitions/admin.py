"""The admin: deadline rules are edited here; requests are only looked at.

Requests change through the workflow alone (``petitions.workflow``), so every model that
records a request's history is read-only here. The residents' name, phone and address are
shown masked: opening them in full is a logged reveal on the request's page, not an admin view.
"""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.models import AuditEntry
from core.personal_data import mask_address, mask_name, mask_phone
from petitions.models import DeadlinePolicy, Petition, Reminder, Transfer


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    """The administrator sets the working days each triage allows (new receptions use them)."""

    list_display = ["triage", "working_days"]
    list_editable = ["working_days"]
    list_display_links = ["triage"]


class EventInline(ReadOnlyAdmin, GenericTabularInline):
    model = AuditEntry
    fields = ["at", "action", "actor", "from_state", "to_state", "note", "data"]
    readonly_fields = fields
    extra = 0
    ordering = ["at", "pk"]


class TransferInline(ReadOnlyAdmin, admin.TabularInline):
    model = Transfer
    fk_name = "petition"
    fields = ["at", "from_workroom", "to_workroom", "is_escalation", "reason", "actor"]
    readonly_fields = fields
    extra = 0


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["reference", "title", "workroom", "state", "triage", "deadline", "handler"]
    list_filter = ["state", "triage", "category", "channel", "needs_liaison_office"]
    search_fields = ["title", "workroom__name"]
    date_hierarchy = "registered_at"
    list_select_related = ["workroom", "handler"]
    inlines = [EventInline, TransferInline]
    exclude = ["resident_name", "resident_phone", "resident_address"]
    readonly_fields = ["masked_name", "masked_phone", "masked_address"]

    @admin.display(description=_("resident's name"))
    def masked_name(self, obj):
        return mask_name(obj.resident_name)

    @admin.display(description=_("resident's phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.resident_phone)

    @admin.display(description=_("resident's address"))
    def masked_address(self, obj):
        return mask_address(obj.resident_address)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["sent_at", "kind", "deadline", "petition", "recipients"]
    list_filter = ["kind"]
    list_select_related = ["petition"]
