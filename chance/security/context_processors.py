from django.conf import settings


def security(request):
    return {
        "require_2fa": settings.REQUIRE_2FA,
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
