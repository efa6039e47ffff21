"""The teams API: teams and the accountability each member carries in them."""

from __future__ import annotations

import pytest

from okrum.teams.models import Team, TeamMember
from okrum.tenancy.models import AuditEvent
from tests.factories.okrs import make_team
from tests.factories.tenancy import add_member

ORG = "/orgs/acme"


def fields_named(response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def last_event(org) -> AuditEvent:
    return AuditEvent.objects.for_org(org).latest("id")


def rows(org) -> tuple[int, int, int]:
    return (
        Team.objects.for_org(org).count(),
        TeamMember.objects.for_org(org).count(),
        AuditEvent.objects.for_org(org).count(),
    )


@pytest.fixture
def alice(world, api_as):
    return api_as(world.alice_membership)


@pytest.fixture
def bob(world, api_as):
    return api_as(world.bob_membership)


def test_an_admin_creates_a_team_and_everybody_sees_it(alice, bob, world):
    response = alice.post(f"{ORG}/teams", {"name": "Checkout", "key": "chk"})

    assert response.status_code == 201, response.content
    team = response.json()
    assert (team["name"], team["key"], team["description"]) == ("Checkout", "CHK", "")
    assert bob.get(f"{ORG}/teams").json()["items"] == [team]
    assert bob.get(f"{ORG}/teams/{team['id']}").json() == team
    assert last_event(world.acme).action == "team.created"


def test_a_member_may_not_create_or_rename_teams(bob, world):
    team = make_team(world.acme)
    before = rows(world.acme)

    made = bob.post(f"{ORG}/teams", {"name": "Rogue", "key": "RGE"})
    renamed = bob.patch(f"{ORG}/teams/{team.pk}", {"name": "Rogue"})

    assert (made.status_code, renamed.status_code) == (403, 403)
    assert "manage teams" in made.json()["detail"]
    assert rows(world.acme) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": " ", "key": "CHK"}, "name"),
        ({"name": "C", "key": "1X"}, "key"),
        ({"key": "X"}, "name"),
    ],
)
def test_a_bad_team_is_422_naming_the_field(alice, world, body, field):
    before = rows(world.acme)

    response = alice.post(f"{ORG}/teams", body)

    assert response.status_code == 422
    assert fields_named(response) == [field]
    assert rows(world.acme) == before


def test_a_second_team_with_the_same_key_is_409(alice, world):
    make_team(world.acme, name="Checkout", key="CHK")
    before = rows(world.acme)

    response = alice.post(f"{ORG}/teams", {"name": "Another", "key": "CHK"})

    assert response.status_code == 409
    assert rows(world.acme) == before


def test_a_patch_changes_only_what_it_names(alice, world):
    team = make_team(world.acme, name="Checkout", key="CHK")

    response = alice.patch(f"{ORG}/teams/{team.pk}", {"description": "Pays the bills"})
    refused = alice.patch(f"{ORG}/teams/{team.pk}", {"name": None})

    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("name", "key", "description")} == {
        "name": "Checkout",
        "key": "CHK",
        "description": "Pays the bills",
    }
    assert (refused.status_code, fields_named(refused)) == (422, ["name"])


def test_an_admin_seats_a_member_changes_and_removes_the_accountability(alice, bob, world):
    team = make_team(world.acme)
    url = f"{ORG}/teams/{team.pk}/members"

    added = alice.post(
        url, {"membership": world.bob_membership.pk, "accountability": "scrum_master"}
    )

    assert added.status_code == 201, added.content
    seat = added.json()
    assert {k: seat[k] for k in ("team", "membership", "accountability")} == {
        "team": team.pk,
        "membership": world.bob_membership.pk,
        "accountability": "scrum_master",
    }
    assert seat["user"]["email"] == "bob@example.com"
    assert bob.get(url).json()["items"] == [seat]

    changed = alice.patch(f"{url}/{seat['id']}", {"accountability": "product_owner"})
    assert changed.json()["accountability"] == "product_owner"
    assert last_event(world.acme).action == "team.accountability_changed"

    removed = alice.delete(f"{url}/{seat['id']}")
    assert removed.status_code == 204
    assert bob.get(url).json()["items"] == []
    assert last_event(world.acme).action == "team.member_removed"


def test_seating_someone_twice_is_409(alice, world):
    team = make_team(world.acme)
    url = f"{ORG}/teams/{team.pk}/members"
    alice.post(url, {"membership": world.bob_membership.pk})
    before = rows(world.acme)

    response = alice.post(url, {"membership": world.bob_membership.pk})

    assert response.status_code == 409
    assert rows(world.acme) == before


def test_seating_another_organizations_member_is_422(alice, world):
    team = make_team(world.acme)
    before = rows(world.acme)

    response = alice.post(
        f"{ORG}/teams/{team.pk}/members", {"membership": world.charlie_membership.pk}
    )

    assert response.status_code == 422
    assert fields_named(response) == ["membership"]
    assert "No such membership in this organization" in response.json()["detail"]
    assert rows(world.acme) == before


def test_a_bad_accountability_is_422(alice, world):
    team = make_team(world.acme)

    response = alice.post(
        f"{ORG}/teams/{team.pk}/members",
        {"membership": world.bob_membership.pk, "accountability": "boss"},
    )

    assert response.status_code == 422
    assert fields_named(response) == ["accountability"]


def test_a_seat_is_found_only_through_its_own_team(alice, world):
    team, other = make_team(world.acme), make_team(world.acme)
    seat = alice.post(
        f"{ORG}/teams/{team.pk}/members", {"membership": world.bob_membership.pk}
    ).json()
    before = rows(world.acme)

    response = alice.delete(f"{ORG}/teams/{other.pk}/members/{seat['id']}")

    assert response.status_code == 404
    assert response.json()["detail"] == "No such team member."
    assert rows(world.acme) == before


def test_a_member_may_not_seat_anyone(bob, world):
    team = make_team(world.acme)
    dave = add_member(world.acme)
    before = rows(world.acme)

    response = bob.post(f"{ORG}/teams/{team.pk}/members", {"membership": dave.pk})

    assert response.status_code == 403
    assert rows(world.acme) == before


def test_team_members_are_paged(alice, world):
    team = make_team(world.acme)
    people = [add_member(world.acme) for _ in range(3)]
    for person in people:
        alice.post(f"{ORG}/teams/{team.pk}/members", {"membership": person.pk})

    first = alice.get(f"{ORG}/teams/{team.pk}/members?limit=2").json()
    rest = alice.get(f"{ORG}/teams/{team.pk}/members?cursor={first['next_cursor']}").json()

    seated = [s["membership"] for s in first["items"] + rest["items"]]
    assert seated == [p.pk for p in people]
    assert rest["next_cursor"] is None
