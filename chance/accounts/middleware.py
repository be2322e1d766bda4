from django.utils import translation

from .languages import CODES


class UserLanguageMiddleware:
    """After LocaleMiddleware and authentication: a signed-in user's saved language wins over the
    cookie and the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        saved = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if saved in CODES and saved != request.LANGUAGE_CODE:
            translation.activate(saved)
            request.LANGUAGE_CODE = saved
        response = self.get_response(request)
        if saved in CODES:
            response.headers["Content-Language"] = saved
        return response
