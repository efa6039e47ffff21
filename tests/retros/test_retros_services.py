"""Retrospective services: boards, cards, votes, actions into the backlog, carry-forward."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import today
from okrum.okrs.models import CycleState, KeyResult, Objective, ObjectiveStatus
from okrum.retros import queries, services
from okrum.retros.models import CarryForward, RetroCard, RetroVote
from okrum.scrum.models import BacklogItem, ItemKind, SprintState
from okrum.teams.models import TeamMember
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.retros import ended_sprint, make_card, make_cycle_retro, make_sprint_retro
from tests.factories.scrum import make_sprint
from tests.factories.tenancy import add_member


@pytest.fixture
def team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    TeamMember.objects.create(organization=world.acme, team=team, membership=world.bob_membership)
    return team


def actions(world, action: str) -> int:
    return AuditEvent.objects.for_org(world.acme).filter(action=action).count()


# --- Opening boards ------------------------------------------------------------------------


def test_a_sprint_retro_opens_once_for_an_active_or_closed_sprint(world, team):
    sprint = ended_sprint(team, state=SprintState.ACTIVE)

    first, created = services.open_sprint_retro(sprint=sprint, by=world.bob_membership)
    again, created_again = services.open_sprint_retro(sprint=sprint, by=world.alice_membership)

    assert created
    assert not created_again
    assert again.pk == first.pk
    assert first.kind == "sprint"
    assert first.sprint_id == sprint.pk
    assert actions(world, "retrospective.opened") == 1


def test_a_planned_sprint_has_no_retro_yet(world, team):
    sprint = make_sprint(team)

    with pytest.raises(Conflict, match="has not started"):
        services.open_sprint_retro(sprint=sprint, by=world.bob_membership)


def test_only_the_team_and_admins_open_a_sprint_retro(world, team):
    outsider = add_member(world.acme, make_user(email="dan@example.com", name="Dan"), Role.MEMBER)
    sprint = ended_sprint(team)

    with pytest.raises(Forbidden):
        services.open_sprint_retro(sprint=sprint, by=outsider)


def test_an_okr_retro_opens_in_review_for_a_team_or_for_the_company(world, team):
    cycle = make_cycle(world.acme, state=CycleState.REVIEW)

    mine, _ = services.open_cycle_retro(cycle=cycle, team=team, by=world.bob_membership)
    company, _ = services.open_cycle_retro(cycle=cycle, team=None, by=world.alice_membership)

    assert mine.team_id == team.pk
    assert company.team_id is None
    assert mine.pk != company.pk
    with pytest.raises(Forbidden, match="owners and admins"):
        services.open_cycle_retro(cycle=cycle, team=None, by=world.bob_membership)


def test_an_active_cycle_has_no_okr_retro_yet(world, team):
    cycle = make_cycle(world.acme, state=CycleState.ACTIVE)

    with pytest.raises(Conflict, match="moves to review"):
        services.open_cycle_retro(cycle=cycle, team=team, by=world.bob_membership)


# --- Cards ------------------------------------------------------------------------------------


def test_an_action_has_an_owner_and_a_due_date_other_cards_do_not(world, team):
    retro = make_sprint_retro(team)
    due = today() + timedelta(days=7)

    action = services.add_card(
        retrospective=retro,
        by=world.bob_membership,
        column="action",
        body="Pair on reviews",
        owner=world.bob_membership,
        due_on=due,
    )

    assert (action.owner_id, action.due_on, action.author_id) == (
        world.bob_membership.pk,
        due,
        world.bob.pk,
    )
    with pytest.raises(Invalid) as refused:
        services.add_card(
            retrospective=retro,
            by=world.bob_membership,
            column="went_well",
            body="Nice demo",
            owner=world.bob_membership,
        )
    assert "owner" in refused.value.errors
    assert RetroCard.objects.filter(retrospective=retro).count() == 1


def test_an_empty_card_is_refused(world, team):
    retro = make_sprint_retro(team)

    with pytest.raises(Invalid) as refused:
        services.add_card(retrospective=retro, by=world.bob_membership, column="action", body="  ")

    assert refused.value.errors == {"body": "Write something on the card."}


def test_moving_an_action_away_drops_its_owner_and_date(world, team):
    retro = make_sprint_retro(team)
    card = make_card(
        retro, column="action", owner=world.bob_membership, due_on=today(), body="Fix CI"
    )

    services.update_card(card=card, by=world.bob_membership, column="to_improve")

    card.refresh_from_db()
    assert (card.column, card.owner_id, card.due_on) == ("to_improve", None, None)
    assert actions(world, "retro_card.updated") == 1


def test_a_card_is_deleted_by_its_author_or_an_admin_only(world, team):
    carol = add_member(world.acme, make_user(email="carol@example.com", name="Carol"), Role.MEMBER)
    TeamMember.objects.create(organization=world.acme, team=team, membership=carol)
    retro = make_sprint_retro(team)
    bobs = make_card(retro, by=world.bob_membership, body="Bob's")

    with pytest.raises(Forbidden, match="author"):
        services.delete_card(card=bobs, by=carol)
    services.delete_card(card=bobs, by=world.alice_membership)

    assert not RetroCard.objects.filter(pk=bobs.pk).exists()


def test_a_member_outside_the_team_cannot_write_on_its_board(world, team):
    outsider = add_member(world.acme, make_user(email="dan@example.com", name="Dan"), Role.MEMBER)
    retro = make_sprint_retro(team)

    with pytest.raises(Forbidden, match="Checkout"):
        services.add_card(retrospective=retro, by=outsider, column="went_well", body="Hi")


# --- Votes ------------------------------------------------------------------------------------


def test_a_second_vote_by_the_same_person_changes_nothing(world, team):
    retro = make_sprint_retro(team)
    card = make_card(retro)

    once = services.vote(card=card, by=world.bob_membership)
    events = actions(world, "retro_card.voted")
    twice = services.vote(card=card, by=world.bob_membership)

    assert once.votes == 1
    assert twice.votes == 1
    assert RetroVote.objects.filter(card=card).count() == 1
    assert actions(world, "retro_card.voted") == events == 1
    assert RetroCard.objects.get(pk=card.pk).votes == 1


def test_a_vote_racing_another_of_the_same_person_is_absorbed_by_the_constraint(
    world, team, monkeypatch
):
    retro = make_sprint_retro(team)
    card = make_card(retro)
    services.vote(card=card, by=world.bob_membership)
    # As if the other request's vote landed between this one's check and its insert.
    monkeypatch.setattr(queries, "has_voted", lambda card, membership: False)

    again = services.vote(card=card, by=world.bob_membership)

    assert again.votes == 1
    assert RetroVote.objects.filter(card=card).count() == 1
    assert RetroCard.objects.get(pk=card.pk).votes == 1


def test_votes_of_different_people_add_up_and_can_be_taken_back(world, team):
    retro = make_sprint_retro(team)
    card = make_card(retro)

    services.vote(card=card, by=world.bob_membership)
    services.vote(card=card, by=world.alice_membership)
    after_unvote = services.unvote(card=card, by=world.bob_membership)
    unchanged = services.unvote(card=card, by=world.bob_membership)

    assert after_unvote.votes == 1
    assert unchanged.votes == 1
    assert list(RetroVote.objects.filter(card=card).values_list("membership_id", flat=True)) == [
        world.alice_membership.pk
    ]


# --- Actions into the backlog -----------------------------------------------------------------


def test_an_action_becomes_a_task_at_the_top_of_the_team_backlog_once(world, team):
    retro = make_sprint_retro(team)
    card = make_card(
        retro, column="action", body="Automate the release", owner=world.bob_membership
    )

    item = services.turn_into_backlog_item(card=card, by=world.bob_membership, link="/r/1/")

    card.refresh_from_db()
    assert card.backlog_item_id == item.pk
    assert (item.team_id, item.kind, item.title) == (team.pk, ItemKind.TASK, "Automate the release")
    assert item.assignee_id == world.bob_membership.pk
    assert "retrospective of" in item.description
    assert "/r/1/" in item.description
    assert BacklogItem.objects.filter(team=team).order_by("rank")[0].pk == item.pk
    assert actions(world, "retro_card.backlog_item_made") == 1
    with pytest.raises(Conflict, match="already"):
        services.turn_into_backlog_item(card=card, by=world.bob_membership)
    assert BacklogItem.objects.filter(team=team).count() == 1


def test_only_sprint_retro_actions_become_backlog_items(world, team):
    sprint_retro = make_sprint_retro(team)
    okr_retro = make_cycle_retro(team=team)
    good = make_card(sprint_retro, column="went_well")
    okr_action = make_card(okr_retro, column="action")

    with pytest.raises(Invalid, match="Only an action"):
        services.turn_into_backlog_item(card=good, by=world.bob_membership)
    with pytest.raises(Invalid, match="sprint retrospective"):
        services.turn_into_backlog_item(card=okr_action, by=world.bob_membership)
    assert BacklogItem.objects.filter(team=team).count() == 0


# --- Carry-forward ----------------------------------------------------------------------------


@pytest.fixture
def okr(world, team):
    """A team objective in review at 40%, and the next cycle in planning."""
    cycle = make_cycle(world.acme, state=CycleState.REVIEW, name="Q3")
    objective = make_objective(
        cycle,
        team=team,
        title="Make checkout effortless",
        specs=[
            kr_spec(title="Conversion", start_value=2, target_value=4, unit="%"),
            kr_spec(title="Baseline NPS", start_value=None, target_value=50),
            kr_spec(title="Shipped", start_value=0, target_value=10),
        ],
    )
    krs = list(KeyResult.objects.filter(objective=objective).order_by("position"))
    check_in(krs[0], "2.8")
    check_in(krs[2], 10)  # achieved: nothing left to carry
    objective.refresh_from_db()
    later = make_cycle(
        world.acme,
        state=CycleState.PLANNING,
        name="Q4",
        starts_on=cycle.ends_on + timedelta(days=1),
    )
    retro = make_cycle_retro(cycle, team=team)
    return retro, objective, krs, later


def test_extending_copies_the_objective_into_the_next_cycle_starting_at_current_values(world, okr):
    retro, objective, krs, later = okr

    row = services.decide_carry_forward(
        retrospective=retro, objective=objective, decision="extend", by=world.bob_membership
    )

    copy = Objective.objects.get(pk=row.extended_to_id)
    assert (copy.cycle_id, copy.team_id, copy.title) == (
        later.pk,
        objective.team_id,
        objective.title,
    )
    assert copy.carried_from_id == objective.pk
    assert copy.status == ObjectiveStatus.DRAFT
    copied = list(KeyResult.objects.filter(objective=copy).order_by("position"))
    assert [kr.title for kr in copied] == ["Conversion", "Baseline NPS"]
    assert copied[0].start_value == krs[0].current_value == Decimal("2.8")
    assert copied[0].target_value == Decimal(4)
    assert copied[1].start_value is None
    assert copied[1].measures_baseline
    assert actions(world, "objective.carried_forward") == 1
    assert actions(world, "carry_forward.decided") == 1


def test_extending_without_a_next_cycle_is_a_conflict(world, team):
    cycle = make_cycle(world.acme, state=CycleState.REVIEW)
    objective = make_objective(cycle, team=team)
    retro = make_cycle_retro(cycle, team=team)

    with pytest.raises(Conflict, match="Create the next cycle first"):
        services.decide_carry_forward(
            retrospective=retro, objective=objective, decision="extend", by=world.bob_membership
        )
    assert not CarryForward.objects.exists()


def test_dropping_closes_the_objective_and_a_second_decision_is_a_conflict(world, okr):
    retro, objective, _, _ = okr

    row = services.decide_carry_forward(
        retrospective=retro,
        objective=objective,
        decision="drop",
        by=world.bob_membership,
        note="Checkout is fine now",
    )

    objective.refresh_from_db()
    assert (row.decision, row.note, objective.status) == ("drop", "Checkout is fine now", "closed")
    with pytest.raises(Conflict, match="already"):
        services.decide_carry_forward(
            retrospective=retro, objective=objective, decision="close", by=world.bob_membership
        )


def test_a_decision_needs_an_unfinished_objective_of_the_retro(world, team, okr):
    retro, _, _, _ = okr
    company = make_objective(retro.cycle, title="Company one")
    other_cycle = make_objective(make_cycle(world.acme, state=CycleState.REVIEW), team=team)
    done = make_objective(retro.cycle, team=team, specs=[kr_spec(start_value=0, target_value=1)])
    check_in(first_kr(done), 1)
    done.refresh_from_db()

    for objective in (company, other_cycle, done):
        with pytest.raises(Invalid) as refused:
            services.decide_carry_forward(
                retrospective=retro, objective=objective, decision="close", by=world.bob_membership
            )
        assert "objective" in refused.value.errors
    assert not CarryForward.objects.exists()


def test_carry_forward_is_decided_by_those_who_may_edit_the_objective(world, team):
    cycle = make_cycle(world.acme, state=CycleState.REVIEW)
    objective = make_objective(cycle)
    retro = make_cycle_retro(cycle, team=None)

    with pytest.raises(Forbidden):
        services.decide_carry_forward(
            retrospective=retro, objective=objective, decision="close", by=world.bob_membership
        )
    row = services.decide_carry_forward(
        retrospective=retro, objective=objective, decision="close", by=world.alice_membership
    )
    assert row.decision == "close"


def test_a_sprint_retro_takes_no_carry_forward(world, team, okr):
    _, objective, _, _ = okr
    retro = make_sprint_retro(team)

    with pytest.raises(Invalid, match="OKR retrospectives"):
        services.decide_carry_forward(
            retrospective=retro, objective=objective, decision="close", by=world.bob_membership
        )
