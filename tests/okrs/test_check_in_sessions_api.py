"""The check-in session through the API: a team's key results read, recorded at once; owed ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import now
from okrum.okrs.models import CheckIn, KeyResult
from okrum.teams.models import Team
from tests.factories.check_in_sessions import age, make_session
from tests.factories.okrs import check_in, kr_spec, make_objective

ORG = "/orgs/acme"


@pytest.fixture
def bob(world, api_as):
    return api_as(world.bob_membership)


@pytest.fixture
def alice(world, api_as):
    return api_as(world.alice_membership)


def session_url(cycle) -> str:
    return f"{ORG}/cycles/{cycle.pk}/check-in-session"


def body(s, *values, confidence=7):
    rows = [
        {"key_result": kr.pk, "value": v, "confidence": confidence, "note": f"row {i}"}
        for i, (kr, v) in enumerate(zip(s.key_results, values, strict=False))
    ]
    return {"team": s.team.pk, "rows": rows}


def test_the_session_lists_the_teams_key_results_prefilled_and_flagged(world, bob):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    done, waiting = s.key_results
    check_in(done, 40, confidence=6, note="Halfway there")
    make_objective(s.cycle, title="Company objective")  # another session's

    response = bob.get(f"{session_url(s.cycle)}?team={s.team.pk}")

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["team"] == {"id": s.team.pk, "name": s.team.name}
    assert data["open"] is True
    assert data["stale_count"] == 1
    first, second = data["rows"]
    assert first["key_result"] == done.pk
    assert (first["value"], first["confidence"], first["note"]) == ("40", 6, "Halfway there")
    assert (first["stale"], first["status"], first["progress"]) == (False, "on_track", "0.4")
    assert first["may_check_in"] is True
    assert (second["key_result"], second["value"], second["stale"]) == (waiting.pk, None, True)


def test_without_a_team_it_is_the_company_session(world, bob):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    company = make_objective(s.cycle, title="Grow", specs=[kr_spec(title="Revenue")])
    data = bob.get(session_url(s.cycle)).json()
    assert data["team"] is None
    assert [r["title"] for r in data["rows"]] == ["Revenue"]
    assert data["rows"][0]["objective"] == {"id": company.pk, "title": "Grow"}
    assert data["rows"][0]["may_check_in"] is False  # Bob is no admin


def test_the_session_costs_the_same_queries_for_60_key_results_as_for_3(world, bob):
    small = make_session(world.acme, world.bob_membership, key_results=3)
    big = make_session(world.acme, world.bob_membership, key_results=3)
    for _ in range(19):
        make_objective(big.cycle, team=big.team, key_results=3)
    for kr in KeyResult.objects.filter(objective__cycle=big.cycle)[:30]:
        check_in(kr, 10, note="noted")
    bob.get(session_url(small.cycle))  # the token's first use is recorded once

    def measure(s) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = bob.get(f"{session_url(s.cycle)}?team={s.team.pk}")
        assert response.status_code == 200
        return len(queries), len(response.json()["rows"])

    few, three = measure(small)
    many, sixty = measure(big)
    assert (three, sixty) == (3, 60)
    assert many == few


def test_posting_the_session_records_every_row(world, bob):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    response = bob.post(session_url(s.cycle), body(s, 10, "25.5"))
    assert response.status_code == 201, response.content
    check_ins = response.json()["check_ins"]
    assert [(c["key_result"], c["value"], c["note"]) for c in check_ins] == [
        (s.key_results[0].pk, "10", "row 0"),
        (s.key_results[1].pk, "25.5", "row 1"),
    ]
    assert {c["source"] for c in check_ins} == {"api"}
    assert bob.get(f"{session_url(s.cycle)}?team={s.team.pk}").json()["stale_count"] == 0


def test_one_invalid_row_answers_422_naming_it_and_saves_nothing(world, bob):
    s = make_session(world.acme, world.bob_membership, key_results=3)
    payload = body(s, 10, 20, 30)
    payload["rows"][1]["confidence"] = 12
    response = bob.post(session_url(s.cycle), payload)
    assert response.status_code == 422
    data = response.json()
    assert data["errors"] == [
        {"field": "rows.1.confidence", "message": "Confidence is a whole number from 0 to 10."}
    ]
    assert "row 2" in data["detail"]
    assert s.key_results[1].title in data["detail"]
    assert CheckIn.objects.count() == 0


def test_a_value_that_is_no_number_is_a_422_on_its_row(world, bob):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    payload = body(s, 10, 20)
    payload["rows"][1]["value"] = "lots"
    response = bob.post(session_url(s.cycle), payload)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["rows.1.value"]
    assert CheckIn.objects.count() == 0


def test_a_key_result_outside_the_session_is_a_422_on_its_row(world, bob):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    other = make_session(world.acme, world.bob_membership, key_results=1)
    payload = body(s, 10)
    payload["rows"].append({"key_result": other.key_results[0].pk, "value": 1, "confidence": 5})
    response = bob.post(session_url(s.cycle), payload)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["rows.1.key_result"]
    assert CheckIn.objects.count() == 0


def test_another_organizations_team_is_404_in_the_query_and_422_in_the_body(world, bob):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    theirs = Team.objects.create(organization=world.globex, name="Theirs", key="THR")
    assert bob.get(f"{session_url(s.cycle)}?team={theirs.pk}").status_code == 404
    payload = body(s, 1)
    payload["team"] = theirs.pk
    response = bob.post(session_url(s.cycle), payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "team"


def test_a_member_outside_the_team_is_refused(world, bob):
    s = make_session(world.acme, world.alice_membership, key_results=1)
    response = bob.post(session_url(s.cycle), body(s, 1))
    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_owed_lists_my_stale_key_results_of_active_cycles(world, bob, alice):
    s = make_session(world.acme, world.bob_membership, key_results=3)
    current, old, never = s.key_results
    check_in(current, 1)
    check_in(old, 1)
    age(old, 10)
    make_session(world.acme, world.alice_membership, key_results=1)  # Alice's, not Bob's
    unowned = make_objective(s.cycle, team=s.team, specs=[kr_spec(title="Nobody's")])

    data = bob.get(f"{ORG}/check-ins/owed").json()

    titles = [item["title"] for item in data["items"]]
    assert sorted(titles) == sorted([old.title, never.title, "Nobody's"])
    assert data["next_cursor"] is None
    item = next(i for i in data["items"] if i["key_result"] == old.pk)
    assert item["team"] == {"id": s.team.pk, "name": s.team.name}
    assert item["cycle"] == s.cycle.pk
    assert item["objective"]["id"] == s.objective.pk
    assert unowned.pk in {i["objective"]["id"] for i in data["items"]}
    assert len(alice.get(f"{ORG}/check-ins/owed").json()["items"]) == 1


def test_key_results_of_the_api_say_whether_they_are_stale(world, alice):
    s = make_session(world.acme, world.bob_membership, key_results=2, cadence="per_sprint")
    check_in(s.key_results[0], 1)
    check_in(s.key_results[1], 1)
    age(s.key_results[0], 1)  # checked in yesterday, before the sprint began
    Team.objects.filter(pk=s.team.pk).update(sprint_started_at=now() - timedelta(hours=1))
    items = alice.get(f"{ORG}/key-results?cycle={s.cycle.pk}").json()["items"]
    assert [i["stale"] for i in items] == [True, False]
    one = alice.get(f"{ORG}/key-results/{s.key_results[0].pk}").json()
    assert one["stale"] is True
    objective = alice.get(f"{ORG}/objectives/{s.objective.pk}").json()
    assert [k["stale"] for k in objective["key_results"]] == [True, False]
