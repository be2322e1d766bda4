from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest
from django.views import i18n
from django.views.decorators.http import require_POST

from .languages import CODES


@login_not_required
@require_POST
def set_language(request):
    """The header's language switch: Django's (the language cookie, so the sign-in page
    remembers it; a safe ``next``), and saved on the user, so e-mails follow it too. An unknown
    language is refused rather than ignored."""
    code = request.POST.get("language", "")
    if code not in CODES:
        return HttpResponseBadRequest()
    if request.user.is_authenticated and request.user.language != code:
        request.user.language = code
        request.user.save(update_fields=["language"])
    return i18n.set_language(request)
