"""The Scrum API: backlog items, moves, sprints, product goals and team settings."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.okrs.models import Cycle, CycleState, KeyResult
from okrum.scrum import services
from okrum.scrum.models import (
    BacklogItem,
    BacklogItemKeyResult,
    DefinitionOfDone,
    ItemEvent,
    ProductGoal,
    Sprint,
    SprintCommitment,
)
from okrum.scrum.services import ItemSpec
from okrum.teams import services as teams
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.okrs import first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_items, make_sprint, started_sprint
from tests.factories.tenancy import add_member

ORG = "/orgs/acme"
ITEMS = f"{ORG}/backlog-items"


def fields_named(response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def rows(org) -> dict[str, int]:
    """What a refused write must leave alone."""
    return {
        "items": BacklogItem.objects.for_org(org).count(),
        "links": BacklogItemKeyResult.objects.for_org(org).count(),
        "events": ItemEvent.objects.for_org(org).count(),
        "sprints": Sprint.objects.for_org(org).count(),
        "commitments": SprintCommitment.objects.for_org(org).count(),
        "goals": ProductGoal.objects.for_org(org).count(),
        "audit": AuditEvent.objects.for_org(org).count(),
    }


def created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def keys(api, query: str) -> list[str]:
    return [item["key"] for item in ok(api.get(f"{ITEMS}?{query}"))["items"]]


def closed_cycle_kr(org) -> KeyResult:
    cycle = make_cycle(org)
    kr = first_kr(make_objective(cycle))
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED)
    return kr


@pytest.fixture
def alice(world, api_as):
    return api_as(world.alice_membership)


@pytest.fixture
def bob(world, api_as):
    return api_as(world.bob_membership)


@pytest.fixture
def team(world):
    """Checkout (CHK), where Bob is a developer."""
    team = make_team(world.acme, name="Checkout", key="CHK")
    teams.add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    return team


@pytest.fixture
def kr(world):
    return first_kr(make_objective(make_cycle(world.acme)))


# --- Items: create, read, change, delete ------------------------------------------------------


def test_the_list_shows_each_item_exactly_as_the_item_itself_does(bob, team, world):
    """The list is written from plain rows; one item's answer goes through ItemOut."""
    objective = make_objective(make_cycle(world.acme), key_results=2)
    first, second = objective.key_results.order_by("position")
    services.set_estimate_scale(
        team=team, by=world.bob_membership, scale="custom", custom_points=["0.5", 3]
    )
    sprint = make_sprint(team)
    make_item(
        team,
        title="Everything set",
        description="Why",
        acceptance_criteria="Given, when, then",
        kind="bug",
        status="done",
        estimate="0.5",
        assignee=world.bob_membership,
        sprint=sprint,
        key_results=[second, first],
    )
    make_item(team, title="Nothing set")

    listed = ok(bob.get(f"{ITEMS}?team={team.pk}"))["items"]

    assert len(listed) == 2
    assert listed[0]["key_results"] == [
        {"id": first.pk, "title": first.title},
        {"id": second.pk, "title": second.title},
    ]
    assert listed[0]["estimate"] == "0.5"
    assert listed[0]["done_at"] is not None
    for row in listed:
        assert row == ok(bob.get(f"{ITEMS}/{row['id']}"))


def test_an_item_is_created_with_every_field_and_read_back(bob, team, world, kr):
    response = bob.post(
        ITEMS,
        {
            "team": team.pk,
            "title": "  Pay with   a card ",
            "description": "As a buyer…",
            "acceptance_criteria": "Visa works",
            "kind": "bug",
            "status": "ready",
            "estimate": "3",
            "assignee": world.bob_membership.pk,
            "key_results": [kr.pk],
        },
    )

    item = created(response)
    assert response["ETag"] == f'"{item["id"]}-1"'
    assert {k: item[k] for k in ("key", "team", "number", "title", "kind", "status")} == {
        "key": "CHK-1",
        "team": team.pk,
        "number": 1,
        "title": "Pay with a card",
        "kind": "bug",
        "status": "ready",
    }
    assert (item["estimate"], item["sprint"], item["done_at"], item["version"]) == (
        "3",
        None,
        None,
        1,
    )
    assert item["assignee"] == {
        "id": world.bob_membership.pk,
        "name": "Bob",
        "email": "bob@example.com",
    }
    assert item["key_results"] == [{"id": kr.pk, "title": kr.title}]
    assert item["acceptance_criteria"] == "Visa works"
    again = bob.get(f"{ITEMS}/{item['id']}")
    assert again.json() == item
    assert again["ETag"] == response["ETag"]


