"""The sprint review page: key results then and now, inline check-ins, feedback, items, close."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import now
from okrum.okrs.models import CheckIn, Cycle, CycleState, KeyResult
from okrum.scrum import services
from okrum.scrum.models import BacklogItem, ItemStatus, Sprint, SprintReview, SprintState
from okrum.teams.services import add_team_member
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import check_in, make_objective
from tests.factories.scrum import make_item, make_sprint
from tests.factories.sprint_review import review_setup
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


def page_url(sprint) -> str:
    return f"/o/acme/sprints/{sprint.pk}/review/"


def test_the_page_explains_the_review_and_shows_start_now_and_change(world, web_as):
    s = review_setup(world)
    check_in(s.kr, 26, confidence=8)

    response = web_as(world.bob).get(page_url(s.sprint))

    assert response.status_code == 200
    page = text(response)
    assert "how far the key results moved" in page
    assert "Start the sprint review" in page
    row = page[page.index(f'id="review-kr-{s.kr.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "20%" in row
    assert "26%" in row
    assert "up 6%" in row
    assert "+20 progress points" in row
    assert "Save check-in" in row
    assert "Close Sprint 1" in page


def test_the_sprint_page_links_to_its_review(world, web_as):
    s = review_setup(world)

    page = text(web_as(world.bob).get(f"/o/acme/sprints/{s.sprint.pk}/"))

    assert f'href="/o/acme/sprints/{s.sprint.pk}/review/"' in page


def test_a_member_starts_the_review_and_saves_feedback(world, web_as):
    s = review_setup(world)
    client = web_as(world.bob)

    opened = submit(client, f"{page_url(s.sprint)}open/")
    saved = submit(
        client, f"{page_url(s.sprint)}notes/", {"feedback": "Guests love it", "notes": "PayPal?"}
    )

    assert opened.status_code == saved.status_code == 302
    review = SprintReview.objects.get(sprint=s.sprint)
    assert (review.feedback, review.notes) == ("Guests love it", "PayPal?")
    page = text(client.get(page_url(s.sprint)))
    assert "Guests love it" in page
    assert "Start the sprint review" not in page


def test_a_stakeholder_reads_the_review_but_cannot_write_it(world, web_as):
    s = review_setup(world)
    services.open_review(sprint=s.sprint, by=world.alice_membership)
    stan = make_user(name="Stan")
    stakeholder = add_member(world.acme, stan, Role.MEMBER)
    add_team_member(
        team=s.team,
        by=world.alice_membership,
        membership=stakeholder,
        accountability="stakeholder",
    )
    client = web_as(stan)

    page = text(client.get(page_url(s.sprint)))
    refused = submit(client, f"{page_url(s.sprint)}notes/", {"feedback": "Mine"})

    assert "Save feedback and notes" not in page
    assert "None written." in page
    assert refused.status_code == 403
    assert SprintReview.objects.get(sprint=s.sprint).feedback == ""


def test_an_inline_check_in_answers_the_row_with_the_new_change(world, web_as):
    s = review_setup(world)
    client = web_as(world.bob)

    response = submit(
        client,
        f"{page_url(s.sprint)}key-results/{s.kr.pk}/check-in/",
        {"value": "31", "confidence": "8", "note": "Guest checkout live"},
        headers=HTMX,
    )

    assert response.status_code == 200
    row = text(response)
    assert row.startswith(f'<tr id="review-kr-{s.kr.pk}"')
    assert "31%" in row
    assert "up 11%" in row
    assert "Check-in saved." in row
    latest = CheckIn.objects.filter(key_result=s.kr).latest("created_at")
    assert (latest.value, latest.confidence, latest.note) == (
        Decimal(31),
        8,
        "Guest checkout live",
    )


def test_an_invalid_check_in_comes_back_with_its_message_and_saves_nothing(world, web_as):
    s = review_setup(world)
    before = CheckIn.objects.count()

    response = submit(
        web_as(world.bob),
        f"{page_url(s.sprint)}key-results/{s.kr.pk}/check-in/",
        {"value": "31", "confidence": "12"},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "Confidence is a whole number from 0 to 10." in text(response)
    assert CheckIn.objects.count() == before


def test_a_check_in_when_the_cycle_is_closed_is_409_with_the_reason(world, web_as):
    s = review_setup(world)
    Cycle.objects.filter(pk=s.kr.objective.cycle_id).update(state=CycleState.CLOSED)
    before = CheckIn.objects.count()

    response = submit(
        web_as(world.bob),
        f"{page_url(s.sprint)}key-results/{s.kr.pk}/check-in/",
        {"value": "31", "confidence": "7"},
        headers=HTMX,
    )

    assert response.status_code == 409
    assert "is closed; its check-ins can no longer change" in text(response)
    assert CheckIn.objects.count() == before


def test_a_check_in_of_a_key_result_the_goal_does_not_serve_is_404(world, web_as):
    s = review_setup(world)
    other = make_sprint(s.team, name="Next")

    response = submit(
        web_as(world.bob),
        f"{page_url(other)}key-results/{s.kr.pk}/check-in/",
        {"value": "31", "confidence": "7"},
        headers=HTMX,
    )

    assert response.status_code == 404


def test_an_item_added_during_the_review_lands_in_the_backlog_and_the_changes(world, web_as):
    s = review_setup(world)
    client = web_as(world.bob)
    submit(client, f"{page_url(s.sprint)}open/")

    response = submit(
        client, f"{page_url(s.sprint)}items/", {"title": "Offer PayPal", "kind": "story"}
    )

    assert response.status_code == 302
    item = BacklogItem.objects.get(title="Offer PayPal")
    assert item.sprint_id is None
    page = text(client.get(page_url(s.sprint)))
    changes = page[page.index('data-testid="review-changes"') :]
    assert "Offer PayPal: Added to the backlog as New" in changes


def test_an_item_without_a_title_comes_back_with_422(world, web_as):
    s = review_setup(world)
    client = web_as(world.bob)
    submit(client, f"{page_url(s.sprint)}open/")
    count = BacklogItem.objects.count()

    response = submit(client, f"{page_url(s.sprint)}items/", {"title": "", "kind": "story"})

    assert response.status_code == 422
    assert "This field is required." in text(response)
    assert BacklogItem.objects.count() == count


def test_closing_from_the_review_carries_unfinished_items_over_and_stays_readable(world, web_as):
    s = review_setup(world, items=3, done=2)
    check_in(s.kr, 30, confidence=7)
    next_sprint = make_sprint(s.team, name="Sprint 2")
    client = web_as(world.bob)

    response = submit(client, f"{page_url(s.sprint)}close/", {"unfinished_to": str(next_sprint.pk)})
    check_in(s.kr, 39, confidence=9)

    assert response.status_code == 302
    s.sprint.refresh_from_db()
    assert s.sprint.state == SprintState.CLOSED
    s.items[2].refresh_from_db()
    assert s.items[2].sprint_id == next_sprint.pk
    page = text(client.get(page_url(s.sprint)))
    assert "At close" in page
    assert "up 10%" in page
    assert "39%" not in page
    assert "Close Sprint 1" not in page
    assert "Save check-in" not in page


def test_closing_with_an_unknown_destination_comes_back_with_422(world, web_as):
    s = review_setup(world, items=3, done=2)

    response = submit(web_as(world.bob), f"{page_url(s.sprint)}close/", {"unfinished_to": "999"})

    assert response.status_code == 422
    s.sprint.refresh_from_db()
    assert s.sprint.state == SprintState.ACTIVE


def test_a_planned_sprint_says_its_review_opens_later(world, web_as):
    s = review_setup(world)
    planned = make_sprint(s.team, name="Next")

    page = text(web_as(world.bob).get(page_url(planned)))

    assert "has not started yet" in page
    assert "Start the sprint review" not in page


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_page_costs_the_same_queries_for_few_and_many_items_and_key_results(world, web_as):
    s = review_setup(world, items=5, done=5)
    services.open_review(sprint=s.sprint, by=world.alice_membership)
    client = web_as(world.bob)
    few = queries_of(client, page_url(s.sprint))

    objective = make_objective(s.kr.objective.cycle, team=s.team, key_results=9)
    krs = [s.kr, *KeyResult.objects.filter(objective=objective)]
    services.update_sprint(sprint=s.sprint, by=world.alice_membership, goal_key_results=krs)
    for _ in range(30):
        item = make_item(s.team, sprint=s.sprint, estimate=Decimal(1), key_results=krs[:4])
        services.update_item(item=item, by=world.alice_membership, status=ItemStatus.DONE)
    make_item(s.team, sprint=s.sprint)

    assert queries_of(client, page_url(s.sprint)) == few


def test_a_viewer_reads_the_review_without_any_form(world, web_as):
    s = review_setup(world)
    services.open_review(sprint=s.sprint, by=world.alice_membership)
    vera = make_user(name="Vera")
    add_member(world.acme, vera, Role.VIEWER)

    page = text(web_as(vera).get(page_url(s.sprint)))

    assert "You can look, but only the Scrum Team and admins change this sprint review" in page
    for control in (
        "Save check-in",
        "Save feedback and notes",
        "Add to the backlog",
        "Close Sprint",
    ):
        assert control not in page
    assert "no change" in page.split('data-testid="kr-change"')[1]


def test_saving_a_review_closed_too_long_ago_says_why_and_changes_nothing(world, web_as):
    s = review_setup(world)
    services.open_review(sprint=s.sprint, by=world.alice_membership)
    services.close_sprint(sprint=s.sprint, by=world.alice_membership)
    Sprint.objects.filter(pk=s.sprint.pk).update(closed_at=now() - timedelta(days=20))

    response = submit(web_as(world.bob), f"{page_url(s.sprint)}notes/", {"notes": "Too late"})

    assert response.status_code == 409
    assert "its review is kept as it was written" in text(response)
    assert SprintReview.objects.get(sprint=s.sprint).notes == ""
