"""A whole cycle of the method through the REST API alone: the eight events, one after another."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from okrum.core.time import today
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def number(value: Any) -> Decimal:
    return Decimal(str(value))


def signed_up() -> tuple[ApiClient, str, int]:
    """A new company on a free trial: its owner's client, the org slug, the owner's membership."""
    body = {
        "email": "lea@fitwear.example",
        "name": "Lea",
        "password": "a long and quiet river",
        "organization": "Fitwear",
    }
    answer = ok(ApiClient().post("/signup", body), 201)
    api = ApiClient(answer["token"])
    slug = answer["organization"]["slug"]
    me = ok(api.get("/me"))
    membership = next(m["id"] for m in me["memberships"] if m["organization"]["slug"] == slug)
    return api, slug, membership


def test_a_whole_cycle_runs_through_the_api_alone():
    api, slug, me = signed_up()
    org = f"/orgs/{slug}"
    day = today()

    # OKR planning: a cycle in planning, a team objective drafted, proposed and published.
    vision = ok(
        api.post(f"{org}/goals", {"kind": "vision", "title": "Best fitness-wear store"}), 201
    )
    cycle = ok(
        api.post(
            f"{org}/cycles",
            {
                "name": "This quarter",
                "starts_on": str(day - timedelta(days=30)),
                "ends_on": str(day + timedelta(days=60)),
            },
        ),
        201,
    )
    team = ok(api.post(f"{org}/teams", {"name": "Checkout", "key": "CHK"}), 201)
    ok(
        api.post(
            f"{org}/teams/{team['id']}/members",
            {"membership": me, "accountability": "product_owner"},
        ),
        201,
    )
    objective = ok(
        api.post(
            f"{org}/objectives",
            {
                "cycle": cycle["id"],
                "team": team["id"],
                "goal": vision["id"],
                "title": "Make checkout effortless",
                "key_results": [
                    {
                        "title": "Orders through the new checkout",
                        "kind": "increase_to",
                        "unit": "%",
                        "start_value": 10,
                        "target_value": 50,
                        "owner": me,
                    }
                ],
            },
        ),
        201,
    )
    kr = objective["key_results"][0]["id"]
    assert objective["status"] == "draft"
    ok(
        api.post(
            f"{org}/objectives/{objective['id']}/comments", {"body": "Is 50 % ambitious enough?"}
        ),
        201,
    )
    assert ok(api.post(f"{org}/objectives/{objective['id']}/propose", {}))["status"] == "proposed"
    assert ok(api.post(f"{org}/objectives/{objective['id']}/approve", {}))["status"] == "published"
    planning = ok(api.get(f"{org}/cycles/{cycle['id']}/planning"))
    assert planning["unpublished"] == []
    ok(api.post(f"{org}/cycles/{cycle['id']}/transition", {"state": "active"}))
    ok(api.post(f"{org}/key-results/{kr}/check-ins", {"value": 20, "confidence": 6}), 201)

    # Sprint planning: the team's key result beside the backlog; a goal that serves it.
    items = ok(
        api.post(
            f"{org}/backlog-items/bulk",
            {
                "team": team["id"],
                "items": [
                    {"title": "One-click order option", "estimate": "5", "key_results": [kr]},
                    {
                        "title": "Integrate more payment methods",
                        "estimate": "8",
                        "key_results": [kr],
                    },
                    {"title": "Tidy the footer", "estimate": "2"},
                ],
            },
        ),
        201,
    )["items"]
    sprint = ok(
        api.post(
            f"{org}/sprints",
            {
                "team": team["id"],
                "starts_on": str(day - timedelta(days=3)),
                "ends_on": str(day + timedelta(days=10)),
                "goal": "Customers order in one click",
                "goal_key_results": [kr],
            },
        ),
        201,
    )
    sprint_path = f"{org}/sprints/{sprint['id']}"
    ok(api.post(f"{sprint_path}/items", {"add": [items[0]["id"], items[1]["id"]]}))
    plan = ok(api.get(f"{sprint_path}/planning"))
    planned_kr = next(k for k in plan["key_results"] if k["id"] == kr)
    assert planned_kr["in_sprint"]["items"] == 2
    assert planned_kr["in_goal"] is True
    ok(api.post(f"{sprint_path}/start", {}))

    # Daily scrum.
    entry = ok(
        api.request(
            "PUT",
            f"{sprint_path}/daily-scrum/entries/mine",
            json={
                "done": "Wired the button",
                "plan": "Payment step",
                "impediments": ["No test card"],
            },
        ),
        201,
    )
    assert entry["plan"] == "Payment step"
    daily = ok(api.get(f"{sprint_path}/daily-scrum"))
    assert [i["description"] for i in daily["open_impediments"]] == ["No test card"]

    # OKR check-in session: every key result of the team at once.
    ok(
        api.post(
            f"{org}/cycles/{cycle['id']}/check-in-session",
            {"team": team["id"], "rows": [{"key_result": kr, "value": 30, "confidence": 7}]},
        ),
        201,
    )
    ok(api.patch(f"{org}/backlog-items/{items[0]['id']}", {"status": "done"}))

    # Sprint review: the key result at sprint start, now, and the change; then close.
    ok(api.post(f"{sprint_path}/review", {}), 201)
    ok(api.patch(f"{sprint_path}/review", {"feedback": "Stakeholders love one-click"}))
    review = ok(api.get(f"{sprint_path}/review"))
    moved = next(k for k in review["key_results"] if k["id"] == kr)
    assert number(moved["start_value"]) == 20
    assert number(moved["current_value"]) == 30
    assert number(moved["change"]) == 10
    ok(api.post(f"{sprint_path}/close", {"unfinished_to": "backlog"}))

    # Sprint retrospective: an action becomes a backlog item.
    retro = ok(api.post(f"{org}/retrospectives", {"sprint": sprint["id"]}), 201)
    card = ok(
        api.post(
            f"{org}/retrospectives/{retro['id']}/cards",
            {"column": "action", "body": "Get a payment sandbox"},
        ),
        201,
    )
    made = ok(api.post(f"{org}/retro-cards/{card['id']}/backlog-item", {}), 201)
    item = ok(api.get(f"{org}/backlog-items/{made['item']['id']}"))
    assert item["title"] == "Get a payment sandbox"

    # OKR review: graded with one override, which needs a reason.
    ok(api.post(f"{org}/cycles/{cycle['id']}/transition", {"state": "review"}))
    graded = ok(api.get(f"{org}/cycles/{cycle['id']}/review"))
    assert number(graded["objectives"][0]["key_results"][0]["suggested"]) == Decimal("0.5")
    refused = api.request("PUT", f"{org}/key-results/{kr}/grade", json={"score": 0.7})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "reason"
    grade = ok(
        api.request(
            "PUT",
            f"{org}/key-results/{kr}/grade",
            json={"score": 0.7, "reason": "The payment provider slipped a month"},
        )
    )
    assert number(grade["score"]) == Decimal("0.7")

    # OKR retrospective: the unfinished objective is extended into the next cycle.
    nxt = ok(
        api.post(
            f"{org}/cycles",
            {
                "name": "Next quarter",
                "starts_on": str(day + timedelta(days=61)),
                "ends_on": str(day + timedelta(days=150)),
            },
        ),
        201,
    )
    okr_retro = ok(
        api.post(f"{org}/retrospectives", {"cycle": cycle["id"], "team": team["id"]}), 201
    )
    decision = ok(
        api.post(
            f"{org}/retrospectives/{okr_retro['id']}/carry-forward",
            {"objective": objective["id"], "decision": "extend"},
        ),
        201,
    )
    copy = ok(api.get(f"{org}/objectives/{decision['extended_to']['id']}"))
    assert copy["cycle"] == nxt["id"]
    assert copy["title"] == objective["title"]
    assert copy["carried_from"] == objective["id"]
    assert number(copy["key_results"][0]["start_value"]) == 30
    assert number(copy["key_results"][0]["target_value"]) == 50
