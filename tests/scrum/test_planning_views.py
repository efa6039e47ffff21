"""The sprint planning page: key results beside the backlog, pulling items, goal and capacity."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs.models import Objective, ObjectiveStatus
from okrum.scrum import services
from okrum.scrum.models import BacklogItem, SprintCapacity, SprintKeyResult
from okrum.scrum.services import ItemSpec
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item
from tests.factories.sprint_planning import closed_sprints, planned_sprint, seat
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


@pytest.fixture
def team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.alice_membership, "product_owner")
    seat(team, world.bob_membership)
    return team


@pytest.fixture
def kr(world, team):
    objective = make_objective(make_cycle(world.acme), team=team, title="Make checkout effortless")
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)
    return first_kr(objective)


def page_url(sprint, rest=""):
    return f"/o/acme/sprints/{sprint.pk}/planning/{rest}"


def test_the_page_shows_key_results_beside_the_backlog(world, team, kr, web_as):
    sprint = planned_sprint(team)
    make_item(team, title="Pay by card", estimate=D(3), key_results=[kr])
    make_item(team, title="Guest checkout", estimate=D(5), key_results=[kr], sprint=sprint)

    response = web_as(world.bob).get(page_url(sprint))

    assert response.status_code == 200
    body = text(response)
    assert "Sprint planning is where OKRs meet Scrum" in body
    assert kr.title in body
    assert "1 item (5 pts) in this sprint" in body
    assert "1 (3 pts) in the backlog" in body
    assert "Pay by card" in body
    assert "Pull into sprint" in body
    assert "Stale: check-in due" in body  # never checked in
    assert "The Sprint Goal serves no key result" in body


def test_the_sprint_page_links_to_planning_while_planned(world, team, web_as):
    sprint = planned_sprint(team)
    client = web_as(world.bob)

    assert page_url(sprint) in text(client.get(f"/o/acme/sprints/{sprint.pk}/"))

    services.start_sprint(sprint=sprint, by=world.alice_membership)
    assert page_url(sprint) not in text(client.get(f"/o/acme/sprints/{sprint.pk}/"))


def test_pulling_an_item_with_htmx_answers_the_board_with_new_totals(world, team, kr, web_as):
    closed_sprints(team, 10)
    sprint = planned_sprint(team)
    item = make_item(team, title="Pay by card", estimate=D(3), key_results=[kr])

    response = submit(web_as(world.bob), page_url(sprint, "pull/"), {"item": item.pk}, headers=HTMX)

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.sprint_id == sprint.pk
    body = text(response)
    assert 'id="planning-board"' in body
    assert "CHK-1 pulled into" in body
    assert 'id="planning-totals"' in body
    assert "3 of ~10 points" in body
    assert "1 item (3 pts) in this sprint" in body
    assert "<html" not in body


def test_removing_an_item_sends_it_back_to_the_backlog(world, team, web_as):
    sprint = planned_sprint(team)
    item = make_item(team, sprint=sprint)

    response = submit(web_as(world.bob), page_url(sprint, "remove/"), {"item": item.pk})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.sprint_id is None


def test_pulling_an_item_already_in_a_sprint_is_refused_and_changes_nothing(world, team, web_as):
    sprint = planned_sprint(team)
    other = planned_sprint(team)
    item = make_item(team, sprint=other)

    response = submit(web_as(world.bob), page_url(sprint, "pull/"), {"item": item.pk}, headers=HTMX)

    assert response.status_code == 422
    assert "not an open item of the backlog" in text(response)
    item.refresh_from_db()
    assert item.sprint_id == other.pk


def test_pulling_another_teams_item_is_refused(world, team, web_as):
    sprint = planned_sprint(team)
    stranger = make_item(make_team(world.acme, name="Search", key="SRCH"))

    response = submit(
        web_as(world.bob), page_url(sprint, "pull/"), {"item": stranger.pk}, headers=HTMX
    )

    assert response.status_code == 422
    assert BacklogItem.objects.get(pk=stranger.pk).sprint_id is None


def test_the_goal_form_saves_the_goal_and_its_key_results(world, team, kr, web_as):
    sprint = planned_sprint(team, goal="")
    client = web_as(world.bob)

    response = submit(
        client,
        page_url(sprint, "goal/"),
        {"goal": "Card payments work for everyone", "goal_key_results": [kr.pk]},
    )

    assert response.status_code == 302
    sprint.refresh_from_db()
    assert sprint.goal == "Card payments work for everyone"
    assert list(
        SprintKeyResult.objects.filter(sprint=sprint).values_list("key_result_id", flat=True)
    ) == [kr.pk]
    assert "The Sprint Goal serves no key result" not in text(client.get(page_url(sprint)))


def test_a_goal_too_long_comes_back_with_its_message_and_nothing_saved(world, team, web_as):
    sprint = planned_sprint(team, goal="Old goal")

    response = submit(web_as(world.bob), page_url(sprint, "goal/"), {"goal": "x" * 301})

    assert response.status_code == 422
    assert "at most 300 characters" in text(response)
    sprint.refresh_from_db()
    assert sprint.goal == "Old goal"


def test_the_capacity_form_saves_each_members_days(world, team, web_as):
    closed_sprints(team, 20)
    sprint = planned_sprint(team)
    client = web_as(world.bob)
    fields = {
        f"days_{world.alice_membership.pk}": "5",
        f"days_{world.bob_membership.pk}": "10",
    }

    response = submit(client, page_url(sprint, "capacity/"), fields)

    assert response.status_code == 302
    rows = dict(SprintCapacity.objects.values_list("membership_id", "available_days"))
    assert rows == {world.alice_membership.pk: D(5), world.bob_membership.pk: D(10)}
    assert "0 of ~15 points" in text(client.get(page_url(sprint)))


def test_capacity_over_the_working_days_comes_back_with_the_message(world, team, web_as):
    sprint = planned_sprint(team)
    fields = {
        f"days_{world.alice_membership.pk}": "5",
        f"days_{world.bob_membership.pk}": "12",
    }

    response = submit(web_as(world.bob), page_url(sprint, "capacity/"), fields)

    assert response.status_code == 422
    assert "less than or equal to 10" in text(response)
    assert SprintCapacity.objects.count() == 0


def test_a_viewer_sees_the_page_without_controls(world, team, web_as):
    viewer = add_member(world.acme, make_user(email="vic@example.com", name="Vic"), Role.VIEWER)
    sprint = planned_sprint(team)
    make_item(team)

    response = web_as(viewer.user).get(page_url(sprint))

    assert response.status_code == 200
    assert "Pull into sprint" not in text(response)
    assert "Save capacity" not in text(response)


def test_the_key_result_filter_narrows_the_backlog(world, team, kr, web_as):
    sprint = planned_sprint(team)
    make_item(team, title="Linked one", key_results=[kr])
    make_item(team, title="Unlinked one")

    body = text(web_as(world.bob).get(page_url(sprint) + f"?key_result={kr.pk}"))

    assert "Linked one" in body
    assert "Unlinked one" not in body
    assert "Show all" in body


def test_load_more_brings_the_next_rows(world, team, web_as):
    sprint = planned_sprint(team)
    services.create_items(
        team=team,
        by=world.alice_membership,
        specs=[ItemSpec(title=f"Item {n}") for n in range(105)],
    )
    client = web_as(world.bob)

    body = text(client.get(page_url(sprint)))
    assert body.count('data-testid="pull-item"') == 100
    more = re.search(r'hx-get="([^"]+)"', body.split('id="planning-load-more"')[1])
    assert more

    rest = text(client.get(more.group(1).replace("&amp;", "&"), headers=HTMX))
    assert rest.count('data-testid="pull-item"') == 5
    assert "planning-load-more" not in rest


def test_the_page_costs_the_same_for_few_or_many_items_and_key_results(world, web_as):
    client = web_as(world.alice)

    def cost(key: str, items: int, key_results: int) -> int:
        team = make_team(world.acme, name=key, key=key)
        seat(team, world.bob_membership)
        objective = make_objective(make_cycle(world.acme), team=team, key_results=key_results)
        Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)
        krs = list(objective.key_results.all())
        sprint = planned_sprint(team)
        services.create_items(
            team=team,
            by=world.alice_membership,
            specs=[
                ItemSpec(
                    title=f"Item {n}",
                    key_results=[krs[n % len(krs)]],
                    sprint=sprint if n % 9 == 0 else None,
                )
                for n in range(items)
            ],
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(sprint)).status_code == 200
        return len(captured.captured_queries)

    assert cost("FEW", 20, 2) == cost("MANY", 300, 30)
