"""The checks' admin: the history, the queue of checks, the workers' heartbeats, and the store admin's "Check the selected
stores again now" action (lgs_checker/admin.py adds it to the store admin)."""

from django.contrib import admin

from availability.checks.models import Offer, QueuedCheck, StoreCheck, WorkerHeartbeat
from availability.checks.pipeline import check_stores_again


@admin.action(description="Check the selected stores again now")
def check_selected_stores_again(modeladmin, request, queryset) -> None:
    """Clear each store's pause and queue a fresh check of every card tracked there."""
    stores = list(queryset)
    queued, already = check_stores_again(stores)
    already_note = f" ({already} {'was' if already == 1 else 'were'} queued already)" if already else ""
    modeladmin.message_user(
        request, f"Cleared the pause on {_count(len(stores), 'store')} and queued {_count(queued, 'check')} of the cards "
                 f"tracked there{already_note}."
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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


@admin.register(QueuedCheck)
class QueuedCheckAdmin(admin.ModelAdmin):
    """Checks waiting or running (availability/checks/queue.py): how far behind the workers are, and
    whose checks wait. Read only: the workers claim and remove them."""

    list_display = ["queued_at", "store", "card", "user", "priority", "claimed_by", "started_at"]
    list_filter = ["priority", "store"]
    list_select_related = ["store", "card", "user"]
    search_fields = ["card__name", "store__name", "user__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
