"""The OKR review through the API: the review, grades (with reasons and ETags), suggestions."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs.models import Grade
from okrum.teams.services import add_team_member
from okrum.tenancy.models import AuditEvent
from tests.factories.okr_review import to_review
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team


@pytest.fixture
def scene(world: Any) -> Any:
    """A cycle in review: a committed company objective with a KR at 42%, Bob's team's at 100%."""
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
    check_in(first_kr(company), 42)
    check_in(first_kr(team_objective), 100)
    to_review(cycle, world.alice_membership)
    return {
        "cycle": cycle,
        "company_kr": first_kr(company),
        "team_kr": first_kr(team_objective),
        "company": company,
    }


def grade_url(kr: Any) -> str:
    return f"/orgs/acme/key-results/{kr.pk}/grade"


def test_an_override_without_a_reason_gets_422_naming_the_reason(world, api_as, scene):
    api = api_as(world.alice_membership)

    response = api.request("PUT", grade_url(scene["company_kr"]), json={"score": 0.7})

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["errors"][0]["field"] == "reason"
    assert "Say why the grade differs from the suggested 0.4" in body["errors"][0]["message"]
    assert not Grade.objects.exists()


def test_a_grade_is_put_then_read_back_with_its_etag(world, api_as, scene):
    api = api_as(world.alice_membership)

    put = api.request(
        "PUT", grade_url(scene["company_kr"]), json={"score": "0.7", "reason": "Deal signed"}
    )
    got = api.get(grade_url(scene["company_kr"]))

    assert put.status_code == 200, put.content
    assert got.status_code == 200
    body = got.json()
    assert body == put.json()
    assert {
        k: body[k] for k in ("key_result", "suggested", "score", "band", "reason", "version")
    } == {
        "key_result": scene["company_kr"].pk,
        "suggested": "0.4",
        "score": "0.7",
        "band": "green",
        "reason": "Deal signed",
        "version": 1,
    }
    assert body["graded_by"]["email"] == "alice@example.com"
    assert got["ETag"] == f'"{body_pk(scene)}-1"'


def body_pk(scene: Any) -> int:
    return Grade.objects.get(key_result=scene["company_kr"]).pk


def test_a_stale_if_match_gets_412_and_changes_nothing(world, api_as, scene):
    api = api_as(world.alice_membership)
    api.request("PUT", grade_url(scene["company_kr"]), json={"score": "0.4"})
    etag = api.get(grade_url(scene["company_kr"]))["ETag"]
    api.request("PUT", grade_url(scene["company_kr"]), json={"score": "0.5", "reason": "Better"})

    response = api.request(
        "PUT",
        grade_url(scene["company_kr"]),
        json={"score": "0.1", "reason": "Worse"},
        headers={"If-Match": etag},
    )

    assert response.status_code == 412
    assert str(Grade.objects.get().score) == "0.5"


def test_reading_a_grade_that_does_not_exist_gets_404(world, api_as, scene):
    response = api_as(world.alice_membership).get(grade_url(scene["company_kr"]))

    assert response.status_code == 404
    assert response.json()["detail"] == "This key result has no grade yet."


def test_a_score_between_tenths_gets_422_on_score(world, api_as, scene):
    response = api_as(world.alice_membership).request(
        "PUT", grade_url(scene["company_kr"]), json={"score": 0.45, "reason": "x"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "score"


def test_a_member_may_not_grade_a_company_key_result(world, api_as, scene):
    response = api_as(world.bob_membership).request(
        "PUT", grade_url(scene["company_kr"]), json={"score": "0.4"}
    )

    assert response.status_code == 403
    assert "company objectives" in response.json()["detail"]


def test_grades_are_refused_with_409_once_the_cycle_is_closed(world, api_as, scene):
    api = api_as(world.alice_membership)
    api.request("PUT", grade_url(scene["company_kr"]), json={"score": "0.4"})
    closed = api.post(f"/orgs/acme/cycles/{scene['cycle'].pk}/transition", json={"state": "closed"})
    assert closed.json()["state"] == "closed"

    response = api.request(
        "PUT", grade_url(scene["company_kr"]), json={"score": "0.9", "reason": "Too late"}
    )
    accept = api.post(f"/orgs/acme/cycles/{scene['cycle'].pk}/review/accept-suggestions")

    assert response.status_code == 409
    assert "closed: its grades are read-only" in response.json()["detail"]
    assert accept.status_code == 409
    assert api.get(grade_url(scene["company_kr"])).json()["score"] == "0.4"


def test_accepting_suggestions_answers_how_many_were_graded(world, api_as, scene):
    api = api_as(world.bob_membership)

    bob = api.post(f"/orgs/acme/cycles/{scene['cycle'].pk}/review/accept-suggestions")
    alice = api_as(world.alice_membership).post(
        f"/orgs/acme/cycles/{scene['cycle'].pk}/review/accept-suggestions"
    )

    assert bob.status_code == 200, bob.content
    assert bob.json() == {"accepted": 1, "graded": 1, "total": 3}
    assert alice.json() == {"accepted": 2, "graded": 3, "total": 3}
    assert AuditEvent.objects.for_org(world.acme).filter(action="grade.created").count() == 3


def test_the_review_lists_objectives_with_scores_bands_and_goals(world, api_as, scene):
    api = api_as(world.alice_membership)
    api.request("PUT", grade_url(scene["company_kr"]), json={"score": "0.4"})

    response = api.get(f"/orgs/acme/cycles/{scene['cycle'].pk}/review")

    assert response.status_code == 200
    body = response.json()
    assert body["cycle"]["state"] == "review"
    assert body["grading_open"] is True
    assert (body["graded"], body["total"]) == (1, 3)
    assert body["distribution"] == {"red": 1, "yellow": 1, "green": 1}
    company, team = body["objectives"]
    assert company["title"] == "Grow revenue"
    assert company["team"] is None
    # (0.4 graded + 0.0 suggested) / 2
    assert (company["score"], company["uses_suggestions"], company["met_bar"]) == (
        "0.2",
        True,
        False,
    )
    assert company["bar"] == "1"
    assert [kr["graded"] for kr in company["key_results"]] == [True, False]
    assert company["key_results"][0]["grade"]["score"] == "0.4"
    assert company["key_results"][1]["grade"] is None
    assert team["team"]["name"] == "Checkout"
    assert (team["score"], team["met_bar"], team["band"]) == ("1", True, "green")
    assert body["goals"] == []


def test_the_review_costs_the_same_for_few_and_many_objectives(world, api_as, scene):
    api = api_as(world.alice_membership)
    url = f"/orgs/acme/cycles/{scene['cycle'].pk}/review"
    api.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        api.get(url)
    for _ in range(20):
        make_objective(scene["cycle"], key_results=2)

    with CaptureQueriesContext(connection) as many:
        response = api.get(url)

    assert len(response.json()["objectives"]) == 22
    assert len(many) == len(few)


def test_another_organization_s_key_result_is_unknown(world, api_as, scene):
    response = api_as(world.charlie_membership).request(
        "PUT", f"/orgs/globex/key-results/{scene['company_kr'].pk}/grade", json={"score": "0.4"}
    )

    assert response.status_code == 404


def test_a_score_that_is_not_a_number_gets_422_on_score(world, api_as, scene):
    response = api_as(world.alice_membership).request(
        "PUT", grade_url(scene["company_kr"]), json={"score": "high"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "score"
    assert not Grade.objects.exists()
