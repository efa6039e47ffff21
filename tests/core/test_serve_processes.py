"""Two `okrum serve` hosts on one database, behind a proxy that ends TLS, act as one site.

The test plays the proxy: it connects from 127.0.0.2, which both servers are told to trust,
and passes on the site's Host, X-Forwarded-Proto: https and the client's X-Forwarded-For, as
nginx does. Host A runs two worker processes, host B one. The database is a scratch one: a
fresh SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest

SITE = "okrum.test"  # the public name, which the proxy passes on in Host
PROXY = "127.0.0.2"  # the proxy's address: the only one whose X-Forwarded-* headers count
STRANGER = "127.0.0.3"  # a machine that reaches the app's port directly, not through the proxy
PASSWORD = "Correct-horse-42"
FAILURE_LIMIT = 3
POOL_SIZE = 2  # PostgreSQL connections each process may hold
PROCESSES = 3  # host A's two workers and host B's one
STARTUP_SECONDS = 40


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def cookies_set(self) -> dict[str, str]:
        """Each Set-Cookie of the answer by cookie name, with its attributes."""
        found = [v for k, v in self.headers if k.lower() == "set-cookie"]
        return {value.split("=", 1)[0]: value for value in found}


@dataclass
class Browser:
    """One person's browser: its own cookies and public address, reaching the site via the proxy."""

    address: str
    source: str = PROXY
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, server: Server, method: str, path: str, form: dict[str, str] | None = None
    ) -> Answer:
        headers = {
            "Host": SITE,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{SITE}"
        answer = send(server, method, path, body, headers, source=self.source)
        for name, value in answer.cookies_set().items():
            self.cookies[name] = value.split(";", 1)[0].split("=", 1)[1]
        return answer

    def get(self, server: Server, path: str) -> Answer:
        return self.request(server, "GET", path)

    def submit(self, server: Server, path: str, form: dict[str, str]) -> Answer:
        """POST a form as a browser does after showing it: the page's CSRF token goes along."""
        page = self.get(server, path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert found, f"no CSRF token on {path}: {page.status}"
        return self.request(server, "POST", path, {"csrfmiddlewaretoken": found[1], **form})

    def sign_in(self, server: Server, email: str, password: str) -> Answer:
        return self.submit(server, "/login/", {"username": email, "password": password})


def send(
    server: Server,
    method: str,
    path: str,
    body: str | None,
    headers: dict[str, str],
    source: str = PROXY,
) -> Answer:
    conn = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=15, source_address=(source, 0)
    )
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Answer(response.status, response.getheaders(), response.read().decode())
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh database: PostgreSQL when the suite runs on it, else SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield {"OKRUM_DATA_DIR": str(tmp_path / "data")}
        return
    name = f"okrum_serve_{uuid.uuid4().hex[:12]}"
    server = urlsplit(url)
    admin_url = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": server._replace(path=f"/{name}").geturl()}
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def environment(database: dict[str, str], tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("OKRUM_") and k != "DATABASE_URL"
    }
    return {
        **env,
        "OKRUM_DATA_DIR": str(tmp_path / "data"),
        **database,
        "OKRUM_SECRET_KEY": secrets.token_urlsafe(50),
        "OKRUM_HTTPS": "1",
        "OKRUM_BEHIND_PROXY": "1",
        "OKRUM_ALLOWED_HOSTS": SITE,
        "OKRUM_BASE_URL": f"https://{SITE}",
        "OKRUM_LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "OKRUM_DB_POOL_SIZE": str(POOL_SIZE),
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def hosts(environment: dict[str, str], tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Host A (two workers, proxy trusted by option) and host B (one, trusted by variable)."""
    migrate = subprocess.run(
        [sys.executable, "-m", "okrum", "migrate", "--verbosity", "0"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    servers: list[Server] = []
    try:
        servers.append(
            start("a", environment, tmp_path, "--workers", "2", f"--forwarded-allow-ips={PROXY}")
        )
        servers.append(start("b", {**environment, "OKRUM_FORWARDED_ALLOW_IPS": PROXY}, tmp_path))
        for server in servers:
            wait_until_ready(server)
        yield servers[0], servers[1]
    finally:
        for server in servers:
            stop(server)


def start(name: str, env: dict[str, str], tmp_path: Path, *args: str) -> Server:
    port = free_port()
    log = tmp_path / f"host-{name}.log"
    command = [sys.executable, "-m", "okrum", "serve", "--no-migrate", "--port", str(port), *args]
    with log.open("wb") as out:
        # A session of its own, so that stopping it reaches the workers uvicorn started.
        process = subprocess.Popen(  # noqa: S603 — our own command
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(name, port, process, log)


def wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"host {server.name} exited:\n{server.output()}"
        try:
            if send(server, "GET", "/healthz", None, {}).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"host {server.name} did not answer within {STARTUP_SECONDS} s:\n{server.output()}")


def stop(server: Server) -> None:
    """End the host's process group: uvicorn's parent and the workers it started."""
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return  # the whole group has exited already
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)


def sign_up(server: Server, email: str, organization: str) -> str:
    """A new organization through the API, as a script would; returns its slug."""
    body = json.dumps(
        {"name": "Ada", "email": email, "password": PASSWORD, "organization": organization}
    )
    headers = {"Host": SITE, "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"}
    answer = send(
        server, "POST", "/api/v1/signup", body, {**headers, "Content-Type": "application/json"}
    )
    assert answer.status == 201, answer.body
    return str(json.loads(answer.body)["organization"]["slug"])


def worker_pids(server: Server) -> set[str]:
    return set(re.findall(r"Started server process \[(\d+)\]", server.output()))


def open_connections(database_url: str) -> int:
    name = urlsplit(database_url).path.lstrip("/")
    admin_url = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()
    assert row is not None
    return int(row[0])


def terminate_connections(database_url: str) -> int:
    """End every connection to the database, as a restart would; returns how many there were."""
    name = urlsplit(database_url).path.lstrip("/")
    admin_url = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchall()
    return len(rows)


def wait_for_link(server: Server) -> str:
    """The reset link in the email that the host printed (the console mail backend)."""
    pattern = rf"https://{re.escape(SITE)}(/password-reset/[^/\s]+/[^/\s]+/)"
    deadline = time.monotonic() + 5
    while not (found := re.search(pattern, server.output())) and time.monotonic() < deadline:
        time.sleep(0.1)  # the worker that sent it may not have flushed yet
    assert found, server.output()
    return found[1]


# One test, because starting the hosts is most of its time; each part says what it shows.
def test_two_hosts_behind_the_proxy_act_as_one_https_site(hosts, environment):
    a, b = hosts
    slug = sign_up(a, "ada@example.com", "Analytical Engines")
    sign_up(b, "grace@example.com", "Compilers")
    ada = Browser("198.51.100.10")

    signed_in = ada.sign_in(a, "ada@example.com", PASSWORD)

    # Signed in over HTTPS as the proxy reports it: a redirect that stays on the site, cookies
    # a browser sends only over HTTPS, and HSTS.
    assert signed_in.status == 302, signed_in.body[:500]
    assert not (signed_in.header("Location") or "").startswith("http:")
    session_cookie = signed_in.cookies_set()["sessionid"]
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie
    assert "max-age=31536000" in (signed_in.header("Strict-Transport-Security") or "")

    # Requests alternate between the hosts, three processes in all; each knows the session.
    pages = [ada.get(host, f"/o/{slug}/") for host in (a, b) * 5]
    assert [page.status for page in pages] == [200] * 10
    assert all("Analytical Engines" in page.body for page in pages)
    assert len(worker_pids(a)) == 2, a.output()
    assert len(worker_pids(b)) == 1, b.output()
    # Each host logged the client's address from X-Forwarded-For, not the proxy's.
    for host in (a, b):
        assert f'198.51.100.10:0 - "GET /o/{slug}/ HTTP/1.1" 200' in host.output()

    # A page for anyone answers at once: no redirect, so no loop between http and https.
    assert Browser("198.51.100.11").get(b, "/login/").status == 200

    # The reset link in the email names the public site over https, and the host that did not
    # send it opens it: the token is checked with the shared key, then kept in the session.
    grace = Browser("198.51.100.20")
    assert grace.submit(a, "/password-reset/", {"email": "grace@example.com"}).status == 302
    opened = grace.get(b, wait_for_link(a))
    assert opened.status == 302
    form = grace.get(a, opened.header("Location") or "")
    assert form.status == 200
    assert "new_password1" in form.body

    # Failed sign-ins from one client, spread over both hosts, lock out that client's address...
    mallory = Browser("203.0.113.7")
    failures = [
        mallory.sign_in(host, f"nobody{n}@example.com", "wrong").status
        for n, host in enumerate((a, b, a))
    ]
    assert failures == [200] * (FAILURE_LIMIT - 1) + [429]
    assert mallory.sign_in(b, "ada@example.com", PASSWORD).status == 429
    # ...and nobody else's: another client behind the same proxy still signs in.
    assert Browser("198.51.100.30").sign_in(b, "ada@example.com", PASSWORD).status == 302

    # A machine that is not the proxy cannot pick its address with X-Forwarded-For: its
    # failures count against its own address, and the address it claimed stays free.
    stranger = Browser("198.51.100.40", source=STRANGER)
    for n in range(FAILURE_LIMIT):
        stranger.sign_in(a, f"stranger{n}@example.com", "wrong")
    assert stranger.sign_in(b, "grace@example.com", PASSWORD).status == 429
    assert f"{STRANGER}:" in a.output()
    assert Browser("198.51.100.40").sign_in(a, "grace@example.com", PASSWORD).status == 302

    # The load balancer's probe needs neither the site's name nor HTTPS.
    probe = send(b, "GET", "/healthz", None, {"Host": f"127.0.0.1:{b.port}"}, source=STRANGER)
    assert (probe.status, probe.body) == (200, "ok\n")

    # The API's signup limit (20 a minute per address) is shared by every process: requests
    # from one address spread over both hosts are refused from the 21st on.
    headers = {
        "Host": SITE,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "192.0.2.99",
        "Content-Type": "application/json",
    }
    tries = [send(host, "POST", "/api/v1/signup", "{}", headers) for host in (a, b) * 11]
    assert [answer.status for answer in tries] == [422] * 20 + [429, 429]
    other = {**headers, "X-Forwarded-For": "192.0.2.100"}
    assert send(b, "POST", "/api/v1/signup", "{}", other).status == 422

    # A burst of requests, many more at once than connections allowed: every one is answered,
    # and on PostgreSQL each process holds at most its pool's connections afterwards.
    burst = [a, b] * 20
    with ThreadPoolExecutor(max_workers=len(burst)) as pool:
        answers = list(pool.map(lambda host: send(host, "GET", "/healthz", None, {}), burst))
    assert [answer.status for answer in answers] == [200] * len(burst)
    if "DATABASE_URL" in environment:
        limit = PROCESSES * POOL_SIZE
        assert wait_for_connections(environment["DATABASE_URL"], at_most=limit) <= limit
        # The database drops every connection (a restart, a failover): the pools notice when
        # they lend one out and replace it, so no request fails.
        assert terminate_connections(environment["DATABASE_URL"]) > 0
        again = [send(host, "GET", "/healthz", None, {}) for host in (a, b) * POOL_SIZE * 2]
        assert [answer.status for answer in again] == [200] * len(again)


def wait_for_connections(database_url: str, at_most: int) -> int:
    """Connections still open to the database, once the last responses have been sent."""
    deadline = time.monotonic() + 5
    while (count := open_connections(database_url)) > at_most and time.monotonic() < deadline:
        time.sleep(0.2)
    return count
