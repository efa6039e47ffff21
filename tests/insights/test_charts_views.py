"""The chart fragments and where their host pages load them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.scrum import services as scrum
from tests.factories.charts import check_in_on, closed_sprints
from tests.factories.okrs import check_in, first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_sprint, started_sprint
from tests.factories.tenancy import add_member


def text(response) -> str:
    """The response's words without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


ORG = "/o/acme"


def chart_data(response, source):
    html = response.content.decode()
    marker = f'<script id="{source}" type="application/json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_the_key_result_fragment_has_canvas_data_and_numbers(world, web_as):
    cycle = make_cycle(world.acme)
    kr = first_kr(make_objective(cycle))
    check_in_on(kr, cycle.starts_on + timedelta(days=4), 30)
    viewer = add_member(world.acme, role="viewer")

    response = web_as(viewer.user).get(f"{ORG}/insights/key-results/{kr.pk}/chart/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-chart-source="kr-chart-{kr.pk}"' in html
    data = chart_data(response, f"kr-chart-{kr.pk}")
    assert data["charts"][0]["series"][0]["points"][0]["y"] == 30.0
    page = text(response)
    assert "Value over the cycle" in page
    day = (cycle.starts_on + timedelta(days=4)).isoformat()
    assert f"{day} 30 -" in page  # the table row: the check-in, no pace point that day
    assert "No sprint of a team working on it overlaps the cycle." in page


def test_the_burn_fragment_draws_two_charts_once_started(world, web_as):
    team = make_team(world.acme)
    item = make_item(team, estimate=2)
    sprint = started_sprint(team, [item])
    scrum.update_item(item=item, by=world.alice_membership, status="done")

    response = web_as(world.bob).get(f"{ORG}/insights/sprints/{sprint.pk}/burn/")

    html = response.content.decode()
    assert 'data-testid="chart-burndown"' in html
    assert 'data-testid="chart-burnup"' in html
    assert "The numbers of “Burnup”" in text(response)


def test_the_burn_fragment_of_a_planned_sprint_says_when_it_starts(world, web_as):
    sprint = make_sprint(make_team(world.acme))

    response = web_as(world.alice).get(f"{ORG}/insights/sprints/{sprint.pk}/burn/")

    assert "start when the sprint starts" in text(response)
    assert "<canvas" not in response.content.decode()


def test_the_velocity_fragment_waits_for_a_closed_sprint(world, web_as):
    team = make_team(world.acme, name="Web")
    client = web_as(world.alice)

    empty = client.get(f"{ORG}/insights/teams/{team.pk}/velocity/")
    closed_sprints(team, 2, today() - timedelta(days=40))
    full = client.get(f"{ORG}/insights/teams/{team.pk}/velocity/")

    assert "appears when Web closes its first sprint" in text(empty)
    assert 'data-testid="chart-velocity"' in full.content.decode()
    assert "Sprint 2 11 9" in text(full)


def test_the_review_fragment_has_both_charts(world, web_as):
    cycle = make_cycle(world.acme)
    check_in(first_kr(make_objective(cycle, title="Grow")), 50, confidence=6)

    response = web_as(world.alice).get(f"{ORG}/insights/cycles/{cycle.pk}/review-chart/")

    html = response.content.decode()
    assert 'data-testid="chart-grades"' in html
    assert 'data-testid="chart-confidence"' in html
    assert "0.5 - 1 -" in text(response)  # one key result graded 0.5, in the yellow band


def test_host_pages_load_their_chart_with_htmx(world, web_as):
    team = make_team(world.acme)
    cycle = make_cycle(world.acme)
    kr = first_kr(make_objective(cycle, team=team))
    sprint = started_sprint(team, [make_item(team, estimate=1)])
    client = web_as(world.alice)

    pages = {
        f"{ORG}/key-results/{kr.pk}/": f"{ORG}/insights/key-results/{kr.pk}/chart/",
        f"{ORG}/sprints/{sprint.pk}/": f"{ORG}/insights/sprints/{sprint.pk}/burn/",
        f"{ORG}/teams/{team.pk}/sprints/": f"{ORG}/insights/teams/{team.pk}/velocity/",
        f"{ORG}/cycles/{cycle.pk}/review/": f"{ORG}/insights/cycles/{cycle.pk}/review-chart/",
    }
    for page, fragment in pages.items():
        html = client.get(page).content.decode()
        assert f'hx-get="{fragment}"' in html, page
        assert "okrum/charts.js" in html, page


def test_a_fragment_costs_the_same_for_few_and_many_check_ins(world, web_as):
    cycle = make_cycle(world.acme)
    small, large = first_kr(make_objective(cycle)), first_kr(make_objective(cycle))
    check_in(small, 1)
    for n in range(60):
        check_in(large, n)
    client = web_as(world.alice)

    counts = []
    for kr in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"{ORG}/insights/key-results/{kr.pk}/chart/")
        counts.append(len(ctx.captured_queries))

    assert counts[0] == counts[1]
