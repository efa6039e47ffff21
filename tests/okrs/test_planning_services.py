"""OKR planning's writes: propose, approve, send back, comments, notes, and who may do each."""

from __future__ import annotations

import pytest

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.okrs import services
from okrum.okrs.models import Cycle, CycleState, Objective, ObjectiveComment
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import make_cycle, make_objective
from tests.factories.planning import draft, make_planning
from tests.factories.tenancy import add_member


@pytest.fixture
def plan(world):
    return make_planning(world.acme, world.bob_membership)


def thread(objective: Objective) -> list[tuple[str, str]]:
    rows = ObjectiveComment.objects.filter(objective=objective).order_by("created_at", "id")
    return [(c.kind, c.body) for c in rows]


def last_event(world) -> AuditEvent:
    return AuditEvent.objects.for_org(world.acme).latest("id")


def fresh(objective: Objective) -> Objective:
    return Objective.objects.get(pk=objective.pk)


# --- Propose ------------------------------------------------------------------------------------


def test_a_team_member_proposes_a_draft_with_a_note(world, plan):
    objective = draft(plan, plan.checkout)
    version = objective.version

    services.propose_objective(objective=objective, by=world.bob_membership, note=" Ready? ")

    assert (fresh(objective).status, fresh(objective).version) == ("proposed", version + 1)
    assert thread(objective) == [("proposed", "Ready?")]
    event = last_event(world)
    assert (event.action, event.actor, event.object_id) == (
        "objective.proposed",
        world.bob,
        str(objective.pk),
    )
    assert (event.before, event.after["status"], event.after["note"]) == (
        {"status": "draft"},
        "proposed",
        "Ready?",
    )


def test_only_the_objectives_team_proposes_it(world, plan):
    theirs, company = draft(plan, plan.search), draft(plan)

    for objective in (theirs, company):
        with pytest.raises(Forbidden):
            services.propose_objective(objective=objective, by=world.bob_membership)

    assert (fresh(theirs).status, fresh(company).status) == ("draft", "draft")
    assert not ObjectiveComment.objects.exists()


def test_only_a_draft_is_proposed(world, plan):
    objective = draft(plan, plan.checkout, status="proposed")

    with pytest.raises(Conflict, match="Only a draft can be proposed"):
        services.propose_objective(objective=objective, by=world.bob_membership)


# --- Approve ------------------------------------------------------------------------------------


def test_an_admin_approves_a_proposed_objective_and_it_is_published(world, plan):
    objective = draft(plan, plan.checkout)
    services.propose_objective(objective=objective, by=world.bob_membership)

    services.approve_objective(objective=objective, by=world.alice_membership, note="Good one")

    assert fresh(objective).status == "published"
    assert thread(objective) == [("proposed", ""), ("published", "Good one")]
    assert last_event(world).action == "objective.published"


def test_the_product_owner_approves_their_teams_objective_but_not_the_companys(world, plan):
    team_objective, company = draft(plan, plan.checkout), draft(plan)

    services.approve_objective(objective=team_objective, by=plan.dave)
    with pytest.raises(Forbidden, match="owners and admins"):
        services.approve_objective(objective=company, by=plan.dave)

    assert (fresh(team_objective).status, fresh(company).status) == ("published", "draft")


def test_a_developer_of_the_team_may_not_approve(world, plan):
    objective = draft(plan, plan.checkout, status="proposed")

    with pytest.raises(Forbidden, match="Product Owner"):
        services.approve_objective(objective=objective, by=world.bob_membership)

    assert fresh(objective).status == "proposed"
    assert not ObjectiveComment.objects.exists()


def test_the_product_owner_of_one_team_may_not_approve_anothers(world, plan):
    objective = draft(plan, plan.search, status="proposed")

    with pytest.raises(Forbidden):
        services.approve_objective(objective=objective, by=plan.dave)


def test_a_published_objective_is_not_approved_twice(world, plan):
    objective = draft(plan, plan.checkout, status="published")

    with pytest.raises(Conflict):
        services.approve_objective(objective=objective, by=world.alice_membership)


# --- Send back ----------------------------------------------------------------------------------


def test_sending_back_needs_a_reason(world, plan):
    objective = draft(plan, plan.checkout, status="proposed")

    with pytest.raises(Invalid) as err:
        services.send_back_objective(objective=objective, by=plan.dave, reason="   ")

    assert list(err.value.errors) == ["reason"]
    assert fresh(objective).status == "proposed"
    assert not ObjectiveComment.objects.exists()


@pytest.mark.parametrize("status", ["proposed", "published"])
def test_an_approver_sends_an_objective_back_to_draft_with_the_reason(world, plan, status):
    objective = draft(plan, plan.checkout, status=status)
    version = objective.version

    services.send_back_objective(objective=objective, by=plan.dave, reason="Measure revenue")

    assert (fresh(objective).status, fresh(objective).version) == ("draft", version + 1)
    assert thread(objective) == [("sent_back", "Measure revenue")]
    event = last_event(world)
    assert (event.action, event.before, event.after["reason"]) == (
        "objective.sent_back",
        {"status": status},
        "Measure revenue",
    )


def test_a_draft_cannot_be_sent_back(world, plan):
    with pytest.raises(Conflict):
        services.send_back_objective(
            objective=draft(plan, plan.checkout), by=world.alice_membership, reason="x"
        )


def test_a_developer_may_not_send_back(world, plan):
    objective = draft(plan, plan.checkout, status="proposed")

    with pytest.raises(Forbidden):
        services.send_back_objective(objective=objective, by=world.bob_membership, reason="No")


