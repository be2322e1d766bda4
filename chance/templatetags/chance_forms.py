"""Template side of chance/forms.py: a field's widget, limit and errors (chance/_field.html)."""

from django import template

from chance import forms

register = template.Library()


@register.filter
def widget(bound_field):
    return forms.widget_with_limit(bound_field)


@register.filter
def limit(bound_field):
    return forms.length_limit(bound_field)


@register.filter
def limit_help(limit):
    return forms.limit_help(limit)


@register.filter
def error_messages(bound_field):
    return forms.error_messages(bound_field)


@register.filter
def fields_with_errors(form):
    return forms.fields_with_errors(form)
