"""Django admin's changelist of youths, for comparison only: a separate AdminSite that exists in
the bench URLconf alone. Youth is not registered in the production admin on purpose (deny by
default: the admin must not become a side door to youth identities)."""

from django.contrib import admin
from django.urls import path

from cases.models import Youth
from chance.urls import urlpatterns as production_urlpatterns

site = admin.AdminSite(name="bench_admin")


@admin.register(Youth, site=site)
class YouthAdmin(admin.ModelAdmin):
    list_display = ["record_number", "legal_first_name", "legal_last_name", "status", "track"]
    search_fields = [
        "record_number",
        "legal_first_name",
        "legal_last_name",
        "preferred_name",
        "aliases",
    ]
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over all youths is not what pages do


urlpatterns = [path("bench-admin/", site.urls), *production_urlpatterns]
