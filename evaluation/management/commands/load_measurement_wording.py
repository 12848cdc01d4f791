import csv
from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Municipality
from evaluation.instruments import INSTRUMENTS
from evaluation.models import MeasurementWording


class Command(BaseCommand):
    help = (
        "Load the licensed item wording of the measurement instruments from the municipality's own "
        "file (CSV: instrument,item,language,text; e.g. kidscreen10,q1,da,…). The product ships "
        "no item wording. All or nothing; loading again replaces the text."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="Municipality code, e.g. 101")

    def handle(self, *_args: object, **options: object) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("No municipality with code %(code)s.") % {"code": options["municipality"]}
            )
        items = {(spec.code, code) for spec in INSTRUMENTS for code in spec.item_codes}
        path = options["file"]
        assert isinstance(path, Path)
        rows, errors = [], []
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                key = (row.get("instrument", "").strip(), row.get("item", "").strip())
                language, text = row.get("language", "").strip(), row.get("text", "").strip()
                if key not in items:
                    errors.append(
                        _("Line %(line)s: unknown instrument/item %(item)s.")
                        % {"line": reader.line_num, "item": "/".join(key)}
                    )
                elif not language or not text:
                    errors.append(
                        _("Line %(line)s: language and text are required.")
                        % {"line": reader.line_num}
                    )
                else:
                    rows.append((key, language, text))
        if errors:
            raise CommandError(_("Nothing was loaded:") + "\n" + "\n".join(errors))
        with transaction.atomic():
            for (instrument, item), language, text in rows:
                MeasurementWording.objects.update_or_create(
                    municipality=municipality,
                    instrument=instrument,
                    item_code=item,
                    language=language,
                    defaults={"text": text},
                )
        self.stdout.write(
            _("Item wording: %(count)s items loaded for %(municipality)s.")
            % {"count": len(rows), "municipality": municipality.name}
        )
