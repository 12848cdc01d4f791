from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import Municipality, Team
from evaluation.measurement_import import ImportRefused, default_actor, import_families


class Command(BaseCommand):
    help = (
        "Import families already in the programme from an earlier system (CSV, one row per "
        "member). All or nothing; every bad row is reported by line number; safe to run twice."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="Municipality code, e.g. 101")
        parser.add_argument("--team", required=True, help="The core team's name")
        parser.add_argument("--actor", help="Username the import is recorded as (a team lead)")

    def handle(self, *_args: object, **options: object) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("No municipality with code %(code)s.") % {"code": options["municipality"]}
            )
        team = Team.objects.filter(municipality=municipality, name=options["team"]).first()
        if team is None:
            raise CommandError(
                _("No team “%(team)s” in %(municipality)s.")
                % {"team": options["team"], "municipality": municipality.name}
            )
        path = options["file"]
        assert isinstance(path, Path)
        try:
            # --actor: an e-mail address or None (argparse's options are untyped).
            actor = default_actor(municipality, options["actor"])  # type: ignore[arg-type]
            with path.open(encoding="utf-8-sig", newline="") as handle:
                result = import_families(
                    municipality=municipality, team=team, handle=handle, actor=actor
                )
        except ImportRefused as refused:
            raise CommandError(
                _("Nothing was imported:") + "\n" + "\n".join(refused.errors)
            ) from None
        self.stdout.write(
            _("Families: %(created)s imported, %(skipped)s already there.")
            % {"created": result.created, "skipped": result.skipped}
        )