def test_a_new_item_goes_to_the_bottom_unless_sent_to_the_top(bob, team):
    for title in ("one", "two"):
        created(bob.post(ITEMS, {"team": team.pk, "title": title}))
    created(bob.post(ITEMS, {"team": team.pk, "title": "urgent", "position": "top"}))

    assert keys(bob, f"team={team.pk}") == ["CHK-3", "CHK-1", "CHK-2"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"estimate": -1}, "estimate"),
        ({"estimate": 4}, "estimate"),  # not on the Fibonacci scale
        ({"estimate": "lots"}, "estimate"),
        ({"title": "   "}, "title"),
        ({"kind": "epic"}, "kind"),
        ({"status": "blocked"}, "status"),
    ],
)
def test_a_bad_new_item_is_422_naming_the_field_and_writes_nothing(bob, team, world, body, field):
    before = rows(world.acme)

    response = bob.post(ITEMS, {"team": team.pk, "title": "Pay", **body})

    assert response.status_code == 422, response.content
    assert fields_named(response) == [field]
    assert rows(world.acme) == before


def test_links_to_another_organizations_or_a_closed_cycles_key_result_are_422(bob, team, world):
    foreign = first_kr(make_objective(make_cycle(world.globex)))
    closed = closed_cycle_kr(world.acme)
    before = rows(world.acme)

    answers = [
        bob.post(ITEMS, {"team": team.pk, "title": "Pay", "key_results": [kr.pk]})
        for kr in (foreign, closed)
    ]

    assert [r.status_code for r in answers] == [422, 422]
    assert [fields_named(r) for r in answers] == [["key_results"], ["key_results"]]
    assert "closed cycle" in answers[1].json()["detail"]
    assert rows(world.acme) == before


def test_ids_of_another_organization_in_an_item_are_422_naming_the_field(bob, team, world):
    globex_team = make_team(world.globex)
    globex_sprint = make_sprint(globex_team)
    before = rows(world.acme)

    answers = {
        "team": bob.post(ITEMS, {"team": globex_team.pk, "title": "Pay"}),
        "assignee": bob.post(
            ITEMS, {"team": team.pk, "title": "Pay", "assignee": world.charlie_membership.pk}
        ),
        "sprint": bob.post(ITEMS, {"team": team.pk, "title": "Pay", "sprint": globex_sprint.pk}),
    }

    assert {field: r.status_code for field, r in answers.items()} == dict.fromkeys(answers, 422)
    assert {field: fields_named(r) for field, r in answers.items()} == {f: [f] for f in answers}
    assert rows(world.acme) == before


def test_a_patch_changes_an_item_and_its_history(bob, team, world, kr):
    item = make_item(team, estimate=2)
    url = f"{ITEMS}/{item.pk}"
    etag = bob.get(url)["ETag"]

    response = bob.patch(
        url,
        {"status": "done", "estimate": "5", "key_results": [kr.pk], "assignee": None},
        headers={"If-Match": etag},
    )

    got = ok(response)
    assert (got["status"], got["estimate"], got["version"]) == ("done", "5", 2)
    assert got["done_at"] is not None
    assert got["key_results"] == [{"id": kr.pk, "title": kr.title}]
    assert response["ETag"] == f'"{item.pk}-2"' != etag
    history = ok(bob.get(f"{url}/events"))["items"]
    # Newest first: the status changed, then the estimate.
    assert [(e["field"], e["from_value"], e["to_value"]) for e in history[:2]] == [
        ("estimate", "2", "5"),
        ("status", "new", "done"),
    ]
    assert history[-1]["field"] == "created"
    assert history[0]["actor"]["email"] == "bob@example.com"
    assert ok(bob.patch(url, {"estimate": None}))["estimate"] is None


def test_a_stale_if_match_is_412_and_changes_nothing(bob, team, world):
    item = make_item(team, title="Pay")
    url = f"{ITEMS}/{item.pk}"
    etag = bob.get(url)["ETag"]
    assert ok(bob.patch(url, {"title": "Pay by card"}, headers={"If-Match": etag}))
    before = rows(world.acme)

    stale = [
        bob.patch(url, {"title": "Pay by cash"}, headers={"If-Match": etag}),
        bob.post(f"{url}/move", {"to": "top"}, headers={"If-Match": etag}),
        bob.delete(url, headers={"If-Match": etag}),
    ]

    assert [r.status_code for r in stale] == [412, 412, 412]
    assert fields_named(stale[0]) == ["If-Match"]
    assert rows(world.acme) == before
    item.refresh_from_db()
    assert (item.title, item.version) == ("Pay by card", 2)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"estimate": -3}, "estimate"),
        ({"estimate": "7"}, "estimate"),
        ({"title": None}, "title"),
        ({"key_results": [10**6]}, "key_results"),
        ({"sprint": 10**6}, "sprint"),
    ],
)
def test_a_bad_patch_is_422_naming_the_field_and_changes_nothing(bob, team, world, body, field):
    item = make_item(team, estimate=3)
    before = rows(world.acme)

    response = bob.patch(f"{ITEMS}/{item.pk}", body)

    assert response.status_code == 422, response.content
    assert fields_named(response) == [field]
    assert rows(world.acme) == before
    item.refresh_from_db()
    assert (item.estimate, item.version) == (Decimal(3), 1)


