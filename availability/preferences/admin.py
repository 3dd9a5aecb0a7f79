from django.contrib import admin

from availability.preferences.models import Preferences


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone"]
    search_fields = ["user__username", "user__email", "time_zone"]
    raw_id_fields = ["user"]
