"""The main navigation's links: ``{% nav_link "cases:list" _("Youths") %}`` renders the list item
and marks the link of the page the user is on with ``aria-current="page"`` (read out by screen
readers, and styled), so nobody has to guess where they are."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    url = reverse(url_name)
    request = context.get("request")
    current = request is not None and request.path == url
    return format_html(
        '<li><a href="{}"{}>{}</a></li>',
        url,
        mark_safe(' aria-current="page"') if current else "",
        label,
    )
