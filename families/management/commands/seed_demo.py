"""Fill a development database with demo municipalities, logins and families."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from families.demo import DEMO_PASSWORD, seed_demo
from families.demo_registry import demo_steps


class Command(BaseCommand):
    help = (
        "Create demo municipalities (Nordby, Sydby), core teams, users with the password "
        f"“{DEMO_PASSWORD}” and demo families. Safe to run again. Development only (DEBUG on)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-logins", action="store_true", help="Print only the summary, not the logins."
        )

    def handle(self, *args: object, **options: object) -> None:
        # Users with a known password must never exist in production.
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on (DJANGO_DEBUG=1): demo users with the "
                f"password “{DEMO_PASSWORD}” must never exist in production."
            )
        with transaction.atomic():
            summary = seed_demo()
            step_lines = [f"{step.name}: {step.run()}" for step in demo_steps()]
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(summary.families_created)} families created, "
                f"{len(summary.families_existing)} already there; "
                f"{summary.users_created} users created, {summary.users_reset} reset; "
                f"{summary.municipalities_created} municipalities, {summary.teams_created} teams, "
                f"{summary.departments_created} departments and "
                f"{summary.grants_created} outside grants created."
            )
        )
        for line in step_lines:
            self.stdout.write(self.style.SUCCESS(line))
        if options["no_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password “{DEMO_PASSWORD}” for all):")
        width = max(len(login.username) for login in summary.logins)
        for login in summary.logins:
            self.stdout.write(
                f"  {login.username:<{width}}  {login.full_name} — {login.where}: {login.can_do}"
            )
