"""Opening a sprint review and writing its feedback and notes: who, when, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.scrum import services
from okrum.scrum.models import Sprint, SprintReview
from okrum.teams.services import add_team_member
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.scrum import make_sprint
from tests.factories.sprint_review import review_setup
from tests.factories.tenancy import add_member


def audits(world, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_org(world.acme).filter(action=action).order_by("id"))


def closed(sprint: Sprint, by, days_ago: int = 0) -> Sprint:
    services.close_sprint(sprint=sprint, by=by)
    if days_ago:
        Sprint.objects.filter(pk=sprint.pk).update(
            closed_at=sprint.closed_at - timedelta(days=days_ago)
        )
    sprint.refresh_from_db()
    return sprint


def test_a_team_member_opens_the_review_of_the_running_sprint_once(world):
    s = review_setup(world)

    review, created = services.open_review(sprint=s.sprint, by=world.bob_membership)
    again, created_again = services.open_review(sprint=s.sprint, by=world.alice_membership)

    assert created
    assert not created_again
    assert again.pk == review.pk
    assert review.started_by == world.bob
    assert review.started_at is not None
    assert SprintReview.objects.filter(sprint=s.sprint).count() == 1
    assert [e.after["sprint"] for e in audits(world, "sprint_review.opened")] == [s.sprint.pk]


def test_a_planned_sprint_has_no_review_yet(world):
    s = review_setup(world)
    planned = make_sprint(s.team, name="Next")

    with pytest.raises(Invalid) as refused:
        services.open_review(sprint=planned, by=world.alice_membership)

    assert "has not started" in refused.value.errors["state"]
    assert not SprintReview.objects.filter(sprint=planned).exists()


def test_outsiders_stakeholders_and_viewers_may_not_write_the_review(world):
    s = review_setup(world)
    outsider = add_member(world.acme, make_user(name="Olga"), Role.MEMBER)
    stakeholder = add_member(world.acme, make_user(name="Stan"), Role.MEMBER)
    add_team_member(
        team=s.team,
        by=world.alice_membership,
        membership=stakeholder,
        accountability="stakeholder",
    )
    viewer = add_member(world.acme, make_user(name="Vera"), Role.VIEWER)

    for who in (outsider, stakeholder, viewer):
        with pytest.raises(Forbidden, match="stakeholders and viewers read it"):
            services.open_review(sprint=s.sprint, by=who)
    review, _ = services.open_review(sprint=s.sprint, by=world.alice_membership)
    with pytest.raises(Forbidden):
        services.update_review(review=review, by=stakeholder, feedback="Lovely")

    review.refresh_from_db()
    assert review.feedback == ""


def test_it_saves_feedback_and_notes_audited_with_before_and_after(world):
    s = review_setup(world)
    review, _ = services.open_review(sprint=s.sprint, by=world.bob_membership)

    services.update_review(
        review=review, by=world.bob_membership, feedback="  Guests love it \n", notes="Ship it"
    )
    services.update_review(review=review, by=world.bob_membership, notes="Ship it on Monday")

    review.refresh_from_db()
    assert (review.feedback, review.notes, review.version) == (
        "Guests love it",
        "Ship it on Monday",
        3,
    )
    events = audits(world, "sprint_review.updated")
    assert [e.before["notes"] for e in events] == ["", "Ship it"]
    assert events[1].after == {"feedback": "Guests love it", "notes": "Ship it on Monday"}


def test_an_unchanged_save_writes_nothing(world):
    s = review_setup(world)
    review, _ = services.open_review(sprint=s.sprint, by=world.bob_membership)

    services.update_review(review=review, by=world.bob_membership, feedback="")

    review.refresh_from_db()
    assert review.version == 1
    assert audits(world, "sprint_review.updated") == []


def test_feedback_longer_than_ten_thousand_characters_is_refused(world):
    s = review_setup(world)
    review, _ = services.open_review(sprint=s.sprint, by=world.bob_membership)

    with pytest.raises(Invalid) as refused:
        services.update_review(review=review, by=world.bob_membership, feedback="x" * 10_001)

    assert "feedback" in refused.value.errors
    review.refresh_from_db()
    assert review.feedback == ""


def test_the_review_stays_editable_for_two_weeks_after_the_close(world):
    s = review_setup(world)
    review, _ = services.open_review(sprint=s.sprint, by=world.bob_membership)
    sprint = closed(s.sprint, world.alice_membership, days_ago=13)
    review.refresh_from_db()

    services.update_review(review=review, by=world.bob_membership, notes="Late thought")

    Sprint.objects.filter(pk=sprint.pk).update(closed_at=sprint.closed_at - timedelta(days=2))
    review = SprintReview.objects.select_related("sprint__team").get(pk=review.pk)
    with pytest.raises(Conflict, match="kept as it was written"):
        services.update_review(review=review, by=world.bob_membership, notes="Rewritten")
    review.refresh_from_db()
    assert review.notes == "Late thought"


def test_a_closed_sprint_may_get_its_review_written_shortly_after(world):
    s = review_setup(world)
    sprint = closed(s.sprint, world.alice_membership, days_ago=1)

    review, created = services.open_review(sprint=sprint, by=world.bob_membership)

    assert created
    assert review.sprint_id == sprint.pk


def test_an_old_closed_sprint_gets_no_new_review(world):
    s = review_setup(world)
    sprint = closed(s.sprint, world.alice_membership, days_ago=15)

    with pytest.raises(Conflict):
        services.open_review(sprint=sprint, by=world.alice_membership)

    assert not SprintReview.objects.filter(sprint=sprint).exists()
