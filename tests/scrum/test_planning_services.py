"""Setting capacity at sprint planning; and what starting the sprint keeps of its key results."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.scrum import services
from okrum.scrum.models import SprintCapacity, SprintKeyResult, SprintState
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import check_in, make_cycle, make_objective, make_team
from tests.factories.sprint_planning import planned_sprint, seat
from tests.factories.tenancy import add_member


@pytest.fixture
def team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.alice_membership, "product_owner")
    seat(team, world.bob_membership)
    return team


def days_of(sprint):
    rows = SprintCapacity.objects.filter(sprint=sprint)
    return {row.membership_id: row.available_days for row in rows}


def test_it_records_each_members_available_days(world, team):
    sprint = planned_sprint(team)

    services.set_capacity(
        sprint=sprint,
        by=world.bob_membership,
        days={world.alice_membership: D(8), world.bob_membership: D("9.5")},
    )

    assert days_of(sprint) == {world.alice_membership.pk: D(8), world.bob_membership.pk: D("9.5")}


def test_setting_again_changes_the_days_and_keeps_the_members_left_out(world, team):
    sprint = planned_sprint(team)
    services.set_capacity(
        sprint=sprint,
        by=world.bob_membership,
        days={world.alice_membership: D(8), world.bob_membership: D(10)},
    )

    services.set_capacity(sprint=sprint, by=world.bob_membership, days={world.bob_membership: D(4)})

    assert days_of(sprint) == {world.alice_membership.pk: D(8), world.bob_membership.pk: D(4)}
    assert SprintCapacity.objects.filter(sprint=sprint).count() == 2


def test_it_is_audited_with_the_days_before_and_after(world, team):
    sprint = planned_sprint(team)
    services.set_capacity(
        sprint=sprint, by=world.bob_membership, days={world.bob_membership: D(10)}
    )
    services.set_capacity(sprint=sprint, by=world.bob_membership, days={world.bob_membership: D(6)})

    event = AuditEvent.objects.filter(action="sprint.capacity_set").order_by("-id")[0]
    assert event.actor == world.bob
    assert event.object_id == str(sprint.pk)
    assert event.before == {str(world.bob_membership.pk): "10.0"}
    assert event.after == {str(world.bob_membership.pk): "6.0"}


@pytest.mark.parametrize("days", [D(-1), D(11), D("2.25"), D("NaN")])
def test_days_outside_zero_to_the_working_days_are_refused_per_member(world, team, days):
    sprint = planned_sprint(team)  # ten working days

    with pytest.raises(Invalid) as refused:
        services.set_capacity(
            sprint=sprint,
            by=world.bob_membership,
            days={world.alice_membership: D(5), world.bob_membership: days},
        )

    assert list(refused.value.errors) == [f"days.{world.bob_membership.pk}"]
    assert SprintCapacity.objects.filter(sprint=sprint).count() == 0  # nothing written


def test_zero_and_all_working_days_are_allowed(world, team):
    sprint = planned_sprint(team)

    services.set_capacity(
        sprint=sprint,
        by=world.bob_membership,
        days={world.alice_membership: D(0), world.bob_membership: D(10)},
    )

    assert days_of(sprint) == {world.alice_membership.pk: D(0), world.bob_membership.pk: D(10)}


def test_only_members_of_the_team_who_work_in_sprints_get_days(world, team):
    outsider = add_member(world.acme, make_user(email="dana@example.com", name="Dana"), Role.MEMBER)
    watcher = add_member(world.acme, make_user(email="eve@example.com", name="Eve"), Role.MEMBER)
    seat(team, watcher, "stakeholder")
    sprint = planned_sprint(team)

    with pytest.raises(Invalid) as refused:
        services.set_capacity(
            sprint=sprint,
            by=world.alice_membership,
            days={outsider: D(5), watcher: D(5), world.charlie_membership: D(5)},
        )

    assert set(refused.value.errors) == {
        f"days.{outsider.pk}",
        f"days.{watcher.pk}",
        f"days.{world.charlie_membership.pk}",
    }


def test_a_member_outside_the_team_may_not_set_capacity(world):
    team = make_team(world.acme, name="Search", key="SRCH")
    sprint = planned_sprint(team)

    with pytest.raises(Forbidden):
        services.set_capacity(sprint=sprint, by=world.bob_membership, days={})


def test_an_active_sprint_takes_capacity_and_a_closed_one_does_not(world, team):
    sprint = planned_sprint(team)
    services.start_sprint(sprint=sprint, by=world.alice_membership)

    services.set_capacity(sprint=sprint, by=world.bob_membership, days={world.bob_membership: D(7)})
    assert days_of(sprint) == {world.bob_membership.pk: D(7)}

    services.close_sprint(sprint=sprint, by=world.alice_membership)
    with pytest.raises(Conflict):
        services.set_capacity(
            sprint=sprint, by=world.bob_membership, days={world.bob_membership: D(3)}
        )
    assert days_of(sprint) == {world.bob_membership.pk: D(7)}


def test_starting_the_sprint_stores_each_goal_key_results_value_progress_and_confidence(
    world, team
):
    cycle = make_cycle(world.acme)
    objective = make_objective(cycle, team=team, key_results=2)
    conversion, retention = objective.key_results.order_by("position", "id")
    check_in(conversion, 40, confidence=6)
    check_in(retention, 75, confidence=9)
    sprint = planned_sprint(team)
    services.update_sprint(
        sprint=sprint, by=world.bob_membership, goal_key_results=[conversion, retention]
    )

    services.start_sprint(sprint=sprint, by=world.bob_membership)
    check_in(conversion, 55, confidence=4)  # later check-ins leave the start values alone

    assert sprint.state == SprintState.ACTIVE
    rows = {r.key_result_id: r for r in SprintKeyResult.objects.filter(sprint=sprint)}
    assert (rows[conversion.pk].start_value, rows[conversion.pk].start_progress) == (
        D(40),
        D("0.4"),
    )
    assert rows[conversion.pk].start_confidence == 6
    assert (rows[retention.pk].start_value, rows[retention.pk].start_progress) == (D(75), D("0.75"))
    assert rows[retention.pk].start_confidence == 9
