"""GET /orgs/{slug}/insights/dashboard: the dashboard's numbers as JSON."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs.models import CycleState
from okrum.tenancy.roles import Role
from tests.factories.dashboard import bulk_objectives, known_cycle
from tests.factories.okrs import make_cycle
from tests.factories.onboarding import make_staffed_team, make_vision
from tests.factories.tenancy import add_member

URL = "/orgs/acme/insights/dashboard"


def test_it_answers_the_current_cycle_with_every_section(world, api_as):
    known = known_cycle(world.acme)

    response = api_as(world.alice_membership).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["cycle"]["id"] == known.cycle.pk
    assert body["expected"] == "0.5"
    assert [v["title"] for v in body["visions"]] == ["The shop runners trust"]
    assert [f["title"] for f in body["focuses"]] == ["Improve the checkout"]
    assert body["company"][0] | {} == {
        "id": known.company.pk,
        "title": "Delight customers",
        "team_id": None,
        "team_name": None,
        "kind": "committed",
        "state": "draft",
        "progress": "0.6",
        "status": "on_track",
        "confidence": "6.5",
        "key_results": 2,
    }
    assert [g["name"] for g in body["teams_objectives"]] == ["Checkout", "Search"]
    assert {c["status"]: c["count"] for c in body["key_result_counts"]} == {
        "off_track": 1,
        "at_risk": 1,
        "on_track": 2,
        "achieved": 1,
        "no_data": 1,
    }
    assert [kr["title"] for kr in body["behind"]] == ["Cart saves", "Returns handled", "Click rate"]
    first = body["behind"][0]
    assert (first["gap"], first["owner_name"], first["team_name"]) == ("0.4", "Alice", "Checkout")
    assert first["forecast"] == {"trend": None, "delivery": None, "needs_history": False}
    assert body["stale_count"] == 2
    assert [kr["title"] for kr in body["stale"]] == ["Zero results gone", "Returns handled"]
    checkout = body["teams"][0]
    assert (checkout["name"], checkout["objectives"], checkout["average_progress"]) == (
        "Checkout",
        1,
        "0.55",
    )
    assert (checkout["sprint_name"], checkout["sprint_goal"], checkout["days_left"]) == (
        "Sprint 7",
        "Pay in one click",
        12,
    )


def test_a_viewer_reads_it_with_a_read_token(world, api_as):
    known_cycle(world.acme)
    viewer = add_member(world.acme, role=Role.VIEWER)

    response = api_as(viewer, scope="read").get(URL)

    assert response.status_code == 200
    assert response.json()["stale_count"] == 2


def test_it_answers_a_chosen_cycle(world, api_as):
    known = known_cycle(world.acme)
    later = make_cycle(world.acme, state=CycleState.PLANNING, name="Next quarter")

    response = api_as(world.alice_membership).get(f"{URL}?cycle={later.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["cycle"]["name"] == "Next quarter"
    assert body["company"] == []
    assert body["stale_count"] == 0  # only an active cycle owes check-ins
    assert [t["name"] for t in body["teams"]] == ["Checkout", "Search"]
    assert known.cycle.pk != later.pk


def test_without_a_current_cycle_it_answers_empty_sections(world, api_as):
    make_vision(world.acme)
    make_cycle(world.acme, state=CycleState.CLOSED)

    response = api_as(world.alice_membership).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["cycle"] is None
    assert [v["title"] for v in body["visions"]] == ["Be the best shop for runners"]
    for section in ("company", "teams_objectives", "behind", "stale", "teams"):
        assert body[section] == []
    assert body["stale_count"] == 0


def test_another_organizations_cycle_is_not_found(world, api_as):
    known_cycle(world.acme)
    theirs = make_cycle(world.globex, state=CycleState.ACTIVE)

    response = api_as(world.alice_membership).get(f"{URL}?cycle={theirs.pk}")

    assert response.status_code == 404


def test_another_organization_gets_404(world, api_as):
    known_cycle(world.acme)

    assert api_as(world.charlie_membership).get(URL).status_code == 404


def queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_it_costs_the_same_queries_for_20_and_2000_objectives(world, api_as):
    client = api_as(world.alice_membership)
    teams = [make_staffed_team(world.acme, name=f"Team {n}") for n in range(4)]
    cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    bulk_objectives(cycle, teams, 20)
    queries_of(client, URL)  # the first request writes the token's last use
    small = queries_of(client, URL)

    bulk_objectives(cycle, teams, 1980)

    assert queries_of(client, URL) == small
