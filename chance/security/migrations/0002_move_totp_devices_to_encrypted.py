"""Move every django-otp TOTPDevice (secret stored as plaintext hex) into EncryptedTOTPDevice
(secret stored as Fernet ciphertext), then delete the plaintext rows.

Everything that makes the device what it is moves with it: user, name, confirmed, the TOTP
parameters, drift, last_t (so a code already used cannot be replayed after the move), the
throttling state (so a half-guessed device stays slowed down) and the timestamps. Users stay
enrolled; their apps keep working. A session verified with an old device id has to give a code
again, since django-otp names the device by model and id.

Reversible: going back moves the rows into TOTPDevice again (decrypted, as that model stores
them), because the code before this migration only knows TOTPDevice; without the rows every
user would lose their second factor and could enrol a new one with the password alone.

Deleted rows leave the live tables, but backups taken before this migration still hold the
plaintext secrets: expire those backups, or have users enrol their authenticator again.
"""

from django.db import migrations

FIELDS = (
    "user_id",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
    "key",
    "step",
    "t0",
    "digits",
    "tolerance",
    "drift",
    "last_t",
)


def _move(source, target, db):
    moved = []
    for old in source.objects.using(db).order_by("pk"):
        new = target.objects.using(db).create(**{f: getattr(old, f) for f in FIELDS})
        # created_at is auto_now_add, so create() stamped "now": put the real date back.
        target.objects.using(db).filter(pk=new.pk).update(created_at=old.created_at)
        moved.append(old.pk)
    source.objects.using(db).filter(pk__in=moved).delete()
    return len(moved)


def encrypt_totp_devices(apps, schema_editor):
    _move(
        apps.get_model("otp_totp", "TOTPDevice"),
        apps.get_model("security", "EncryptedTOTPDevice"),
        schema_editor.connection.alias,
    )


def decrypt_totp_devices(apps, schema_editor):
    _move(
        apps.get_model("security", "EncryptedTOTPDevice"),
        apps.get_model("otp_totp", "TOTPDevice"),
        schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_encrypted_totp_device"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(encrypt_totp_devices, decrypt_totp_devices)]
