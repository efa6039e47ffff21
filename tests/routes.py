"""Every org route of Okrum, read from the Ninja API and the URLconf, for the generated tests."""

from __future__ import annotations

import inspect
import json
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from okrum.accounts.models import User
from okrum.api import api
from okrum.core.time import now
from okrum.okrs import services as okr_services
from okrum.okrs.models import Cycle, Goal, Objective
from okrum.scrum import services as scrum_services
from okrum.scrum.models import BacklogItem, ProductGoal, Sprint
from okrum.teams.models import Team, TeamMember
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_token, token_row
from tests.factories.daily import route_impediment
from tests.factories.okr_review import graded_key_result
from tests.factories.okrs import first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.retros import route_card, route_retrospective
from tests.factories.scrum import make_item, make_sprint
from tests.factories.tenancy import make_invitation

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# What Django lets through to a view that does not restrict its methods.
ANY_METHOD = ("GET", "POST", "PUT", "PATCH", "DELETE")
API_PREFIX = "/api/v1"

_guest = count(1)


def _owner_of(membership: Membership) -> Membership:
    owners = Membership.objects.for_org(membership.organization).filter(role=Role.OWNER)
    return owners.order_by("id")[0]


def _invitation(membership: Membership) -> Model:
    email = f"guest{next(_guest)}@example.com"
    return make_invitation(membership.organization, _owner_of(membership), email=email)[0]


def _token(membership: Membership) -> Model:
    return token_row(make_token(membership, scope="read", name="script"))


def _team(membership: Membership) -> Team:
    """The organization's one route team: routes naming a team and a seat agree on it."""
    org = membership.organization
    found = Team.objects.for_org(org).filter(key="ROUTE").first()
    return found or make_team(org, name="Route team", key="ROUTE")


def _seat(membership: Membership) -> TeamMember:
    team = _team(membership)
    found = TeamMember.objects.filter(team=team, membership=membership).first()
    return found or TeamMember.objects.create(
        organization=membership.organization, team=team, membership=membership
    )


def _goal(membership: Membership) -> Goal:
    org = membership.organization
    found = Goal.objects.for_org(org).filter(title="Route goal").first()
    return found or okr_services.create_goal(
        org=org, by=_owner_of(membership), kind="vision", title="Route goal"
    )


def _cycle(membership: Membership) -> Cycle:
    org = membership.organization
    found = Cycle.objects.for_org(org).filter(name="Route cycle").first()
    return found or make_cycle(org, name="Route cycle")


def _objective(membership: Membership) -> Objective:
    """The route cycle's objective of the route team, owned by the member, with one key result."""
    cycle = _cycle(membership)
    found = Objective.objects.filter(cycle=cycle, title="Route objective").first()
    return found or make_objective(
        cycle,
        team=_team(membership),
        title="Route objective",
        owner=membership,
        specs=[kr_spec(owner=membership)],
    )


def _item(membership: Membership) -> BacklogItem:
    team = _team(membership)
    found = BacklogItem.objects.filter(team=team, title="Route item").first()
    return found or make_item(team, title="Route item")


def _sprint(membership: Membership) -> Sprint:
    """The route team's planned sprint (writes on it must be refused before they happen)."""
    team = _team(membership)
    found = Sprint.objects.filter(team=team, name="Route sprint").first()
    return found or make_sprint(team, name="Route sprint")


def _product_goal(membership: Membership) -> ProductGoal:
    team = _team(membership)
    found = ProductGoal.objects.filter(team=team).first()
    return found or scrum_services.create_product_goal(
        team=team, by=_owner_of(membership), title="Route product goal"
    )


# Every object-id path parameter of an org route → how to make such an object. Given a
# membership, it makes one in that membership's organization, belonging to that member where
# objects have an owner (tokens), so a test can ask "may this member touch their own thing?".
OBJECT_IN_ORG: dict[str, Callable[[Membership], Model]] = {
    "member_id": lambda membership: membership,
    "invitation_id": _invitation,
    "token_id": _token,
    "team_id": _team,
    "seat_id": _seat,
    "goal_id": _goal,
    "cycle_id": _cycle,
    "objective_id": _objective,
    "key_result_id": lambda membership: first_kr(_objective(membership)),
    "item_id": _item,
    "sprint_id": _sprint,
    "product_goal_id": _product_goal,
    # --- OKR planning ---
    # --- Check-in sessions ---
    # --- OKR review ---
    "graded_key_result_id": lambda m: graded_key_result(_team(m), _owner_of(m)),
    # --- Sprint planning ---
    # --- Daily scrum ---
    "impediment_id": lambda membership: route_impediment(_team(membership)),
    # --- Sprint review ---
    # --- Retrospectives ---
    "retrospective_id": lambda membership: route_retrospective(_team(membership)),
    "card_id": lambda membership: route_card(_team(membership), membership),
    # --- Onboarding ---
    # --- Dashboard ---
    # --- Charts ---
    # --- Alignment ---
    # --- Forecasts ---
}


