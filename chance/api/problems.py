"""Errors as RFC 9457 problem details (``application/problem+json``): ``type``, ``title``,
``status``, ``detail``, and for invalid input ``errors`` by field. No personal data: the detail
says what was wrong with the request, never what is on record."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

PROBLEM_TYPE = "about:blank"


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"


def problem(status_code, title, detail="", **extra) -> Response:
    body = {"type": PROBLEM_TYPE, "title": str(title), "status": status_code}
    if detail:
        body["detail"] = str(detail)
    body.update(extra)
    return Response(body, status=status_code, content_type="application/problem+json")


def _errors(detail):
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return {
        "non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]
    }


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 page, logged without the request's data
    if isinstance(exc, exceptions.ValidationError):
        answer = problem(
            status.HTTP_400_BAD_REQUEST,
            _("The request is not valid"),
            _("Correct the fields named in errors and send it again."),
            errors=_errors(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else ""
        answer = problem(response.status_code, response.status_text, detail)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            answer[header] = response[header]
    return answer
