"""Settings for CHANCE case manager.

Every deploy-time value comes from the environment. With nothing set, the app runs in the
embedded mode: SQLite and a file-system Celery broker under ``var/``, e-mail to the console.
"""

import os
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHANCE_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", False)
EMBEDDED = not env("DATABASE_URL")

# The embedded demo may run with a generated key; a real deployment must bring its own.
INSECURE_KEY_PREFIX = "insecure-embedded-"
SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or EMBEDDED:
        SECRET_KEY = INSECURE_KEY_PREFIX + "only-for-a-laptop-demo-never-for-real-children"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if (
    not DEBUG
    and not EMBEDDED
    and (
        SECRET_KEY.startswith(INSECURE_KEY_PREFIX)
        or len(SECRET_KEY) < 40
        or "change-me" in SECRET_KEY
    )
):
    raise ImproperlyConfigured("SECRET_KEY is a default or too short; set a long random value.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for chance.forms.FormRenderer
    "guardian",
    "simple_history",
    "django_otp",  # security block: 2FA (TOTP + backup codes), lockout, CSP
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API reference page's script and styles, served from here
    "chance.security",
    "chance.accounts",
    "chance.audit",
    "chance.notifications",
    "chance.reminders",
    "chance",
    "cases",
    "placements",
    "services",
    "frontline",
]

MIDDLEWARE = [
    "chance.security.middleware.RequestIdMiddleware",  # first: every log line has the id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # after sessions, before common (Django's order)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chance.accounts.middleware.UserLanguageMiddleware",  # a saved choice beats the browser's
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chance.security.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "chance.security.middleware.SecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "chance.audit.middleware.AccessLogMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "chance.urls"

# --- The REST API (/api/v1/, chance.api) ---
# Integration users send ``Authorization: Bearer <token>`` (manage.py create_api_token); a
# signed-in browser session works too (the reference page's "try it", CSRF enforced).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "chance.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["chance.api.auth.PerTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env("CHANCE_API_RATE", "600/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "chance.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Bearer",
    "TOKEN_TTL": timedelta(days=int(env("CHANCE_API_TOKEN_DAYS", "90"))),
    "TOKEN_PREFIX": "chance_",  # a leaked token is recognisable to secret scanners
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CHANCE case manager API",
    "DESCRIPTION": (
        "Read the records your login may see (the same access policy as the pages; every youth "
        "returned is in the access log) and send referrals. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
WSGI_APPLICATION = "chance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chance.context_processors.chance",
                "chance.security.context_processors.security",
                "chance.notifications.context_processors.bell",
            ],
        },
    },
]

# Every form's widgets in the design system's classes (USWDS), set in one place.
FORM_RENDERER = "chance.forms.FormRenderer"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'chance.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses locked-out sign-ins before the password is checked. It has no get_user(), so
    # client.force_login in tests keeps picking the model backend below.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with roles and role-wide permissions cached between requests.
    "chance.accounts.grants.CachedModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user; anonymous visitors see nothing.
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English, Spanish and Haitian Creole: the languages of Miami-Dade's families, foster parents and
# staff. Names are autonyms: each is shown in its own language, so a reader finds their own.
# Which one a page is in: the user's saved choice, else the language cookie, else the browser's
# Accept-Language, else English (chance.accounts.middleware.UserLanguageMiddleware).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("ht", "Kreyòl ayisyen")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django ships no date formats for Haitian Creole; ours are in chance/formats/ht/.
FORMAT_MODULE_PATH = ["chance.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG or EMBEDDED
STATICFILES_DIRS = [BASE_DIR / "static"]

# Documents attached to records (court orders, consents, licences): encrypted with
# FIELD_ENCRYPTION_KEY before they reach storage, under random names. Embedded mode keeps them
# under the var directory; DOCUMENT_STORAGE=s3 puts them in an S3-compatible bucket through
# django-storages (AWS S3, MinIO, Ceph...: DOCUMENT_S3_ENDPOINT_URL for one that is not AWS).
# The app reads every file itself to decrypt it, so the bucket stays private: no ACL, no
# signed links. Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role), never from this file.
DOCUMENT_DIR = Path(env("DOCUMENT_DIR", VAR_DIR / "documents"))
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


def document_storage():
    """The ``documents`` storage the environment asks for (a function so tests can ask too)."""
    if env("DOCUMENT_STORAGE", "filesystem") != "s3":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(DOCUMENT_DIR)},
        }
    if not env("DOCUMENT_S3_BUCKET"):
        raise ImproperlyConfigured("DOCUMENT_STORAGE=s3 needs DOCUMENT_S3_BUCKET.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("DOCUMENT_S3_BUCKET"),
            "endpoint_url": env("DOCUMENT_S3_ENDPOINT_URL") or None,
            "region_name": env("DOCUMENT_S3_REGION") or None,
            "location": env("DOCUMENT_S3_PREFIX", "documents"),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": document_storage(),
}

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when configured, otherwise kombu's file-system transport (no server needed).
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {
        "task": "chance.reminders.tasks.sweep_reminders",
        "schedule": env_int("REMINDER_SWEEP_SECONDS", 300),
    },
}

