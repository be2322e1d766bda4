"""The youth-profile catalogues in Django admin, for the program admin (no youth, no clinical data).

Only catalogues are registered here. Youth, referrals, case teams, contacts and alerts are never
registered: the admin must not become a side door to youth identities or clinical content (it
bypasses the per-youth selectors and writes without the audited actions).

Catalogue entries are referenced by youth records, so they are deactivated, never deleted: a
delete (or its confirmation page, which lists the related rows) would reach youth records.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import ExploitationType, RecruitmentPathway, VulnerabilityFactor


class CatalogueAdmin(SimpleHistoryAdmin):
    """Admin for a catalogue: edits land in history with the user and a reason; no delete; the
    history pages are for reading only."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # SimpleHistoryAdmin records the user; say why, as save_audited does elsewhere.
        if change:
            fields = ", ".join(form.changed_data) or "nothing"
            obj._change_reason = f"Django admin: changed {fields}"
        else:
            obj._change_reason = "Django admin: added"
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A POST here ("revert") would save the historic row whole, read-only fields included,
        # whatever SIMPLE_HISTORY_REVERT_DISABLED hides in the template. Reading stays allowed.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LookupAdmin(CatalogueAdmin):
    fields = ["name", "description", "order", "active"]
    list_display = ["name", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    ordering = ["order", "name"]


admin.site.register(ExploitationType, LookupAdmin)
admin.site.register(RecruitmentPathway, LookupAdmin)
admin.site.register(VulnerabilityFactor, LookupAdmin)
