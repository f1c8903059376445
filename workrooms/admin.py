from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from workrooms.models import Area, ChecklistEntry, ChecklistItem, ChecklistStandard, Workroom


@admin.register(Area)
class AreaAdmin(TreeAdmin):
    form = movenodeform_factory(Area)
    list_display = ["name", "kind", "code"]
    search_fields = ["name", "code"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1


@admin.register(ChecklistStandard)
class ChecklistStandardAdmin(admin.ModelAdmin):
    inlines = [ChecklistItemInline]
    list_display = ["name", "description"]


@admin.register(Workroom)
class WorkroomAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "level", "phone", "is_active"]
    list_filter = ["level", "is_active", "standard"]
    search_fields = ["name", "address", "area__name"]
    autocomplete_fields = ["area"]
    filter_horizontal = ["liaison_officers"]


@admin.register(ChecklistEntry)
class ChecklistEntryAdmin(admin.ModelAdmin):
    list_display = ["workroom", "item", "status", "checked_on", "checked_by"]
    list_filter = ["status", "item__standard"]
    search_fields = ["workroom__name"]
    raw_id_fields = ["workroom", "checked_by"]
