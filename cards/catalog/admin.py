from django.contrib import admin

from cards.catalog.models import Card, MagicSet, Printing


@admin.register(MagicSet)
class MagicSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "game", "released_at", "set_type"]
    list_filter = ["game", "set_type"]
    search_fields = ["code", "name"]


class PrintingInline(admin.TabularInline):
    model = Printing
    extra = 0
    raw_id_fields = ["magic_set"]


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["name", "game", "kind", "layout"]
    list_filter = ["game", "layout"]
    search_fields = ["name", "search_name"]
    inlines = [PrintingInline]


@admin.register(Printing)
class PrintingAdmin(admin.ModelAdmin):
    list_display = ["card", "magic_set", "collector_number", "treatment", "finishes", "rarity"]
    list_filter = ["card__game"]
    list_select_related = ["card", "magic_set"]
    search_fields = ["card__name", "magic_set__code", "collector_number"]
    raw_id_fields = ["card", "magic_set"]
