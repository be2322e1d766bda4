"""Move every django-otp StaticDevice (backup codes stored as plaintext) into
HashedStaticDevice, storing each code only as its HMAC-SHA256 under the newest
FIELD_ENCRYPTION_KEY (chance.security.models.backup_code_digest), then delete the plaintext rows.

The device's user, name, confirmed flag, throttling state (a half-guessed device stays slowed
down) and timestamps move with it. Users keep the codes they printed; each still works once.
A session verified with an old device id has to give a code again, since django-otp names the
device by model and id.

Reverse: the plaintext cannot be recovered from a keyed hash, so going back deletes the hashed
backup codes and restores none. Users keep their authenticator (TOTP) and make new backup codes
from their two-factor page; someone with neither asks the program admin to reset 2FA. This was
chosen over an irreversible migration so that a rollback of the release (including migration
0002) stays possible, at the price of one minor inconvenience and no loss of security.

Deleted rows leave the live tables, but backups taken before this migration still hold the
plaintext codes: expire those backups, or have every user make new backup codes.
"""

from django.db import migrations

from chance.security.models import backup_code_digest

FIELDS = (
    "user_id",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
)


def hash_static_tokens(apps, schema_editor):
    db = schema_editor.connection.alias
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    HashedStaticDevice = apps.get_model("security", "HashedStaticDevice")
    HashedStaticToken = apps.get_model("security", "HashedStaticToken")
    moved = []
    for old in StaticDevice.objects.using(db).order_by("pk"):
        new = HashedStaticDevice.objects.using(db).create(**{f: getattr(old, f) for f in FIELDS})
        # created_at is auto_now_add, so create() stamped "now": put the real date back.
        HashedStaticDevice.objects.using(db).filter(pk=new.pk).update(created_at=old.created_at)
        HashedStaticToken.objects.using(db).bulk_create(
            HashedStaticToken(device_id=new.pk, digest=backup_code_digest(t.token))
            for t in old.token_set.all()
        )
        moved.append(old.pk)
    # Cascades to the plaintext StaticToken rows.
    StaticDevice.objects.using(db).filter(pk__in=moved).delete()


def delete_hashed_static_tokens(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("security", "HashedStaticDevice").objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0003_hashed_static_device"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_static_tokens, delete_hashed_static_tokens)]
