"""`okrum org activate <slug>` ends a trial; `okrum org list` shows every organization."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rich.console import Console
from rich.table import Table

from okrum.tenancy import queries, services


class Command(BaseCommand):
    help = "Manage organizations: list them, or activate one (end its trial)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every organization with its plan")
        activate = sub.add_parser("activate", help="end the trial: plan 'active', writable")
        activate.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast("IO[str]", self.stdout))
        if options["action"] == "list":
            table = Table("slug", "name", "plan", "trial ends")
            for org in queries.all_organizations():
                table.add_row(
                    org.slug, org.name, org.effective_plan, f"{org.trial_ends_at:%Y-%m-%d}"
                )
            console.print(table)
            return
        found = queries.organization_by_slug(options["slug"])
        if found is None:
            raise CommandError(f"No organization with slug {options['slug']!r}.")
        with transaction.atomic():
            services.activate_plan(org=found)
        console.print(f"[green]{found.name}[/green] ({found.slug}) is now on the active plan.")
