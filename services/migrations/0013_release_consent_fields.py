"""Releases of information state what they release and whether it includes Part 2 records,
and point at their signed form (see 0012)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import chance.text


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_court_hearing_history_append_only"),
        ("services", "0012_release_consents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="historicalreleaseconsent",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical release of information",
                "verbose_name_plural": "historical releases of information",
            },
        ),
        migrations.AlterModelOptions(
            name="releaseconsent",
            options={
                "ordering": ["-signed_on", "-id"],
                "verbose_name": "release of information",
                "verbose_name_plural": "releases of information",
            },
        ),
        migrations.RemoveConstraint(
            model_name="releaseconsent",
            name="part2_consent_expires_after_signing",
        ),
        migrations.RemoveConstraint(
            model_name="releaseconsent",
            name="part2_consent_revoked_after_signing",
        ),
        migrations.AddField(
            model_name="historicalreleaseconsent",
            name="covers_part2",
            field=models.BooleanField(
                default=True,
                verbose_name="includes substance use treatment records (42 CFR Part 2)",
            ),
        ),
        migrations.AddField(
            model_name="historicalreleaseconsent",
            name="information",
            field=models.CharField(
                default="Substance use disorder treatment records (42 CFR Part 2)",
                help_text="What may be released, as the signed form says.",
                max_length=500,
                validators=[chance.text.VisibleTextValidator()],
                verbose_name="information released",
            ),
        ),
        migrations.AddField(
            model_name="historicalreleaseconsent",
            name="signed_form",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.youthdocument",
                verbose_name="signed form",
            ),
        ),
        migrations.AddField(
            model_name="releaseconsent",
            name="covers_part2",
            field=models.BooleanField(
                default=True,
                verbose_name="includes substance use treatment records (42 CFR Part 2)",
            ),
        ),
        migrations.AddField(
            model_name="releaseconsent",
            name="information",
            field=models.CharField(
                default="Substance use disorder treatment records (42 CFR Part 2)",
                help_text="What may be released, as the signed form says.",
                max_length=500,
                validators=[chance.text.VisibleTextValidator()],
                verbose_name="information released",
            ),
        ),
        migrations.AddField(
            model_name="releaseconsent",
            name="signed_form",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.youthdocument",
                verbose_name="signed form",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreleaseconsent",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("treatment", "Treatment and care coordination"),
                    ("court", "Court or legal proceedings"),
                    ("caseworker", "Child welfare caseworker"),
                    ("education", "School and education"),
                    ("payment", "Payment and health-care operations"),
                    ("other", "Other"),
                ],
                max_length=12,
                verbose_name="purpose",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreleaseconsent",
            name="recipient",
            field=models.CharField(
                help_text="The person or agency the information may be given to.",
                max_length=200,
                validators=[chance.text.VisibleTextValidator()],
                verbose_name="released to",
            ),
        ),
        migrations.AlterField(
            model_name="releaseconsent",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("treatment", "Treatment and care coordination"),
                    ("court", "Court or legal proceedings"),
                    ("caseworker", "Child welfare caseworker"),
                    ("education", "School and education"),
                    ("payment", "Payment and health-care operations"),
                    ("other", "Other"),
                ],
                max_length=12,
                verbose_name="purpose",
            ),
        ),
        migrations.AlterField(
            model_name="releaseconsent",
            name="recipient",
            field=models.CharField(
                help_text="The person or agency the information may be given to.",
                max_length=200,
                validators=[chance.text.VisibleTextValidator()],
                verbose_name="released to",
            ),
        ),
        migrations.AlterField(
            model_name="releaseconsent",
            name="youth",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="consents",
                to="cases.youth",
                verbose_name="youth",
            ),
        ),
        migrations.AddConstraint(
            model_name="releaseconsent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("expires_on__isnull", True),
                    ("expires_on__gte", models.F("signed_on")),
                    _connector="OR",
                ),
                name="consent_expires_after_signing",
            ),
        ),
        migrations.AddConstraint(
            model_name="releaseconsent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("revoked_on__isnull", True),
                    ("revoked_on__gte", models.F("signed_on")),
                    _connector="OR",
                ),
                name="consent_revoked_after_signing",
            ),
        ),
        # Rows from before were all Part 2 consents: they got the defaults above; new
        # releases state what they cover.
        migrations.AlterField(
            model_name="historicalreleaseconsent",
            name="covers_part2",
            field=models.BooleanField(
                default=False,
                verbose_name="includes substance use treatment records (42 CFR Part 2)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreleaseconsent",
            name="information",
            field=models.CharField(
                help_text="What may be released, as the signed form says.",
                max_length=500,
                validators=[chance.text.VisibleTextValidator()],
                verbose_name="information released",
            ),
        ),
        migrations.AlterField(
            model_name="releaseconsent",
            name="covers_part2",
            field=models.BooleanField(
                default=False,
                verbose_name="includes substance use treatment records (42 CFR Part 2)",
            ),
        ),
        migrations.AlterField(
            model_name="releaseconsent",
            name="information",
            field=models.CharField(
                help_text="What may be released, as the signed form says.",
                max_length=500,
                validators=[chance.text.VisibleTextValidator()],
                verbose_name="information released",
            ),
        ),
    ]