def test_an_item_is_deleted_unless_it_was_in_a_sprint(bob, team, world):
    fresh, planned = make_items(team, 2)
    sprint = make_sprint(team)
    services.assign_items(sprint=sprint, items=[planned], by=world.alice_membership, team=team)
    services.assign_items(sprint=None, items=[planned], by=world.alice_membership, team=team)

    gone = bob.delete(f"{ITEMS}/{fresh.pk}")
    kept = bob.delete(f"{ITEMS}/{planned.pk}")

    assert gone.status_code == 204
    assert not BacklogItem.objects.filter(pk=fresh.pk).exists()
    assert bob.get(f"{ITEMS}/{fresh.pk}").status_code == 404
    assert (kept.status_code, fields_named(kept)) == (422, ["item"])
    assert BacklogItem.objects.filter(pk=planned.pk).exists()


def test_a_member_outside_the_team_gets_403_and_a_viewer_too(world, api_as, team):
    outsider = api_as(add_member(world.acme, role=Role.MEMBER))
    membership = add_member(world.acme, role=Role.MEMBER)
    viewer = api_as(membership)  # a write token, kept after the member became a viewer
    membership.role = Role.VIEWER
    membership.save()
    item = make_item(team)
    before = rows(world.acme)

    writes = [
        outsider.post(ITEMS, {"team": team.pk, "title": "Mine"}),
        outsider.post(f"{ITEMS}/{item.pk}/move", {"to": "top"}),
        viewer.post(ITEMS, {"team": team.pk, "title": "Mine"}),
        viewer.patch(f"{ITEMS}/{item.pk}", {"title": "Mine"}),
        viewer.post(f"{ITEMS}/bulk", {"team": team.pk, "items": [{"title": "Mine"}]}),
        viewer.post(
            f"{ORG}/sprints", {"team": team.pk, "starts_on": "2030-01-01", "ends_on": "2030-01-10"}
        ),
    ]

    assert [r.status_code for r in writes] == [403] * 6
    assert viewer.get(f"{ITEMS}/{item.pk}").status_code == 200
    assert viewer.get(f"{ITEMS}?team={team.pk}").status_code == 200
    assert rows(world.acme) == before


# --- The list: filters and pages --------------------------------------------------------------


def test_items_are_filtered_by_every_filter(bob, team, world, kr):
    other = make_team(world.acme, key="OPS")
    sprint = make_sprint(team)
    a = make_item(team, title="Card payments", kind="bug", key_results=[kr])
    b = make_item(team, title="Invoices", status="done", assignee=world.bob_membership)
    c = make_item(team, title="Refund by card", status="in_progress", sprint=sprint)
    make_item(other, title="Card reader")
    make_item(make_team(world.globex), title="Card of Globex")
    assert [a.key, b.key, c.key] == ["CHK-1", "CHK-2", "CHK-3"]

    assert keys(bob, f"team={team.pk}") == ["CHK-1", "CHK-2", "CHK-3"]
    assert keys(bob, "") == ["CHK-1", "CHK-2", "CHK-3", "OPS-1"]
    assert keys(bob, f"team={team.pk}&status=done") == ["CHK-2"]
    assert keys(bob, f"team={team.pk}&status=new,in_progress") == ["CHK-1", "CHK-3"]
    assert keys(bob, f"team={team.pk}&status=open") == ["CHK-1", "CHK-3"]
    assert keys(bob, f"team={team.pk}&kind=bug") == ["CHK-1"]
    assert keys(bob, f"team={team.pk}&sprint={sprint.pk}") == ["CHK-3"]
    assert keys(bob, f"team={team.pk}&sprint=none") == ["CHK-1", "CHK-2"]
    assert keys(bob, f"team={team.pk}&key_result={kr.pk}") == ["CHK-1"]
    assert keys(bob, f"team={team.pk}&key_result=none") == ["CHK-2", "CHK-3"]
    assert keys(bob, f"team={team.pk}&assignee={world.bob_membership.pk}") == ["CHK-2"]
    assert keys(bob, "q=card") == ["CHK-1", "CHK-3", "OPS-1"]
    assert keys(bob, "q=chk-3") == ["CHK-3"]
    assert keys(bob, f"q=CHK-{10**30}") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=blocked", "status"),
        ("kind=epic", "kind"),
        ("sprint=soon", "sprint"),
        (f"sprint={10**20}", "sprint"),
        ("sprint=999999", "sprint"),
        ("key_result=x", "key_result"),
        (f"team={10**20}", "team"),
        ("limit=201", "limit"),
        ("cursor=bm9wZQ", "cursor"),
    ],
)
def test_a_bad_filter_is_422_naming_it(bob, team, query, field):
    response = bob.get(f"{ITEMS}?{query}")

    assert response.status_code == 422, response.content
    assert fields_named(response) == [field]


def test_another_organizations_team_or_sprint_as_a_filter_is_422(bob, world):
    globex_team = make_team(world.globex)

    answers = [
        bob.get(f"{ITEMS}?team={globex_team.pk}"),
        bob.get(f"{ITEMS}?sprint={make_sprint(globex_team).pk}"),
    ]

    assert [(r.status_code, fields_named(r)) for r in answers] == [
        (422, ["team"]),
        (422, ["sprint"]),
    ]


