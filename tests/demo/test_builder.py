"""The demo organization tells the fitness-wear story, consistently and the same way every time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from okrum.core.time import now, today
from okrum.demo import builder, story
from okrum.okrs import scoring
from okrum.okrs.cadence import is_stale
from okrum.okrs.models import CheckIn, Cycle, Goal, Grade, KeyResult, Objective
from okrum.retros.models import CarryForward, RetroCard, Retrospective
from okrum.scrum.models import BacklogItem, DailyScrumEntry, Sprint, SprintReview
from okrum.teams.models import Accountability, Team, TeamMember
from okrum.tenancy.models import AuditEvent, Organization
from tests.web import submit

BEHIND = {"at_risk", "off_track"}
FAST = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}


@dataclass(frozen=True)
class Built:
    org: Organization
    first: tuple[Any, ...]
    second: tuple[Any, ...]


def fingerprint() -> tuple[Any, ...]:
    """The numbers a reader of the demo sees, to compare two builds."""
    counts = tuple(
        model.objects.count()
        for model in (
            Objective,
            KeyResult,
            CheckIn,
            BacklogItem,
            Sprint,
            DailyScrumEntry,
            RetroCard,
            Grade,
            AuditEvent,
        )
    )
    values = tuple(CheckIn.objects.order_by("id").values_list("value", "confidence"))
    progress = tuple(KeyResult.objects.order_by("id").values_list("progress", "status"))
    return counts, values, progress


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Built]:
    """Built twice (the second on a clean slate) once per module, rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(**FAST), transaction.atomic():
        clean = transaction.savepoint()
        builder.build()
        first = fingerprint()
        transaction.savepoint_rollback(clean)
        org = builder.build().org
        yield Built(org=org, first=first, second=fingerprint())
        transaction.set_rollback(True)


def current_cycle(org: Organization) -> Cycle:
    return Cycle.objects.for_org(org).get(state="active")


def test_it_sets_the_vision_and_the_checkout_focus(demo, db):
    goals = {g.kind: g for g in Goal.objects.for_org(demo.org)}
    assert goals["vision"].title == "To become the best online store for fitness wear"
    assert goals["focus"].title == "Improve the online store's checkout procedure"
    assert goals["focus"].parent == goals["vision"]


def test_the_company_objective_has_the_four_key_results_of_the_story(demo, db):
    objective = Objective.objects.get(cycle=current_cycle(demo.org), team=None)
    assert objective.title == story.COMPANY_OBJECTIVE
    assert objective.goal is not None
    assert objective.goal.kind == "focus"
    kinds = list(objective.key_results.order_by("position").values_list("kind", flat=True))
    assert kinds == ["decrease_to", "increase_to", "increase_to", "milestone"]
    titles = " ".join(objective.key_results.values_list("title", flat=True))
    assert "Bugs and technical issues" in titles
    assert "Share of orders" in titles
    assert "Checkouts per day" in titles


def test_three_teams_align_to_the_company_objective_with_every_accountability(demo, db):
    cycle = current_cycle(demo.org)
    company = Objective.objects.get(cycle=cycle, team=None)
    teams = Team.objects.for_org(demo.org)
    assert sorted(teams.values_list("name", flat=True)) == ["Checkout", "Growth", "Payments"]
    for team in teams:
        seats = set(TeamMember.objects.filter(team=team).values_list("accountability", flat=True))
        assert seats == set(Accountability.values)
        objective = Objective.objects.get(cycle=cycle, team=team)
        assert objective.parent == company
        assert objective.status == "published"


def test_the_backlog_has_the_named_items_linked_to_key_results(demo, db):
    items = BacklogItem.objects.for_org(demo.org)
    assert items.count() >= 55
    for title in [
        "Integrate more payment methods",
        "One-click order option",
        "Analyze the acceptance of the new checkout by returning customers",
    ]:
        assert items.get(title=title).key_results.exists()
    unlinked = items.filter(key_results__isnull=True).count()
    assert 3 <= unlinked <= 15


