from django.contrib import admin

from availability.models import Offer, StoreCheck, WorkerHeartbeat


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    can_delete = False
    fields = ["name", "set_code", "collector_number", "finish", "condition", "price", "currency", "quantity", "url"]
    readonly_fields = fields


@admin.register(StoreCheck)
class StoreCheckAdmin(admin.ModelAdmin):
    list_display = ["checked_at", "store", "card", "status", "reason", "requests", "duration_ms"]
    list_filter = ["status", "store__platform", "store"]
    list_select_related = ["store", "card"]
    search_fields = ["card__name", "store__name", "reason"]
    date_hierarchy = "checked_at"
    raw_id_fields = ["card", "store"]
    inlines = [OfferInline]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["cluster", "beat_at"]
