"""The OKR review page: grading inline, overrides with reasons, accepting suggestions, read-only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs import services
from okrum.okrs.models import Cycle, CycleState, Grade
from okrum.teams.services import add_team_member
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okr_review import grade, to_review
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


@pytest.fixture
def scene(world: Any) -> Any:
    """Q3 (active): a committed company objective (KRs at 42% and 0%), Bob's team's at 100%."""
    cycle = make_cycle(world.acme, name="Q3")
    team = make_team(world.acme, name="Checkout")
    add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    vision = services.create_goal(
        org=world.acme, by=world.alice_membership, kind="vision", title="Best fitness store"
    )
    company = make_objective(
        cycle, title="Grow revenue", goal=vision, specs=[kr_spec(title="Revenue"), kr_spec()]
    )
    team_objective = make_objective(cycle, team=team, title="Faster checkout")
    check_in(first_kr(company), 42)
    check_in(first_kr(team_objective), 100)
    return {
        "cycle": cycle,
        "company": company,
        "company_kr": first_kr(company),
        "team_kr": first_kr(team_objective),
        "url": f"/o/acme/cycles/{cycle.pk}/review/",
    }


def grade_url(kr: Any) -> str:
    return f"/o/acme/key-results/{kr.pk}/grade/"


def reviewing(world: Any, scene: Any) -> Cycle:
    return to_review(Cycle.objects.get(pk=scene["cycle"].pk), world.alice_membership)


def test_an_active_cycle_shows_a_preview_of_suggested_grades_without_forms(world, web_as, scene):
    response = web_as(world.alice).get(scene["url"])

    page = text(response)
    assert response.status_code == 200
    assert "The <strong>OKR review</strong> ends the cycle" in page
    assert "<strong>preview</strong>" in page
    assert "Grading opens when an admin moves the cycle to review" in page
    assert 'data-testid="suggested">0.4<' in page
    assert "grade-form" not in page
    assert "Accept all suggested grades" not in page
    assert "Start review" in page  # Alice may move the cycle on from here


def test_in_review_the_page_has_a_grade_form_per_key_result_the_member_may_grade(
    world, web_as, scene
):
    reviewing(world, scene)

    alice = text(web_as(world.alice).get(scene["url"]))
    bob = text(web_as(world.bob).get(scene["url"]))

    assert alice.count('class="grade-form"') == 3
    assert "Accept all suggested grades" in alice
    assert "Grades the 3 key results you may grade" in alice
    assert bob.count('class="grade-form"') == 1  # only his team's objective
    assert "Grades the 1 key result you may grade" in bob
    assert "Best fitness store" in alice  # the per-goal summary
    assert 'data-testid="band-red"' in alice


def test_an_override_without_a_reason_comes_back_inline_with_422(world, web_as, scene):
    reviewing(world, scene)
    client = web_as(world.alice)

    response = submit(client, grade_url(scene["company_kr"]), {"score": "0.7"}, headers=HTMX)

    page = text(response)
    assert response.status_code == 422
    assert page.startswith('<article class="objective grade-objective"')
    assert "Say why the grade differs from the suggested 0.4" in page
    assert 'value="0.7" selected' in page  # what they chose stays chosen
    assert not Grade.objects.exists()


def test_an_override_with_a_reason_updates_the_objective_and_the_summary(world, web_as, scene):
    reviewing(world, scene)
    client = web_as(world.alice)

    response = submit(
        client,
        grade_url(scene["company_kr"]),
        {"score": "1.0", "reason": "Deal closed after the last check-in"},
        headers=HTMX,
    )

    page = text(response)
    assert response.status_code == 200
    assert "Graded 1.0." in page
    # (1.0 + 0.0 suggested) / 2 = 0.50, still counting one suggestion.
    assert '<strong class="score">0.50</strong>' in page
    assert "provisional" in page
    assert 'id="grade-summary" aria-label="Summary of the review" hx-swap-oob="true"' in page
    assert "<strong>1</strong> of 3 key results graded" in page
    assert "Grades the 2 key results you may grade" in page  # the button's count follows
    assert "Deal closed after the last check-in" in page
    saved = Grade.objects.get()
    assert (saved.score, saved.suggested) == (Decimal("1.0"), Decimal("0.4"))


def test_without_htmx_a_grade_redirects_back_to_the_review(world, web_as, scene):
    reviewing(world, scene)
    client = web_as(world.alice)

    response = submit(client, grade_url(scene["company_kr"]), {"score": "0.4"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"{scene['url']}#review-o{scene['company'].pk}")
    page = text(client.get(scene["url"]))
    assert "graded 0.4." in page
    assert "Graded by Alice" in page


def test_without_htmx_a_refused_grade_shows_the_page_with_the_error(world, web_as, scene):
    reviewing(world, scene)

    response = submit(web_as(world.alice), grade_url(scene["company_kr"]), {"score": "0.9"})

    assert response.status_code == 422
    assert "<h1>OKR review · Q3</h1>" in text(response)
    assert "Say why the grade differs from the suggested 0.4" in text(response)


def test_a_member_grading_a_company_key_result_is_refused_403(world, web_as, scene):
    reviewing(world, scene)

    response = submit(
        web_as(world.bob), grade_url(scene["company_kr"]), {"score": "0.4"}, headers=HTMX
    )

    assert response.status_code == 403
    assert "Only owners and admins grade company objectives" in text(response)
    assert not Grade.objects.exists()


def test_accepting_all_suggestions_grades_the_rest_and_says_how_many(world, web_as, scene):
    reviewing(world, scene)
    grade(scene["team_kr"], world.alice_membership, "0.9", reason="Slow on mobile")
    client = web_as(world.alice)

    response = submit(client, f"{scene['url']}accept-suggestions/")

    assert response.status_code == 302
    page = text(client.get(scene["url"]))
    assert "Accepted the suggested grade of 2 key results." in page
    assert "<strong>3</strong> of 3 key results graded" in page
    assert "Accept all suggested grades" not in page
    assert Grade.objects.get(key_result=scene["team_kr"]).score == Decimal("0.9")


def test_a_closed_cycle_is_read_only_and_refuses_grades_with_409(world, web_as, scene):
    reviewing(world, scene)
    grade(scene["company_kr"], world.alice_membership, "0.4")
    services.change_cycle_state(
        cycle=Cycle.objects.get(pk=scene["cycle"].pk), by=world.alice_membership, state="closed"
    )
    client = web_as(world.alice)

    page = text(client.get(scene["url"]))
    response = submit(
        client, grade_url(scene["company_kr"]), {"score": "0.8", "reason": "x"}, headers=HTMX
    )

    assert "This cycle is closed: its grades are kept as they were" in page
    assert "grade-form" not in page
    assert "Accept all suggested grades" not in page
    assert response.status_code == 409
    assert "closed: its grades are read-only" in text(response)
    assert Grade.objects.get().score == Decimal("0.4")


def test_a_viewer_sees_the_review_without_forms(world, web_as, scene):
    reviewing(world, scene)
    vera = make_user(email="vera@example.com", name="Vera")
    add_member(world.acme, vera, Role.VIEWER)

    page = text(web_as(vera).get(scene["url"]))

    assert "Grow revenue" in page
    assert "grade-form" not in page


def test_the_cycle_page_links_to_the_review_once_the_cycle_runs(world, web_as, scene):
    planning = make_cycle(world.acme, state=CycleState.PLANNING, name="Q4")
    client = web_as(world.alice)

    active = text(client.get(f"/o/acme/cycles/{scene['cycle'].pk}/"))
    planned = text(client.get(f"/o/acme/cycles/{planning.pk}/"))

    assert f'href="{scene["url"]}"' in active
    assert "OKR review (preview)" in active
    assert "/review/" not in planned


def _cost(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_for_2_and_40_objectives(world, web_as):
    team = make_team(world.acme)
    add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    urls = []
    for count in (2, 40):
        cycle = make_cycle(world.acme)
        for n in range(count):
            objective = make_objective(cycle, team=team if n % 2 else None, key_results=2)
            check_in(first_kr(objective), 30)
        to_review(cycle, world.alice_membership)
        services.accept_suggested_grades(cycle=cycle, by=world.bob_membership)
        urls.append(f"/o/acme/cycles/{cycle.pk}/review/")
    client = web_as(world.bob)
    client.get(urls[0])  # the session's first request does its own bookkeeping

    small, large = _cost(client, urls[0]), _cost(client, urls[1])
    assert small == large, (small, large)
    assert small < 15


def test_accepting_suggestions_before_the_review_says_grading_has_not_opened(world, web_as, scene):
    client = web_as(world.alice)

    response = submit(client, f"{scene['url']}accept-suggestions/")

    assert response.status_code == 302
    assert "grading opens when it moves to review" in text(client.get(scene["url"]))
    assert not Grade.objects.exists()
