"""One small world for every test: Alice owns Acme, Bob is a member of Acme, Charlie owns Globex."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from okrum.accounts.models import User
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_token, make_user
from tests.factories.tenancy import add_member, make_org


@dataclass
class World:
    alice: User
    bob: User
    charlie: User
    acme: Organization
    globex: Organization
    alice_membership: Membership
    bob_membership: Membership
    charlie_membership: Membership


def pytest_configure(config: pytest.Config) -> None:
    """Tests count throttles in memory, so a test without the database may still clear them.
    The database cache that `okrum serve` uses is shared across processes; the test that starts
    real servers (tests/core/test_serve_processes.py) shows that."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Throttle counters live in the cache; no test should inherit another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    """Argon2 is slow on purpose; tests use a fast hasher unless marked `argon2`."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    alice = make_user(email="alice@example.com", name="Alice")
    bob = make_user(email="bob@example.com", name="Bob")
    charlie = make_user(email="charlie@example.com", name="Charlie")
    acme = make_org(alice, name="Acme")
    globex = make_org(charlie, name="Globex")
    return World(
        alice=alice,
        bob=bob,
        charlie=charlie,
        acme=acme,
        globex=globex,
        alice_membership=Membership.objects.get(organization=acme, user=alice),
        bob_membership=add_member(acme, bob, Role.MEMBER),
        charlie_membership=Membership.objects.get(organization=globex, user=charlie),
    )


class ApiClient:
    """A JSON client for /api/v1 that sends a Bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def request(
        self, method: str, path: str, json: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        kwargs: dict[str, Any] = {"headers": self._headers(headers)}
        if json is not None:
            kwargs.update(data=json, content_type="application/json")
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, json=json if json is not None else {}, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.request("PATCH", path, json=json if json is not None else {}, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)


@pytest.fixture
def api_as(world: World) -> Any:
    """`api_as(membership, scope="write")` → an ApiClient holding a fresh token of that member."""

    def make(membership: Membership, scope: str = "write") -> ApiClient:
        return ApiClient(make_token(membership, scope=scope))

    return make


@pytest.fixture
def web_as(world: World) -> Any:
    """`web_as(user)` → a Django test client signed in as `user` (CSRF checks on)."""

    def make(user: User) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    return make