def test_items_are_paged_in_backlog_order_with_a_cursor(bob, team):
    make_items(team, 7)

    seen, cursor, pages = [], "", 0
    while True:
        page = ok(bob.get(f"{ITEMS}?team={team.pk}&limit=3&cursor={cursor}"))
        seen += [item["number"] for item in page["items"]]
        pages += 1
        if page["next_cursor"] is None:
            break
        cursor = page["next_cursor"]

    assert (seen, pages) == ([1, 2, 3, 4, 5, 6, 7], 3)
    assert len(ok(bob.get(f"{ITEMS}?team={team.pk}"))["items"]) == 7
    assert ok(bob.get(f"{ITEMS}?team={team.pk}&limit=100"))["next_cursor"] is None


# --- Bulk create ------------------------------------------------------------------------------


def test_a_bulk_create_writes_every_row_in_order(bob, team, world, kr):
    make_item(team)
    rows_in = [
        {"title": "One", "estimate": 1, "key_results": [kr.pk]},
        {"title": "Two", "kind": "task", "assignee": world.bob_membership.pk},
        {"title": "Three", "key_results": [kr.pk]},
    ]

    got = created(bob.post(f"{ITEMS}/bulk", {"team": team.pk, "items": rows_in}))["items"]

    assert [(i["key"], i["title"]) for i in got] == [
        ("CHK-2", "One"),
        ("CHK-3", "Two"),
        ("CHK-4", "Three"),
    ]
    assert [i["key_results"] for i in got] == [
        [{"id": kr.pk, "title": kr.title}],
        [],
        [{"id": kr.pk, "title": kr.title}],
    ]
    assert got[1]["assignee"]["id"] == world.bob_membership.pk
    assert keys(bob, f"team={team.pk}") == ["CHK-1", "CHK-2", "CHK-3", "CHK-4"]
    top = created(
        bob.post(
            f"{ITEMS}/bulk",
            {"team": team.pk, "items": [{"title": "A"}, {"title": "B"}], "position": "top"},
        )
    )
    assert [i["key"] for i in top["items"]] == ["CHK-5", "CHK-6"]
    assert keys(bob, f"team={team.pk}")[:3] == ["CHK-5", "CHK-6", "CHK-1"]
    assert AuditEvent.objects.for_org(world.acme).latest("id").after["count"] == 2


@pytest.mark.parametrize(
    ("bad_row", "field"),
    [
        ({"title": ""}, "items.3.title"),
        ({"title": "X", "estimate": -1}, "items.3.estimate"),
        ({"title": "X", "estimate": 4}, "items.3.estimate"),
        ({"title": "X", "kind": "epic"}, "items.3.kind"),
        ({"title": "X", "key_results": [10**6]}, "items.3.key_results"),
        ({"title": "X", "assignee": 10**6}, "items.3.assignee"),
        ({"title": "X", "sprint": 10**6}, "items.3.sprint"),
    ],
)
def test_one_bad_row_refuses_the_whole_batch_naming_the_row(bob, team, world, bad_row, field):
    rows_in = [{"title": f"Row {n}"} for n in range(5)]
    rows_in[3] = bad_row
    before = rows(world.acme)

    response = bob.post(f"{ITEMS}/bulk", {"team": team.pk, "items": rows_in})

    assert response.status_code == 422, response.content
    assert fields_named(response) == [field]
    assert rows(world.acme) == before


def test_a_bulk_of_one_names_its_row_too(bob, team, world):
    response = bob.post(f"{ITEMS}/bulk", {"team": team.pk, "items": [{"title": " "}]})

    assert (response.status_code, fields_named(response)) == (422, ["items.0.title"])


def test_bulk_key_results_of_another_org_or_a_closed_cycle_are_refused(bob, team, world, kr):
    foreign = first_kr(make_objective(make_cycle(world.globex)))
    closed = closed_cycle_kr(world.acme)
    before = rows(world.acme)

    answers = [
        bob.post(
            f"{ITEMS}/bulk",
            {
                "team": team.pk,
                "items": [
                    {"title": "A", "key_results": [kr.pk]},
                    {"title": "B", "key_results": [kr.pk, bad.pk]},
                ],
            },
        )
        for bad in (foreign, closed)
    ]

    assert [(r.status_code, fields_named(r)) for r in answers] == [
        (422, ["items.1.key_results"]),
        (422, ["items.1.key_results"]),
    ]
    assert rows(world.acme) == before


def test_a_bulk_resolves_every_rows_key_results_with_one_query(bob, team, world):
    objective = make_objective(make_cycle(world.acme), key_results=3)
    krs = list(KeyResult.objects.filter(objective=objective).order_by("id"))
    rows_in = [
        {"title": f"Row {n}", "key_results": [krs[n % 3].pk, krs[(n + 1) % 3].pk]}
        for n in range(60)
    ]
    bob.get(f"{ITEMS}?limit=1")  # the token's first use is recorded once

    with CaptureQueriesContext(connection) as queries:
        response = bob.post(f"{ITEMS}/bulk", {"team": team.pk, "items": rows_in})

    assert len(created(response)["items"]) == 60
    assert BacklogItemKeyResult.objects.filter(item__team=team).count() == 120
    kr_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "okrs_keyresult"' in q["sql"]
    ]
    # One to resolve the ids, one to show the links of the created items.
    assert len(kr_reads) == 2


