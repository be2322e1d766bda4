"""The bench URLconf: the production URLs, plus the floors (benchmarks.floors) and Django admin's
changelist of youths, for comparison only. Floors are served here, through the same middleware as
the pages and as the same signed-in user, so a page's ratio to its floor is what the page's own
queries, logic and template add to the least any signed-in request costs.

The admin is a separate AdminSite that exists in the bench URLconf alone. Youth is not registered
in the production admin on purpose (deny by default: the admin must not become a side door to
youth identities)."""

from django.contrib import admin
from django.urls import path

from cases.models import Youth
from chance.urls import urlpatterns as production_urlpatterns

from . import floors

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


urlpatterns = [
    path("bench-admin/", site.urls),
    path("bench-floor/caseload/", floors.caseload),
    path("bench-floor/youths/", floors.youth_search),
    path("bench-floor/youths/<int:pk>/", floors.youth_detail),
    path("bench-floor/board/", floors.placement_board),
    path("bench-floor/audit/", floors.audit_trail),
    path("bench-floor/due/", floors.due_work),
    path("bench-floor/empty/", floors.empty),
    *production_urlpatterns,
]
