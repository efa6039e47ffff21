"""The alignment report page: the roll-up, per-team tables and the three lists."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.okrs.models import CycleState
from tests.factories.alignment import bulk_alignment, close_cycle
from tests.factories.okrs import make_cycle, make_objective, make_team
from tests.factories.tenancy import add_member
from tests.insights.test_alignment_queries import build
from tests.web import text

URL = "/o/acme/insights/alignment/"


def test_the_page_explains_itself_and_shows_the_numbers(world, web_as):
    data = build(world.acme)

    page = text(web_as(world.alice).get(URL))

    assert "constant alignment between key results and sprint goals" in page
    assert "37%" in page
    assert "13 of 35 points" in page
    assert "2 of 3" in page  # sprint goals serving a key result
    assert "69%" in page
    assert "40%" in page
    assert f'href="/o/acme/sprints/{data.a2.pk}/"' in page
    assert "Tidy the basket" in page
    assert f'href="/o/acme/key-results/{data.kr4.pk}/"' in page
    assert f'href="/o/acme/items/{data.stale.pk}/"' in page
    assert f"SRC-{data.stale.number} Reindex" in page


def test_a_viewer_may_open_it_and_choose_a_cycle(world, web_as):
    data = build(world.acme)
    viewer = add_member(world.acme, role="viewer")

    response = web_as(viewer.user).get(f"{URL}?cycle={data.old.pk}")

    assert response.status_code == 200
    assert "Alignment report · Q2" in text(response)


def test_an_unknown_or_foreign_cycle_is_not_found(world, web_as):
    theirs = build(world.globex)
    client = web_as(world.alice)

    assert client.get(f"{URL}?cycle={theirs.cycle.pk}").status_code == 404
    assert client.get(f"{URL}?cycle=abc").status_code == 404


def test_without_a_cycle_it_says_so(world, web_as):
    page = text(web_as(world.alice).get(URL))

    assert "There is no cycle to report on yet" in page


def test_the_cycle_page_links_to_it(world, web_as):
    data = build(world.acme)

    page = text(web_as(world.alice).get(f"/o/acme/cycles/{data.cycle.pk}/"))

    assert f'href="/o/acme/insights/alignment/?cycle={data.cycle.pk}"' in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_costs_the_same_queries_for_20_and_2000_objectives(world, web_as):
    client = web_as(world.alice)
    old = make_cycle(world.acme, starts_on=today() - timedelta(days=200))
    make_objective(old, key_results=1)
    cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    team = make_team(world.acme)
    bulk_alignment(cycle, old, team, 20, 2)
    close_cycle(old)
    small = _queries(client)

    bulk_alignment(cycle, old, make_team(world.acme), 2000, 40)
    big = _queries(client)

    assert small == big
