"""GENERATED from every org route (API and HTML): another tenant's anything is a 404.

The routes come from tests/routes.py, which walks the Ninja API and the URLconf, so a new
route is covered the day it is added; a new id parameter fails until OBJECT_IN_ORG knows it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model

from okrum.tenancy.models import AuditEvent, Organization
from tests.routes import API_ROUTES, HTML_ROUTES, ORG_ROUTES, Route, bearer, cases, signed_in


def snapshot(org: Organization, objects: dict[str, Model]) -> tuple[int, list[Any]]:
    """What a write would change: the org's audit trail and the objects in the path."""
    rows = [
        type(obj)._default_manager.filter(pk=obj.pk).values().first() for obj in objects.values()
    ]
    return AuditEvent.objects.for_org(org).count(), rows


def test_the_walk_finds_the_org_routes_of_both_front_doors():
    found = {str(route) for route in ORG_ROUTES}

    assert "api PATCH /api/v1/orgs/{org_slug}" in found
    assert "api DELETE /api/v1/orgs/{org_slug}/tokens/{token_id}" in found
    assert "html POST /o/{org_slug}/members/{member_id}/role/" in found
    assert "html POST /o/{org_slug}/tokens/" in found
    assert all(route.kind == "api" for route in API_ROUTES)
    assert all(route.path.startswith("/o/{org_slug}/") for route in HTML_ROUTES)


def test_an_unknown_id_parameter_fails_with_advice(world):
    route = Route("api", "GET", "/api/v1/orgs/{org_slug}/widgets/{widget_id}")

    with pytest.raises(pytest.fail.Exception, match="Add 'widget_id' to OBJECT_IN_ORG"):
        route.objects_for(world.alice_membership)


@cases(API_ROUTES)
@pytest.mark.parametrize("auth", ["bearer", "session"])
def test_charlie_gets_404_from_every_api_route_of_acme(world, route, auth):
    objects = route.objects_for(world.alice_membership)
    client, headers = (
        bearer(world.charlie_membership) if auth == "bearer" else signed_in(world.charlie)
    )
    before = snapshot(world.acme, objects)

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == 404, response.content
    assert response.json()["detail"] == "No such organization."
    assert snapshot(world.acme, objects) == before


@cases(HTML_ROUTES)
def test_charlie_gets_404_from_every_page_of_acme(world, route):
    objects = route.objects_for(world.alice_membership)
    client, headers = signed_in(world.charlie)
    before = snapshot(world.acme, objects)

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == 404
    assert b"Acme" not in response.content
    assert snapshot(world.acme, objects) == before


@cases([route for route in ORG_ROUTES if route.object_params])
def test_alice_gets_404_for_globex_objects_through_acme_routes(world, route):
    objects = route.objects_for(world.charlie_membership)
    if route.kind == "api":
        client, headers = bearer(world.alice_membership)
    else:
        client, headers = signed_in(world.alice)
    before = snapshot(world.globex, objects)

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == 404, response.content
    if route.kind == "api":
        assert response.json()["detail"].startswith("No such")
    assert snapshot(world.globex, objects) == before
