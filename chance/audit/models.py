import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One row per access to a youth's record (or a security event), append-only.

    Each row carries the hash of its own content and of the row before it, so that a changed,
    removed or inserted row breaks the chain (see ``verify_audit``).
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        SUBMITTED = "submitted", _("Submitted a change")
        # Refused by the access policy (a 404 or 403): the user may not see or do this.
        DENIED = "denied", _("Access refused")
        # A form sent with invalid input (answered 400): allowed, but nothing was saved.
        DECLINED = "declined", _("Declined (invalid input)")
        BREAK_GLASS = "break_glass", _("Break-the-glass")
        EXPORTED = "exported", _("Exported or printed")
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOCKED_OUT = "locked_out", _("Locked out")

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=True,
    )
    username = models.CharField(max_length=150, blank=True)
    # The youth is kept as a plain id: the audit core imports no domain app, and the log must
    # outlive any record it mentions.
    youth_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=120, blank=True, help_text=_("The page or export used."))
    object_ref = models.CharField(max_length=120, blank=True)
    path = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=8, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["youth_id", "-id"], name="accesslog_youth_idx"),
            models.Index(fields=["user", "-id"], name="accesslog_user_idx"),
            models.Index(fields=["action", "-id"], name="accesslog_action_idx"),
            # The audit trail pages newest-first by time with a keyset on (at, id).
            models.Index(fields=["youth_id", "-at", "-id"], name="accesslog_youth_at_idx"),
            models.Index(fields=["user", "-at", "-id"], name="accesslog_user_at_idx"),
            models.Index(fields=["action", "-at", "-id"], name="accesslog_action_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Access log rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Access log rows are append-only.")

    def content(self) -> dict:
        return {
            "at": self.at.isoformat(),
            "user_id": self.user_id,
            "username": self.username,
            "youth_id": self.youth_id,
            "action": self.action,
            "what": self.what,
            "object_ref": self.object_ref,
            "path": self.path,
            "method": self.method,
            "ip": self.ip,
            "reason": self.reason,
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((self.prev_hash + payload).encode()).hexdigest()


class AuditCheckpoint(models.Model):
    """A signed record of the chain's head at a moment: the witness that the newest rows existed.

    A hash chain alone cannot show that its newest rows were cut off (what remains is still a valid
    chain). Each checkpoint stores the id and hash of the newest row, signed with an HMAC key
    that is not in the database (see ``chance.audit.chain``), so ``verify_audit`` fails if a
    checkpointed row is missing or changed, and a checkpoint cannot be forged without the key.
    """

    at = models.DateTimeField()
    last_id = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)
    # {history table: {"last_id", "rows", "digest", "fields"}}: a rolling digest of the table's
    # rows up to last_id, signed with the rest (see ``chance.audit.chain``). Empty on the
    # checkpoints taken before audit 0006.
    history = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return _("Audit checkpoint at row #%(id)s") % {"id": self.last_id}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit checkpoints are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit checkpoints are append-only.")
