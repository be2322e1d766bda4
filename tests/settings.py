"""Test settings: the real settings, pointed at PostgreSQL and Redis when they are reachable.

With REQUIRE_SERVICES=1 (CI) an unreachable service stops the run instead of falling back.
Set DATABASE_URL / REDIS_URL to use other servers (or another database name).
"""

import os
import socket
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/chance_test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=1):
            return True
    except OSError:
        return False


for var, default in (("DATABASE_URL", DEFAULT_DATABASE_URL), ("REDIS_URL", DEFAULT_REDIS_URL)):
    url = os.environ.get(var, default)
    if _reachable(url):
        os.environ[var] = url
    elif REQUIRE_SERVICES:
        raise ImproperlyConfigured(f"REQUIRE_SERVICES=1 but {var} ({url}) is not reachable.")
    else:
        os.environ.pop(var, None)

os.environ.setdefault(
    "CHANCE_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test")
)
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "Tk9UX0FfUkVBTF9LRVlfdGVzdHNfb25seV8wMDAwMDA=")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-0123456789abcdef")

from chance.settings import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 tested apart
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "test-documents")},  # noqa: F405
    },
}
POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")  # noqa: F405
if POSTGRES:
    # Django's flush between transactional tests empties the append-only tables another way
    # (tests/pg_backend); the triggers themselves have no setting that turns them off.
    DATABASES["default"]["ENGINE"] = "tests.pg_backend"  # noqa: F405
AUDIT_HISTORY_SETTLE_SECONDS = 0  # checkpoints cover the history rows a test just wrote
REDIS_AVAILABLE = bool(os.environ.get("REDIS_URL"))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False  # the live-server browser tests speak plain HTTP
# Security block: 2FA off so client.force_login keeps working everywhere; tests/security turns
# it on with the `settings` fixture.
REQUIRE_2FA = False
