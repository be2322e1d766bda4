"""The real URL conf plus one view that fails with personal data in its exception message."""

from django.urls import path

from chance.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401

CANARY_IN_ERROR = "Zephyrine Quillfeather"


def fault(request):
    raise ValueError(f"could not save youth {CANARY_IN_ERROR}")


urlpatterns = [*urlpatterns, path("fault/", fault)]
