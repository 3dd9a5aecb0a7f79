from django.contrib import admin

from cards.models import Card, CardSpec, MagicSet, Printing, TrackedCard


@admin.register(MagicSet)
class MagicSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "released_at", "set_type"]
    list_filter = ["set_type"]
    search_fields = ["code", "name"]


class PrintingInline(admin.TabularInline):
    model = Printing
    extra = 0
    raw_id_fields = ["magic_set"]


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["name", "layout"]
    list_filter = ["layout"]
    search_fields = ["name", "search_name"]
    inlines = [PrintingInline]


@admin.register(Printing)
class PrintingAdmin(admin.ModelAdmin):
    list_display = ["card", "magic_set", "collector_number", "finishes"]
    list_select_related = ["card", "magic_set"]
    search_fields = ["card__name", "magic_set__code", "collector_number"]
    raw_id_fields = ["card", "magic_set"]


class CardSpecInline(admin.TabularInline):
    """Shown, not edited: a card's wants change through cards.wishlist, which keeps their amounts
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
