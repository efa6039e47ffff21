"""`okrum serve`: apply migrations, then serve the app with uvicorn."""

from __future__ import annotations

from typing import Any

import uvicorn
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Apply migrations and serve Okrum over HTTP (uvicorn, ASGI)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="app processes (PostgreSQL)")
        parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Okrum is serving on http://{options['host']}:{options['port']}/")
        uvicorn.run(
            "okrum.asgi:application",
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            proxy_headers=True,
            lifespan="off",  # Django has no startup or shutdown hooks to run
            log_level="info",
        )
