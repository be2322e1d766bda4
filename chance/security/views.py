from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from . import actions, stamps
from .decorators import reauth_redirect, recent_auth_required
from .forms import EnrollForm, ReauthForm, TokenForm


def _data(request):
    # An empty POST is still a submission: it must show "required" errors, not a blank form.
    return request.POST if request.method == "POST" else None


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _finish_second_factor(request, device):
    otp_login(request, device)
    stamps.mark_recent_auth(request)
    request.session[stamps.OTP_REQUIRED] = True


@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The step after the password: a code from the authenticator, or a backup code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("security:enroll")
    form = TokenForm(_data(request), user=user)
    if request.method == "POST" and form.is_valid():
        _finish_second_factor(request, form.device)
        return redirect(_next_url(request))
    return render(
        request, "security/otp_verify.html", {"form": form, "next": _next_url(request, "")}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enroll(request):
    """Set up the authenticator app. First time: right after the password. Replacing it later
    counts as changing 2FA, so it needs a second factor and a recent re-authentication."""
    user = request.user
    if user_has_device(user):
        if not user.is_verified():
            return redirect("security:otp_verify")
        if not stamps.auth_is_recent(request):
            return reauth_redirect(request)
    device = actions.totp_enrollment_device(user=user)
    form = EnrollForm(_data(request), device=device)
    if request.method == "POST" and form.is_valid():
        codes = actions.two_factor_confirm(user=user, device=device, request=request)
        _finish_second_factor(request, device)
        messages.success(request, _("Two-factor sign-in is set up."))
        return render(request, "security/backup_codes.html", {"codes": codes})
    return render(
        request,
        "security/enroll.html",
        {
            "form": form,
            "qr": actions.qr_data_uri(device),
            "secret": _grouped_secret(device),
            "required": settings.REQUIRE_2FA,
        },
    )


def _grouped_secret(device):
    import base64

    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_http_methods(["GET"])
def two_factor(request):
    """The user's own 2FA page: status, replace the authenticator, new backup codes."""
    return render(
        request,
        "security/two_factor.html",
        {"has_device": user_has_device(request.user), "required": settings.REQUIRE_2FA},
    )


@never_cache
@require_POST
@recent_auth_required
def backup_codes(request):
    if not request.user.is_verified():
        return redirect("security:otp_verify")
    codes = actions.backup_codes_regenerate(user=request.user, request=request)
    return render(request, "security/backup_codes.html", {"codes": codes})


@never_cache
@require_http_methods(["GET", "POST"])
def reauth(request):
    form = ReauthForm(_data(request), request=request)
    if request.method == "POST" and form.is_valid():
        stamps.mark_recent_auth(request)
        return redirect(_next_url(request))
    return render(
        request,
        "security/reauth.html",
        {
            "form": form,
            "next": _next_url(request, ""),
            "minutes": settings.SECURITY_REAUTH_SECONDS // 60,
        },
    )


@require_http_methods(["GET", "POST"])
def session_status(request):
    """GET: seconds left (does not count as activity). POST: "stay signed in" (does)."""
    return JsonResponse({"seconds_left": stamps.seconds_left(request)})


def _program_admin_or_404(request):
    if not request.user.is_program_admin:
        raise Http404


@never_cache
@require_http_methods(["GET"])
def user_list(request):
    _program_admin_or_404(request)
    users = get_user_model().objects.order_by("username")
    with_device = actions.users_with_second_factor()
    rows = [(u, u.pk in with_device) for u in users]
    return render(request, "security/user_list.html", {"rows": rows})


@never_cache
@require_POST
@recent_auth_required
def user_reset_two_factor(request, pk):
    _program_admin_or_404(request)
    target = get_object_or_404(get_user_model(), pk=pk)
    actions.two_factor_reset(user=target, by=request.user, request=request)
    messages.success(
        request,
        _("Two-factor sign-in was reset for %(username)s; they set it up again.")
        % {"username": target.username},
    )
    return redirect("security:users")


@login_not_required
def lockout(request, original_response=None, credentials=None):
    """django-axes calls this when a sign-in is refused because of too many failures."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "security/locked_out.html", {"minutes": minutes}, status=429)
