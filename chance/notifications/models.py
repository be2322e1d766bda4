from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An in-app message to one staff member (the bell). Holds no more than a subject and a link."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=2000)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set by a sender that must notify once only (a reminder: "reminder-<id>-<level>"); unique,
    # so a retry after a crash cannot add a second row. NULL for ordinary notifications.
    dedupe_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.subject