def test_a_bulk_holds_at_most_1000_items(bob, team, world):
    before = rows(world.acme)

    response = bob.post(f"{ITEMS}/bulk", {"team": team.pk, "items": [{"title": "x"}] * 1001})

    assert (response.status_code, fields_named(response)) == (422, ["items"])
    assert rows(world.acme) == before


def test_a_bulk_body_over_the_size_limit_is_a_json_413(bob, team, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    before = rows(world.acme)

    item = {"title": "Long", "description": "x" * 2000}
    response = bob.post(f"{ITEMS}/bulk", {"team": team.pk, "items": [item] * 600})

    assert response.status_code == 413
    assert "larger than 1 MB" in response.json()["detail"]
    assert rows(world.acme) == before


def test_a_thousand_items_with_long_descriptions_fit_in_one_bulk(bob, team, world):
    item = {"title": "Long", "description": "Acceptance: " + "x" * 3000}

    response = bob.post(f"{ITEMS}/bulk", {"team": team.pk, "items": [item] * 1000})

    assert response.status_code == 201, response.content[:300]
    assert BacklogItem.objects.filter(team=team).count() == 1000


# --- Moves ------------------------------------------------------------------------------------


def order(bob, team) -> list[int]:
    return [item["number"] for item in ok(bob.get(f"{ITEMS}?team={team.pk}&limit=100"))["items"]]


def move(bob, item, **body):
    return bob.post(f"{ITEMS}/{item.pk}/move", body)


def test_before_after_and_both_place_the_item_exactly(bob, team):
    one, two, three, four, five = make_items(team, 5)

    assert ok(move(bob, five, before=two.pk))["key"] == five.key
    assert order(bob, team) == [1, 5, 2, 3, 4]
    ok(move(bob, one, after=three.pk))
    assert order(bob, team) == [5, 2, 3, 1, 4]
    ok(move(bob, four, after=five.pk, before=two.pk))
    assert order(bob, team) == [5, 4, 2, 3, 1]
    ok(move(bob, three, to="top"))
    assert order(bob, team) == [3, 5, 4, 2, 1]
    ok(move(bob, five, to="bottom"))
    assert order(bob, team) == [3, 4, 2, 1, 5]
    ok(move(bob, two, before=three.pk, after=None))
    assert order(bob, team) == [2, 3, 4, 1, 5]


def test_a_move_writes_exactly_one_backlog_item_row(bob, team):
    items = make_items(team, 50)
    bob.get(f"{ITEMS}?limit=1")  # the token's first use is recorded once

    with CaptureQueriesContext(connection) as queries:
        response = move(bob, items[40], after=items[3].pk, before=items[4].pk)

    assert response.status_code == 200, response.content
    updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "scrum_backlogitem"')
    ]
    assert len(updates) == 1
    assert order(bob, team)[3:6] == [4, 41, 5]
    assert response.json()["version"] == 2


def test_a_move_relative_to_a_foreign_or_unknown_item_is_422_and_moves_nothing(bob, team, world):
    mine, neighbour = make_items(team, 2)
    ops_item = make_item(make_team(world.acme, key="OPS"))
    globex_item = make_item(make_team(world.globex))
    before, ranks = rows(world.acme), order(bob, team)

    answers = [
        move(bob, mine, before=ops_item.pk),
        move(bob, mine, after=ops_item.pk),
        move(bob, mine, before=globex_item.pk),
        move(bob, mine, after=10**6),
        move(bob, mine, before=mine.pk),
        move(bob, neighbour, before=mine.pk, after=mine.pk),
        move(bob, mine),
        move(bob, mine, to="middle"),
    ]

    assert [(r.status_code, fields_named(r)) for r in answers] == [
        (422, ["before"]),
        (422, ["after"]),
        (422, ["before"]),
        (422, ["after"]),
        (422, ["before"]),
        (422, ["before"]),
        (422, ["before"]),
        (422, ["to"]),
    ]
    assert (rows(world.acme), order(bob, team)) == (before, ranks)


# --- Sprints ----------------------------------------------------------------------------------


def sprint_body(team, **fields) -> dict:
    start = today() - timedelta(days=1)
    return {
        "team": team.pk,
        "goal": "Customers pay by card",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=14)).isoformat(),
        **fields,
    }


