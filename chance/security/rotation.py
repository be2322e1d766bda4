"""Re-encrypting every EncryptedTextField value with the newest FIELD_ENCRYPTION_KEY.

Models are found generically: every installed model (historical models included, since
django-simple-history copies the field class into them) with an EncryptedTextField.
"""

from django.apps import apps
from django.db import transaction

from chance import documents
from chance.audit.append_only import is_history_model, protected_tables
from chance.crypto import PREFIX, EncryptedTextField, rotate

BATCH = 500


def encrypted_fields():
    """[(model, [field, ...])] for every model holding at least one encrypted column."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def _raw_rows(model, field, after_pk):
    """Stored (cipher)text, read without decrypting, so each value is rotated as it is."""
    table = model._meta.db_table
    pk = model._meta.pk.column
    from django.db import connection

    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {qn(pk)}, {qn(field.column)} FROM {qn(table)} "  # noqa: S608 (names from model meta)
            f"WHERE {qn(pk)} > %s AND {qn(field.column)} IS NOT NULL "
            f"AND {qn(field.column)} <> '' ORDER BY {qn(pk)} LIMIT %s",
            [after_pk, BATCH],
        )
        return cursor.fetchall()


def rotate_all(*, stdout=None) -> dict[str, int]:
    """Rotate every value; returns {"app.Model.field": values rewritten}. Safe to re-run and to
    interrupt: each batch commits on its own, and a value already under the newest key is
    simply re-encrypted again. On PostgreSQL the history tables are append-only: run this as
    the migration role (their owner), not as the application's role (SECURITY.md)."""
    from django.db import connection

    qn = connection.ops.quote_name
    protected = set(protected_tables()) if connection.vendor == "postgresql" else set()
    counts = {}
    for model, fields in encrypted_fields():
        table, pk = model._meta.db_table, model._meta.pk.column
        for field in fields:
            label = f"{model._meta.label}.{field.column}"
            done, after = 0, 0
            while True:
                rows = _raw_rows(model, field, after)
                if not rows:
                    break
                with transaction.atomic(), connection.cursor() as cursor:
                    if table in protected:
                        # Append-only (audit 0005): only the tables' owner, the migration role,
                        # can lift the trigger, for this transaction only. The plaintext is
                        # unchanged, so the signed history digests still verify.
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
                        cursor.execute(
                            f"ALTER TABLE {qn(table)} DISABLE TRIGGER {qn(table + '_append_only')}"
                        )
                    for row_pk, stored in rows:
                        cursor.execute(
                            f"UPDATE {qn(table)} SET {qn(field.column)} = %s "  # noqa: S608
                            f"WHERE {qn(pk)} = %s AND {qn(field.column)} = %s",
                            [rotate(stored), row_pk, stored],
                        )
                        done += cursor.rowcount
                    if table in protected:
                        cursor.execute(
                            f"ALTER TABLE {qn(table)} ENABLE TRIGGER {qn(table + '_append_only')}"
                        )
                after = rows[-1][0]
            counts[label] = done
            if stdout is not None:
                stdout.write(f"{label}: {done} value(s) re-encrypted")
    counts.update(rotate_documents(stdout=stdout))
    return counts


def stored_file_fields():
    """[(model, [field, ...])] for every model naming stored documents (history copies skipped:
    they name the file a row had when it was written)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or is_history_model(model):
            continue
        fields = [
            f for f in model._meta.concrete_fields if isinstance(f, documents.StoredFileField)
        ]
        if fields:
            found.append((model, fields))
    return found


def rotate_documents(*, stdout=None) -> dict[str, int]:
    """Re-encrypt every stored document with the newest key. Each file is written again under
    a new random name, the row is pointed at it, then the old file is deleted: an interruption
    leaves at worst a stray copy, never a row naming a missing file."""
    counts = {}
    for model, fields in stored_file_fields():
        for field in fields:
            label = f"{model._meta.label}.{field.column} (files)"
            done = 0
            rows = model._default_manager.exclude(**{field.name: ""}).values_list("pk", field.name)
            for pk, old in rows.order_by("pk").iterator():
                new = documents.restore_with_newest_key(old)
                updated = model._default_manager.filter(pk=pk, **{field.name: old}).update(
                    **{field.name: new}
                )
                documents.discard(old if updated else new)
                done += updated
            counts[label] = done
            if stdout is not None:
                stdout.write(f"{label}: {done} file(s) re-encrypted")
    return counts


def is_ciphertext(value: str) -> bool:
    return value.startswith(PREFIX)
