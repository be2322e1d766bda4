"""Bearer tokens for integration users (django-rest-knox: only a hash is stored, tokens expire,
a program admin revokes one by deleting it in the admin) and a rate limit per token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework.throttling import SimpleRateThrottle


class BearerTokenAuthentication(TokenAuthentication):
    """``Authorization: Bearer <token>`` (the prefix is ``REST_KNOX["AUTH_HEADER_PREFIX"]``).
    A deactivated user's token stops working with the user (knox's ``validate_user``)."""


class PerTokenRateThrottle(SimpleRateThrottle):
    """Requests per token (a person with two integrations has two budgets; a signed-in browser
    session counts per user)."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if token is not None and hasattr(token, "token_key"):
            ident = f"token-{token.token_key}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class BearerScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document names the token: HTTP bearer."""

    target_class = BearerTokenAuthentication
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