@dataclass(frozen=True)
class Route:
    """One method of one org route; `path` spells parameters as `{name}` for API and HTML alike."""

    kind: str  # "api" or "html"
    method: str
    path: str
    body: dict[str, Any] | None = None

    def __str__(self) -> str:
        return f"{self.kind} {self.method} {self.path}"

    @property
    def writes(self) -> bool:
        return self.method in WRITE_METHODS

    @property
    def object_params(self) -> list[str]:
        return [p for p in re.findall(r"{(\w+)}", self.path) if p != "org_slug"]

    def objects_for(self, membership: Membership) -> dict[str, Model]:
        """An object in the membership's organization for every id in the path."""
        found = {}
        for name in self.object_params:
            if name not in OBJECT_IN_ORG:
                pytest.fail(
                    f"{self} has the path parameter {{{name}}}, which the generated security "
                    f"tests do not know. Add {name!r} to OBJECT_IN_ORG in tests/routes.py with "
                    "a function that makes such an object in an organization."
                )
            found[name] = OBJECT_IN_ORG[name](membership)
        return found

    def url(self, org_slug: str, objects: dict[str, Model]) -> str:
        ids = {name: str(obj.pk) for name, obj in objects.items()}
        return self.path.format(org_slug=org_slug, **ids)

    def send(self, client: Client, url: str, headers: dict[str, str]) -> Any:
        """Send this route's request: a JSON body for API writes, an empty form for HTML ones."""
        if self.kind == "api" and self.body is not None:
            data, content_type = json.dumps(self.body), "application/json"
        else:
            data, content_type = "", "application/x-www-form-urlencoded"
        return client.generic(self.method, url, data, content_type, headers=headers)


# --- The API, walked from the Ninja object ----------------------------------------------------

_SCHEMA = api.get_openapi_schema()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = _SCHEMA["components"]["schemas"][name]
    return schema


def example(schema: dict[str, Any], name: str = "") -> Any:
    """The smallest value the OpenAPI `schema` accepts: only required fields, plain values."""
    schema = _resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "allOf" in schema:
        return example(schema["allOf"][0], name)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(o).get("type") != "null"]
            return example(options[0], name)
    kind = schema.get("type", "object")
    if kind == "object":
        required = schema.get("required", [])
        return {k: example(v, k) for k, v in schema.get("properties", {}).items() if k in required}
    if kind == "array":
        return [example(schema["items"], name) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return _example_string(schema, name)
    if kind in {"integer", "number"}:
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    raise AssertionError(f"tests/routes.py cannot make an example of {schema} yet; teach it.")


def _example_string(schema: dict[str, Any], name: str) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        return (now() + timedelta(days=1)).isoformat()
    if fmt == "date":
        return (now() + timedelta(days=1)).date().isoformat()
    if fmt == "email" or "email" in name:
        return "someone.new@example.com"
    return "x" * max(1, int(schema.get("minLength", 1)))


def _body(path: str, method: str) -> dict[str, Any] | None:
    operation = _SCHEMA["paths"].get(API_PREFIX + path, {}).get(method.lower())
    if operation is None:
        raise AssertionError(f"{method} {path} is missing from the OpenAPI schema.")
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    body: dict[str, Any] = example(content["application/json"]["schema"])
    return body


def _api_routes() -> Iterator[Route]:
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
            for operation in path_view.operations:
                for method in operation.methods:
                    yield Route("api", method, API_PREFIX + full, _body(full, method))


# --- The HTML pages, walked from the URLconf --------------------------------------------------


def _accepted_methods(view: Callable[..., Any]) -> tuple[str, ...]:
    """The methods a view lets in, as declared by `require_http_methods` (and its kin)."""
    func: Any = view
    while func is not None:
        if getattr(func, "__closure__", None):
            names = inspect.getclosurevars(func).nonlocals
            if "request_method_list" in names:
                return tuple(m for m in ANY_METHOD if m in names["request_method_list"])
        func = getattr(func, "__wrapped__", None)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return tuple(m for m in ANY_METHOD if hasattr(view_class, m.lower()))
    return ANY_METHOD


def _walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            if "org_slug" in str(entry.pattern):
                raise AssertionError(f"tests/routes.py reads path() routes only: {entry.pattern}")
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        else:
            yield route, entry


def _html_routes() -> Iterator[Route]:
    for route, pattern in _walk(get_resolver().url_patterns, "/"):
        if route.startswith(API_PREFIX + "/") or "org_slug" not in route:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for method in _accepted_methods(pattern.callback):
            yield Route("html", method, path)


API_ROUTES = [r for r in _api_routes() if "{org_slug}" in r.path]
HTML_ROUTES = list(_html_routes())
ORG_ROUTES = API_ROUTES + HTML_ROUTES


def cases(routes: list[Route]) -> Any:
    """Parametrize a test over `routes`, one test id per route."""
    return pytest.mark.parametrize("route", routes, ids=str)


# --- Clients ----------------------------------------------------------------------------------


def signed_in(user: User) -> tuple[Client, dict[str, str]]:
    """A browser-like client of `user` (CSRF enforced) and the headers its page scripts send."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    secret = secrets.token_hex(16)  # a CSRF secret is 32 alphanumerics, as Django would set
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, {"X-CSRFToken": secret}


def bearer(membership: Membership, scope: str = "write") -> tuple[Client, dict[str, str]]:
    """A script's client: no session, a fresh API token of `membership`."""
    return Client(), {"Authorization": f"Bearer {make_token(membership, scope=scope)}"}
