"""`okrum serve` hands uvicorn the trusted proxies and prepares the site one process at a time."""

from __future__ import annotations

import fcntl
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from okrum.core.management.commands import serve


@pytest.fixture
def started(monkeypatch, settings, tmp_path) -> dict[str, Any]:
    """What `okrum serve` would start uvicorn with, and the commands it ran before."""
    settings.DATA_DIR = tmp_path
    seen: dict[str, Any] = {"commands": []}
    monkeypatch.setattr(serve.uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setattr(serve, "call_command", lambda name, **kw: seen["commands"].append(name))
    monkeypatch.setattr(serve.connections, "close_all", lambda: None)
    return seen


def run_serve(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("serve", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_trusts_only_the_local_proxy_by_default(started, settings):
    run_serve("--no-migrate")

    assert started["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert started["proxy_headers"] is True


def test_the_proxies_come_from_the_setting(started, settings):
    settings.FORWARDED_ALLOW_IPS = "10.0.0.5, 10.0.1.0/24"

    run_serve("--no-migrate")

    assert started["forwarded_allow_ips"] == "10.0.0.5,10.0.1.0/24"


def test_the_option_overrides_the_setting_and_workers_reach_uvicorn(started, settings):
    settings.FORWARDED_ALLOW_IPS = "10.0.0.5"

    run_serve("--no-migrate", "--workers", "3", "--forwarded-allow-ips", "192.168.7.2")

    assert started["forwarded_allow_ips"] == "192.168.7.2"
    assert started["workers"] == 3


@pytest.mark.parametrize(
    ("value", "named"),
    [("proxy.internal", "'proxy.internal'"), ("10.0.0.5/24", "'10.0.0.5/24'"), (" , ", "at least")],
)
def test_a_proxy_list_uvicorn_would_misread_is_refused(started, value, named):
    with pytest.raises(CommandError, match="--forwarded-allow-ips") as refused:
        run_serve("--no-migrate", "--forwarded-allow-ips", value)

    assert named in str(refused.value)
    assert "app" not in started


def test_trusting_every_address_is_allowed_with_a_warning(started):
    _, err = run_serve("--no-migrate", "--forwarded-allow-ips", "*")

    assert started["forwarded_allow_ips"] == "*"
    assert "every address is trusted" in err


def test_no_migrate_still_collects_static_files(started):
    run_serve("--no-migrate")

    assert started["commands"] == ["collectstatic"]


def test_migrate_and_collectstatic_run_while_the_locks_are_held(monkeypatch, started, tmp_path, db):
    held: dict[str, set[str]] = {}

    def record(name: str, **kw: Any) -> None:
        held[name] = locks_held_by_others(tmp_path)

    monkeypatch.setattr(serve, "call_command", record)

    run_serve()

    database = {"database"} if connection.vendor == "postgresql" else set()
    assert held == {"migrate": {"data dir"} | database, "collectstatic": {"data dir"}}
    assert locks_held_by_others(tmp_path) == set()


def locks_held_by_others(data_dir: Path) -> set[str]:
    """Which of serve's locks another process or session holds at this moment."""
    held = set()
    with (data_dir / "serve.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held.add("data dir")
        else:
            fcntl.flock(lock, fcntl.LOCK_UN)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [serve.MIGRATE_LOCK])
            if cursor.fetchone()[0]:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [serve.MIGRATE_LOCK])
            else:
                held.add("database")
    return held


def test_no_workers_is_refused(started):
    with pytest.raises(CommandError, match="--workers must be at least 1"):
        run_serve("--no-migrate", "--workers", "0")

    assert "app" not in started


def test_it_warns_when_hosts_sharing_postgresql_could_hold_different_keys(started, monkeypatch):
    monkeypatch.delenv("OKRUM_SECRET_KEY", raising=False)

    _, err = run_serve("--no-migrate")

    # On SQLite every process reads the one key file beside the database.
    assert ("OKRUM_SECRET_KEY is not set" in err) == (connection.vendor == "postgresql")
    assert "app" in started
