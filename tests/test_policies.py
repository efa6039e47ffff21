"""GENERATED from every org route (API and HTML): what a viewer and an expired trial may do.

The routes come from tests/routes.py, which walks the Ninja API and the URLconf.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrum.core.time import now
from okrum.tenancy.models import AuditEvent, Organization
from okrum.tenancy.roles import Role
from tests.routes import API_ROUTES, HTML_ROUTES, ORG_ROUTES, bearer, cases, signed_in

# The writes a viewer may make all the same; every other write answers them 403.
VIEWER_MAY = {
    # Their own API tokens: a read-only dashboard or script needs a (read) token of its own.
    "api POST /api/v1/orgs/{org_slug}/tokens",
    "api DELETE /api/v1/orgs/{org_slug}/tokens/{token_id}",
    "html POST /o/{org_slug}/tokens/",
    "html POST /o/{org_slug}/tokens/{token_id}/revoke/",
    # Leaving the organization: the member id in the path is the viewer's own.
    "api DELETE /api/v1/orgs/{org_slug}/members/{member_id}",
    "html POST /o/{org_slug}/members/{member_id}/remove/",
}

# The reads only admins and owners may make: who is invited, and the audit trail.
ADMINS_READ = {
    "api GET /api/v1/orgs/{org_slug}/invitations",
    "api GET /api/v1/orgs/{org_slug}/invitations/{invitation_id}",
    "api GET /api/v1/orgs/{org_slug}/audit-events",
    "html GET /o/{org_slug}/audit/",
}

API_WRITES = [route for route in API_ROUTES if route.writes]
API_READS = [route for route in API_ROUTES if not route.writes]
HTML_WRITES = [route for route in HTML_ROUTES if route.writes]
HTML_READS = [route for route in HTML_ROUTES if not route.writes]


def audit_count(org: Organization) -> int:
    return AuditEvent.objects.for_org(org).count()


def expire(org: Organization) -> None:
    """End the org's free trial a minute ago (after the test made the objects it needs)."""
    org.trial_ends_at = now() - timedelta(minutes=1)
    org.save(update_fields=["trial_ends_at"])


@pytest.fixture
def viewer(world):
    """Bob, made a viewer of Acme after he created a write token as a member."""
    client = bearer(world.bob_membership, scope="write")
    world.bob_membership.role = Role.VIEWER
    world.bob_membership.save()
    return {"bearer": client, "session": signed_in(world.bob)}


def test_the_allowlists_name_only_real_routes():
    assert VIEWER_MAY - {str(route) for route in ORG_ROUTES if route.writes} == set()
    assert ADMINS_READ - {str(route) for route in ORG_ROUTES if not route.writes} == set()


# --- A viewer reads and does not write ---------------------------------------------------------


@cases(API_WRITES)
@pytest.mark.parametrize("auth", ["bearer", "session"])
def test_a_viewer_gets_403_from_every_api_write(world, viewer, route, auth):
    objects = route.objects_for(world.bob_membership)
    client, headers = viewer[auth]
    events = audit_count(world.acme)

    response = route.send(client, route.url("acme", objects), headers)

    if str(route) in VIEWER_MAY:
        assert response.status_code < 400, response.content
    else:
        assert response.status_code == 403, response.content
        assert "Your role (viewer) may not change this" in response.json()["detail"]
        assert audit_count(world.acme) == events


@cases(HTML_WRITES)
def test_a_viewer_gets_403_from_every_page_write(world, viewer, route):
    objects = route.objects_for(world.bob_membership)
    client, headers = viewer["session"]
    events = audit_count(world.acme)

    response = route.send(client, route.url("acme", objects), headers)

    if str(route) in VIEWER_MAY:
        assert response.status_code < 400
    else:
        assert response.status_code == 403
        assert b"Your role (viewer) may not change this" in response.content
        assert audit_count(world.acme) == events


@cases(API_READS + HTML_READS)
def test_a_viewer_reads_every_route_that_is_not_for_admins(world, viewer, route):
    objects = route.objects_for(world.bob_membership)
    client, headers = viewer["bearer" if route.kind == "api" else "session"]

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == (403 if str(route) in ADMINS_READ else 200)


# --- An expired trial is read-only -------------------------------------------------------------


@cases(API_WRITES)
def test_an_expired_trial_answers_402_to_every_api_write(world, route):
    objects = route.objects_for(world.alice_membership)
    client, headers = bearer(world.alice_membership)
    expire(world.acme)
    events = audit_count(world.acme)

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == 402, response.content
    assert "free trial of Acme has ended" in response.json()["detail"]
    assert audit_count(world.acme) == events


@cases(API_READS)
def test_an_expired_trial_answers_every_api_read(world, route):
    objects = route.objects_for(world.alice_membership)
    client, headers = bearer(world.alice_membership)
    expire(world.acme)

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == 200, response.content


@cases(HTML_WRITES)
def test_an_expired_trial_answers_402_to_every_page_write(world, route):
    objects = route.objects_for(world.alice_membership)
    client, headers = signed_in(world.alice)
    expire(world.acme)
    events = audit_count(world.acme)

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == 402
    assert b"free trial of Acme has ended" in response.content
    assert audit_count(world.acme) == events


@cases(HTML_READS)
def test_an_expired_trial_still_shows_every_page(world, route):
    objects = route.objects_for(world.alice_membership)
    client, headers = signed_in(world.alice)
    expire(world.acme)

    response = route.send(client, route.url("acme", objects), headers)

    assert response.status_code == 200
