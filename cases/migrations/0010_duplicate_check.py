"""The duplicate check at intake (``cases.duplicates``).

pg_trgm: created here with Django's ``TrigramExtension`` as well (0007 created it by SQL; both are
IF NOT EXISTS, and a database built from this migration on says so in Django's terms). It is a
trusted extension since PostgreSQL 13, so the database owner creates it without superuser (the
benchmark database ``chance_bench`` is built by ``migrate`` and gets it the same way). On SQLite
the operation does nothing. The trigram GIN indexes on UPPER(name columns) of 0007 serve the
similarity operator ``%``; the B-tree index on date_of_birth serves "a date of birth near this".
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_visible_text"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name="youth",
            index=models.Index(fields=["date_of_birth"], name="youth_dob_idx"),
        ),
    ]
