from django.utils import translation

from .languages import CODES


class UserLanguageMiddleware:
    """After LocaleMiddleware and authentication: a signed-in user's saved language wins over the
    cookie and the browser's Accept-Language. LocaleMiddleware's response step then writes
    Content-Language from the language active here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        saved = request.user.language if request.user.is_authenticated else ""
        if saved in CODES and saved != request.LANGUAGE_CODE:
            translation.activate(saved)
            request.LANGUAGE_CODE = saved
        return self.get_response(request)
