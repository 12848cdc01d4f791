import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from screening.services.housing_areas import import_housing_areas


class Command(BaseCommand):
    help = (
        "Import housing areas from a CSV file with the columns area, municipality, category "
        "(vulnerable, parallel_society, transformation, prevention), valid_from (YYYY-MM-DD) "
        "and optionally municipality_code and streets (separated by ';')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *_args: object, file: Path, **_options: object) -> None:
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                result = import_housing_areas(rows=list(csv.DictReader(handle)))
        except OSError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Housing areas: {result.created} created, {result.updated} unchanged.")