def test_each_team_runs_sprints_and_checkout_has_four_closed_and_one_active(demo, db):
    checkout = Team.objects.for_org(demo.org).get(key="CHK")
    sprints = Sprint.objects.filter(team=checkout).order_by("number")
    assert [s.state for s in sprints] == ["closed"] * 4 + ["active"]
    active = sprints.last()
    assert active is not None
    assert active.goal
    assert active.goal_key_results.exists()
    for sprint in sprints[:4]:
        assert DailyScrumEntry.objects.filter(sprint=sprint).count() >= 20
        assert SprintReview.objects.get(sprint=sprint).feedback
        retro = Retrospective.objects.get(sprint=sprint)
        assert RetroCard.objects.filter(retrospective=retro, votes__isnull=False).exists()
    action = RetroCard.objects.filter(retrospective__sprint__team=checkout, column="action")
    assert action.filter(backlog_item__isnull=False).exists()
    assert Sprint.objects.for_org(demo.org).filter(state="active").count() == 3


def test_weekly_check_ins_leave_one_key_result_behind_pace(demo, db):
    krs = KeyResult.objects.filter(objective__cycle=current_cycle(demo.org))
    assert all(CheckIn.objects.filter(key_result=kr).count() >= 5 for kr in krs)
    behind = krs.filter(status__in=["at_risk", "off_track"])
    assert list(behind.values_list("title", flat=True)) == [story.COMPANY_KRS[2].title]


def test_the_cycle_is_about_half_way_and_only_one_key_result_is_behind_today(demo, db):
    cycle = current_cycle(demo.org)
    expected = scoring.expected_progress(today(), cycle.starts_on, cycle.ends_on)
    assert Decimal("0.5") <= expected <= Decimal("0.65")
    krs = KeyResult.objects.filter(objective__cycle=cycle)
    behind = [kr.title for kr in krs if scoring.status(kr.progress, expected) in BEHIND]
    assert behind == [story.COMPANY_KRS[2].title]


def test_check_ins_have_plausible_noise_and_confidence(demo, db):
    krs = KeyResult.objects.filter(objective__cycle=current_cycle(demo.org))
    confidences = set(
        CheckIn.objects.filter(key_result__in=krs).values_list("confidence", flat=True)
    )
    assert len(confidences) > 3


def test_the_previous_cycle_is_closed_graded_and_carried_forward(demo, db):
    previous = Cycle.objects.for_org(demo.org).get(state="closed")
    krs = KeyResult.objects.filter(objective__cycle=previous)
    assert Grade.objects.filter(key_result__in=krs).count() == krs.count()
    assert Grade.objects.filter(key_result__in=krs).exclude(reason="").count() == 1
    extension = CarryForward.objects.get(decision="extend")
    extended = Objective.objects.get(carried_from=extension.objective)
    assert extended == extension.extended_to
    assert extended.cycle == current_cycle(demo.org)
    assert extended.status == "published"


def sign_in(email: str) -> Client:
    client = Client()
    form = {"username": email, "password": builder.DEMO_PASSWORD}
    assert submit(client, "/login/", form).status_code == 302, email
    return client


def test_every_demo_login_works(demo, db):
    for person in story.PEOPLE:
        sign_in(person.email)


def test_the_demo_is_audited(demo, db):
    actions = set(AuditEvent.objects.for_org(demo.org).values_list("action", flat=True))
    assert {"check_in.created", "sprint.closed", "carry_forward.decided"} <= actions


def test_building_twice_makes_the_same_numbers(demo, db):
    assert demo.first == demo.second


