"""The OKR planning page: the board, comments with htmx, propose / approve / send back, notes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs import services
from okrum.okrs.models import Cycle, CycleState, Objective, ObjectiveComment
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import kr_spec, make_cycle
from tests.factories.planning import draft, make_planning
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plan(world):
    return make_planning(world.acme, world.bob_membership, name="Q3")


def page_of(client, plan) -> str:
    response = client.get(f"/o/acme/cycles/{plan.cycle.pk}/planning/")
    assert response.status_code == 200
    return text(response)


def written(world) -> tuple[int, int]:
    return ObjectiveComment.objects.count(), AuditEvent.objects.for_org(world.acme).count()


def test_the_page_explains_planning_and_lists_objectives_by_owner(world, web_as, plan):
    draft(plan, plan.search, title="Find in one search")
    draft(plan, title="Double repeat purchases", specs=[kr_spec(title="Repeat rate 20%")])
    draft(plan, plan.checkout, title="Make checkout effortless", status="proposed")

    page = page_of(web_as(world.alice), plan)

    assert "OKR planning · Q3" in page
    assert "sets the direction before the cycle starts" in page
    company, checkout, search = (
        page.index("<h3>Company</h3>"),
        page.index("<h3>Checkout</h3>"),
        page.index("<h3>Search</h3>"),
    )
    assert company < checkout < search
    assert "Repeat rate 20%" in page
    assert '<span class="visually-hidden">Status: </span>Proposed' in page
    assert "No objective is published yet." in page
    assert "Activate cycle</button>" in page
    assert " disabled " in page
    assert 'name="notes"' in page


def test_the_page_costs_the_same_for_2_or_40_objectives(world, web_as, plan):
    client = web_as(world.alice)
    counts = []
    for total in (2, 40):
        while Objective.objects.filter(cycle=plan.cycle).count() < total:
            n = Objective.objects.count()
            objective = draft(plan, (None, plan.checkout, plan.search)[n % 3], key_results=2)
            services.comment_on_objective(objective=objective, by=world.alice_membership, body="?")
        with CaptureQueriesContext(connection) as queries:
            page_of(client, plan)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_member_proposes_with_htmx_and_gets_the_card_back(world, web_as, plan):
    objective = draft(plan, plan.checkout, title="Pay fast")
    client = web_as(world.bob)

    response = submit(
        client,
        f"/o/acme/objectives/{objective.pk}/planning/propose/",
        {"note": "Ready for a look"},
        headers=HTMX,
    )

    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="p{objective.pk}"' in body
    assert "Ready for a look" in body
    assert '<span class="visually-hidden">Status: </span>Proposed' in body
    assert 'id="planning-activate" class="okr-plan-activate"' in body
    assert "hx-swap-oob" in body
    assert Objective.objects.get(pk=objective.pk).status == "proposed"


def test_a_comment_is_added_without_a_reload(world, web_as, plan):
    objective = draft(plan)

    response = submit(
        web_as(world.bob),
        f"/o/acme/objectives/{objective.pk}/planning/comments/",
        {"body": "Could Search help here?"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Could Search help here?" in text(response)
    assert "<html" not in text(response)
    assert ObjectiveComment.objects.get().author == world.bob


def test_an_empty_comment_comes_back_with_its_message(world, web_as, plan):
    objective = draft(plan)
    before = written(world)

    response = submit(
        web_as(world.bob),
        f"/o/acme/objectives/{objective.pk}/planning/comments/",
        {"body": ""},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "Write the comment first." in text(response)
    assert written(world) == before


def test_sending_back_needs_a_reason_then_the_reason_shows_on_the_page(world, web_as, plan):
    objective = draft(plan, plan.checkout, title="Pay fast", status="proposed")
    client = web_as(plan.dave.user)
    path = f"/o/acme/objectives/{objective.pk}/planning/send-back/"
    before = written(world)

    refused = submit(client, path, {"reason": ""})

    assert refused.status_code == 422
    assert "Say why it goes back" in text(refused)
    assert written(world) == before

    sent = submit(client, path, {"reason": "Add a key result on refunds"})

    assert sent["Location"] == f"/o/acme/cycles/{plan.cycle.pk}/planning/#p{objective.pk}"
    page = page_of(client, plan)
    assert "Add a key result on refunds" in page
    assert "went back to draft" in page
    assert Objective.objects.get(pk=objective.pk).status == "draft"


def test_a_member_sees_no_approve_button_and_is_refused(world, web_as, plan):
    objective = draft(plan, plan.checkout, title="Pay fast", status="proposed")
    client = web_as(world.bob)

    page = page_of(client, plan)
    refused = submit(client, f"/o/acme/objectives/{objective.pk}/planning/approve/", {})

    assert "Approve and publish" not in page
    assert "Add comment" in page
    assert refused.status_code == 403
    assert "Product Owner" in text(refused)
    assert Objective.objects.get(pk=objective.pk).status == "proposed"


def test_the_product_owner_approves_and_the_unpublished_list_shrinks(world, web_as, plan):
    objective = draft(plan, plan.checkout, title="Pay fast", status="proposed")
    draft(plan, plan.search, title="Find fast")
    client = web_as(plan.dave.user)
    assert "Approve and publish" in page_of(client, plan)

    response = submit(client, f"/o/acme/objectives/{objective.pk}/planning/approve/", {})

    assert response.status_code == 302
    page = page_of(client, plan)
    assert "is approved and published" in page
    unpublished = page[page.index('data-testid="unpublished"') :]
    assert "Find fast" in unpublished
    assert "Pay fast" not in unpublished
    assert "1 objective is published" in page


def test_an_admin_saves_the_planning_notes_and_a_member_reads_them(world, web_as, plan):
    path = f"/o/acme/cycles/{plan.cycle.pk}/planning/notes/"

    saved = submit(web_as(world.alice), path, {"notes": "Theme: checkout"}, headers=HTMX)
    refused = submit(web_as(world.bob), path, {"notes": "Mine"})

    assert (saved.status_code, refused.status_code) == (200, 403)
    assert "Notes saved." in text(saved)
    page = page_of(web_as(world.bob), plan)
    assert "Theme: checkout" in page
    assert 'name="notes"' not in page
    assert Cycle.objects.get(pk=plan.cycle.pk).planning_notes == "Theme: checkout"


def test_activation_from_the_planning_page_says_why_it_is_refused(world, web_as, plan):
    draft(plan, plan.checkout, title="Pay fast")
    client = web_as(world.alice)
    planning = f"/o/acme/cycles/{plan.cycle.pk}/planning/"

    response = submit(
        client, f"/o/acme/cycles/{plan.cycle.pk}/state/", {"state": "active", "next": planning}
    )

    assert response["Location"] == planning
    assert "has no published objective yet" in text(client.get(planning))
    assert Cycle.objects.get(pk=plan.cycle.pk).state == "planning"


def test_the_okr_page_links_to_planning_while_it_matters(world, web_as, plan):
    closed = make_cycle(world.acme, state=CycleState.CLOSED)
    client = web_as(world.bob)

    planning = text(client.get(f"/o/acme/cycles/{plan.cycle.pk}/"))
    after = text(client.get(f"/o/acme/cycles/{closed.pk}/"))

    link = f'href="/o/acme/cycles/{plan.cycle.pk}/planning/"'
    assert link in planning
    assert ">OKR planning</a>" in planning
    assert "/planning/" not in after


def test_a_closed_cycle_shows_its_board_but_offers_no_actions(world, web_as, plan):
    draft(plan, plan.checkout, status="proposed")
    Cycle.objects.filter(pk=plan.cycle.pk).update(state=CycleState.CLOSED)

    page = page_of(web_as(world.alice), plan)

    assert "planning is over" in page
    assert "Approve and publish" not in page
    assert "Add comment" not in page


def test_an_empty_board_invites_members_to_draft_but_not_viewers(world, web_as, plan):
    viewer = add_member(world.acme, make_user(email="vera@example.com"), Role.VIEWER)

    member_page = page_of(web_as(world.bob), plan)
    viewer_page = page_of(web_as(viewer.user), plan)

    assert "No objectives in Q3 yet." in member_page
    assert "Draft an objective" in member_page
    assert "No objectives in Q3 yet." in viewer_page
    assert "Draft an objective" not in viewer_page
