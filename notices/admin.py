"""The admin: administrators set up the group robots; deliveries and notifications are only
looked at (a failed delivery shows here with its error, filtered by status and channel)."""

from urllib.parse import urlsplit

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from notices.delivery import requeue_failed
from notices.models import Delivery, Notice, NoticePreference, Notification, RobotWebhook


@admin.register(RobotWebhook)
class RobotWebhookAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "workroom", "area", "host", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "workroom__name", "area__name"]
    autocomplete_fields = ["workroom", "area"]
    list_select_related = ["workroom", "area"]
    fields = ["name", "kind", "workroom", "area", "url", "secret", "is_active"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            # An address typed without a scheme is the robot's https:// one.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("host"))
    def host(self, obj):
        # The address carries the robot's key: the list shows only where it points.
        return urlsplit(obj.url).netloc


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "status",
        "attempts",
        "to",
        "notice",
        "short_error",
        "sent_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["notice__title", "recipient__username", "recipient__full_name", "robot__name"]
    date_hierarchy = "created_at"
    list_select_related = ["notice", "recipient", "robot"]
    fields = [
        "notice",
        "channel",
        "recipient",
        "robot",
        "address",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "sent_at",
    ]
    readonly_fields = fields

    actions = ["send_again"]

    @admin.action(description=_("Send the selected failed deliveries again"))
    def send_again(self, request, queryset):
        count = requeue_failed(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)d deliveries queued again.") % {"count": count})

    @admin.display(description=_("recipient"))
    def to(self, obj):
        return obj.robot or obj.recipient

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return obj.last_error[:80]


class NotificationInline(ReadOnlyAdmin, admin.TabularInline):
    model = Notification
    fields = ["recipient", "title", "read_at"]
    readonly_fields = fields
    extra = 0


class DeliveryInline(ReadOnlyAdmin, admin.TabularInline):
    model = Delivery
    fields = ["channel", "recipient", "robot", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "title", "workroom", "area"]
    list_filter = ["kind"]
    search_fields = ["title", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["workroom", "area"]
    fields = ["created_at", "kind", "key", "title", "body", "url", "workroom", "area"]
    readonly_fields = fields
    inlines = [NotificationInline, DeliveryInline]


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "sms"]
    list_filter = ["email", "sms"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]
