"""The service-type and instrument catalogues in Django admin, for the program admin.

Clinical records (assessments, plans, notes, consents …) are never registered: they are reached
only through the per-youth views and written only through services/actions.py.
"""

import json

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.admin import CatalogueAdmin

from .models import Instrument, ServiceType

PART2_HELP = _(
    "42 CFR Part 2 substance-use treatment: records of this type are shown only to staff who "
    "hold the Part 2 permission for the youth, and never exported without consent. Check this "
    "before any record uses the type: once a note or plan uses it, the flag is locked."
)
PART2_LOCKED = _(
    "Records already use this service type, so its Part 2 flag is locked: flipping it would "
    "change who may read those records (opening substance-use records to staff without Part 2 "
    "permission, or hiding ordinary notes from their own team). Make a new service type instead "
    "and deactivate this one."
)


def service_type_in_use(service_type):
    """Whether any record (or any earlier version of one) points at ``service_type``.

    Every relation to ServiceType is asked, the historical tables too, so a model added later
    is covered without touching this function.
    """
    for rel in ServiceType._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        manager = rel.related_model._base_manager
        if manager.filter(**{rel.field.name: service_type.pk}).exists():
            return True
    return False


@admin.register(ServiceType)
class ServiceTypeAdmin(CatalogueAdmin):
    list_display = ["name", "code", "part2", "order", "active"]
    list_filter = ["active", "part2"]
    search_fields = ["name", "code"]
    ordering = ["order", "name"]

    def get_fieldsets(self, request, obj=None):
        fields = ["name", "code", "part2", "order", "active"]
        if obj is not None and service_type_in_use(obj):
            return [(None, {"fields": fields, "description": PART2_LOCKED})]
        return [(None, {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The code is how the program's own code finds a type (demo data, seeds): fixed once made.
        locked = ["code"]
        if service_type_in_use(obj):
            locked.append("part2")
        return locked

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "part2" in form.base_fields:
            form.base_fields["part2"].help_text = PART2_HELP
        return form


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["active", "reassess_days"]

    def clean_active(self):
        active = self.cleaned_data["active"]
        if active:
            other = (
                Instrument.objects.filter(code=self.instance.code, active=True)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                raise forms.ValidationError(
                    _(
                        "Version %(version)s of this instrument is active; deactivate it first "
                        "(one version of an instrument is active at a time)."
                    )
                    % {"version": other.version}
                )
        return active


@admin.register(Instrument)
class InstrumentAdmin(CatalogueAdmin):
    """Definitions come from YAML files (services/instrument_files.py) and never change once
    loaded; a changed instrument is a new file with a new version. Here: active and the
    re-administration interval only."""

    form = InstrumentForm
    fields = [
        "name",
        "code",
        "version",
        "active",
        "reassess_days",
        "attribution",
        "source_file",
        "loaded_at",
        "definition_json",
    ]
    readonly_fields = [
        "name",
        "code",
        "version",
        "attribution",
        "source_file",
        "loaded_at",
        "definition_json",
    ]
    list_display = ["name", "code", "version", "active", "reassess_days", "loaded_at"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    ordering = ["name", "-version"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("definition (from the YAML file, read-only)"))
    def definition_json(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.definition, indent=2, sort_keys=True))
