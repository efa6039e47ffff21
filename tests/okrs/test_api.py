"""The OKR API: goals, cycles, objectives, key results and check-ins, as a script would use it."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs.models import CheckIn, Cycle, Goal, KeyResult, Objective
from okrum.teams import services as teams
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.tenancy import add_member
from tests.routes import signed_in

ORG = "/orgs/acme"


def fields_named(response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def last_event(org) -> AuditEvent:
    return AuditEvent.objects.for_org(org).latest("id")


def rows(org) -> dict[str, int]:
    """What a refused write must leave alone."""
    return {
        "objectives": Objective.objects.for_org(org).count(),
        "key_results": KeyResult.objects.for_org(org).count(),
        "check_ins": CheckIn.objects.for_org(org).count(),
        "audit": AuditEvent.objects.for_org(org).count(),
    }


def created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def new_objective(api, cycle, **fields) -> dict:
    return created(api.post(f"{ORG}/objectives", {"cycle": cycle.pk, "title": "Grow", **fields}))


def kr_body(**fields) -> dict:
    return {"title": "Weekly active users", "kind": "increase_to", **fields}


@pytest.fixture
def alice(world, api_as):
    return api_as(world.alice_membership)


@pytest.fixture
def bob(world, api_as):
    return api_as(world.bob_membership)


@pytest.fixture
def cycle(world):
    """Active, started 45 of 90 days ago: the expected progress today is exactly 0.5."""
    return make_cycle(world.acme)


# --- Every kind of key result, checked in through the API (DESIGN §3) ------------------------

# kind → its definition, then (value checked in, progress, status) after each check-in.
SEQUENCES = {
    "increase_to": (
        {"start_value": 0, "target_value": 100},
        [
            (20, "0.2", "off_track"),
            (30, "0.3", "at_risk"),
            (45, "0.45", "on_track"),
            (120, "1", "achieved"),
            (-10, "0", "off_track"),
        ],
    ),
    "decrease_to": (
        {"start_value": "200", "target_value": "100"},
        [
            (180, "0.2", "off_track"),
            (150, "0.5", "on_track"),
            (170, "0.3", "at_risk"),
            (90, "1", "achieved"),
            (250, "0", "off_track"),
        ],
    ),
    "stay_above": (
        {"target_value": "99.5"},
        [
            ("99.9", "1", "achieved"),
            (99, "0.5", "on_track"),
            (98, "0.3333", "at_risk"),
            ("99.5", "0.5", "on_track"),
        ],
    ),
    "stay_below": (
        {"target_value": 2},
        [(1, "1", "achieved"), (3, "0.5", "on_track"), (5, "0.3333", "at_risk")],
    ),
    "stay_within": (
        {"low_value": 10, "high_value": 20},
        [
            (15, "1", "achieved"),
            (25, "0.5", "on_track"),
            (5, "0.3333", "at_risk"),
            (10, "0.5", "on_track"),
            (20, "0.6", "on_track"),
            (21, "0.5", "on_track"),
            (9, "0.4286", "on_track"),
            (0, "0.375", "at_risk"),
        ],
    ),
    "milestone": ({}, [(0, "0", "off_track"), (1, "1", "achieved")]),
    # No start: the first check-in's value becomes it.
    "baseline": (
        {"kind": "increase_to", "target_value": 100},
        [(40, "0", "off_track"), (70, "0.5", "on_track"), (100, "1", "achieved")],
    ),
}


@pytest.mark.parametrize("name", SEQUENCES)
def test_check_ins_of_each_kind_give_the_progress_and_status_of_design(alice, cycle, name):
    definition, steps = SEQUENCES[name]
    body = kr_body(**{"kind": name, **definition})
    objective = new_objective(alice, cycle, key_results=[body])
    kr = objective["key_results"][0]
    assert (kr["progress"], kr["status"], kr["current_value"]) == ("0", "no_data", None)
    assert kr["expected_progress"] == "0.5"
    assert objective["progress_status"] == "no_data"

    for count, (value, progress, status) in enumerate(steps, start=1):
        response = alice.post(
            f"{ORG}/key-results/{kr['id']}/check-ins", {"value": value, "confidence": 7}
        )
        assert response.status_code == 201, response.content

        got = alice.get(f"{ORG}/key-results/{kr['id']}").json()
        assert (got["progress"], got["status"]) == (progress, status), f"after {value}"
        assert Decimal(got["current_value"]) == Decimal(str(value))
        assert got["check_in_count"] == count
        assert got["confidence"] == 7
        whole = alice.get(f"{ORG}/objectives/{objective['id']}").json()
        assert (whole["progress"], whole["progress_status"]) == (progress, status)


def test_a_baseline_key_result_takes_its_first_check_in_as_start(alice, cycle):
    objective = new_objective(
        alice, cycle, key_results=[kr_body(kind="decrease_to", target_value=10)]
    )
    kr = objective["key_results"][0]
    assert kr["start_value"] is None

    alice.post(f"{ORG}/key-results/{kr['id']}/check-ins", {"value": 50, "confidence": 5})
    alice.post(f"{ORG}/key-results/{kr['id']}/check-ins", {"value": 30, "confidence": 5})

    got = alice.get(f"{ORG}/key-results/{kr['id']}").json()
    assert (got["start_value"], got["current_value"], got["progress"]) == ("50", "30", "0.5")


def test_a_milestone_is_done_or_not(alice, cycle, world):
    objective = new_objective(alice, cycle, key_results=[kr_body(kind="milestone")])
    kr = objective["key_results"][0]
    before = rows(world.acme)

    response = alice.post(f"{ORG}/key-results/{kr['id']}/check-ins", {"value": 2, "confidence": 5})

    assert response.status_code == 422
    assert fields_named(response) == ["value"]
    assert rows(world.acme) == before


def test_the_objective_is_the_weighted_mean_of_its_key_results(alice, cycle):
    objective = new_objective(
        alice,
        cycle,
        key_results=[
            kr_body(start_value=0, target_value=100, weight=1),
            kr_body(start_value=0, target_value=100, weight="3"),
            kr_body(kind="milestone", weight=0),
        ],
    )
    one, three, zero = (kr["id"] for kr in objective["key_results"])

    alice.post(f"{ORG}/key-results/{one}/check-ins", {"value": 100, "confidence": 9})
    alice.post(f"{ORG}/key-results/{three}/check-ins", {"value": 20, "confidence": 4})
    alice.post(f"{ORG}/key-results/{zero}/check-ins", {"value": 1, "confidence": 10})

    got = alice.get(f"{ORG}/objectives/{objective['id']}").json()
    # (1*1 + 0.2*3 + 1*0) / 4: the weight-0 key result counts for nothing.
    assert (got["progress"], got["progress_status"]) == ("0.4", "on_track")
    assert [kr["weight"] for kr in got["key_results"]] == ["1", "3", "0"]


def test_children_roll_up_into_their_parent_and_both_mixes_them(alice, cycle):
    parent = new_objective(alice, cycle, roll_up="children")
    both = new_objective(
        alice, cycle, roll_up="both", key_results=[kr_body(start_value=0, target_value=10)]
    )
    first = new_objective(
        alice, cycle, parent=parent["id"], key_results=[kr_body(start_value=0, target_value=10)]
    )
    second = new_objective(
        alice, cycle, parent=parent["id"], key_results=[kr_body(start_value=0, target_value=10)]
    )
    alice.patch(f"{ORG}/objectives/{both['id']}", {"parent": parent["id"]})
    assert alice.get(f"{ORG}/objectives/{first['id']}").json()["parent"] == parent["id"]

    for objective, value in ((first, 4), (second, 10), (both, 6)):
        kr = objective["key_results"][0]["id"]
        alice.post(f"{ORG}/key-results/{kr}/check-ins", {"value": value, "confidence": 5})

    # `both`: its key result (0.6, weight 1) with no children of its own → 0.6.
    assert alice.get(f"{ORG}/objectives/{both['id']}").json()["progress"] == "0.6"
    # The parent: children 0.4, 1 and 0.6, each counting once.
    got = alice.get(f"{ORG}/objectives/{parent['id']}").json()
    assert (got["progress"], got["progress_status"]) == ("0.6667", "on_track")


# --- Decimals in and out ----------------------------------------------------------------------


def test_decimals_come_in_as_numbers_or_strings_and_go_out_as_exact_strings(alice, cycle):
    objective = new_objective(
        alice, cycle, key_results=[kr_body(start_value=0.5, target_value="12.25", unit="%")]
    )
    kr = objective["key_results"][0]
    assert (kr["start_value"], kr["target_value"], kr["unit"]) == ("0.5", "12.25", "%")

    response = alice.post(
        f"{ORG}/key-results/{kr['id']}/check-ins", {"value": "6.375", "confidence": 6}
    )

    assert response.json()["value"] == "6.375"
    assert alice.get(f"{ORG}/key-results/{kr['id']}").json()["progress"] == "0.5"


# --- Bad input is 422 naming the field, and changes nothing -----------------------------------


@pytest.mark.parametrize(
    ("key_result", "field"),
    [
        ({"start_value": 10, "target_value": 10}, "key_results.0.target_value"),
        ({"start_value": 10, "target_value": 5}, "key_results.0.target_value"),
        (
            {"kind": "decrease_to", "start_value": 5, "target_value": 10},
            "key_results.0.target_value",
        ),
        ({"kind": "stay_within", "low_value": 5, "high_value": 3}, "key_results.0.low_value"),
        ({"kind": "stay_within", "low_value": 5}, "key_results.0.high_value"),
        ({"kind": "stay_above"}, "key_results.0.target_value"),
        ({"kind": "sideways", "target_value": 1}, "key_results.0.kind"),
        ({"target_value": "lots"}, "key_results.0.target_value"),
        ({"target_value": 10, "weight": -1}, "key_results.0.weight"),
        ({"target_value": 10, "weight": 10_000}, "key_results.0.weight"),
        ({"target_value": 10, "weight": "0.125"}, "key_results.0.weight"),
        ({"target_value": 10, "title": "  "}, "key_results.0.title"),
    ],
)
def test_an_invalid_key_result_refuses_the_whole_objective(alice, cycle, world, key_result, field):
    before = rows(world.acme)

    response = alice.post(
        f"{ORG}/objectives",
        {"cycle": cycle.pk, "title": "Grow", "key_results": [kr_body(**key_result)]},
    )

    assert response.status_code == 422, response.content
    assert field in fields_named(response)
    assert rows(world.acme) == before


def test_all_weights_zero_is_422_naming_the_weight(alice, cycle, world):
    before = rows(world.acme)

    response = alice.post(
        f"{ORG}/objectives",
        {
            "cycle": cycle.pk,
            "title": "Grow",
            "key_results": [kr_body(target_value=1, weight=0), kr_body(target_value=1, weight=0)],
        },
    )

    assert response.status_code == 422
    assert fields_named(response) == ["weight"]
    assert rows(world.acme) == before


def test_zeroing_the_last_weight_of_an_objective_is_422(alice, cycle, world):
    kr = first_kr(make_objective(cycle))
    before = rows(world.acme)

    response = alice.patch(f"{ORG}/key-results/{kr.pk}", {"weight": 0})

    assert response.status_code == 422
    assert fields_named(response) == ["weight"]
    assert rows(world.acme) == before
    kr.refresh_from_db()
    assert kr.weight == 1


def test_a_stay_within_key_result_with_low_above_high_is_422(alice, cycle, world):
    objective = make_objective(cycle)
    before = rows(world.acme)

    response = alice.post(
        f"{ORG}/key-results",
        {**kr_body(kind="stay_within", low_value=9, high_value=3), "objective": objective.pk},
    )

    assert response.status_code == 422
    assert fields_named(response) == ["low_value"]
    assert rows(world.acme) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": 5, "confidence": 11}, "confidence"),
        ({"value": 5, "confidence": -1}, "confidence"),
        ({"value": "five", "confidence": 5}, "value"),
        ({"value": "NaN", "confidence": 5}, "value"),
        ({"value": 1e20, "confidence": 5}, "value"),
        ({"confidence": 5}, "value"),
        ({"value": 5}, "confidence"),
    ],
)
def test_a_bad_check_in_is_422_naming_the_field(alice, cycle, world, body, field):
    kr = first_kr(make_objective(cycle))
    before = rows(world.acme)

    response = alice.post(f"{ORG}/key-results/{kr.pk}/check-ins", body)

    assert response.status_code == 422, response.content
    assert fields_named(response) == [field]
    assert response.json()["detail"]
    assert rows(world.acme) == before
    kr.refresh_from_db()
    assert (kr.check_in_count, kr.current_value) == (0, None)


def test_a_parent_in_another_cycle_is_422(alice, cycle, world):
    elsewhere = make_objective(make_cycle(world.acme))
    mine = make_objective(cycle)
    before = rows(world.acme)

    created_response = alice.post(
        f"{ORG}/objectives", {"cycle": cycle.pk, "title": "Grow", "parent": elsewhere.pk}
    )
    patched = alice.patch(f"{ORG}/objectives/{mine.pk}", {"parent": elsewhere.pk})

    for response in (created_response, patched):
        assert response.status_code == 422
        assert fields_named(response) == ["parent"]
        assert "same cycle" in response.json()["detail"]
    assert rows(world.acme) == before
    mine.refresh_from_db()
    assert mine.parent_id is None


def test_a_parent_loop_is_422(alice, cycle, world):
    top = make_objective(cycle)
    middle = make_objective(cycle, parent=top)
    bottom = make_objective(cycle, parent=middle)
    before = rows(world.acme)

    for objective, parent in ((top, bottom), (top, top)):
        response = alice.patch(f"{ORG}/objectives/{objective.pk}", {"parent": parent.pk})
        assert response.status_code == 422
        assert fields_named(response) == ["parent"]
        assert "loop" in response.json()["detail"]
    assert rows(world.acme) == before
    top.refresh_from_db()
    assert top.parent_id is None


def test_null_for_a_field_that_cannot_be_empty_is_422(alice, cycle):
    objective = make_objective(cycle)

    response = alice.patch(f"{ORG}/objectives/{objective.pk}", {"title": None})

    assert response.status_code == 422
    assert fields_named(response) == ["title"]


@pytest.mark.parametrize("field", ["team", "goal", "parent", "owner", "supports", "cycle"])
def test_another_organizations_id_in_an_objective_is_422_naming_the_field(
    alice, cycle, world, field
):
    theirs_cycle = make_cycle(world.globex)
    theirs = {
        "team": make_team(world.globex).pk,
        "goal": Goal.objects.create(organization=world.globex, kind="vision", title="V").pk,
        "parent": make_objective(theirs_cycle).pk,
        "owner": world.charlie_membership.pk,
        "supports": [make_objective(theirs_cycle).pk],
        "cycle": theirs_cycle.pk,
    }[field]
    before = rows(world.acme)

    response = alice.post(f"{ORG}/objectives", {"cycle": cycle.pk, "title": "G", field: theirs})

    assert response.status_code == 422, response.content
    assert fields_named(response) == [field]
    assert "No such" in response.json()["detail"]
    assert rows(world.acme) == before


def test_another_organizations_ids_for_key_results_are_422(alice, cycle, world):
    theirs = make_objective(make_cycle(world.globex))
    mine = make_objective(cycle)
    kr = first_kr(mine)
    before = rows(world.acme)

    into_theirs = alice.post(
        f"{ORG}/key-results", {**kr_body(target_value=5), "objective": theirs.pk}
    )
    owned_by_charlie = alice.patch(
        f"{ORG}/key-results/{kr.pk}", {"owner": world.charlie_membership.pk}
    )
    nested = alice.post(
        f"{ORG}/objectives",
        {
            "cycle": cycle.pk,
            "title": "G",
            "key_results": [kr_body(target_value=5, owner=world.charlie_membership.pk)],
        },
    )

    assert (into_theirs.status_code, fields_named(into_theirs)) == (422, ["objective"])
    assert (owned_by_charlie.status_code, fields_named(owned_by_charlie)) == (422, ["owner"])
    assert (nested.status_code, fields_named(nested)) == (422, ["key_results.0.owner"])
    assert rows(world.acme) == before


# --- The cycle decides what may change --------------------------------------------------------


def test_a_check_in_on_a_closed_cycle_is_409_with_a_reason(alice, cycle, world):
    kr = first_kr(make_objective(cycle))
    for state in ("review", "closed"):
        response = alice.post(f"{ORG}/cycles/{cycle.pk}/transition", {"state": state})
        assert response.status_code == 200, response.content
    before = rows(world.acme)

    response = alice.post(f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 5, "confidence": 5})

    assert response.status_code == 409
    assert "is closed" in response.json()["detail"]
    assert rows(world.acme) == before


def test_a_check_in_during_planning_is_409(alice, world):
    kr = first_kr(make_objective(make_cycle(world.acme, state="planning")))
    before = rows(world.acme)

    response = alice.post(f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 5, "confidence": 5})

    assert response.status_code == 409
    assert "has not started" in response.json()["detail"]
    assert rows(world.acme) == before


def test_a_check_in_during_review_is_accepted(alice, cycle):
    kr = first_kr(make_objective(cycle))
    alice.post(f"{ORG}/cycles/{cycle.pk}/transition", {"state": "review"})

    response = alice.post(f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 5, "confidence": 5})

    assert response.status_code == 201


def test_moving_a_target_in_an_active_cycle_needs_a_reason(alice, cycle, world):
    kr = first_kr(make_objective(cycle))
    before = rows(world.acme)

    refused = alice.patch(f"{ORG}/key-results/{kr.pk}", {"target_value": 150})

    assert refused.status_code == 422
    assert fields_named(refused) == ["reason"]
    assert rows(world.acme) == before

    accepted = alice.patch(
        f"{ORG}/key-results/{kr.pk}", {"target_value": 150, "reason": "The market grew."}
    )

    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["target_value"] == "150"
    event = last_event(world.acme)
    assert event.action == "key_result.updated"
    assert (event.before["target_value"], event.after["target_value"]) == ("100.0000", "150.0000")
    assert event.after["reason"] == "The market grew."


def test_a_target_moves_freely_during_planning(alice, world):
    kr = first_kr(make_objective(make_cycle(world.acme, state="planning")))

    response = alice.patch(f"{ORG}/key-results/{kr.pk}", {"target_value": 150, "title": "More"})

    assert response.status_code == 200
    assert (response.json()["target_value"], response.json()["title"]) == ("150", "More")


def test_a_closed_cycle_is_read_only(alice, cycle, world):
    objective = make_objective(cycle)
    Cycle.objects.filter(pk=cycle.pk).update(state="closed")
    before = rows(world.acme)

    renamed = alice.patch(f"{ORG}/objectives/{objective.pk}", {"title": "Renamed"})
    added = alice.post(f"{ORG}/key-results", {**kr_body(target_value=3), "objective": objective.pk})

    assert (renamed.status_code, added.status_code) == (409, 409)
    assert "read-only" in renamed.json()["detail"]
    assert rows(world.acme) == before


# --- Cycles and goals -------------------------------------------------------------------------


def test_an_admin_plans_runs_and_closes_a_cycle(alice, world):
    body = {"name": "Q1", "starts_on": "2027-01-01", "ends_on": "2027-03-31", "cadence": "biweekly"}
    cycle = created(alice.post(f"{ORG}/cycles", body))
    assert (cycle["state"], cycle["cadence"]) == ("planning", "biweekly")

    skipped = alice.post(f"{ORG}/cycles/{cycle['id']}/transition", {"state": "closed"})
    assert skipped.status_code == 409
    assert "cannot move to closed" in skipped.json()["detail"]

    new_objective(alice, Cycle.objects.get(pk=cycle["id"]), status="published")
    for state in ("active", "review", "closed"):
        response = alice.post(f"{ORG}/cycles/{cycle['id']}/transition", {"state": state})
        assert response.json()["state"] == state
    assert last_event(world.acme).action == "cycle.state_changed"

    renamed = alice.patch(f"{ORG}/cycles/{cycle['id']}", {"name": "Q1 done"})
    assert renamed.status_code == 409


def test_cycle_dates_must_not_be_reversed(alice, world):
    body = {"name": "Q1", "starts_on": "2027-03-31", "ends_on": "2027-01-01"}

    response = alice.post(f"{ORG}/cycles", body)

    assert response.status_code == 422
    assert fields_named(response) == ["ends_on"]
    assert not Cycle.objects.for_org(world.acme).exists()


def test_a_cycle_is_renamed_and_listed(alice, cycle):
    response = alice.patch(f"{ORG}/cycles/{cycle.pk}", {"name": "Q3 2026", "planning_notes": "x"})

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["planning_notes"]) == ("Q3 2026", "x")
    assert [c["id"] for c in alice.get(f"{ORG}/cycles").json()["items"]] == [cycle.pk]
    assert alice.get(f"{ORG}/cycles/{cycle.pk}").json()["name"] == "Q3 2026"


def test_a_member_may_not_manage_cycles_or_goals(bob, cycle, world):
    before = rows(world.acme)

    moved = bob.post(f"{ORG}/cycles/{cycle.pk}/transition", {"state": "review"})
    goal = bob.post(f"{ORG}/goals", {"kind": "vision", "title": "Best store"})

    assert (moved.status_code, goal.status_code) == (403, 403)
    assert rows(world.acme) == before


def test_a_focus_goal_sits_under_a_vision(alice, world):
    vision = created(alice.post(f"{ORG}/goals", {"kind": "vision", "title": "Best store"}))
    focus = created(
        alice.post(f"{ORG}/goals", {"kind": "focus", "title": "Checkout", "parent": vision["id"]})
    )
    theirs = Goal.objects.create(organization=world.globex, kind="vision", title="Theirs")

    foreign = alice.patch(f"{ORG}/goals/{focus['id']}", {"parent": theirs.pk})
    renamed = alice.patch(f"{ORG}/goals/{focus['id']}", {"title": "Faster checkout"})

    assert focus["parent"] == vision["id"]
    assert (foreign.status_code, fields_named(foreign)) == (422, ["parent"])
    assert renamed.json() | {"created_at": None} == {
        "id": focus["id"],
        "kind": "focus",
        "title": "Faster checkout",
        "description": "",
        "parent": vision["id"],
        "created_at": None,
    }
    assert len(alice.get(f"{ORG}/goals").json()["items"]) == 2
    assert alice.get(f"{ORG}/goals/{vision['id']}").json()["title"] == "Best store"


# --- Objectives -------------------------------------------------------------------------------


def test_an_objective_and_its_key_results_are_created_in_one_call(alice, cycle, world):
    team = make_team(world.acme)
    goal = Goal.objects.create(organization=world.acme, kind="focus", title="Checkout")
    company = make_objective(cycle)
    helped = make_objective(cycle, team=make_team(world.acme))

    body = new_objective(
        alice,
        cycle,
        title="Faster checkout",
        description="Fewer steps",
        team=team.pk,
        goal=goal.pk,
        parent=company.pk,
        supports=[helped.pk],
        kind="aspirational",
        status="published",
        owner=world.bob_membership.pk,
        key_results=[
            kr_body(start_value=60, target_value=30, kind="decrease_to", unit="s"),
            kr_body(kind="milestone", owner=world.bob_membership.pk, weight="0.5"),
        ],
    )

    assert {k: body[k] for k in ("cycle", "team", "goal", "parent", "supports")} == {
        "cycle": cycle.pk,
        "team": team.pk,
        "goal": goal.pk,
        "parent": company.pk,
        "supports": [helped.pk],
    }
    assert (body["kind"], body["status"], body["roll_up"]) == (
        "aspirational",
        "published",
        "key_results",
    )
    assert (body["progress"], body["progress_status"], body["expected_progress"]) == (
        "0",
        "no_data",
        "0.5",
    )
    assert body["owner"] == {
        "id": world.bob_membership.pk,
        "name": "Bob",
        "email": "bob@example.com",
    }
    first, second = body["key_results"]
    assert {k: first[k] for k in ("kind", "unit", "start_value", "target_value", "weight")} == {
        "kind": "decrease_to",
        "unit": "s",
        "start_value": "60",
        "target_value": "30",
        "weight": "1",
    }
    assert (first["low_value"], first["high_value"], first["owner"]) == (None, None, None)
    assert (first["check_in_count"], first["last_check_in_at"]) == (0, None)
    assert (second["kind"], second["owner"]["id"], second["weight"]) == (
        "milestone",
        world.bob_membership.pk,
        "0.5",
    )
    assert [e.action for e in AuditEvent.objects.for_org(world.acme).order_by("-id")[:4]][::-1] == [
        "objective.created",
        "key_result.created",
        "key_result.created",
        "objective.supports_set",
    ]


def test_an_objective_is_sent_with_an_etag_and_a_stale_if_match_is_412(alice, cycle, world):
    objective = make_objective(cycle)
    etag = alice.get(f"{ORG}/objectives/{objective.pk}")["ETag"]

    fresh = alice.patch(
        f"{ORG}/objectives/{objective.pk}", {"title": "Renamed"}, headers={"If-Match": etag}
    )
    before = rows(world.acme)
    stale = alice.patch(
        f"{ORG}/objectives/{objective.pk}", {"title": "Again"}, headers={"If-Match": etag}
    )

    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert fresh["ETag"] == alice.get(f"{ORG}/objectives/{objective.pk}")["ETag"]
    assert stale.status_code == 412
    assert fields_named(stale) == ["If-Match"]
    assert rows(world.acme) == before
    objective.refresh_from_db()
    assert objective.title == "Renamed"


def test_a_key_result_is_sent_with_an_etag_and_a_stale_if_match_is_412(alice, cycle, world):
    kr = first_kr(make_objective(cycle))
    etag = alice.get(f"{ORG}/key-results/{kr.pk}")["ETag"]

    fresh = alice.patch(f"{ORG}/key-results/{kr.pk}", {"title": "NPS"}, headers={"If-Match": etag})
    before = rows(world.acme)
    stale = alice.patch(f"{ORG}/key-results/{kr.pk}", {"title": "X"}, headers={"If-Match": etag})
    stale_delete = alice.delete(f"{ORG}/key-results/{kr.pk}", headers={"If-Match": etag})

    assert (fresh.status_code, fresh.json()["title"]) == (200, "NPS")
    assert fresh["ETag"] == alice.get(f"{ORG}/key-results/{kr.pk}")["ETag"] != etag
    assert (stale.status_code, stale_delete.status_code) == (412, 412)
    assert rows(world.acme) == before


def test_supports_links_are_replaced_by_a_patch(alice, cycle):
    objective, one, two = (make_objective(cycle) for _ in range(3))
    url = f"{ORG}/objectives/{objective.pk}"

    linked = alice.patch(url, {"supports": [one.pk, two.pk]})
    etag = linked["ETag"]
    relinked = alice.patch(url, {"supports": [two.pk]}, headers={"If-Match": etag})

    assert sorted(linked.json()["supports"]) == sorted([one.pk, two.pk])
    assert relinked.status_code == 200, relinked.content
    assert relinked["ETag"] != etag
    assert relinked.json()["supports"] == [two.pk]
    own = alice.patch(url, {"supports": [objective.pk]})
    assert (own.status_code, fields_named(own)) == (422, ["supports"])


def test_objectives_are_filtered_by_cycle_team_and_status(alice, cycle, world):
    team = make_team(world.acme)
    company = make_objective(cycle)
    teams_draft = make_objective(cycle, team=team)
    teams_published = make_objective(cycle, team=team, status="published")
    other_cycle = make_objective(make_cycle(world.acme))
    make_objective(make_cycle(world.globex))

    def ids(query: str) -> list[int]:
        response = alice.get(f"{ORG}/objectives{query}")
        assert response.status_code == 200, response.content
        return [o["id"] for o in response.json()["items"]]

    assert ids("") == [company.pk, teams_draft.pk, teams_published.pk, other_cycle.pk]
    assert ids(f"?cycle={cycle.pk}") == [company.pk, teams_draft.pk, teams_published.pk]
    assert ids(f"?cycle={cycle.pk}&team={team.pk}") == [teams_draft.pk, teams_published.pk]
    assert ids(f"?team={team.pk}&status=published") == [teams_published.pk]
    assert alice.get(f"{ORG}/objectives?status=done").status_code == 422


def test_a_filter_id_beyond_the_databases_integers_is_422(alice):
    response = alice.get(f"{ORG}/objectives?cycle={10**20}")

    assert response.status_code == 422
    assert fields_named(response) == ["cycle"]


def test_objectives_are_paged_with_a_cursor(alice, cycle):
    made = [make_objective(cycle, key_results=0, roll_up="children").pk for _ in range(5)]

    first = alice.get(f"{ORG}/objectives?limit=2").json()
    second = alice.get(f"{ORG}/objectives?limit=2&cursor={first['next_cursor']}").json()
    third = alice.get(f"{ORG}/objectives?limit=2&cursor={second['next_cursor']}").json()

    pages = [first, second, third]
    assert [o["id"] for page in pages for o in page["items"]] == made
    assert third["next_cursor"] is None


def test_key_results_are_listed_by_objective_and_cycle(alice, cycle, world):
    one = make_objective(cycle, key_results=2)
    two = make_objective(make_cycle(world.acme), key_results=1)

    by_objective = alice.get(f"{ORG}/key-results?objective={one.pk}").json()["items"]
    by_cycle = alice.get(f"{ORG}/key-results?cycle={two.cycle_id}").json()["items"]
    everything = alice.get(f"{ORG}/key-results").json()["items"]

    assert [kr["objective"] for kr in by_objective] == [one.pk, one.pk]
    assert [kr["objective"] for kr in by_cycle] == [two.pk]
    assert len(everything) == 3


def test_adding_and_deleting_a_key_result_moves_the_objective(alice, cycle, world):
    objective = make_objective(cycle)
    check_in(first_kr(objective), 100)

    added = created(
        alice.post(
            f"{ORG}/key-results",
            {**kr_body(start_value=0, target_value=10), "objective": objective.pk},
        )
    )
    assert alice.get(f"{ORG}/objectives/{objective.pk}").json()["progress"] == "0.5"

    deleted = alice.delete(f"{ORG}/key-results/{added['id']}")

    assert deleted.status_code == 204
    assert alice.get(f"{ORG}/objectives/{objective.pk}").json()["progress"] == "1"
    assert alice.get(f"{ORG}/key-results/{added['id']}").status_code == 404
    assert last_event(world.acme).action == "key_result.deleted"


# --- Check-ins --------------------------------------------------------------------------------


def test_check_ins_are_listed_newest_first_and_paged(alice, cycle, world):
    kr = first_kr(make_objective(cycle))
    for value in (10, 20, 30):
        alice.post(
            f"{ORG}/key-results/{kr.pk}/check-ins",
            {"value": value, "confidence": value // 10, "note": f"note {value}"},
        )

    first = alice.get(f"{ORG}/key-results/{kr.pk}/check-ins?limit=2").json()
    rest = alice.get(f"{ORG}/key-results/{kr.pk}/check-ins?cursor={first['next_cursor']}").json()

    items = first["items"] + rest["items"]
    assert [(c["value"], c["confidence"], c["note"]) for c in items] == [
        ("30", 3, "note 30"),
        ("20", 2, "note 20"),
        ("10", 1, "note 10"),
    ]
    assert {c["author"]["email"] for c in items} == {"alice@example.com"}
    assert {c["key_result"] for c in items} == {kr.pk}
    assert rest["next_cursor"] is None
    got = alice.get(f"{ORG}/key-results/{kr.pk}").json()
    assert got["last_check_in_at"] == items[0]["created_at"]


def test_a_token_checks_in_as_api_and_a_browser_as_manual(alice, cycle, world):
    kr = first_kr(make_objective(cycle))
    client, csrf = signed_in(world.alice)

    by_token = alice.post(f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 1, "confidence": 5})
    by_browser = client.post(
        f"/api/v1{ORG}/key-results/{kr.pk}/check-ins",
        json.dumps({"value": 2, "confidence": 5}),
        content_type="application/json",
        headers=csrf,
    )

    assert by_token.json()["source"] == "api"
    assert by_browser.status_code == 201, by_browser.content
    assert by_browser.json()["source"] == "manual"
    event = last_event(world.acme)
    assert (event.action, event.after["source"]) == ("check_in.created", "manual")


# --- Who may write ----------------------------------------------------------------------------


@pytest.fixture
def bobs_team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    teams.add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    return team


def test_a_member_cannot_edit_company_objectives(bob, cycle, world):
    objective = make_objective(cycle)
    kr = first_kr(objective)
    before = rows(world.acme)

    responses = [
        bob.patch(f"{ORG}/objectives/{objective.pk}", {"title": "Mine now"}),
        bob.post(f"{ORG}/objectives", {"cycle": cycle.pk, "title": "Company-wide"}),
        bob.patch(f"{ORG}/key-results/{kr.pk}", {"title": "Mine now"}),
        bob.post(f"{ORG}/key-results", {**kr_body(target_value=2), "objective": objective.pk}),
        bob.delete(f"{ORG}/key-results/{kr.pk}"),
        bob.post(f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 5, "confidence": 5}),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    assert "company objectives" in responses[0].json()["detail"]
    assert rows(world.acme) == before


def test_a_member_edits_and_checks_in_on_his_teams_objectives(bob, cycle, world, bobs_team):
    objective = created(
        bob.post(
            f"{ORG}/objectives",
            {
                "cycle": cycle.pk,
                "title": "Checkout in 3 steps",
                "team": bobs_team.pk,
                "key_results": [kr_body(target_value=10, start_value=0)],
            },
        )
    )
    kr = objective["key_results"][0]["id"]

    renamed = bob.patch(f"{ORG}/objectives/{objective['id']}", {"title": "Two steps"})
    checked = bob.post(f"{ORG}/key-results/{kr}/check-ins", {"value": 5, "confidence": 8})
    to_company = bob.patch(f"{ORG}/objectives/{objective['id']}", {"team": None})

    assert renamed.status_code == 200
    assert checked.status_code == 201
    assert bob.get(f"{ORG}/objectives/{objective['id']}").json()["progress"] == "0.5"
    assert to_company.status_code == 403


def test_the_owner_of_a_company_key_result_may_check_in(bob, cycle, world):
    kr = first_kr(make_objective(cycle, specs=[kr_spec(owner=world.bob_membership)]))

    response = bob.post(f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 5, "confidence": 8})

    assert response.status_code == 201


def test_a_viewer_reads_but_gets_403_on_writes(world, api_as, cycle):
    membership = add_member(world.acme, role=Role.MEMBER)
    viewer = api_as(membership)  # a write token, kept after the member became a viewer
    membership.role = Role.VIEWER
    membership.save()
    objective = make_objective(cycle)
    kr = first_kr(objective)
    before = rows(world.acme)

    writes = [
        viewer.post(f"{ORG}/objectives", {"cycle": cycle.pk, "title": "G"}),
        viewer.patch(f"{ORG}/objectives/{objective.pk}", {"title": "G"}),
        viewer.post(f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 5, "confidence": 5}),
    ]

    assert [r.status_code for r in writes] == [403, 403, 403]
    assert viewer.get(f"{ORG}/objectives/{objective.pk}").status_code == 200
    assert viewer.get(f"{ORG}/key-results/{kr.pk}/check-ins").status_code == 200
    assert rows(world.acme) == before


# --- Speed ------------------------------------------------------------------------------------


def bulk_objectives(cycle, count: int, owner) -> None:
    """`count` objectives with 4 key results each, parents and supports links: test data, fast."""
    org = cycle.organization
    team = make_team(org)
    objectives = Objective.objects.bulk_create(
        Objective(
            organization=org,
            cycle=cycle,
            team=team if n % 2 else None,
            title=f"Objective {n}",
            owner=owner,
            progress=Decimal("0.25"),
            has_data=True,
        )
        for n in range(count)
    )
    for child, parent in zip(objectives[1:], objectives, strict=False):
        child.parent = parent
    Objective.objects.bulk_update(objectives, ["parent"])
    Objective.supports.through.objects.bulk_create(
        Objective.supports.through(from_objective=a, to_objective=b)
        for a, b in zip(objectives, objectives[::-1], strict=True)
        if a.pk != b.pk
    )
    KeyResult.objects.bulk_create(
        KeyResult(
            organization=org,
            objective=objective,
            title=f"KR {n}",
            kind="increase_to",
            start_value=Decimal(0),
            target_value=Decimal(100),
            current_value=Decimal(25),
            progress=Decimal("0.25"),
            check_in_count=1,
            confidence=5,
            owner=owner,
            position=n,
        )
        for objective in objectives
        for n in range(4)
    )


def test_the_objectives_list_costs_the_same_queries_for_200_objectives_as_for_2(alice, world):
    small, big = make_cycle(world.acme), make_cycle(world.acme)
    bulk_objectives(small, 2, world.bob_membership)
    bulk_objectives(big, 200, world.bob_membership)
    alice.get(f"{ORG}/objectives?limit=1")  # the token's first use is recorded once

    def measure(cycle) -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as queries:
            response = alice.get(f"{ORG}/objectives?cycle={cycle.pk}&limit=200")
        assert response.status_code == 200
        return len(queries), response.json()

    few, small_page = measure(small)
    many, big_page = measure(big)

    assert len(small_page["items"]) == 2
    assert len(big_page["items"]) == 200
    assert sum(len(o["key_results"]) for o in big_page["items"]) == 800
    assert all(o["supports"] and o["key_results"][0]["owner"] for o in big_page["items"])
    assert big_page["items"][1]["key_results"][0]["status"] == "at_risk"
    assert many == few


UPDATE = re.compile(r'^UPDATE "(\w+)" SET .* WHERE "\w+"\."id" = (\d+)$', re.DOTALL)
INSERT = re.compile(r'^INSERT INTO "(\w+)"')


def test_a_check_in_writes_only_its_key_result_objective_chain_check_in_and_audit(alice, world):
    cycle = make_cycle(world.acme)
    top = make_objective(cycle, roll_up="both")
    middle = make_objective(cycle, parent=top, roll_up="both")
    bottom = make_objective(cycle, parent=middle, key_results=2)
    sibling = make_objective(cycle, parent=middle)
    kr = first_kr(bottom)
    alice.get(f"{ORG}/key-results/{kr.pk}")  # the token's first use is recorded once

    with CaptureQueriesContext(connection) as queries:
        response = alice.post(
            f"{ORG}/key-results/{kr.pk}/check-ins", {"value": 50, "confidence": 6}
        )

    assert response.status_code == 201, response.content
    statements = [q["sql"] for q in queries.captured_queries]
    writes = [s for s in statements if s.split()[0] in {"UPDATE", "INSERT", "DELETE"}]
    updated = set()
    inserted = set()
    for sql in writes:
        if match := UPDATE.match(sql):
            updated.add((match[1], int(match[2])))
        elif match := INSERT.match(sql):
            inserted.add(match[1])
        else:
            pytest.fail(f"unexpected write: {sql}")
    assert updated == {
        ("okrs_keyresult", kr.pk),
        ("okrs_objective", bottom.pk),
        ("okrs_objective", middle.pk),
        ("okrs_objective", top.pk),
    }
    assert inserted == {"okrs_checkin", "tenancy_auditevent"}
    for untouched in (sibling, first_kr(sibling)):
        untouched.refresh_from_db()
        assert untouched.progress == 0
    top.refresh_from_db()
    # top: its key result (0) and middle (middle: its KR 0, bottom 0.25, sibling 0 → 0.0833).
    assert top.progress == Decimal("0.0417")
