"""Retro pages: the board with its columns, votes and actions, the carry-forward, entry points."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.okrs.models import CycleState, Objective
from okrum.retros.models import CarryForward, RetroCard, Retrospective, RetroVote
from okrum.scrum.models import BacklogItem, SprintState
from okrum.teams.models import TeamMember
from okrum.tenancy.roles import Role
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.retros import ended_sprint, make_card, make_cycle_retro, make_sprint_retro
from tests.factories.scrum import make_sprint
from tests.web import submit, text


@pytest.fixture
def team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    TeamMember.objects.create(organization=world.acme, team=team, membership=world.bob_membership)
    return team


@pytest.fixture
def bob(web_as, world):
    return web_as(world.bob)


def board_url(retro: Retrospective) -> str:
    return f"/o/acme/retrospectives/{retro.pk}/"


def queries_of(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_sprint_entry_opens_the_board_with_a_button_then_goes_straight_to_it(bob, team):
    sprint = ended_sprint(team)
    entry = f"/o/acme/sprints/{sprint.pk}/retrospective/"

    page = bob.get(entry)
    opened = submit(bob, entry)
    later = bob.get(entry)

    assert page.status_code == 200
    assert "Open the retrospective of" in text(page)
    retro = Retrospective.objects.get(sprint=sprint)
    assert opened.status_code == 302
    assert opened["Location"] == board_url(retro)
    assert later["Location"] == board_url(retro)


def test_a_planned_sprint_says_its_retro_opens_later(bob, team):
    sprint = make_sprint(team)

    page = bob.get(f"/o/acme/sprints/{sprint.pk}/retrospective/")
    refused = submit(bob, f"/o/acme/sprints/{sprint.pk}/retrospective/")

    assert "opens once the sprint runs" in text(page)
    assert refused.status_code == 409
    assert not Retrospective.objects.exists()


def test_the_board_explains_the_event_and_shows_three_columns(bob, team):
    retro = make_sprint_retro(team)

    page = text(bob.get(board_url(retro)))

    assert "The <strong>sprint retrospective</strong> closes the sprint" in page
    for column in ("went_well", "to_improve", "action"):
        assert f'data-testid="column-{column}"' in page
    assert "New card: Went well" in page


def test_adding_a_card_with_htmx_answers_its_column(bob, team):
    retro = make_sprint_retro(team)

    answer = submit(
        bob,
        f"{board_url(retro)}cards/",
        {"column": "to_improve", "body": "Too many meetings"},
        headers={"HX-Request": "true"},
    )

    assert answer.status_code == 200
    assert 'id="column-to_improve"' in text(answer)
    assert "Too many meetings" in text(answer)
    assert 'id="column-went_well"' not in text(answer)
    assert RetroCard.objects.get(retrospective=retro).column == "to_improve"


def test_an_empty_card_comes_back_with_its_message_and_nothing_written(bob, team):
    retro = make_sprint_retro(team)

    answer = submit(
        bob,
        f"{board_url(retro)}cards/",
        {"column": "went_well", "body": ""},
        headers={"HX-Request": "true"},
    )

    assert answer.status_code == 422
    assert "Write something on the card." in text(answer)
    assert not RetroCard.objects.exists()


def test_an_action_shows_its_owner_and_due_date(bob, world, team):
    retro = make_sprint_retro(team)
    due = today() + timedelta(days=3)

    submit(
        bob,
        f"{board_url(retro)}cards/",
        {"column": "action", "body": "Fix CI", "owner": world.bob_membership.pk, "due_on": due},
    )
    page = text(bob.get(board_url(retro)))

    assert "Owner: <strong>Bob</strong>" in page
    assert due.strftime("%Y-%m-%d") in page
    assert "Make a backlog item" in page


def test_the_vote_button_says_whether_i_voted_and_a_second_vote_changes_nothing(bob, world, team):
    retro = make_sprint_retro(team)
    card = make_card(retro, body="Good pairing")
    url = f"/o/acme/retro-cards/{card.pk}/vote/"

    before = text(bob.get(board_url(retro)))
    submit(bob, url, {"vote": "1"}, headers={"HX-Request": "true"})
    again = submit(bob, url, {"vote": "1"}, headers={"HX-Request": "true"})

    assert f'id="vote-{card.pk}" class="vote" aria-pressed="false"' in before
    assert again.status_code == 200
    assert f'id="vote-{card.pk}" class="vote voted" aria-pressed="true"' in text(again)
    assert RetroCard.objects.get(pk=card.pk).votes == 1
    assert RetroVote.objects.filter(card=card).count() == 1
    submit(bob, url, {"vote": "0"})
    assert RetroCard.objects.get(pk=card.pk).votes == 0


def test_making_a_backlog_item_links_the_card_and_the_item_both_ways(bob, team):
    retro = make_sprint_retro(team)
    card = make_card(retro, column="action", body="Write a runbook")

    made = submit(bob, f"/o/acme/retro-cards/{card.pk}/backlog-item/")
    item = BacklogItem.objects.get(team=team)
    board = text(bob.get(board_url(retro)))
    item_page = text(bob.get(f"/o/acme/items/{item.pk}/"))
    again = submit(bob, f"/o/acme/retro-cards/{card.pk}/backlog-item/")

    assert made.status_code == 302
    assert f"/o/acme/items/{item.pk}/" in board
    assert "From the retrospective of" in item_page
    assert board_url(retro) in item_page
    assert again.status_code == 409
    assert "already a backlog item" in text(again)


def test_an_item_not_made_from_a_retro_says_nothing_of_one(bob, team):
    from tests.factories.scrum import make_item

    item = make_item(team)

    assert "From the retrospective" not in text(bob.get(f"/o/acme/items/{item.pk}/"))


def test_editing_an_action_marks_it_done_and_a_bad_edit_comes_back_with_422(bob, world, team):
    retro = make_sprint_retro(team)
    card = make_card(retro, column="action", body="Fix CI")
    url = f"/o/acme/retro-cards/{card.pk}/"

    saved = submit(bob, url, {"column": "action", "body": "Fix CI now", "done": "on"})
    bad = submit(bob, url, {"column": "action", "body": ""})

    assert saved.status_code == 302
    card.refresh_from_db()
    assert (card.body, card.done) == ("Fix CI now", True)
    assert bad.status_code == 422
    assert "Write something on the card." in text(bad)
    assert RetroCard.objects.get(pk=card.pk).body == "Fix CI now"


def test_a_viewer_reads_the_board_without_forms(web_as, world, team):
    world.bob_membership.role = Role.VIEWER
    world.bob_membership.save()
    retro = make_sprint_retro(team)
    make_card(retro)

    page = text(web_as(world.bob).get(board_url(retro)))

    assert "You can look, but only" in page
    assert "New card:" not in page
    assert 'data-testid="votes"' in page


def test_the_board_costs_the_same_queries_for_3_or_60_cards(bob, world, team):
    small, large = make_sprint_retro(team), make_sprint_retro(team)
    for retro, n in ((small, 3), (large, 60)):
        for i in range(n):
            card = make_card(
                retro, column=("went_well", "to_improve", "action")[i % 3], body=f"C{i}"
            )
            if i % 2:
                RetroVote.objects.create(
                    organization=world.acme, card=card, membership=world.bob_membership
                )

    assert queries_of(bob, board_url(small)) == queries_of(bob, board_url(large))


def test_the_okr_board_costs_the_same_queries_for_few_or_many_objectives(web_as, world, team):
    alice = web_as(world.alice)
    small, large = (make_cycle(world.acme, state=CycleState.REVIEW) for _ in range(2))
    for cycle, n in ((small, 1), (large, 12)):
        for _ in range(n):
            make_objective(cycle, team=team)
    retros = [make_cycle_retro(c, team=team) for c in (small, large)]

    assert queries_of(alice, board_url(retros[0])) == queries_of(alice, board_url(retros[1]))


# --- The OKR retro ---------------------------------------------------------------------------


@pytest.fixture
def okr(world, team):
    cycle = make_cycle(world.acme, state=CycleState.REVIEW, name="Q3")
    objective = make_objective(
        cycle, team=team, title="Make checkout effortless", specs=[kr_spec(start_value=0)]
    )
    check_in(first_kr(objective), 40)
    make_cycle(
        world.acme, state=CycleState.PLANNING, name="Q4", starts_on=cycle.ends_on + timedelta(1)
    )
    return cycle, objective


def test_the_cycle_entry_lists_the_company_and_each_team(bob, world, okr, team):
    cycle, _ = okr

    page = text(bob.get(f"/o/acme/cycles/{cycle.pk}/retrospective/"))
    opened = submit(bob, f"/o/acme/cycles/{cycle.pk}/retrospective/", {"team": team.pk})
    company = submit(bob, f"/o/acme/cycles/{cycle.pk}/retrospective/", {"team": ""})

    assert "The <strong>OKR retrospective</strong> ends the cycle" in page
    assert 'Start the retrospective<span class="visually-hidden"> of Checkout' in page
    assert "of the company" not in page  # Bob is no admin
    retro = Retrospective.objects.get(cycle=cycle, team=team)
    assert opened["Location"] == board_url(retro)
    assert company.status_code == 403
    found = bob.get(f"/o/acme/cycles/{cycle.pk}/retrospective/?team={team.pk}")
    assert found["Location"] == board_url(retro)


def test_extending_from_the_board_shows_the_decision_and_links_the_copy(bob, okr, team):
    cycle, objective = okr
    retro = make_cycle_retro(cycle, team=team)

    page = text(bob.get(board_url(retro)))
    decided = submit(
        bob,
        f"{board_url(retro)}carry-forward/",
        {"objective": objective.pk, "decision": "extend", "note": ""},
    )
    after = text(bob.get(board_url(retro)))

    assert "Extend into Q4" in page
    assert "The <strong>OKR retrospective</strong> ends the cycle" in page
    assert decided.status_code == 302
    copy = Objective.objects.get(carried_from=objective)
    assert f'href="/o/acme/objectives/{copy.pk}/" data-testid="extension"' in after
    assert "Extend into the next cycle" in after


def test_a_refused_decision_comes_back_with_its_message(bob, okr, team):
    cycle, objective = okr
    retro = make_cycle_retro(cycle, team=team)

    answer = submit(
        bob, f"{board_url(retro)}carry-forward/", {"objective": objective.pk, "decision": "nope"}
    )

    assert answer.status_code == 422
    assert "Select a valid choice" in text(answer)
    assert not CarryForward.objects.exists()


def test_the_event_links_lead_to_the_retrospectives(bob, world, team):
    active = ended_sprint(team, state=SprintState.ACTIVE)
    planned = make_sprint(team)
    review = make_cycle(world.acme, state=CycleState.REVIEW)
    running = make_cycle(world.acme, state=CycleState.ACTIVE)

    assert f"/o/acme/sprints/{active.pk}/retrospective/" in text(
        bob.get(f"/o/acme/sprints/{active.pk}/")
    )
    assert "/retrospective/" not in text(bob.get(f"/o/acme/sprints/{planned.pk}/"))
    assert f"/o/acme/cycles/{review.pk}/retrospective/" in text(
        bob.get(f"/o/acme/cycles/{review.pk}/")
    )
    assert "OKR retrospective" not in text(bob.get(f"/o/acme/cycles/{running.pk}/"))
