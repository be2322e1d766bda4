from django.core.management.base import BaseCommand, CommandError

from chance.audit import chain


class Command(BaseCommand):
    help = (
        "Verify the access log's hash chain and signed checkpoints; name the first row that was "
        "altered, removed or inserted. Exit status 1 on failure. On success, sign a new checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=chain.BATCH_SIZE)
        parser.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="Only verify; do not record the current head as a new checkpoint.",
        )

    def handle(self, *args, batch_size, no_checkpoint, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = chain.verify(batch_size=batch_size)
        if not report.ok:
            raise CommandError(
                f"Audit log verification FAILED ({report.problem.kind}): {report.problem.message}",
                returncode=1,
            )
        checkpoint = None if no_checkpoint else chain.checkpoint_record()
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit log intact: {report.rows} rows, {report.checkpoints} checkpoints verified"
                + (f"; new checkpoint at row #{checkpoint.last_id}." if checkpoint else ".")
            )
        )
