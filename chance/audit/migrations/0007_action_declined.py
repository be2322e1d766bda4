# A form refused for invalid input is logged as "declined", apart from "denied" (the access
# policy's refusal). Choices only: no row is rewritten, the table stays append-only.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_checkpoint_history"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("viewed", "Viewed"),
                    ("submitted", "Submitted a change"),
                    ("denied", "Access refused"),
                    ("declined", "Declined (invalid input)"),
                    ("break_glass", "Break-the-glass"),
                    ("exported", "Exported or printed"),
                    ("login", "Signed in"),
                    ("logout", "Signed out"),
                    ("login_failed", "Failed sign-in"),
                    ("locked_out", "Locked out"),
                ],
                max_length=20,
            ),
        ),
    ]
