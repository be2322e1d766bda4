from django.core.management.base import BaseCommand

from chance.crypto import reset_keys_cache
from chance.security.rotation import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column (all models and their history) with the newest key "
        "in FIELD_ENCRYPTION_KEY. Run after putting a new key first; then remove the old key. "
        "See SECURITY.md."
    )

    def handle(self, *args, **options):
        reset_keys_cache()
        counts = rotate_all(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Done: {sum(counts.values())} value(s)."))
