"""The chart endpoints: one shape for every chart, and values computed by hand on small data."""

from __future__ import annotations

from datetime import timedelta

from okrum.core.time import today
from okrum.scrum import services as scrum
from tests.factories.charts import check_in_on, closed_sprints
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_sprint, started_sprint
from tests.factories.tenancy import add_member

BASE = "/api/v1/orgs/acme/insights"
CHART_KEYS = {"key", "title", "kind", "x_label", "y_label", "labels", "series", "bands"}


def points(chart, key):
    found = next(s for s in chart["series"] if s["key"] == key)
    return [(p["x"], p["y"]) for p in found["points"]]


def test_key_result_chart_answers_check_ins_pace_and_sprints(world, api_as):
    team = make_team(world.acme, name="Web")
    cycle = make_cycle(world.acme)
    kr = first_kr(make_objective(cycle, team=team, specs=[kr_spec(unit="%")]))
    s = cycle.starts_on
    check_in_on(kr, s + timedelta(days=3), "12.5")
    make_sprint(team, starts_on=s + timedelta(days=1), name="Sprint 1")

    response = api_as(world.bob_membership, scope="read").get(f"{BASE}/key-results/{kr.pk}/chart")

    assert response.status_code == 200
    body = response.json()
    assert (body["key_result"], body["kind"], body["unit"]) == (kr.pk, "increase_to", "%")
    [chart] = body["charts"]
    assert set(chart) == CHART_KEYS
    assert chart["key"] == "key_result"
    assert points(chart, "value") == [((s + timedelta(days=3)).isoformat(), 12.5)]
    assert points(chart, "pace") == [(s.isoformat(), 0.0), (cycle.ends_on.isoformat(), 100.0)]
    start, end = s + timedelta(days=1), s + timedelta(days=15)
    assert chart["bands"] == [
        {"label": "Web · Sprint 1", "start": start.isoformat(), "end": end.isoformat()}
    ]


def test_burn_answers_burndown_and_burnup(world, api_as):
    team = make_team(world.acme)
    a, b = make_item(team, estimate=3), make_item(team, estimate=5)
    sprint = started_sprint(team, [a, b])
    scrum.update_item(item=b, by=world.alice_membership, status="done")

    body = api_as(world.alice_membership).get(f"{BASE}/sprints/{sprint.pk}/burn").json()

    assert (body["sprint"], body["started"]) == (sprint.pk, True)
    assert (body["committed_points"], body["start_points"]) == (8.0, 8.0)
    down, up = body["charts"]
    assert (down["key"], up["key"]) == ("burndown", "burnup")
    days = down["labels"][:3]
    assert points(down, "remaining") == list(zip(days, [8.0, 8.0, 3.0], strict=True))
    assert points(up, "scope") == list(zip(days, [8.0, 8.0, 8.0], strict=True))
    assert points(up, "done") == list(zip(days, [0.0, 0.0, 5.0], strict=True))
    # 15 days from a Wednesday hold 11 working days; after the first, 8 * 10/11 (about 7.3) remain.
    assert points(down, "ideal")[0] == (days[0], 7.3)


def test_burn_of_a_planned_sprint_has_no_points_yet(world, api_as):
    sprint = make_sprint(make_team(world.acme))

    body = api_as(world.alice_membership).get(f"{BASE}/sprints/{sprint.pk}/burn").json()

    assert body["started"] is False
    assert body["committed_points"] is None
    assert [s["points"] for c in body["charts"] for s in c["series"]] == [[], [], [], []]
    assert body["charts"][0]["labels"][0] == sprint.starts_on.isoformat()


def test_velocity_answers_committed_and_done_per_closed_sprint(world, api_as):
    team = make_team(world.acme)
    closed_sprints(team, 2, today() - timedelta(days=40))

    body = api_as(world.alice_membership).get(f"{BASE}/teams/{team.pk}/velocity").json()

    assert body["team"] == team.pk
    [chart] = body["charts"]
    assert (chart["kind"], chart["labels"]) == ("bar", ["Sprint 1", "Sprint 2"])
    assert points(chart, "committed") == [("Sprint 1", 10.0), ("Sprint 2", 11.0)]
    assert points(chart, "done") == [("Sprint 1", 8.0), ("Sprint 2", 9.0)]


def test_review_chart_answers_grades_and_confidence(world, api_as):
    cycle = make_cycle(world.acme)
    objective = make_objective(cycle, title="Grow", key_results=2)
    one, two = objective.key_results.order_by("position", "id")
    check_in(one, 40, confidence=3)
    check_in(two, 80, confidence=6)
    viewer = add_member(world.acme, role="viewer")

    body = api_as(viewer, scope="read").get(f"{BASE}/cycles/{cycle.pk}/review-chart").json()

    assert body["cycle"] == cycle.pk
    grades, confidence = body["charts"]
    assert dict(points(grades, "yellow"))["0.4"] == 1.0
    assert dict(points(grades, "green"))["0.8"] == 1.0
    assert dict(points(grades, "red"))["0.4"] is None  # a band only counts its own grades
    assert sum(p["y"] or 0 for s in grades["series"] for p in s["points"]) == 2
    monday = today() - timedelta(days=today().weekday())
    [grow] = confidence["series"]
    assert grow["name"] == "Grow"
    assert dict(points(confidence, f"objective-{objective.pk}"))[monday.isoformat()] == 4.5


def test_another_organizations_key_result_is_unknown(world, api_as):
    theirs = first_kr(make_objective(make_cycle(world.globex)))

    response = api_as(world.alice_membership).get(f"{BASE}/key-results/{theirs.pk}/chart")

    assert response.status_code == 404