# Audit (chance/audit/chain.py): verify the access-log chain daily (alerts admins on failure) and
# sign its head hourly. The checkpoint key should live apart from SECRET_KEY so that one can rotate.
AUDIT_CHECKPOINT_KEY = env("AUDIT_CHECKPOINT_KEY", "")
# The witness: every checkpoint is also appended here (ids, hashes, digests, signature; no
# personal data), outside the database, so emptying the log and its checkpoints is still noticed.
# Ship this file off the database host (log shipping, WORM storage) in production.
AUDIT_WITNESS_FILE = env("AUDIT_WITNESS_FILE", str(VAR_DIR / "audit-witness.jsonl"))
# History rows younger than this are left to the next checkpoint (a transaction still open may
# commit a lower history id later).
AUDIT_HISTORY_SETTLE_SECONDS = env_int("AUDIT_HISTORY_SETTLE_SECONDS", 300)
CELERY_BEAT_SCHEDULE |= {
    "verify-audit-chain": {
        "task": "chance.audit.tasks.verify_audit_chain",
        "schedule": env_int("AUDIT_VERIFY_SECONDS", 24 * 3600),
    },
    "checkpoint-audit-chain": {
        "task": "chance.audit.tasks.checkpoint_audit_chain",
        "schedule": env_int("AUDIT_CHECKPOINT_SECONDS", 3600),
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CHANCE case manager <no-reply@localhost>")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# The program's 24/7 on-call line, as foster caregivers see it on every page about their youth.
# The embedded demo shows a fictional one; a deployment sets its own.
ONCALL_PHONE = env("CHANCE_ONCALL_PHONE", "555-0100" if EMBEDDED else "")

# The alarm company's webhook (placements/alarm_webhook.py): the HMAC secrets it signs with,
# comma-separated so a new one can be added before the old is withdrawn (any one verifies).
# None set: the endpoint accepts nothing. Never in the repository.
ALARM_WEBHOOK_SECRET = env_list("ALARM_WEBHOOK_SECRET", "")
if any(len(secret) < 32 for secret in ALARM_WEBHOOK_SECRET):
    raise ImproperlyConfigured("Each ALARM_WEBHOOK_SECRET must be at least 32 random characters.")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sessions and cookies: strict by default, Secure whenever we are not on a laptop demo.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not (DEBUG or EMBEDDED))
SESSION_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions are read from the cache (Redis when configured) and written through to the database,
# so a signed-in request does not query for its session, and a cache restart signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_COOKIES)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)

# Column encryption keys (chance/crypto.py): comma-separated Fernet keys, newest first. Kept apart
# from SECRET_KEY. The embedded demo generates one under var/; a deployment must set its own.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", "")
if not FIELD_ENCRYPTION_KEYS:
    if not (DEBUG or EMBEDDED):
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set (see SECURITY.md).")
    _key_file = VAR_DIR / "field-encryption.key"
    if not _key_file.exists():
        from cryptography.fernet import Fernet

        _key_file.write_text(Fernet.generate_key().decode())
        _key_file.chmod(0o600)
    FIELD_ENCRYPTION_KEYS = [_key_file.read_text().strip()]

# Monitoring reminder rules (DESIGN.md); each default can be changed per program.
REMINDERS = {
    "DUE_SOON_DAYS": env_int("REMINDER_DUE_SOON_DAYS", 7),
    "ESCALATE_AFTER_DAYS": env_int("REMINDER_ESCALATE_AFTER_DAYS", 3),
    # The screening clock of every referral (Fla. Admin. Code 65C-43.001). Missing-youth reports,
    # return debriefs and alarm tests follow PLACEMENT_RULES, so a clock and its reminder agree.
    "SCREENING_HOURS": 24,
    "POST_RETURN_SCREENING_HOURS": 24,
    "INITIAL_ASSESSMENT_DAYS": 7,
    "REASSESSMENT_DAYS": 90,
    "TREATMENT_PLAN_DAYS": 30,
    "PLAN_REVIEW_DAYS": 90,
    "MONITORING_STFC_DAYS": 7,
    "MONITORING_CRT_DAYS": 14,
    "UNSIGNED_NOTE_HOURS": 48,
    "LICENSE_NOTICE_DAYS": [90, 30, 7],
    # The judicial review report is due this many days before a judicial-review hearing.
    "JUDICIAL_REVIEW_REPORT_DAYS": env_int("REMINDER_JUDICIAL_REVIEW_REPORT_DAYS", 10),
    # A release of information is to be renewed this many days before it expires.
    "RELEASE_RENEWAL_DAYS": env_int("REMINDER_RELEASE_RENEWAL_DAYS", 30),
    # A home's screening, certificate or insurance is flagged this many days before it expires.
    "HOME_DOCUMENT_NOTICE_DAYS": env_int("REMINDER_HOME_DOCUMENT_NOTICE_DAYS", 30),
}

# Program rules (DESIGN.md "Monitoring reminders"); each can be changed per program.
CHANCE = {
    "BREAK_GLASS_HOURS": env_int("CHANCE_BREAK_GLASS_HOURS", 4),
    # No typed date of a program event may precede this day (chance/dates.py): "last seen
    # 0001-01-01" is a typo, not a record. ISO date, e.g. CHANCE_PROGRAM_START=2014-01-01.
    "PROGRAM_START": date.fromisoformat(env("CHANCE_PROGRAM_START", "2014-01-01")),
}

# Homes and placements (placements/rules.py). Training: Fla. Admin. Code 65C-43.004 (caregivers)
# and 65C-43.005 (staff); missing-youth reports: P.L. 113-183.
PLACEMENT_RULES = {
    "CAREGIVER_INITIAL_HOURS": 24,  # specialized training before certification
    "CAREGIVER_ANNUAL_HOURS": 8,  # continuing education in each following year
    "STAFF_INITIAL_HOURS": 6,  # before working human-trafficking cases
    "STAFF_QUARTERLY_HOURS": 1,  # in each calendar quarter after that
    "ALARM_TEST_DAYS": 30,
    "MISSING_REPORT_HOURS": 24,
    "RETURN_DEBRIEF_HOURS": 72,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # JSON lines with a request id (chance/security/logs.py); LOG_FORMAT=plain for a terminal.
    "filters": {"request_id": {"()": "chance.security.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "chance.security.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", "json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # SQL with parameters would carry names and addresses: never below WARNING.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The PDF renderer's progress lines say nothing an operator needs.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------------------------
# Security (issue 9; chance/security/, SECURITY.md). Everything below is owned by that package.
# ---------------------------------------------------------------------------------------------


from csp.constants import NONE, SELF  # noqa: E402

# Second factor for every account. Production default ON; the embedded laptop demo OFF (its
# login page says so). Anyone who has enrolled a device gives it even when this is off.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not (DEBUG or EMBEDDED))
OTP_TOTP_ISSUER = "CHANCE case manager"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait: 1, 2, 4, 8 ... seconds
OTP_STATIC_THROTTLE_FACTOR = 1

# Sessions: 30 minutes idle, 12 hours absolute, enforced by SessionTimeoutMiddleware.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_WARNING_SECONDS = 120  # the browser warns this long before the idle limit
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURITY_REAUTH_SECONDS = 10 * 60  # recent_auth_required: address reveal, exports, 2FA changes

# Lockout (django-axes): 5 failures for a username, or from an IP address, lock that username
# or address for 15 minutes. Failures during the lockout do not extend it, so an attacker cannot
# keep a staff member locked out for good.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Not reset on success: a reset would also wipe the failures recorded against other usernames
# from the same address. Failures age out after the cool-off instead.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "chance.security.views.lockout"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins already go to the hash-chained AccessLog
AXES_CLIENT_IP_CALLABLE = "chance.audit.log.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]
AXES_VERBOSE = False  # its start-up banner on every command; failures are in AccessLog

# Content-Security-Policy (django-csp 4): no inline script or style anywhere; the 2FA QR code
# is a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
