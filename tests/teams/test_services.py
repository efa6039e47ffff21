from __future__ import annotations

import pytest

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.teams import services
from okrum.teams.models import Team, TeamMember
from okrum.tenancy.models import AuditEvent


def test_an_admin_creates_a_team_with_an_upper_case_key(world):
    team = services.create_team(
        org=world.acme, by=world.alice_membership, name="  Checkout  team ", key="chk"
    )

    assert (team.name, team.key) == ("Checkout team", "CHK")
    event = AuditEvent.objects.for_org(world.acme).latest("id")
    assert (event.action, event.after) == ("team.created", {"name": "Checkout team", "key": "CHK"})


@pytest.mark.parametrize("key", ["C", "1AB", "TOO-LONG", "ABCDEFGHIJK", ""])
def test_it_rejects_a_bad_key(world, key):
    with pytest.raises(Invalid) as err:
        services.create_team(org=world.acme, by=world.alice_membership, name="T", key=key)
    assert "key" in err.value.errors
    assert not Team.objects.for_org(world.acme).exists()


def test_keys_are_unique_per_organization_only(world):
    services.create_team(org=world.acme, by=world.alice_membership, name="A", key="CHK")
    with pytest.raises(Conflict):
        services.create_team(org=world.acme, by=world.alice_membership, name="B", key="CHK")
    other = services.create_team(org=world.globex, by=world.charlie_membership, name="A", key="CHK")
    assert other.organization == world.globex


def test_a_member_cannot_manage_teams(world):
    with pytest.raises(Forbidden):
        services.create_team(org=world.acme, by=world.bob_membership, name="T", key="TT")


def test_seats_carry_an_accountability_and_are_unique(world):
    team = services.create_team(org=world.acme, by=world.alice_membership, name="T", key="TT")
    seat = services.add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="scrum_master",
    )
    assert seat.accountability == "scrum_master"
    with pytest.raises(Conflict):
        services.add_team_member(
            team=team,
            by=world.alice_membership,
            membership=world.bob_membership,
            accountability="developer",
        )
    services.change_accountability(seat=seat, by=world.alice_membership, accountability="developer")
    assert TeamMember.objects.get(pk=seat.pk).accountability == "developer"


def test_it_refuses_a_member_of_another_organization(world):
    team = services.create_team(org=world.acme, by=world.alice_membership, name="T", key="TT")
    with pytest.raises(Invalid) as err:
        services.add_team_member(
            team=team,
            by=world.alice_membership,
            membership=world.charlie_membership,
            accountability="developer",
        )
    assert "membership" in err.value.errors


def test_it_rejects_an_unknown_accountability(world):
    team = services.create_team(org=world.acme, by=world.alice_membership, name="T", key="TT")
    with pytest.raises(Invalid):
        services.add_team_member(
            team=team,
            by=world.alice_membership,
            membership=world.bob_membership,
            accountability="boss",
        )
