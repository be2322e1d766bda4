from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "chance.security"
    label = "security"
    verbose_name = "Security"

    def ready(self):
        from . import signals  # noqa: F401  (session stamps at login, lockouts to the access log)
