"""OKR planning through the API: the board, notes, comments, propose / approve / send back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs import services
from okrum.okrs.models import Cycle, Objective, ObjectiveComment
from okrum.tenancy.models import AuditEvent
from tests.factories.okrs import kr_spec
from tests.factories.planning import draft, make_planning

ORG = "/orgs/acme"


@pytest.fixture
def plan(world):
    return make_planning(world.acme, world.bob_membership)


@pytest.fixture
def alice(world, api_as):
    return api_as(world.alice_membership)


@pytest.fixture
def bob(world, api_as):
    return api_as(world.bob_membership)


@pytest.fixture
def dave(plan, api_as):
    return api_as(plan.dave)


def written(org) -> tuple[int, int]:
    return ObjectiveComment.objects.count(), AuditEvent.objects.for_org(org).count()


def test_the_board_lists_objectives_by_owner_with_threads_and_actions(world, plan, bob):
    services.set_planning_notes(cycle=plan.cycle, by=world.alice_membership, notes="Theme: pay")
    company = draft(plan, title="Grow", status="published")
    mine = draft(plan, plan.checkout, title="Pay fast", specs=[kr_spec(title="Conversion 4%")])
    services.comment_on_objective(objective=mine, by=world.alice_membership, body="Why 4%?")

    response = bob.get(f"{ORG}/cycles/{plan.cycle.pk}/planning")

    assert response.status_code == 200, response.content
    board = response.json()
    assert (board["cycle"], board["state"], board["notes"]) == (
        plan.cycle.pk,
        "planning",
        "Theme: pay",
    )
    assert [(g["owner"], g["name"]) for g in board["groups"]] == [
        ("company", "Company"),
        ("team", "Checkout"),
    ]
    assert board["groups"][1]["team"] == plan.checkout.pk
    row = board["groups"][1]["objectives"][0]
    assert (row["id"], row["status"], row["key_result_count"]) == (mine.pk, "draft", 1)
    assert [kr["title"] for kr in row["key_results"]] == ["Conversion 4%"]
    assert [(c["kind"], c["body"], c["author"]["name"]) for c in row["comments"]] == [
        ("comment", "Why 4%?", "Alice")
    ]
    assert row["may"] == {"propose": True, "approve": False, "send_back": False, "comment": True}
    assert board["groups"][0]["objectives"][0]["id"] == company.pk
    assert board["unpublished"] == [
        {"id": mine.pk, "title": "Pay fast", "status": "draft", "team": plan.checkout.pk}
    ]
    assert (board["published_count"], board["can_activate"]) == (1, True)
    assert (board["may_edit_notes"], board["may_activate"]) == (False, False)


@pytest.mark.parametrize("count", [2, 40])
def test_the_board_costs_the_same_for_2_or_40_objectives(world, plan, alice, count):
    for n in range(count):
        objective = draft(plan, (None, plan.checkout)[n % 2], key_results=2)
        services.comment_on_objective(objective=objective, by=world.alice_membership, body="x")

    with CaptureQueriesContext(connection) as queries:
        response = alice.get(f"{ORG}/cycles/{plan.cycle.pk}/planning")

    assert response.status_code == 200
    assert sum(len(g["objectives"]) for g in response.json()["groups"]) == count
    assert len(queries) == 9, [q["sql"] for q in queries]


def test_a_member_proposes_and_the_product_owner_approves(world, plan, bob, dave):
    objective = draft(plan, plan.checkout)

    proposed = bob.post(f"{ORG}/objectives/{objective.pk}/propose", {"note": "Please look"})
    etag = proposed["ETag"]
    approved = dave.post(f"{ORG}/objectives/{objective.pk}/approve", {}, headers={"If-Match": etag})

    assert (proposed.status_code, proposed.json()["status"]) == (200, "proposed")
    assert (approved.status_code, approved.json()["status"]) == (200, "published")
    assert approved["ETag"] != etag
    thread = bob.get(f"{ORG}/objectives/{objective.pk}/comments").json()
    assert [(c["kind"], c["body"]) for c in thread["items"]] == [
        ("proposed", "Please look"),
        ("published", ""),
    ]
    assert thread["next_cursor"] is None


def test_a_member_may_not_approve_nor_publish_by_patching_the_status(world, plan, bob):
    objective = draft(plan, plan.checkout, status="proposed")
    before = written(world.acme)

    approved = bob.post(f"{ORG}/objectives/{objective.pk}/approve", {})
    patched = bob.patch(f"{ORG}/objectives/{objective.pk}", {"status": "published"})

    assert (approved.status_code, patched.status_code) == (403, 403)
    assert "Product Owner" in approved.json()["detail"]
    assert Objective.objects.get(pk=objective.pk).status == "proposed"
    assert written(world.acme) == before


def test_sending_back_without_a_reason_is_422_naming_reason(world, plan, dave):
    objective = draft(plan, plan.checkout, status="proposed")
    before = written(world.acme)

    missing = dave.post(f"{ORG}/objectives/{objective.pk}/send-back", {})
    blank = dave.post(f"{ORG}/objectives/{objective.pk}/send-back", {"reason": "  "})

    for response in (missing, blank):
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["reason"]
    assert written(world.acme) == before

    sent = dave.post(f"{ORG}/objectives/{objective.pk}/send-back", {"reason": "Add a KR"})

    assert (sent.status_code, sent.json()["status"]) == (200, "draft")
    assert ObjectiveComment.objects.get(objective=objective).body == "Add a KR"


def test_a_stale_if_match_is_412_and_changes_nothing(world, plan, bob):
    objective = draft(plan, plan.checkout)
    stale = bob.get(f"{ORG}/objectives/{objective.pk}")["ETag"]
    services.update_objective(objective=objective, by=world.alice_membership, title="Renamed")

    response = bob.post(f"{ORG}/objectives/{objective.pk}/propose", {}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert Objective.objects.get(pk=objective.pk).status == "draft"


def test_a_comment_is_201_and_an_empty_one_422(world, plan, bob):
    objective = draft(plan)

    made = bob.post(f"{ORG}/objectives/{objective.pk}/comments", {"body": "Could Search help?"})
    empty = bob.post(f"{ORG}/objectives/{objective.pk}/comments", {"body": ""})

    assert made.status_code == 201
    assert {k: made.json()[k] for k in ("objective", "kind", "body")} == {
        "objective": objective.pk,
        "kind": "comment",
        "body": "Could Search help?",
    }
    assert made.json()["author"]["email"] == "bob@example.com"
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["body"]


def test_planning_actions_on_a_cycle_in_review_are_409(world, plan, alice):
    objective = draft(plan, plan.checkout, status="proposed")
    Cycle.objects.filter(pk=plan.cycle.pk).update(state="review")

    response = alice.post(f"{ORG}/objectives/{objective.pk}/approve", {})

    assert response.status_code == 409
    assert "planning or active" in response.json()["detail"]


def test_an_admin_sets_the_planning_notes_and_a_member_may_not(world, plan, alice, bob):
    path = f"{ORG}/cycles/{plan.cycle.pk}/planning-notes"

    refused = bob.request("PUT", path, json={"notes": "Mine"})
    saved = alice.request("PUT", path, json={"notes": "Theme: checkout"})

    assert refused.status_code == 403
    assert (saved.status_code, saved.json()["planning_notes"]) == (200, "Theme: checkout")
    assert AuditEvent.objects.for_org(world.acme).latest("id").action == "cycle.planning_notes_set"


def test_activating_without_a_published_objective_is_409_saying_so(world, plan, alice):
    objective = draft(plan, plan.checkout)
    path = f"{ORG}/cycles/{plan.cycle.pk}/transition"

    refused = alice.post(path, {"state": "active"})
    alice.post(f"{ORG}/objectives/{objective.pk}/approve", {})
    draft(plan, plan.search)
    activated = alice.post(path, {"state": "active"})

    assert refused.status_code == 409
    assert "no published objective" in refused.json()["detail"]
    assert (activated.status_code, activated.json()["state"]) == (200, "active")
