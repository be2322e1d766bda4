from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One piece of due work told to one person at one level. Unique, so a rule can never remind
    twice for the same thing at the same level."""

    class Level(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATED = "escalated", _("Escalated to supervisor")

    rule = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.BigIntegerField()
    youth_id = models.BigIntegerField(null=True, blank=True)
    record_number = models.CharField(max_length=20, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_at = models.DateTimeField()
    level = models.CharField(max_length=10, choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    snooze_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "target_type", "target_id", "due_at", "level", "recipient"],
                name="reminder_once_per_level",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "due_at"],
                condition=Q(resolved_at__isnull=True),
                name="reminder_open_by_recipient",
            ),
            models.Index(
                fields=["rule", "target_id"],
                condition=Q(resolved_at__isnull=True),
                name="reminder_open_by_rule",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True, resolved_at__isnull=True),
                name="reminder_unsent",
            ),
        ]

    def __str__(self):
        return f"{self.rule} {self.get_level_display()} {self.record_number}"

    @property
    def rule_obj(self):
        from .registry import get_rule

        return get_rule(self.rule)

    @property
    def label(self):
        """What the work is called: its rule's label (the rule's name, if no longer registered)."""
        rule = self.rule_obj
        return rule.label if rule else self.rule

    @property
    def work_url(self) -> str:
        """The page where the work is done (a youth's tab, a home, its documents); "" when its
        rule names none."""
        rule = self.rule_obj
        if rule is None or rule.url is None:
            return ""
        try:
            return rule.url(self.youth_id, self.target_id)
        except NoReverseMatch:
            return ""


class ReminderSnooze(models.Model):
    """Who snoozed which reminder, until when and why (the audit of a snooze)."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="snoozes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    until = models.DateTimeField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at"]
