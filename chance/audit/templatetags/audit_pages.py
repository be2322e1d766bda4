"""Template filters of the audit app: ``{{ row.what|page_name }}`` names an access-log row's page
in the reader's language, as the audit trail does (``chance.audit.trail.page_name``)."""

from django import template

from chance.audit import trail

register = template.Library()


@register.filter
def page_name(what):
    return trail.page_name(what or "")
