from django.contrib import admin

from availability.alerts.models import AlertSettings, Delivery, Notification


@admin.register(AlertSettings)
class AlertSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "enabled", "frequency", "email_enabled", "webhook_enabled"]
    list_filter = ["enabled", "frequency", "email_enabled", "webhook_enabled"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__username"]
    date_hierarchy = "created_at"
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification", "channel", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notification"]
