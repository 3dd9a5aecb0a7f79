from django.contrib import admin

from cards.wishlist.models import CardSpec, TrackedCard


class CardSpecInline(admin.TabularInline):
    """Shown, not edited: a card's wants change through cards.wishlist.changes, which keeps their amounts
    adding up to the card's and within 1–999."""

    model = CardSpec
    extra = 0
    fields = readonly_fields = ["amount", "set_code", "collector_number", "finish"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrackedCard)
class TrackedCardAdmin(admin.ModelAdmin):
    list_display = ["card", "user", "amount", "updated_at"]
    list_select_related = ["card", "user"]
    search_fields = ["card__name", "user__username"]
    raw_id_fields = ["card", "user"]
    readonly_fields = ["amount"]
    inlines = [CardSpecInline]