def test_a_sprint_is_planned_with_goal_key_results(bob, team, world, kr):
    response = bob.post(
        f"{ORG}/sprints", sprint_body(team, capacity="20.5", goal_key_results=[kr.pk])
    )

    sprint = created(response)
    assert response["ETag"] == f'"{sprint["id"]}-1"'
    assert {k: sprint[k] for k in ("team", "number", "name", "state", "capacity", "version")} == {
        "team": team.pk,
        "number": 1,
        "name": "Sprint 1",
        "state": "planned",
        "capacity": "20.5",
        "version": 1,
    }
    assert sprint["goal_key_results"] == [{"id": kr.pk, "title": kr.title}]
    assert [
        sprint[k] for k in ("committed_points", "committed_items", "done_points", "done_items")
    ] == [None] * 4
    assert ok(bob.get(f"{ORG}/sprints/{sprint['id']}")) == sprint


@pytest.mark.parametrize(
    ("days", "field"),
    [(29, "ends_on"), (0, "ends_on"), (-3, "ends_on")],
)
def test_a_sprint_of_more_than_4_weeks_or_ending_before_it_starts_is_422(
    bob, team, world, days, field
):
    start = today()
    before = rows(world.acme)

    response = bob.post(
        f"{ORG}/sprints",
        sprint_body(
            team, starts_on=start.isoformat(), ends_on=(start + timedelta(days=days)).isoformat()
        ),
    )

    assert (response.status_code, fields_named(response)) == (422, [field])
    assert rows(world.acme) == before


def test_a_sprint_serving_a_foreign_or_closed_key_result_is_422(bob, team, world):
    foreign = first_kr(make_objective(make_cycle(world.globex)))
    closed = closed_cycle_kr(world.acme)
    before = rows(world.acme)

    answers = [
        bob.post(f"{ORG}/sprints", sprint_body(team, goal_key_results=[k.pk]))
        for k in (foreign, closed)
    ]

    assert [(r.status_code, fields_named(r)) for r in answers] == [(422, ["goal_key_results"])] * 2
    assert rows(world.acme) == before


def test_starting_freezes_the_scope_and_later_additions_are_scope_changes(bob, team, world):
    a, b, c = make_items(team, 3, estimate=3)
    services.update_item(item=b, by=world.alice_membership, estimate=5)
    sprint = created(bob.post(f"{ORG}/sprints", sprint_body(team)))
    url = f"{ORG}/sprints/{sprint['id']}"
    ok(bob.post(f"{url}/items", {"add": [a.pk, b.pk]}))
    assert keys(bob, f"sprint={sprint['id']}") == [a.key, b.key]

    started = ok(bob.post(f"{url}/start"))
    later = ok(bob.post(f"{url}/items", {"add": [c.pk], "remove": [a.pk]}))
    changes = ok(bob.get(f"{url}/scope-changes"))

    assert (started["state"], started["committed_points"], started["committed_items"]) == (
        "active",
        "8",
        2,
    )
    assert started["started_at"] is not None
    assert (later["committed_points"], later["committed_items"]) == ("8", 2)
    assert [(ch["item"], ch["key"], ch["added"]) for ch in changes["items"]] == [
        (c.pk, c.key, True),
        (a.pk, a.key, False),
    ]
    assert changes["items"][0]["actor"]["email"] == "bob@example.com"
    assert keys(bob, f"sprint={sprint['id']}") == [b.key, c.key]


def test_a_second_active_sprint_is_422_naming_the_state(bob, team, world):
    started_sprint(team)
    planned = created(bob.post(f"{ORG}/sprints", sprint_body(team)))
    before = rows(world.acme)

    response = bob.post(f"{ORG}/sprints/{planned['id']}/start")

    assert (response.status_code, fields_named(response)) == (422, ["state"])
    assert rows(world.acme) == before
    assert ok(bob.get(f"{ORG}/sprints/{planned['id']}"))["state"] == "planned"


def test_closing_records_done_points_and_sends_unfinished_items_where_chosen(bob, team, world):
    done, stays, goes_back, next_one = make_items(team, 4, estimate=2)
    sprint = started_sprint(team, [done, stays, goes_back])
    services.update_item(item=done, by=world.alice_membership, status="done")
    nxt = make_sprint(team, name="Next")
    make_sprint_of_other_team = make_sprint(make_team(world.acme, key="OPS"))
    url = f"{ORG}/sprints/{sprint.pk}"
    before = rows(world.acme)

    refused = [
        bob.post(f"{url}/close", {"unfinished_to": 10**6}),
        bob.post(f"{url}/close", {"moves": [{"item": goes_back.pk, "to": 10**6}]}),
        bob.post(f"{url}/close", {"unfinished_to": make_sprint_of_other_team.pk}),
        bob.post(f"{url}/close", {"moves": [{"item": next_one.pk, "to": "backlog"}]}),
    ]
    assert [(r.status_code, fields_named(r)) for r in refused] == [
        (422, ["unfinished_to"]),
        (422, ["moves.0.to"]),
        (422, ["unfinished_to"]),
        (422, ["moves"]),
    ]
    assert rows(world.acme) == before

    closed = ok(
        bob.post(
            f"{url}/close",
            {"unfinished_to": nxt.pk, "moves": [{"item": goes_back.pk, "to": "backlog"}]},
        )
    )

    assert (closed["state"], closed["done_points"], closed["done_items"]) == ("closed", "2", 1)
    assert closed["committed_points"] == "6"
    assert closed["closed_at"] is not None
    assert keys(bob, f"sprint={sprint.pk}") == [done.key]
    assert keys(bob, f"sprint={nxt.pk}") == [stays.key]
    assert keys(bob, f"team={team.pk}&sprint=none") == [goes_back.key, next_one.key]
    assert ok(bob.get(f"{url}/scope-changes"))["items"] == []
    again = bob.post(f"{url}/close")
    assert (again.status_code, fields_named(again)) == (422, ["state"])


