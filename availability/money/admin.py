from django.contrib import admin

from availability.money.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "per_euro", "as_of", "source"]
    search_fields = ["currency"]
