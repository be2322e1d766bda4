"""Documents on a home or a caregiver: licences, training certificates, screenings (issue 21)."""

import uuid

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import chance.documents
import chance.text


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0013_alarm_event_delivered_once"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalHomeDocument",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                (
                    "series",
                    models.UUIDField(
                        db_index=True, default=uuid.uuid4, editable=False, verbose_name="document"
                    ),
                ),
                ("version", models.PositiveSmallIntegerField(default=1, verbose_name="version")),
                (
                    "stored_name",
                    chance.documents.StoredFileField(db_index=True, editable=False, max_length=100),
                ),
                (
                    "content_type",
                    models.CharField(editable=False, max_length=100, verbose_name="file type"),
                ),
                ("size", models.PositiveIntegerField(editable=False, verbose_name="size")),
                (
                    "uploaded_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="uploaded at"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("license", "Foster home license"),
                            ("training", "Training certificate"),
                            ("background", "Background screening"),
                            ("home_study", "Home study"),
                            ("insurance", "Insurance"),
                            ("other", "Other"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                (
                    "date",
                    models.DateField(help_text="The date on the document.", verbose_name="date"),
                ),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expires on")),
                (
                    "description",
                    models.CharField(
                        max_length=200,
                        validators=[chance.text.VisibleTextValidator()],
                        verbose_name="description",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "caregiver",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Whose document it is, when it is one caregiver's.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="placements.caregiver",
                        verbose_name="caregiver",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "home",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="placements.home",
                        verbose_name="home",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical home document",
                "verbose_name_plural": "historical home documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HomeDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "series",
                    models.UUIDField(
                        db_index=True, default=uuid.uuid4, editable=False, verbose_name="document"
                    ),
                ),
                ("version", models.PositiveSmallIntegerField(default=1, verbose_name="version")),
                (
                    "stored_name",
                    chance.documents.StoredFileField(editable=False, max_length=100, unique=True),
                ),
                (
                    "content_type",
                    models.CharField(editable=False, max_length=100, verbose_name="file type"),
                ),
                ("size", models.PositiveIntegerField(editable=False, verbose_name="size")),
                (
                    "uploaded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("license", "Foster home license"),
                            ("training", "Training certificate"),
                            ("background", "Background screening"),
                            ("home_study", "Home study"),
                            ("insurance", "Insurance"),
                            ("other", "Other"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                (
                    "date",
                    models.DateField(help_text="The date on the document.", verbose_name="date"),
                ),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expires on")),
                (
                    "description",
                    models.CharField(
                        max_length=200,
                        validators=[chance.text.VisibleTextValidator()],
                        verbose_name="description",
                    ),
                ),
                (
                    "caregiver",
                    models.ForeignKey(
                        blank=True,
                        help_text="Whose document it is, when it is one caregiver's.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="placements.caregiver",
                        verbose_name="caregiver",
                    ),
                ),
                (
                    "home",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="placements.home",
                        verbose_name="home",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "home document",
                "verbose_name_plural": "home documents",
                "ordering": ["-date", "series", "-version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("series", "version"), name="home_document_one_version"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("version__gte", 1)),
                        name="home_document_version_positive",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("expires_on__isnull", True),
                            ("expires_on__gte", models.F("date")),
                            _connector="OR",
                        ),
                        name="home_document_expires_after_date",
                    ),
                ],
            },
        ),
    ]