def test_a_sprint_is_patched_with_if_match_and_a_stale_one_is_412(bob, team, world, kr):
    sprint = make_sprint(team)
    url = f"{ORG}/sprints/{sprint.pk}"
    etag = bob.get(url)["ETag"]

    fresh = bob.patch(
        url, {"goal": "Ship refunds", "goal_key_results": [kr.pk]}, headers={"If-Match": etag}
    )
    before = rows(world.acme)
    stale = bob.patch(url, {"goal": "Something else"}, headers={"If-Match": etag})
    too_long = bob.patch(url, {"ends_on": (sprint.starts_on + timedelta(days=30)).isoformat()})

    assert ok(fresh)["goal"] == "Ship refunds"
    assert fresh.json()["goal_key_results"] == [{"id": kr.pk, "title": kr.title}]
    assert fresh["ETag"] != etag
    assert stale.status_code == 412
    assert (too_long.status_code, fields_named(too_long)) == (422, ["ends_on"])
    assert rows(world.acme) == before


def test_sprint_items_are_checked_before_anything_moves(bob, team, world):
    sprint = make_sprint(team)
    other_sprint = make_sprint(team)
    mine, elsewhere = make_items(team, 2)
    services.assign_items(
        sprint=other_sprint, items=[elsewhere], by=world.alice_membership, team=team
    )
    ops_item = make_item(make_team(world.acme, key="OPS"))
    url = f"{ORG}/sprints/{sprint.pk}/items"
    before = rows(world.acme)

    answers = [
        bob.post(url, {"add": [mine.pk, ops_item.pk]}),
        bob.post(url, {"add": [10**6]}),
        bob.post(url, {"remove": [elsewhere.pk]}),
        bob.post(url, {"add": [mine.pk], "remove": [mine.pk]}),
    ]

    assert [(r.status_code, fields_named(r)) for r in answers] == [
        (422, ["add"]),
        (422, ["add"]),
        (422, ["remove"]),
        (422, ["remove"]),
    ]
    assert rows(world.acme) == before


def test_sprints_are_listed_latest_first_by_team_and_state(bob, team, world):
    first = started_sprint(team)
    second = make_sprint(team)
    make_sprint(make_team(world.acme, key="OPS"))

    def ids(query: str) -> list[int]:
        return [s["id"] for s in ok(bob.get(f"{ORG}/sprints?{query}"))["items"]]

    assert ids(f"team={team.pk}") == [second.pk, first.pk]
    assert ids(f"team={team.pk}&state=active") == [first.pk]
    assert ids(f"team={team.pk}&state=planned") == [second.pk]
    assert len(ids("")) == 3
    assert bob.get(f"{ORG}/sprints?state=running").status_code == 422


# --- Product goals, Definition of Done, estimate scale ----------------------------------------


def test_a_product_goal_is_created_listed_and_achieved(bob, team, world):
    objective = make_objective(make_cycle(world.acme), team=team)
    goal = created(
        bob.post(
            f"{ORG}/product-goals",
            {"team": team.pk, "title": "Checkout in one click", "objective": objective.pk},
        )
    )
    other = make_team(world.acme, key="OPS")
    services.create_product_goal(team=other, by=world.alice_membership, title="Calm nights")
    url = f"{ORG}/product-goals/{goal['id']}"

    assert (goal["team"], goal["objective"], goal["status"]) == (team.pk, objective.pk, "active")
    assert [g["id"] for g in ok(bob.get(f"{ORG}/product-goals?team={team.pk}"))["items"]] == [
        goal["id"]
    ]
    assert len(ok(bob.get(f"{ORG}/product-goals"))["items"]) == 2
    etag = bob.get(url)["ETag"]
    achieved = bob.patch(url, {"status": "achieved"}, headers={"If-Match": etag})
    assert ok(achieved)["status"] == "achieved"
    assert bob.patch(url, {"title": "Late"}, headers={"If-Match": etag}).status_code == 412
    assert (
        created(bob.post(f"{ORG}/product-goals", {"team": team.pk, "title": "Next goal"}))["status"]
        == "active"
    )


