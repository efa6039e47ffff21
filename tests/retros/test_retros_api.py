"""The retrospectives API: boards, cards, votes, actions into the backlog, carry-forward."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.okrs.models import CycleState, KeyResult, Objective
from okrum.retros.models import RetroCard
from okrum.scrum.models import BacklogItem, SprintState
from okrum.teams.models import TeamMember
from okrum.tenancy.models import AuditEvent
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.retros import ended_sprint, make_card, make_sprint_retro
from tests.factories.scrum import make_sprint


@pytest.fixture
def team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    TeamMember.objects.create(organization=world.acme, team=team, membership=world.bob_membership)
    return team


@pytest.fixture
def bob(api_as, world):
    return api_as(world.bob_membership)


def test_opening_a_sprint_retro_answers_201_then_200_with_the_same_board(bob, team):
    sprint = ended_sprint(team, state=SprintState.ACTIVE)

    first = bob.post("/orgs/acme/retrospectives", {"sprint": sprint.pk})
    again = bob.post("/orgs/acme/retrospectives", {"sprint": sprint.pk})

    assert first.status_code == 201, first.content
    assert again.status_code == 200
    body = first.json()
    assert again.json()["id"] == body["id"]
    assert body["kind"] == "sprint"
    assert body["sprint"] == sprint.pk
    assert body["team"] == team.pk
    assert body["cards"] == []
    assert body["unfinished"] == []


def test_a_planned_sprint_answers_409_and_a_body_naming_both_parents_422(bob, team):
    planned = make_sprint(team)
    cycle = make_cycle(team.organization, state=CycleState.REVIEW)

    early = bob.post("/orgs/acme/retrospectives", {"sprint": planned.pk})
    both = bob.post("/orgs/acme/retrospectives", {"sprint": planned.pk, "cycle": cycle.pk})
    neither = bob.post("/orgs/acme/retrospectives", {})

    assert early.status_code == 409
    assert "has not started" in early.json()["detail"]
    assert both.status_code == 422
    assert neither.status_code == 422
    assert neither.json()["errors"][0]["field"] == "sprint"


def test_an_okr_retro_of_the_company_is_for_admins(api_as, world, bob):
    cycle = make_cycle(world.acme, state=CycleState.REVIEW)

    refused = bob.post("/orgs/acme/retrospectives", {"cycle": cycle.pk})
    opened = api_as(world.alice_membership).post("/orgs/acme/retrospectives", {"cycle": cycle.pk})

    assert refused.status_code == 403
    assert opened.status_code == 201
    assert opened.json()["team"] is None
    assert opened.json()["cycle"] == cycle.pk


def test_cards_come_most_voted_first_and_say_whether_i_voted(bob, world, team, api_as):
    retro = make_sprint_retro(team)
    quiet = make_card(retro, body="Quiet")
    loud = make_card(retro, body="Loud")
    api_as(world.alice_membership).post(f"/orgs/acme/retro-cards/{loud.pk}/vote")

    board = bob.get(f"/orgs/acme/retrospectives/{retro.pk}").json()
    mine = bob.post(f"/orgs/acme/retro-cards/{quiet.pk}/vote").json()

    assert [c["body"] for c in board["cards"]] == ["Loud", "Quiet"]
    assert [c["votes"] for c in board["cards"]] == [1, 0]
    assert [c["voted"] for c in board["cards"]] == [False, False]
    assert mine["voted"] is True
    assert mine["votes"] == 1


def test_a_second_vote_by_the_same_person_changes_nothing(bob, world, team):
    retro = make_sprint_retro(team)
    card = make_card(retro)

    first = bob.post(f"/orgs/acme/retro-cards/{card.pk}/vote")
    events = AuditEvent.objects.for_org(world.acme).count()
    second = bob.post(f"/orgs/acme/retro-cards/{card.pk}/vote")

    assert first.status_code == 200
    assert second.status_code == 200
    assert second.json()["votes"] == first.json()["votes"] == 1
    assert second.json()["voted"] is True
    assert AuditEvent.objects.for_org(world.acme).count() == events
    taken_back = bob.delete(f"/orgs/acme/retro-cards/{card.pk}/vote").json()
    assert (taken_back["votes"], taken_back["voted"]) == (0, False)


def test_an_action_gets_an_owner_and_a_due_date_and_is_patched(bob, world, team):
    retro = make_sprint_retro(team)
    due = (today() + timedelta(days=5)).isoformat()

    made = bob.post(
        f"/orgs/acme/retrospectives/{retro.pk}/cards",
        {
            "column": "action",
            "body": "Fix flaky CI",
            "owner": world.bob_membership.pk,
            "due_on": due,
        },
    )
    card_id = made.json()["id"]
    done = bob.patch(f"/orgs/acme/retro-cards/{card_id}", {"done": True})
    wrong = bob.post(
        f"/orgs/acme/retrospectives/{retro.pk}/cards",
        {"column": "went_well", "body": "Demo", "owner": world.bob_membership.pk},
    )

    assert made.status_code == 201, made.content
    assert made.json()["owner"]["id"] == world.bob_membership.pk
    assert made.json()["due_on"] == due
    assert made.json()["author"] == "Bob"
    assert done.status_code == 200
    assert done.json()["done"] is True
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "owner"


def test_a_stale_if_match_on_a_card_answers_412(bob, team):
    card = make_card(make_sprint_retro(team))
    tag = bob.get(f"/orgs/acme/retro-cards/{card.pk}")["ETag"]
    bob.patch(f"/orgs/acme/retro-cards/{card.pk}", {"body": "Changed"})

    stale = bob.patch(
        f"/orgs/acme/retro-cards/{card.pk}", {"body": "Again"}, headers={"If-Match": tag}
    )

    assert stale.status_code == 412
    assert RetroCard.objects.get(pk=card.pk).body == "Changed"


def test_deleting_a_card_answers_204(bob, team):
    card = make_card(make_sprint_retro(team), by=None)

    refused = bob.delete(f"/orgs/acme/retro-cards/{card.pk}")
    mine = bob.post(
        f"/orgs/acme/retrospectives/{card.retrospective_id}/cards",
        {"column": "to_improve", "body": "Mine"},
    ).json()
    deleted = bob.delete(f"/orgs/acme/retro-cards/{mine['id']}")

    assert refused.status_code == 403
    assert deleted.status_code == 204
    assert not RetroCard.objects.filter(pk=mine["id"]).exists()


def test_an_action_becomes_a_backlog_item_once(bob, team):
    retro = make_sprint_retro(team)
    card = make_card(retro, column="action", body="Write a runbook")

    made = bob.post(f"/orgs/acme/retro-cards/{card.pk}/backlog-item")
    again = bob.post(f"/orgs/acme/retro-cards/{card.pk}/backlog-item")

    assert made.status_code == 201, made.content
    item = made.json()["item"]
    assert item["key"].startswith("CHK-")
    assert item["title"] == "Write a runbook"
    assert made.json()["card"]["backlog_item"]["id"] == item["id"]
    assert BacklogItem.objects.get(pk=item["id"]).retro_card.pk == card.pk
    assert again.status_code == 409
    assert BacklogItem.objects.filter(team=team).count() == 1


def test_the_list_filters_by_sprint_cycle_and_team(bob, world, team):
    retro = make_sprint_retro(team)
    other = make_sprint_retro(make_team(world.acme, key="OPS"))

    by_team = bob.get(f"/orgs/acme/retrospectives?team={team.pk}").json()
    by_sprint = bob.get(f"/orgs/acme/retrospectives?sprint={other.sprint_id}").json()
    everything = bob.get("/orgs/acme/retrospectives").json()

    assert [r["id"] for r in by_team["items"]] == [retro.pk]
    assert [r["id"] for r in by_sprint["items"]] == [other.pk]
    assert {r["id"] for r in everything["items"]} == {retro.pk, other.pk}
    assert everything["next_cursor"] is None


def test_the_board_costs_the_same_queries_for_3_or_60_cards(bob, world, team):
    small, large = make_sprint_retro(team), make_sprint_retro(team)
    for retro, n in ((small, 3), (large, 60)):
        for i in range(n):
            make_card(retro, column=("went_well", "to_improve", "action")[i % 3], body=f"C{i}")

    def cost(retro_id: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert bob.get(f"/orgs/acme/retrospectives/{retro_id}").status_code == 200
        return len(captured.captured_queries)

    cost(small.pk)  # the first call also records when the token was last used
    assert cost(small.pk) == cost(large.pk)


def test_an_okr_retro_extends_an_objective_with_start_values_equal_to_the_last_values(
    bob, world, team
):
    cycle = make_cycle(world.acme, state=CycleState.REVIEW, name="Q3")
    objective = make_objective(
        cycle, team=team, specs=[kr_spec(title="Conversion", start_value=2, target_value=4)]
    )
    check_in(first_kr(objective), "3.1")
    later = make_cycle(
        world.acme, state=CycleState.PLANNING, name="Q4", starts_on=cycle.ends_on + timedelta(1)
    )
    retro = bob.post("/orgs/acme/retrospectives", {"cycle": cycle.pk, "team": team.pk}).json()
    url = f"/orgs/acme/retrospectives/{retro['id']}/carry-forward"

    before = bob.get(url).json()
    decided = bob.post(url, {"objective": objective.pk, "decision": "extend", "note": "Keep going"})
    twice = bob.post(url, {"objective": objective.pk, "decision": "drop"})
    after = bob.get(url).json()

    assert before["next_cycle"] == later.pk
    assert [(row["objective"]["id"], row["decision"]) for row in before["items"]] == [
        (objective.pk, None)
    ]
    assert decided.status_code == 201, decided.content
    extension = decided.json()["extended_to"]
    assert extension["cycle"] == later.pk
    copy = Objective.objects.get(pk=extension["id"])
    assert copy.carried_from_id == objective.pk
    assert KeyResult.objects.get(objective=copy).start_value == first_kr(objective).current_value
    assert twice.status_code == 409
    assert after["items"][0]["decision"]["decision"] == "extend"


def test_a_decision_on_an_achieved_objective_is_422(bob, world, team):
    cycle = make_cycle(world.acme, state=CycleState.REVIEW)
    done = make_objective(cycle, team=team, specs=[kr_spec(start_value=0, target_value=1)])
    check_in(first_kr(done), 1)
    retro = bob.post("/orgs/acme/retrospectives", {"cycle": cycle.pk, "team": team.pk}).json()

    answer = bob.post(
        f"/orgs/acme/retrospectives/{retro['id']}/carry-forward",
        {"objective": done.pk, "decision": "close"},
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "objective"
