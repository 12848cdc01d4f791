"""Fill a development database with demo municipalities, logins and families."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.organisation import DEMO_PASSWORD, DEMO_TOTP_SECRET
from demo.seed import DemoSummary, seed_demo

# The counts the summary names in its own lines.
SUMMARISED = {
    "users",
    "users reset",
    "municipalities",
    "teams",
    "departments",
    "outside grants",
    "housing areas",
    "notifications",
}


def _listed(names: list[str]) -> str:
    return ", ".join(names) if names else "nothing new"


class Command(BaseCommand):
    help = (
        "Create demo municipalities (Nordby, Sydby), core teams, users with the password "
        f"“{DEMO_PASSWORD}” and demo families. Safe to run again. Development only (DEBUG on)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-logins", action="store_true", help="Print only the summary, not the logins."
        )

    def handle(self, *_args: object, **options: object) -> None:
        # Users with a known password must never exist in production. (With DEBUG off the demo app
        # is not installed and this command does not exist; the check guards a misconfiguration.)
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on (DJANGO_DEBUG=1): demo users with the "
                f"password “{DEMO_PASSWORD}” must never exist in production."
            )
        summary = seed_demo()
        for line in self._summary(summary):
            self.stdout.write(self.style.SUCCESS(line))
        if options["no_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password “{DEMO_PASSWORD}” for all):")
        self.stdout.write(
            f"Two-factor log-in: add the key {DEMO_TOTP_SECRET} to an authenticator app (the same "
            "for every demo user), or get the current code with: "
            f"oathtool --totp -b {DEMO_TOTP_SECRET}"
        )
        width = max(len(login.username) for login in summary.logins)
        for login in summary.logins:
            self.stdout.write(
                f"  {login.username:<{width}}  {login.full_name} — {login.where}: {login.can_do}"
            )

    def _summary(self, summary: DemoSummary) -> list[str]:
        created = summary.created
        # What later phases count (measurements, fidelity rounds, ...) is listed as it comes.
        others = sorted(set(created) - SUMMARISED)
        return [
            f"Demo data: {len(summary.families_created)} families created, "
            f"{len(summary.families_existing)} already there; "
            f"{created['users']} users created, {created['users reset']} reset; "
            f"{created['municipalities']} municipalities, {created['teams']} teams, "
            f"{created['departments']} departments and "
            f"{created['outside grants']} outside grants created.",
            f"Referrals: {created['housing areas']} housing areas created; "
            f"{_listed(summary.referrals)}.",
            f"Assessments: {_listed(summary.assessments)}.",
            f"Action plans: {_listed(summary.plans)}; "
            f"{created['notifications']} new notifications.",
            "Also created: "
            + (", ".join(f"{created[key]} {key}" for key in others) if others else "nothing new")
            + ".",
        ]