def test_a_second_active_product_goal_or_a_foreign_objective_is_422(bob, team, world):
    created(bob.post(f"{ORG}/product-goals", {"team": team.pk, "title": "First"}))
    foreign = make_objective(make_cycle(world.globex))
    before = rows(world.acme)

    second = bob.post(f"{ORG}/product-goals", {"team": team.pk, "title": "Second"})
    bad_link = bob.post(
        f"{ORG}/product-goals", {"team": team.pk, "title": "X", "objective": foreign.pk}
    )

    assert (second.status_code, fields_named(second)) == (422, ["status"])
    assert (bad_link.status_code, fields_named(bad_link)) == (422, ["objective"])
    assert rows(world.acme) == before


def test_the_definition_of_done_is_versioned(bob, team, world):
    url = f"{ORG}/teams/{team.pk}/definition-of-done"

    empty = ok(bob.get(url))
    first = ok(bob.request("PUT", url, json={"checklist": ["Reviewed", "  Tested  "]}))
    same = ok(bob.request("PUT", url, json={"checklist": ["Reviewed", "Tested"]}))
    second = ok(bob.request("PUT", url, json={"checklist": ["Reviewed", "Tested", "Documented"]}))
    refused = bob.request("PUT", url, json={"checklist": ["  "]})

    assert (empty["version"], empty["checklist"]) == (None, [])
    assert (first["version"], first["checklist"]) == (1, ["Reviewed", "Tested"])
    assert first["author"]["email"] == "bob@example.com"
    assert same["version"] == 1
    assert second["version"] == 2
    assert ok(bob.get(url)) == second
    assert (refused.status_code, fields_named(refused)) == (422, ["checklist"])
    assert DefinitionOfDone.objects.filter(team=team).count() == 2


def test_the_estimate_scale_decides_which_estimates_are_accepted(bob, team, world):
    url = f"{ORG}/teams/{team.pk}/backlog-settings"

    default = ok(bob.get(url))
    custom = ok(
        bob.request("PUT", url, json={"estimate_scale": "custom", "custom_points": [2, "0.5", 1]})
    )
    bad = bob.request("PUT", url, json={"estimate_scale": "custom", "custom_points": [-1]})

    assert (default["estimate_scale"], default["points"]) == (
        "fibonacci",
        ["0", "1", "2", "3", "5", "8", "13", "21"],
    )
    assert (custom["custom_points"], custom["points"]) == (["0.5", "1", "2"], ["0.5", "1", "2"])
    assert (bad.status_code, fields_named(bad)) == (422, ["custom_points"])
    assert ok(bob.get(url)) == custom
    assert (
        created(bob.post(ITEMS, {"team": team.pk, "title": "Small", "estimate": 0.5}))["estimate"]
        == "0.5"
    )
    three = bob.post(ITEMS, {"team": team.pk, "title": "Fib", "estimate": 3})
    assert (three.status_code, fields_named(three)) == (422, ["estimate"])


# --- Speed: the cost of a page does not grow with the backlog ---------------------------------


def fill(team, count: int, kr, assignee) -> None:
    """`count` items linked to a key result and assigned: what a page would fetch one by one."""
    specs = [
        ItemSpec(title=f"Item {n}", estimate=2, assignee=assignee, key_results=[kr])
        for n in range(count)
    ]
    for start in range(0, count, 1000):
        services.create_items(team=team, by=assignee, specs=specs[start : start + 1000])


def test_the_items_list_costs_the_same_queries_for_20_items_as_for_2000(bob, world, kr):
    small, big = make_team(world.acme, key="SML"), make_team(world.acme, key="BIG")
    for t in (small, big):
        teams.add_team_member(
            team=t,
            by=world.alice_membership,
            membership=world.bob_membership,
            accountability="developer",
        )
    fill(small, 20, kr, world.bob_membership)
    fill(big, 2000, kr, world.bob_membership)
    bob.get(f"{ITEMS}?limit=1")  # the token's first use is recorded once

    def deep_cursor(team, skip: int) -> str:
        """The cursor after the first `skip` items, followed page by page as a client would."""
        cursor, size = "", min(skip, 200)
        for _ in range(skip // size):
            cursor = ok(bob.get(f"{ITEMS}?team={team.pk}&limit={size}&cursor={cursor}"))
            cursor = cursor["next_cursor"]
        return cursor

    def measure(team, cursor: str = "") -> tuple[int, list[int]]:
        # The backlog's page of 100: the small team's pages hold fewer rows than the big team's.
        with CaptureQueriesContext(connection) as queries:
            page = ok(bob.get(f"{ITEMS}?team={team.pk}&status=open&limit=100&cursor={cursor}"))
        assert all(item["key_results"] and item["assignee"] for item in page["items"])
        return len(queries), [item["number"] for item in page["items"]]

    small_first, small_numbers = measure(small)
    big_first, big_numbers = measure(big)
    small_deep, small_deep_numbers = measure(small, deep_cursor(small, 10))
    big_deep, big_deep_numbers = measure(big, deep_cursor(big, 1800))

    assert small_numbers == list(range(1, 21))
    assert big_numbers == list(range(1, 101))
    assert small_deep_numbers == list(range(11, 21))
    assert big_deep_numbers == list(range(1801, 1901))
    assert small_first == big_first == small_deep == big_deep
