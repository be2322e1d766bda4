"""Decorators other apps use.

``recent_auth_required``: the user proved who they are (password or second factor) less than
SECURITY_REAUTH_SECONDS (10 minutes) ago; otherwise they are sent to the re-auth page and back.
Use it on views that reveal a home address, export records, or change 2FA.

``rate_limited(key, rate)``: at most N requests per user per period, e.g. ``"20/h"``.
"""

import functools
import time

from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from . import stamps


def reauth_redirect(request):
    # A POST cannot be replayed after the detour: come back to the page (GET) instead.
    back = request.get_full_path() if request.method == "GET" else request.path
    return redirect(reverse("security:reauth") + "?" + urlencode({"next": back}))


def recent_auth_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if stamps.auth_is_recent(request):
            return view(request, *args, **kwargs)
        return reauth_redirect(request)

    return wrapper


_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    if not count.isdigit() or period not in _PERIODS:
        raise ValueError(f"Rate must look like '20/h' (s, m, h or d), not {rate!r}.")
    return int(count), _PERIODS[period]


def rate_limited(key: str, rate: str):
    """Fixed-window limit per signed-in user (per IP when anonymous), kept in the shared cache,
    so every web process counts together. Over the limit: 429 with Retry-After."""
    limit, period = parse_rate(rate)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            who = (
                f"u{request.user.pk}"
                if request.user.is_authenticated
                else f"ip{request.META.get('REMOTE_ADDR', '')}"
            )
            window = int(time.time() // period)
            cache_key = f"security:rate:{key}:{who}:{window}"
            cache.add(cache_key, 0, timeout=period + 5)
            try:
                used = cache.incr(cache_key)
            except ValueError:  # evicted between add and incr
                cache.set(cache_key, 1, timeout=period + 5)
                used = 1
            if used > limit:
                retry_after = period - int(time.time()) % period
                response = render(
                    request,
                    "security/rate_limited.html",
                    {"retry_minutes": max(1, retry_after // 60)},
                    status=429,
                )
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
