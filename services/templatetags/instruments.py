"""A stored (English) level in the reader's language: ``row.level|level_of:instrument``."""

from django import template

register = template.Library()


@register.filter
def level_of(level, instrument):
    return instrument.level_text(level) if level else level
