from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .accounts import roles
from .health import HealthView
from .home import home_sections

healthz = login_not_required(HealthView.as_view())


@require_GET
def home(request):
    """One section per role the user holds (a user with several roles sees each)."""
    return render(
        request,
        "chance/home.html",
        {
            "sections": home_sections(request.user),
            "roles": roles.labels_of(request.user.role_names),
            # A foster parent or a mentor is not told their "roles": the page is theirs.
            "office": bool(set(request.user.role_names) & set(roles.OFFICE_ROLES)),
        },
    )


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_500(request):
    return render(request, "500.html", status=500)
