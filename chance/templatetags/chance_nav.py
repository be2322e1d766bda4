"""The main navigation, ``{% main_nav %}``: the entries :func:`chance.nav.main_nav` gives the
signed-in user, rendered as the USWDS header's primary list. The link of the page the user is on
carries ``aria-current="page"`` (read out by screen readers) and ``usa-current`` (styled); a menu
holding it is marked too, so nobody has to guess where they are."""

from django import template

from chance.nav import main_nav as entries_for

register = template.Library()


@register.inclusion_tag("chance/_main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None:
        return {"entries": []}
    return {"entries": entries_for(user, request.path)}
