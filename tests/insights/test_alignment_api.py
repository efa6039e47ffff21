"""GET /orgs/{org_slug}/insights/alignment: the alignment report as JSON."""

from __future__ import annotations

from tests.factories.tenancy import add_member
from tests.insights.test_alignment_queries import build

URL = "/orgs/acme/insights/alignment"


def test_it_answers_the_report_of_the_current_cycle(world, api_as):
    data = build(world.acme)

    body = api_as(world.alice_membership).get(URL).json()

    assert body["cycle"]["id"] == data.cycle.pk
    assert body["total"] == {
        "done_points": "35",
        "linked_points": "13",
        "share": "0.3714",
        "sprints": 3,
        "sprints_serving_key_results": 2,
        "sprints_serving_no_key_result": 1,
        "orphan_key_results": 2,
        "stale_items": 2,
    }
    checkout = body["teams"][0]
    assert (checkout["name"], checkout["share"]) == ("Checkout", "0.619")
    assert [
        (s["id"], s["done_points"], s["linked_points"], s["share"]) for s in checkout["sprints"]
    ] == [
        (data.a1.pk, "16", "11", "0.6875"),
        (data.a2.pk, "5", "2", "0.4"),
    ]
    assert checkout["sprints"][1]["serves_key_result"] is False
    assert [s["id"] for s in body["sprints_serving_no_key_result"]] == [data.a2.pk]
    assert [k["id"] for k in body["orphan_key_results"]] == [data.kr4.pk, data.kr5.pk]
    stale = {s["key"]: [k["cycle_name"] for k in s["key_results"]] for s in body["stale_items"]}
    assert stale == {f"CHK-{data.both.number}": ["Q2"], f"SRC-{data.stale.number}": ["Q2"]}


def test_a_cycle_can_be_chosen(world, api_as):
    data = build(world.acme)

    body = api_as(world.alice_membership).get(f"{URL}?cycle={data.old.pk}").json()

    assert body["cycle"]["name"] == "Q2"
    assert body["total"]["done_points"] == "8"
    assert body["total"]["share"] == "0"


def test_another_organizations_cycle_is_unknown(world, api_as):
    theirs = build(world.globex)

    response = api_as(world.alice_membership).get(f"{URL}?cycle={theirs.cycle.pk}")

    assert response.status_code == 404


def test_a_viewer_with_a_read_token_may_read_it(world, api_as):
    build(world.acme)
    viewer = add_member(world.acme, role="viewer")

    response = api_as(viewer, scope="read").get(URL)

    assert response.status_code == 200
    assert response.json()["total"]["orphan_key_results"] == 2


def test_without_a_cycle_the_report_is_empty(world, api_as):
    body = api_as(world.alice_membership).get(URL).json()

    assert body["cycle"] is None
    assert body["total"]["share"] is None
    assert body["teams"] == body["orphan_key_results"] == body["stale_items"] == []
