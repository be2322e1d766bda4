from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "chance.notifications"
    label = "notifications"
    verbose_name = "Notifications"
