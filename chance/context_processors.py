from django.conf import settings


def chance(request):
    user = getattr(request, "user", None)
    roles = user.role_names if user is not None and user.is_authenticated else frozenset()
    return {
        "user_roles": roles,
        "embedded_mode": settings.EMBEDDED,
    }
