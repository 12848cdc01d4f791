from django.core.management.base import BaseCommand

from assessment.instruments import INSTRUMENTS, load_instruments


class Command(BaseCommand):
    help = "Create or update the shipped instrument definitions (no item wording). Idempotent."

    def handle(self, *_args: object, **_options: object) -> None:
        created = load_instruments()
        self.stdout.write(
            f"Instruments: {created} created, {len(INSTRUMENTS) - created} already there."
        )
