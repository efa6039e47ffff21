"""The organization's home in an active cycle: the dashboard, for every role, at a fixed cost."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import now
from okrum.okrs.models import CheckIn, CycleState
from okrum.tenancy.roles import Role
from tests.factories.dashboard import bulk_objectives, closed_sprints, known_cycle
from tests.factories.okrs import check_in, make_cycle
from tests.factories.onboarding import make_staffed_team
from tests.factories.scrum import make_item
from tests.factories.tenancy import add_member
from tests.web import text


def section(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</section>", start)]


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_home_of_an_active_cycle_is_the_dashboard(world, web_as):
    known = known_cycle(world.acme)

    page = text(web_as(world.alice).get("/o/acme/"))

    assert 'data-testid="dashboard"' in page
    assert "Welcome to Okrum" not in page
    direction = squeeze(section(page, "direction"))
    assert "Vision The shop runners trust" in direction
    assert "Focus Improve the checkout" in direction
    counts = squeeze(section(page, "status-counts"))
    assert "6 key results 1 Off track 1 At risk 2 On track 1 Achieved 1 No check-in yet" in counts
    assert "3 objectives 1 Off track 0 At risk 2 On track 0 Achieved 0 No check-in yet" in counts
    company = section(page, "company-objectives")
    assert f'href="/o/acme/objectives/{known.company.pk}/">Delight customers</a>' in company
    assert "60%" in company
    assert "Confidence <strong>6.5</strong>/10" in company
    teams = squeeze(section(page, "team-objectives"))
    assert teams.index("Checkout") < teams.index("Checkout converts") < teams.index("Search")


def test_behind_pace_reads_in_words_with_its_forecasts(world, web_as):
    known = known_cycle(world.acme)
    cart = known.krs["Cart saves"]
    CheckIn.objects.filter(key_result=cart).update(created_at=now() - timedelta(days=10))
    check_in(cart, Decimal(12), confidence=3)
    # Search has a velocity of 10 points a sprint and 5 open points linked to its key result.
    closed_sprints(known.search, [10, 10, 10])
    make_item(known.search, estimate=Decimal(5), key_results=[known.krs["Click rate"]])
    make_item(known.checkout, estimate=Decimal(3), key_results=[known.krs["Returns handled"]])

    page = text(web_as(world.bob).get("/o/acme/"))

    behind = section(page, "behind-pace")
    titles = re.findall(r"<strong>([^<]+)</strong></a>", behind)
    assert titles == ["Cart saves", "Returns handled", "Click rate"]
    words = squeeze(behind)
    assert "12% done, 50% expected" in words
    assert "At this pace 22% by the end of the cycle." in words
    assert "100% chance the linked work is done by the end." in words
    assert "The linked work's forecast needs three closed sprints." in words  # Checkout has none
    assert "owner Alice" in words


def test_stale_check_ins_and_the_team_table(world, web_as):
    known = known_cycle(world.acme)

    page = text(web_as(world.alice).get("/o/acme/"))

    stale = squeeze(section(page, "stale"))
    assert "2 key results have no check-in within the cycle's weekly cadence" in stale
    assert stale.index("Zero results gone") < stale.index("Returns handled")
    assert "never checked in" in stale
    teams = section(page, "home-summary")
    assert f'href="/o/acme/sprints/{known.sprint.pk}/">Sprint 7</a>, 12 days left' in teams
    assert "Goal: Pay in one click" in teams
    assert f'href="/o/acme/teams/{known.checkout.pk}/board/"' in teams
    assert "1, average 55%" in teams
    assert "no sprint running" in teams


def test_a_viewer_opens_the_dashboard_too(world, web_as):
    known_cycle(world.acme)
    viewer = add_member(world.acme, role=Role.VIEWER)

    response = web_as(viewer.user).get("/o/acme/")

    assert response.status_code == 200
    assert 'data-testid="dashboard"' in text(response)
    assert "Cart saves" in section(text(response), "behind-pace")


def test_a_cycle_in_planning_keeps_the_guide(world, web_as):
    make_cycle(world.acme, state=CycleState.PLANNING)

    page = text(web_as(world.alice).get("/o/acme/"))

    assert 'data-testid="dashboard"' not in page
    assert "Welcome to Okrum" in page


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_costs_the_same_queries_for_20_and_2000_objectives(world, web_as):
    client = web_as(world.alice)
    cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    teams = [make_staffed_team(world.acme, name=f"Team {n}") for n in range(4)]
    bulk_objectives(cycle, teams, 20)
    small = queries_of(client, "/o/acme/")

    bulk_objectives(cycle, teams, 1980)

    assert queries_of(client, "/o/acme/") == small
