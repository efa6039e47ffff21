"""The sprint planning API: the planning read and member capacity."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs.models import Objective, ObjectiveStatus
from okrum.scrum import services
from okrum.scrum.models import SprintCapacity
from okrum.scrum.services import ItemSpec
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import check_in, first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item
from tests.factories.sprint_planning import closed_sprints, planned_sprint, seat
from tests.factories.tenancy import add_member


@pytest.fixture
def team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.alice_membership, "product_owner")
    seat(team, world.bob_membership)
    return team


def url(sprint, what="planning", org="acme"):
    return f"/orgs/{org}/sprints/{sprint.pk}/{what}"


def test_it_answers_the_key_results_beside_the_backlog(world, team, api_as):
    cycle = make_cycle(world.acme, name="Q3")
    objective = make_objective(cycle, team=team, title="Make checkout effortless")
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)
    kr = first_kr(objective)
    check_in(kr, 40, confidence=7)
    closed_sprints(team, 12)
    sprint = planned_sprint(team)
    selected = make_item(team, sprint=sprint, estimate=D(5), key_results=[kr])
    ready = make_item(team, estimate=D(3), key_results=[kr], status="ready")
    new = make_item(team)

    response = api_as(world.bob_membership).get(url(sprint))

    assert response.status_code == 200
    body = response.json()
    assert body["sprint"]["id"] == sprint.pk
    assert body["cycle"] == {"id": cycle.pk, "name": "Q3", "state": "active"}
    [line] = body["key_results"]
    assert line["id"] == kr.pk
    assert line["objective"] == {
        "id": objective.pk,
        "title": "Make checkout effortless",
        "team": team.pk,
    }
    assert (line["progress"], line["confidence"], line["stale"]) == ("0.4", 7, False)
    assert line["status"] in {"on_track", "at_risk", "off_track"}
    assert line["in_sprint"] == {"items": 1, "points": "5"}
    assert line["in_backlog"] == {"items": 1, "points": "3"}
    assert [i["id"] for i in body["backlog"]["items"]] == [ready.pk, new.pk]
    assert body["backlog"]["items"][0]["key_results"] == [{"id": kr.pk, "title": kr.title}]
    assert body["backlog"]["next_cursor"] is None
    assert [i["id"] for i in body["selected"]["items"]] == [selected.pk]
    assert body["selected"]["points"] == "5"
    assert body["capacity"]["working_days"] == 10
    assert body["capacity"]["forecast"] == {"points": "12", "average": "12", "sprints": 1}
    assert [m["membership"] for m in body["capacity"]["members"]] == [
        world.alice_membership.pk,
        world.bob_membership.pk,
    ]
    assert {w["code"] for w in body["warnings"]} == {"goal_serves_no_key_result"}


def test_the_backlog_narrows_to_a_key_result(world, team, api_as):
    kr = first_kr(make_objective(make_cycle(world.acme), team=team))
    linked = make_item(team, key_results=[kr])
    make_item(team)
    sprint = planned_sprint(team)

    body = api_as(world.bob_membership).get(f"{url(sprint)}?key_result={kr.pk}").json()

    assert [i["id"] for i in body["backlog"]["items"]] == [linked.pk]


def test_a_viewer_reads_the_planning(world, team, api_as):
    viewer = add_member(world.acme, make_user(email="vic@example.com", name="Vic"), Role.VIEWER)
    sprint = planned_sprint(team)

    assert api_as(viewer, scope="read").get(url(sprint)).status_code == 200


def test_another_organizations_sprint_is_unknown(world, team, api_as):
    sprint = planned_sprint(team)

    response = api_as(world.charlie_membership).get(url(sprint, org="globex"))

    assert response.status_code == 404


def test_put_capacity_answers_the_capacity_and_forecast(world, team, api_as):
    closed_sprints(team, 20)
    sprint = planned_sprint(team)

    response = api_as(world.bob_membership).request(
        "PUT",
        url(sprint, "capacity"),
        json={
            "members": [
                {"membership": world.alice_membership.pk, "available_days": 5},
                {"membership": world.bob_membership.pk, "available_days": "10"},
            ]
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["available_days"] == "15"
    assert body["full_days"] == "20"
    assert body["forecast"] == {"points": "15", "average": "20", "sprints": 1}
    assert {m["membership"]: m["available_days"] for m in body["members"]} == {
        world.alice_membership.pk: "5",
        world.bob_membership.pk: "10",
    }
    assert AuditEvent.objects.filter(action="sprint.capacity_set").count() == 1


def test_put_capacity_names_each_bad_member_and_writes_nothing(world, team, api_as):
    sprint = planned_sprint(team)

    response = api_as(world.bob_membership).request(
        "PUT",
        url(sprint, "capacity"),
        json={
            "members": [
                {"membership": world.alice_membership.pk, "available_days": 5},
                {"membership": world.bob_membership.pk, "available_days": 11},
                {"membership": world.charlie_membership.pk, "available_days": 1},
            ]
        },
    )

    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {f"days.{world.charlie_membership.pk}"}  # another org's: unknown first
    assert SprintCapacity.objects.count() == 0

    response = api_as(world.bob_membership).request(
        "PUT",
        url(sprint, "capacity"),
        json={"members": [{"membership": world.bob_membership.pk, "available_days": 11}]},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [f"days.{world.bob_membership.pk}"]
    assert SprintCapacity.objects.count() == 0


def test_a_viewers_read_token_may_not_put_capacity(world, team, api_as):
    viewer = add_member(world.acme, make_user(email="vic@example.com", name="Vic"), Role.VIEWER)
    sprint = planned_sprint(team)

    response = api_as(viewer, scope="read").request(
        "PUT",
        url(sprint, "capacity"),
        json={"members": [{"membership": world.bob_membership.pk, "available_days": 3}]},
    )

    assert response.status_code == 403
    assert SprintCapacity.objects.count() == 0


def test_the_planning_read_costs_the_same_for_few_or_many_items(world, api_as):
    def build(key: str, items: int) -> int:
        team = make_team(world.acme, name=key, key=key)
        seat(team, world.bob_membership)
        kr = first_kr(make_objective(make_cycle(world.acme), team=team))
        sprint = planned_sprint(team)
        services.create_items(
            team=team,
            by=world.alice_membership,
            specs=[
                ItemSpec(title=f"Item {n}", key_results=[kr], sprint=sprint if n % 9 == 0 else None)
                for n in range(items)
            ],
        )
        client = api_as(world.bob_membership)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(sprint)).status_code == 200
        return len(captured.captured_queries)

    assert build("FEW", 20) == build("MANY", 300)
