"""The daily scrum through the API: entries, impediments and the burndown."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.scrum import services
from okrum.scrum.models import DailyScrumEntry, Impediment, ItemStatus
from okrum.teams.models import Team
from tests.factories.accounts import make_user
from tests.factories.daily import make_entry, make_impediment, seat
from tests.factories.okrs import make_team
from tests.factories.scrum import make_item, make_sprint, started_sprint
from tests.factories.tenancy import add_member


def team_with_bob(world: Any) -> Team:
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.bob_membership)
    return team


def test_a_developer_puts_an_entry_then_updates_it(world, api_as):
    sprint = started_sprint(team_with_bob(world))
    api = api_as(world.bob_membership)
    url = f"/orgs/acme/sprints/{sprint.pk}/daily-scrum/entries/mine"

    first = api.request(
        "PUT", url, json={"done": "Card form", "plan": "3-D Secure", "impediments": ["No sandbox"]}
    )

    assert first.status_code == 201, first.content
    body = first.json()
    assert body["day"] == today().isoformat()
    assert body["member"]["name"] == "Bob"
    assert [i["description"] for i in body["impediments"]] == ["No sandbox"]
    assert body["impediments"][0]["open"] is True
    etag = first["ETag"]

    second = api.request("PUT", url, json={"plan": "QA"}, headers={"If-Match": etag})

    assert second.status_code == 200, second.content
    assert second.json()["version"] == 2
    assert second.json()["plan"] == "QA"
    assert DailyScrumEntry.objects.count() == 1

    stale = api.request("PUT", url, json={"plan": "Other"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert DailyScrumEntry.objects.get().plan == "QA"


def test_an_entry_for_a_day_to_come_is_422_naming_the_day(world, api_as):
    sprint = started_sprint(team_with_bob(world))
    tomorrow = (today() + timedelta(days=1)).isoformat()

    response = api_as(world.bob_membership).request(
        "PUT",
        f"/orgs/acme/sprints/{sprint.pk}/daily-scrum/entries/mine",
        json={"day": tomorrow, "plan": "x"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "day"


def test_a_planned_sprint_refuses_entries_with_409(world, api_as):
    sprint = make_sprint(team_with_bob(world))

    response = api_as(world.bob_membership).request(
        "PUT", f"/orgs/acme/sprints/{sprint.pk}/daily-scrum/entries/mine", json={"plan": "x"}
    )

    assert response.status_code == 409
    assert not DailyScrumEntry.objects.exists()


def test_a_member_outside_the_team_gets_403(world, api_as):
    sprint = started_sprint(make_team(world.acme))

    response = api_as(world.bob_membership).request(
        "PUT", f"/orgs/acme/sprints/{sprint.pk}/daily-scrum/entries/mine", json={"plan": "x"}
    )

    assert response.status_code == 403


def test_the_daily_scrum_of_a_day(world, api_as):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    make_entry(sprint, world.bob_membership, day=today() - timedelta(days=1), plan="Before")
    make_entry(sprint, world.bob_membership, plan="Now", impediments=["Blocked"])

    response = api_as(world.alice_membership).get(f"/orgs/acme/sprints/{sprint.pk}/daily-scrum")

    assert response.status_code == 200
    body = response.json()
    assert body["day"] == today().isoformat()
    assert body["sprint"]["goal"] == sprint.goal
    [bob] = body["participants"]
    assert bob["entry"]["plan"] == "Now"
    assert bob["previous_plan"] == "Before"
    assert [i["description"] for i in body["open_impediments"]] == ["Blocked"]

    yesterday = (today() - timedelta(days=1)).isoformat()
    earlier = api_as(world.alice_membership).get(
        f"/orgs/acme/sprints/{sprint.pk}/daily-scrum?day={yesterday}"
    )
    assert earlier.json()["participants"][0]["entry"]["plan"] == "Before"
    assert earlier.json()["next_day"] == today().isoformat()

    outside = api_as(world.alice_membership).get(
        f"/orgs/acme/sprints/{sprint.pk}/daily-scrum?day={(sprint.ends_on + timedelta(days=1))}"
    )
    assert outside.status_code == 422


def daily_queries(api: Any, sprint_id: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(f"/orgs/acme/sprints/{sprint_id}/daily-scrum")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_daily_scrum_costs_the_same_for_2_or_20_members(world, api_as):
    api = api_as(world.alice_membership)
    api.get("/orgs/acme/teams")  # the token's first use is recorded once; not part of the count
    counts = []
    for key, n in (("TWO", 2), ("TWENTY", 20)):
        team = make_team(world.acme, name=key, key=key)
        sprint = started_sprint(team)
        for i in range(n):
            member = add_member(world.acme, make_user(email=f"{key}{i}@example.com"))
            seat(team, member)
            make_entry(sprint, member, impediments=[f"Impediment {i}"])
        counts.append(daily_queries(api, sprint.pk))

    assert counts[0] == counts[1]


def test_impediments_are_listed_raised_and_resolved(world, api_as):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    api = api_as(world.bob_membership)
    old = make_impediment(team, description="Old")

    raised = api.post(f"/orgs/acme/teams/{team.pk}/impediments", json={"description": "Legal"})

    assert raised.status_code == 201, raised.content
    assert raised.json()["sprint"] == sprint.pk  # the team's active sprint
    assert raised.json()["raised_by"]["name"] == "Bob"
    new_id = raised.json()["id"]

    resolved = api.post(
        f"/orgs/acme/impediments/{old.pk}/resolve", json={"resolution": "Signed off"}
    )
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["open"] is False
    assert resolved.json()["resolved_by"]["name"] == "Bob"
    again = api.post(f"/orgs/acme/impediments/{old.pk}/resolve", json={"resolution": "x"})
    assert again.status_code == 409

    open_ones = api.get(f"/orgs/acme/teams/{team.pk}/impediments?open=true").json()
    closed = api.get(f"/orgs/acme/teams/{team.pk}/impediments?open=false").json()
    every = api.get(f"/orgs/acme/teams/{team.pk}/impediments").json()
    assert [i["id"] for i in open_ones["items"]] == [new_id]
    assert [i["id"] for i in closed["items"]] == [old.pk]
    assert [i["id"] for i in every["items"]] == [old.pk, new_id]
    assert every["next_cursor"] is None


def test_an_empty_resolution_is_422_and_changes_nothing(world, api_as):
    team = team_with_bob(world)
    impediment = make_impediment(team)

    response = api_as(world.bob_membership).post(
        f"/orgs/acme/impediments/{impediment.pk}/resolve", json={"resolution": " "}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "resolution"
    assert Impediment.objects.get().resolved_at is None


def test_a_sprint_of_another_team_is_refused_when_raising(world, api_as):
    team = team_with_bob(world)
    other = make_sprint(make_team(world.acme))

    response = api_as(world.alice_membership).post(
        f"/orgs/acme/teams/{team.pk}/impediments", json={"description": "x", "sprint": other.pk}
    )

    assert response.status_code == 422
    assert not Impediment.objects.exists()


def test_the_burndown_series(world, api_as):
    team = team_with_bob(world)
    a = make_item(team, estimate=Decimal(5))
    b = make_item(team, estimate=Decimal(3))
    sprint = started_sprint(team, items=[a, b])
    services.update_item(item=a, by=world.alice_membership, status=ItemStatus.DONE)

    body = api_as(world.bob_membership).get(f"/orgs/acme/sprints/{sprint.pk}/burndown").json()

    assert body["committed_points"] == "8"
    assert body["start_points"] == "8"
    assert len(body["days"]) == 15  # 14 days after the start, both ends counted
    assert body["days"][0] == sprint.starts_on.isoformat()
    assert body["remaining"] == ["8", "8", "3"]  # two days ago, yesterday, today
    assert len(body["ideal"]) == 15
    assert body["ideal"][-1] == "0"


def test_a_planned_sprint_has_an_empty_burndown(world, api_as):
    sprint = make_sprint(team_with_bob(world))

    body = api_as(world.bob_membership).get(f"/orgs/acme/sprints/{sprint.pk}/burndown").json()

    assert body["remaining"] == []
    assert body["ideal"] == []
    assert body["committed_points"] is None
