"""The sprint review through the API: read it, open it, write feedback with If-Match."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.scrum import services
from okrum.scrum.models import ItemStatus, SprintReview
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import check_in
from tests.factories.scrum import make_item, make_sprint
from tests.factories.sprint_review import review_setup
from tests.factories.tenancy import add_member


def url(sprint) -> str:
    return f"/orgs/acme/sprints/{sprint.pk}/review"


def test_it_reads_a_review_not_opened_yet_with_live_key_results(world, api_as):
    s = review_setup(world)
    check_in(s.kr, 26, confidence=8)
    viewer = add_member(world.acme, make_user(name="Vera"), Role.VIEWER)

    response = api_as(viewer, scope="read").get(url(s.sprint))

    assert response.status_code == 200
    body = response.json()
    assert body["review"] is None
    assert "ETag" not in response
    assert body["sprint"]["state"] == "active"
    (kr,) = body["key_results"]
    assert kr["id"] == s.kr.pk
    assert kr["unit"] == "%"
    assert kr["goal"] is True
    assert (Decimal(kr["start_value"]), Decimal(kr["current_value"])) == (20, 26)
    assert Decimal(kr["change"]) == 6
    assert Decimal(kr["progress_points"]) == 20
    assert (kr["start_confidence"], kr["current_confidence"]) == (6, 8)
    assert kr["final"] is False
    assert body["numbers"]["done_items"] == 2
    assert Decimal(body["numbers"]["done_points"]) == 6
    assert Decimal(body["numbers"]["committed_points"]) == 9
    assert body["increment"] == [
        {
            "key_result": s.kr.pk,
            "items": [
                {"id": i.pk, "key": i.key, "title": i.title, "status": "done", "estimate": "3"}
                for i in s.items[:2]
            ],
        }
    ]


def test_a_member_opens_the_review_with_201_then_200(world, api_as):
    s = review_setup(world)
    bob = api_as(world.bob_membership)

    first = bob.post(url(s.sprint))
    second = bob.post(url(s.sprint))

    assert (first.status_code, second.status_code) == (201, 200)
    review = first.json()["review"]
    assert review["started_by"]["name"] == "Bob"
    assert review["editable"] is True
    assert first["ETag"] == f'"{review["id"]}-1"'
    assert SprintReview.objects.filter(sprint=s.sprint).count() == 1


def test_opening_the_review_of_a_planned_sprint_is_422(world, api_as):
    s = review_setup(world)
    planned = make_sprint(s.team, name="Next")

    response = api_as(world.alice_membership).post(url(planned))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "state", "message": "Next has not started; its review opens once it is active."}
    ]


def test_feedback_is_patched_with_if_match_and_a_stale_tag_gets_412(world, api_as):
    s = review_setup(world)
    bob = api_as(world.bob_membership)
    etag = bob.post(url(s.sprint))["ETag"]

    saved = bob.patch(url(s.sprint), {"feedback": "Guests love it"}, headers={"If-Match": etag})
    stale = bob.patch(url(s.sprint), {"notes": "Overwrite"}, headers={"If-Match": etag})

    assert saved.status_code == 200
    assert saved.json()["review"]["feedback"] == "Guests love it"
    assert saved["ETag"] != etag
    assert stale.status_code == 412
    review = SprintReview.objects.get(sprint=s.sprint)
    assert (review.feedback, review.notes, review.version) == ("Guests love it", "", 2)


def test_patching_a_review_never_opened_is_404(world, api_as):
    s = review_setup(world)

    response = api_as(world.bob_membership).patch(url(s.sprint), {"notes": "Hello"})

    assert response.status_code == 404
    assert response.json()["detail"] == "No review yet: open it with POST first."


def test_a_member_outside_the_team_may_not_write_the_review(world, api_as):
    s = review_setup(world)
    services.open_review(sprint=s.sprint, by=world.alice_membership)
    outsider = add_member(world.acme, make_user(name="Olga"), Role.MEMBER)

    response = api_as(outsider).patch(url(s.sprint), {"feedback": "Mine now"})

    assert response.status_code == 403
    assert SprintReview.objects.get(sprint=s.sprint).feedback == ""


def test_backlog_changes_made_during_the_review_are_listed(world, api_as):
    s = review_setup(world)
    bob = api_as(world.bob_membership)
    bob.post(url(s.sprint))
    created = bob.post(
        "/orgs/acme/backlog-items", {"team": s.team.pk, "title": "Offer PayPal"}
    ).json()

    body = bob.get(url(s.sprint)).json()

    (change,) = body["backlog_changes"]
    assert change["item"]["id"] == created["id"]
    assert change["field"] == "created"
    assert change["actor"]["name"] == "Bob"
    assert body["more_backlog_changes"] is False


def test_after_the_close_it_answers_the_stored_end_values(world, api_as):
    s = review_setup(world)
    check_in(s.kr, 30)
    services.close_sprint(sprint=s.sprint, by=world.alice_membership)
    check_in(s.kr, 39)

    (kr,) = api_as(world.bob_membership).get(url(s.sprint)).json()["key_results"]

    assert Decimal(kr["current_value"]) == 30
    assert Decimal(kr["change"]) == 10
    assert kr["final"] is True


def test_reading_the_review_costs_the_same_queries_for_few_and_many_items(world, api_as):
    s = review_setup(world, items=5, done=5)
    bob = api_as(world.bob_membership)
    bob.post(url(s.sprint))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert bob.get(url(s.sprint)).status_code == 200
        return len(captured.captured_queries)

    few = count()
    for _ in range(20):
        item = make_item(s.team, sprint=s.sprint, estimate=Decimal(1))
        services.update_item(item=item, by=world.alice_membership, status=ItemStatus.DONE)
    assert count() == few
