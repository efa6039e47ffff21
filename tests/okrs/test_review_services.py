"""Grading at the OKR review: who grades, when, with which score, and why an override differs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.okrs import services
from okrum.okrs.models import CycleState, Grade
from okrum.teams.services import add_team_member
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okr_review import fresh, to_review
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.tenancy import add_member


@pytest.fixture
def scene(world: Any) -> Any:
    """A cycle with a company objective (KR at 42%) and a team objective of Bob's team (at 100%)."""
    cycle = make_cycle(world.acme, name="Q3")
    team = make_team(world.acme, name="Checkout")
    add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    company = make_objective(cycle, title="Grow revenue", specs=[kr_spec(), kr_spec()])
    team_objective = make_objective(cycle, team=team, title="Faster checkout")
    company_kr, team_kr = first_kr(company), first_kr(team_objective)
    check_in(company_kr, 42)
    check_in(team_kr, 100)

    class Scene:
        pass

    s = Scene()
    s.cycle, s.team, s.company, s.team_objective = cycle, team, company, team_objective
    s.company_kr, s.team_kr = fresh(company_kr), fresh(team_kr)
    return s


def grade(kr: Any, by: Any, score: Any, reason: str = "") -> Grade:
    return services.grade_key_result(key_result=fresh(kr), by=by, score=score, reason=reason)


def test_it_grades_a_key_result_with_its_suggestion_and_audits_it(world, scene):
    to_review(scene.cycle, world.alice_membership)

    found = grade(scene.company_kr, world.alice_membership, "0.4")

    assert (found.suggested, found.score, found.reason) == (Decimal("0.4"), Decimal("0.4"), "")
    assert found.graded_by == world.alice
    assert found.version == 1
    event = AuditEvent.objects.for_org(world.acme).get(action="grade.created")
    assert event.before is None
    assert event.after == {
        "key_result": scene.company_kr.pk,
        "suggested": "0.4",
        "score": "0.4",
        "reason": "",
    }


def test_an_override_without_a_reason_is_refused_with_the_suggestion_named(world, scene):
    to_review(scene.cycle, world.alice_membership)

    with pytest.raises(Invalid) as caught:
        grade(scene.company_kr, world.alice_membership, "0.7", reason="   ")

    assert caught.value.errors["reason"].startswith(
        "Say why the grade differs from the suggested 0.4"
    )
    assert not Grade.objects.exists()


def test_an_override_with_a_reason_is_kept_and_a_regrade_bumps_the_version(world, scene):
    to_review(scene.cycle, world.alice_membership)
    grade(scene.company_kr, world.alice_membership, "0.4")

    found = grade(
        scene.company_kr,
        world.alice_membership,
        "0.7",
        reason=" Deal signed after the last check-in ",
    )

    assert (found.score, found.suggested, found.version) == (Decimal("0.7"), Decimal("0.4"), 2)
    assert found.reason == "Deal signed after the last check-in"
    assert Grade.objects.count() == 1
    event = AuditEvent.objects.for_org(world.acme).get(action="grade.updated")
    assert event.before["score"] == "0.4"
    assert event.after["score"] == "0.7"
    assert event.after["reason"] == "Deal signed after the last check-in"


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("0.45", "steps of 0.1"),
        ("1.2", "from 0.0 to 1.0"),
        ("-0.1", "from 0.0 to 1.0"),
        ("x", "Enter a grade"),
    ],
)
def test_a_score_off_the_scale_is_refused_on_score(world, scene, score, message):
    to_review(scene.cycle, world.alice_membership)

    with pytest.raises(Invalid) as caught:
        grade(scene.company_kr, world.alice_membership, score, reason="because")

    assert message in caught.value.errors["score"]
    assert not Grade.objects.exists()


@pytest.mark.parametrize("state", [CycleState.PLANNING, CycleState.ACTIVE])
def test_grading_waits_for_the_review(world, scene, state):
    scene.cycle.state = state
    scene.cycle.save()

    with pytest.raises(Conflict, match="grading opens when it moves to review"):
        grade(scene.company_kr, world.alice_membership, "0.4")


def test_closing_the_cycle_makes_its_grades_read_only(world, scene):
    to_review(scene.cycle, world.alice_membership)
    grade(scene.company_kr, world.alice_membership, "0.4")
    services.change_cycle_state(cycle=scene.cycle, by=world.alice_membership, state="closed")

    with pytest.raises(Conflict, match="closed: its grades are read-only"):
        grade(scene.company_kr, world.alice_membership, "0.7", reason="Late deal")
    with pytest.raises(Conflict, match="closed"):
        services.accept_suggested_grades(cycle=scene.cycle, by=world.alice_membership)

    assert Grade.objects.get().score == Decimal("0.4")


def test_team_members_grade_their_teams_objectives_but_not_the_company_s(world, scene):
    to_review(scene.cycle, world.alice_membership)

    found = grade(scene.team_kr, world.bob_membership, "1.0")

    assert found.graded_by == world.bob
    with pytest.raises(Forbidden, match="Only owners and admins grade company objectives"):
        grade(scene.company_kr, world.bob_membership, "0.4")


def test_a_member_outside_the_team_may_not_grade_it(world, scene):
    to_review(scene.cycle, world.alice_membership)
    dora = add_member(world.acme, make_user(email="dora@example.com"), Role.MEMBER)

    with pytest.raises(Forbidden, match="team"):
        grade(scene.team_kr, dora, "1.0")


def test_accepting_suggestions_grades_only_the_ungraded_ones_the_member_may_grade(world, scene):
    to_review(scene.cycle, world.alice_membership)
    second_company_kr = scene.company.key_results.order_by("position", "id")[1]
    grade(scene.team_kr, world.bob_membership, "0.8", reason="Slower on mobile")

    by_bob = services.accept_suggested_grades(cycle=scene.cycle, by=world.bob_membership)
    by_alice = services.accept_suggested_grades(cycle=scene.cycle, by=world.alice_membership)

    assert by_bob == []  # his team's only KR is graded; the company's are not his to grade
    assert sorted(g.key_result_id for g in by_alice) == sorted(
        [scene.company_kr.pk, second_company_kr.pk]
    )
    scores = {g.key_result_id: g.score for g in Grade.objects.all()}
    assert scores == {
        scene.team_kr.pk: Decimal("0.8"),  # the override stays
        scene.company_kr.pk: Decimal("0.4"),
        second_company_kr.pk: Decimal("0.0"),  # no check-in: progress 0
    }
    assert AuditEvent.objects.for_org(world.acme).filter(action="grade.created").count() == 3


def test_accepting_suggestions_waits_for_the_review(world, scene):
    with pytest.raises(Conflict, match="grading opens"):
        services.accept_suggested_grades(cycle=scene.cycle, by=world.alice_membership)


def test_a_viewer_accepts_nothing(world, scene):
    to_review(scene.cycle, world.alice_membership)
    vera = add_member(world.acme, make_user(email="vera@example.com"), Role.VIEWER)

    with pytest.raises(Forbidden):
        services.accept_suggested_grades(cycle=scene.cycle, by=vera)
    assert not Grade.objects.exists()
