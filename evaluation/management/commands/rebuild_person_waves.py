from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from evaluation.person_waves import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the dashboards' per-person summary of measurements (evaluation.PersonWaves) from "
        "every measurement. Safe to run at any time and twice: the services keep the summary up to "
        "date; this repairs it after measurements were changed outside them."
    )

    def handle(self, *_args: object, **_options: object) -> None:
        persons = rebuild()
        self.stdout.write(
            _("Summarised the measurements of %(count)s persons.") % {"count": persons}
        )
