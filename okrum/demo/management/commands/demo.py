"""`okrum demo`: load the demo organization into an empty database and print how to sign in."""

from __future__ import annotations

from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from rich.console import Console
from rich.table import Table

from okrum.demo import builder
from okrum.demo.story import ORG_SLUG as DEMO_SLUG
from okrum.tenancy import queries


class Command(BaseCommand):
    help = "Create the demo organization (only when the database has no organization yet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-if-present", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast("IO[str]", self.stdout))
        if queries.any_organization_exists():
            if not options["quiet_if_present"]:
                console.print("The database already has organizations; the demo was not loaded.")
            self._print_sign_in(console)
            return
        # The demo people join through real invitations; nobody should get those emails.
        quiet_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        with quiet_mail, transaction.atomic():
            demo = builder.build()
        console.print(f"[green]Demo organization “{demo.org.name}” created.[/green]")
        self._print_sign_in(console)

    def _print_sign_in(self, console: Console) -> None:
        if not queries.organization_by_slug(DEMO_SLUG):
            return
        table = Table("role", "who", "email", "password", title="Sign in to the demo")
        for person in builder.PEOPLE:
            table.add_row(str(person.role), person.title, person.email, builder.DEMO_PASSWORD)
        console.print(table)
        console.print(f"Open {settings.BASE_URL}/login/")