# --- Comments -----------------------------------------------------------------------------------


def test_any_member_comments_on_any_objective_without_changing_it(world, plan):
    company = draft(plan)
    version = company.version

    comment = services.comment_on_objective(
        objective=company, by=world.bob_membership, body="Could Search help?"
    )

    assert (comment.kind, comment.body, comment.author) == (
        "comment",
        "Could Search help?",
        world.bob,
    )
    assert fresh(company).version == version
    assert last_event(world).action == "objective.commented"


def test_an_empty_comment_is_refused(world, plan):
    with pytest.raises(Invalid) as err:
        services.comment_on_objective(objective=draft(plan), by=world.bob_membership, body=" ")

    assert list(err.value.errors) == ["body"]


def test_a_viewer_does_not_comment(world, plan):
    viewer = add_member(world.acme, make_user(email="vera@example.com"), Role.VIEWER)

    with pytest.raises(Forbidden):
        services.comment_on_objective(objective=draft(plan), by=viewer, body="Hi")


# --- Planning happens while the cycle is in planning or active --------------------------------


@pytest.mark.parametrize("state", [CycleState.REVIEW, CycleState.CLOSED])
def test_planning_actions_are_refused_once_the_cycle_is_in_review_or_closed(world, plan, state):
    proposed = draft(plan, plan.checkout, status="proposed")
    drafted = draft(plan, plan.checkout)
    Cycle.objects.filter(pk=plan.cycle.pk).update(state=state)
    proposed, drafted = fresh(proposed), fresh(drafted)
    alice = world.alice_membership

    attempts = [
        lambda: services.propose_objective(objective=drafted, by=alice),
        lambda: services.approve_objective(objective=proposed, by=alice),
        lambda: services.send_back_objective(objective=proposed, by=alice, reason="Late"),
        lambda: services.comment_on_objective(objective=proposed, by=alice, body="Late"),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict, match="planning or active"):
            attempt()
    assert not ObjectiveComment.objects.exists()


def test_objectives_are_still_approved_while_the_cycle_is_active(world, plan):
    cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    objective = make_objective(cycle, team=plan.checkout, status="proposed")

    services.approve_objective(objective=objective, by=plan.dave)

    assert fresh(objective).status == "published"


# --- Planning notes -----------------------------------------------------------------------------


def test_an_admin_writes_the_planning_notes(world, plan):
    version = plan.cycle.version
    services.set_planning_notes(
        cycle=plan.cycle, by=world.alice_membership, notes=" Theme: checkout \n"
    )

    cycle = Cycle.objects.get(pk=plan.cycle.pk)
    assert (cycle.planning_notes, cycle.version) == ("Theme: checkout", version + 1)
    event = last_event(world)
    assert (event.action, event.after) == (
        "cycle.planning_notes_set",
        {"planning_notes": "Theme: checkout"},
    )


def test_members_do_not_write_planning_notes_and_a_closed_cycle_keeps_them(world, plan):
    with pytest.raises(Forbidden):
        services.set_planning_notes(cycle=plan.cycle, by=world.bob_membership, notes="Mine")
    closed = make_cycle(world.acme, state=CycleState.CLOSED)
    with pytest.raises(Conflict):
        services.set_planning_notes(cycle=closed, by=world.alice_membership, notes="Late")

    assert Cycle.objects.get(pk=plan.cycle.pk).planning_notes == ""


# --- Status changes through update_objective obey the same approval rule --------------------


def test_a_member_may_not_publish_by_changing_the_status(world, plan):
    objective = draft(plan, plan.checkout)

    with pytest.raises(Forbidden):
        services.update_objective(objective=objective, by=world.bob_membership, status="published")

    assert fresh(objective).status == "draft"


def test_a_member_may_propose_and_withdraw_by_changing_the_status(world, plan):
    objective = draft(plan, plan.checkout)

    services.update_objective(objective=objective, by=world.bob_membership, status="proposed")
    services.update_objective(objective=objective, by=world.bob_membership, status="draft")

    assert fresh(objective).status == "draft"


def test_a_member_may_not_unpublish_but_the_product_owner_may_publish(world, plan):
    objective = draft(plan, plan.checkout)

    services.update_objective(objective=objective, by=plan.dave, status="published")
    with pytest.raises(Forbidden):
        services.update_objective(objective=objective, by=world.bob_membership, status="draft")

    assert fresh(objective).status == "published"


def test_a_member_may_not_create_an_objective_already_published(world, plan):
    with pytest.raises(Forbidden):
        services.create_objective(
            cycle=plan.cycle,
            by=world.bob_membership,
            title="Straight to published",
            team=plan.checkout,
            status="published",
        )

    assert not Objective.objects.filter(title="Straight to published").exists()


# --- Activation needs a published objective ----------------------------------------------------


def test_a_cycle_without_a_published_objective_is_not_activated(world, plan):
    draft(plan, plan.checkout, status="proposed")

    with pytest.raises(Conflict, match="no published objective") as err:
        services.change_cycle_state(cycle=plan.cycle, by=world.alice_membership, state="active")

    assert list(err.value.errors) == ["state"]
    assert Cycle.objects.get(pk=plan.cycle.pk).state == "planning"


def test_a_cycle_is_activated_with_one_published_objective_and_others_unpublished(world, plan):
    draft(plan, status="published")
    drafted = draft(plan, plan.checkout)

    services.change_cycle_state(cycle=plan.cycle, by=world.alice_membership, state="active")

    assert Cycle.objects.get(pk=plan.cycle.pk).state == "active"
    assert fresh(drafted).status == "draft"