def _pages(org: Organization) -> list[str]:
    slug = org.slug
    cycle = current_cycle(org)
    pages = [
        reverse("insights:home", args=[slug]),
        reverse("okrs:okrs", args=[slug]),
        reverse("okrs:cycle", args=[slug, cycle.pk]),
        reverse("okrs:cycles", args=[slug]),
        reverse("okrs:goals", args=[slug]),
        reverse("okrs:owed", args=[slug]),
        reverse("scrum:home", args=[slug]),
        reverse("teams:teams", args=[slug]),
    ]
    for team in Team.objects.for_org(org):
        for name in ("backlog", "board", "sprints"):
            pages.append(reverse(f"scrum:{name}", args=[slug, team.pk]))
    previous = Cycle.objects.for_org(org).get(state="closed")
    pages.append(reverse("okrs:cycle", args=[slug, previous.pk]))
    pages.append(reverse("okrs:review", args=[slug, previous.pk]))
    for retro in Retrospective.objects.for_org(org).filter(kind="cycle"):
        pages.append(reverse("retros:retro", args=[slug, retro.pk]))
    closed = Sprint.objects.for_org(org).filter(state="closed").order_by("-id").first()
    assert closed is not None
    pages += [
        reverse("scrum:review", args=[slug, closed.pk]),
        reverse("retros:retro", args=[slug, Retrospective.objects.get(sprint=closed).pk]),
    ]
    for sprint in Sprint.objects.for_org(org).filter(state="active"):
        for name in ("sprint", "daily", "review"):
            pages.append(reverse(f"scrum:{name}", args=[slug, sprint.pk]))
    return pages


@pytest.mark.parametrize("email", [p.email for p in story.PEOPLE[:4]])
def test_every_main_page_renders_for_each_demo_role(demo, db, email):
    client = sign_in(email)
    home = client.get(reverse("insights:home", args=[demo.org.slug]))
    nav = home.content.decode().split("<nav>")[1].split("</nav>")[0]
    linked = [href.split('"')[0] for href in nav.split('href="')[1:] if href.startswith("/")]
    for path in dict.fromkeys([*linked, *_pages(demo.org)]):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert not response.redirect_chain or "/login/" not in response.redirect_chain[-1][0], path


def test_the_running_sprint_serves_a_key_result_its_product_owner_checks_in(demo, db):
    checkout = Team.objects.for_org(demo.org).get(key="CHK")
    running = Sprint.objects.get(team=checkout, state="active")
    product_owner = TeamMember.objects.get(team=checkout, accountability="product_owner")
    owners = {kr.owner_id for kr in running.goal_key_results.all()}
    assert product_owner.membership_id in owners


def test_every_sprint_of_checkout_delivers_work_for_the_key_results_of_its_goal(demo, db):
    checkout = Team.objects.for_org(demo.org).get(key="CHK")
    for sprint in Sprint.objects.filter(team=checkout):
        goal_krs = set(sprint.goal_key_results.values_list("pk", flat=True))
        serving = BacklogItem.objects.filter(sprint=sprint, key_results__in=goal_krs).distinct()
        assert serving.count() >= 2, sprint.name


def test_the_next_ready_items_of_checkout_serve_key_results(demo, db):
    """Sprint planning can show linked work being pulled: the top of the backlog is linked."""
    checkout = Team.objects.for_org(demo.org).get(key="CHK")
    ready = BacklogItem.objects.filter(team=checkout, sprint__isnull=True, status="ready")
    top = list(ready.order_by("rank")[:4])
    assert len(top) == 4
    assert all(item.key_results.exists() for item in top), [item.title for item in top]


def test_no_key_result_owes_a_check_in_right_after_the_build(demo, db):
    """Weekly check-ins up to this moment: on a Friday evening today's are in too."""
    krs = KeyResult.objects.filter(objective__cycle=current_cycle(demo.org))
    for kr in krs:
        last = CheckIn.objects.filter(key_result=kr).latest("created_at").created_at
        assert not is_stale(
            cycle_state="active", cadence="weekly", last_check_in_at=last, at=now()
        ), kr.title
