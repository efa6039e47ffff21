"""`okrum serve`: apply migrations, collect static files, then serve the app with uvicorn."""

from __future__ import annotations

import fcntl
import ipaddress
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

# Any fixed number names the lock; every `okrum serve` of one PostgreSQL database takes it.
MIGRATE_LOCK = 0x6F6B72756D  # "okrum"


class Command(BaseCommand):
    help = "Apply migrations, collect static files and serve Okrum over HTTP (uvicorn, ASGI)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="app processes")
        parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations")
        parser.add_argument(
            "--forwarded-allow-ips",
            default=None,
            help="comma-separated addresses or networks of the reverse proxies whose "
            "X-Forwarded-For and X-Forwarded-Proto are believed "
            "(default: OKRUM_FORWARDED_ALLOW_IPS, else 127.0.0.1,::1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        proxies = trusted_proxies(options["forwarded_allow_ips"] or settings.FORWARDED_ALLOW_IPS)
        self._warn_about(proxies)
        # Several `okrum serve` starting at once take turns; the later ones find nothing to do.
        with data_dir_lock():
            if not options["no_migrate"]:
                with migrate_lock():
                    call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # the workers open their own
        self.stdout.write(f"Okrum is serving on http://{options['host']}:{options['port']}/")
        uvicorn.run(
            "okrum.asgi:application",
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            proxy_headers=True,
            forwarded_allow_ips=proxies,
            lifespan="off",  # Django has no startup or shutdown hooks to run
            log_level="info",
        )

    def _warn_about(self, proxies: str) -> None:
        if proxies == "*":
            self.stderr.write(
                "Warning: every address is trusted as a proxy (--forwarded-allow-ips '*'), so a "
                "client can choose the address its failed sign-ins are counted against. List "
                "your proxies' addresses instead."
            )
        if connection.vendor != "sqlite" and "OKRUM_SECRET_KEY" not in os.environ:
            self.stderr.write(
                "Warning: OKRUM_SECRET_KEY is not set, so this host signs sessions with the key "
                f"in {settings.DATA_DIR / 'secret_key'}. Every host serving this database needs "
                "the same OKRUM_SECRET_KEY."
            )


def trusted_proxies(value: str) -> str:
    """The proxy list as uvicorn takes it, each item checked: an IP address, a network, or '*'."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    if items == ["*"]:
        return "*"
    if not items:
        raise CommandError("--forwarded-allow-ips: give at least one address, e.g. 127.0.0.1.")
    for item in items:
        try:
            # As uvicorn reads them: a network must have no host bits (10.0.0.0/24).
            ipaddress.ip_network(item) if "/" in item else ipaddress.ip_address(item)
        except ValueError:
            raise CommandError(
                f"--forwarded-allow-ips: {item!r} is not an IP address or network "
                "(such as 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return ",".join(items)


@contextmanager
def data_dir_lock() -> Iterator[None]:
    """Hold an exclusive lock on the data directory, which holds static files and SQLite."""
    path = Path(settings.DATA_DIR) / "serve.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def migrate_lock() -> Iterator[None]:
    """On PostgreSQL, an advisory lock so that hosts starting together migrate one at a time."""
    if connection.vendor != "postgresql":
        yield  # SQLite lives in the data directory, whose lock is already held
        return
    # A connection of its own, in a transaction held open: the lock ends with the transaction,
    # which also holds behind a pooler that hands out server connections per transaction.
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATE_LOCK])
        yield
        # Ending the transaction releases the lock at once; a closed connection's session may
        # linger on the server for a moment.
        holder.rollback()
    finally:
        holder.close()
