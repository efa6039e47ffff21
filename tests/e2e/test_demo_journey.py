"""One journey through the demo: the Checkout Product Owner's week, then a viewer looks around."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.test.utils import override_settings
from playwright.sync_api import Page, expect

from okrum.demo import builder, story
from okrum.okrs.models import CheckIn, KeyResult
from okrum.scrum.models import DailyScrumEntry, Sprint, SprintKeyResult
from okrum.teams.models import Team

Shot = Callable[[Page, str], Path]
# The demo people join through real invitations; nobody should get those emails.
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
PRODUCT_OWNER = "member@demo.okrum.test"
VIEWER = "viewer@demo.okrum.test"
GOAL_KR = "Checkouts per day, averaged over two weeks"


def sign_in(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(builder.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/o/{story.ORG_SLUG}/$"))
    expect(page.get_by_test_id("dashboard")).to_be_visible()


def test_the_product_owner_runs_a_sprint_of_the_demo_and_a_viewer_changes_nothing(
    new_page: Callable[[], Page], screenshot: Shot
) -> None:
    with QUIET_MAIL:
        demo = builder.build()
    org = f"/o/{demo.org.slug}"
    checkout = Team.objects.get(organization=demo.org, key="CHK")
    running = Sprint.objects.get(team=checkout, state="active")
    goal_kr = KeyResult.objects.get(objective__organization=demo.org, title=GOAL_KR)

    # 1. The Product Owner of Checkout signs in: the dashboard tells the story.
    page = new_page()
    sign_in(page, PRODUCT_OWNER)
    direction = page.get_by_test_id("direction")
    expect(direction).to_contain_text(story.VISION)
    expect(direction).to_contain_text(story.FOCUS)
    expect(page.get_by_test_id("company-objectives")).to_contain_text(story.COMPANY_OBJECTIVE)
    behind = page.get_by_test_id("behind-kr").first
    expect(behind).to_contain_text(GOAL_KR)
    expect(behind).to_contain_text("Off track")
    expect(behind).to_contain_text(re.compile(r"At this pace \d+% by the end of the cycle\."))
    team_row = page.get_by_test_id("team-row").filter(has_text="Checkout")
    expect(team_row).to_contain_text(running.name)
    expect(team_row).to_contain_text(running.goal)
    screenshot(page, "journey-01-dashboard")

    # 2. The weekly check-in of Checkout's key results, all in one session.
    page.get_by_role("link", name="My check-ins").click()
    expect(page.get_by_role("heading", name="My check-ins")).to_be_visible()
    page.get_by_role("region", name=re.compile("^Checkout · ")).get_by_role(
        "button", name="Open the check-in session"
    ).click()
    expect(page.get_by_role("heading", name="Check-in session · Checkout")).to_be_visible()
    rows = page.get_by_test_id("session-row")
    steps = rows.filter(has_text="Steps from cart to order confirmation")
    expect(steps).to_be_visible()
    before = CheckIn.objects.count()
    steps.get_by_label(re.compile("^Value")).fill("4")
    steps.get_by_label("Confidence").fill("8")
    steps.get_by_label("Note").fill("Address and shipping are one step now")
    page.get_by_role("button", name="Save all check-ins").click()
    expect(
        page.get_by_role("status").filter(has_text=re.compile("Saved \\d+ check-ins? for Checkout"))
    ).to_be_visible()
    expect(steps.get_by_label(re.compile("^Value"))).to_have_value("4")
    assert CheckIn.objects.count() > before
    screenshot(page, "journey-02-check-in")

    # 3. The running sprint's daily scrum, one click from the board.
    page.goto(f"{org}/teams/{checkout.pk}/board/")
    expect(page.get_by_test_id("sprint-goal")).to_contain_text(running.goal)
    expect(page.get_by_test_id("sprint-goal")).to_contain_text(GOAL_KR)
    page.get_by_role("link", name="Daily scrum").click()
    expect(page.get_by_role("heading", name=f"Daily scrum · {running.name}")).to_be_visible()
    page.get_by_label("Done since the last daily scrum").fill("Refined the one-click order stories")
    page.get_by_label("Plan until the next one").fill("Prepare the sprint review with sales")
    page.get_by_role("button", name="Save my entry").click()
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible()
    expect(page.get_by_test_id("daily-entry").filter(has_text="Mia Member")).to_contain_text(
        "Prepare the sprint review with sales"
    )
    assert DailyScrumEntry.objects.filter(
        sprint=running, plan="Prepare the sprint review with sales"
    ).exists()
    screenshot(page, "journey-03-daily-scrum")

    # 4. The sprint review: the goal's key result at the start, now, and the change.
    page.get_by_role("link", name="Sprint review").click()
    expect(page.get_by_role("heading", name=f"Sprint review · {running.name}")).to_be_visible()
    start = SprintKeyResult.objects.get(sprint=running, key_result=goal_kr)
    row = page.get_by_test_id("review-kr").filter(has_text=GOAL_KR)
    expect(row.get_by_test_id("kr-start")).to_contain_text(
        f"{start.start_value.normalize():f} checkouts"
    )
    expect(row.get_by_test_id("kr-now")).to_contain_text(
        f"{goal_kr.current_value.normalize():f} checkouts"
    )
    expect(row.get_by_test_id("kr-change")).to_contain_text("no change")
    screenshot(page, "journey-04-sprint-review")

    # 5. The sprint retrospective: a card on the board.
    page.get_by_role("link", name="Sprint retrospective").click()
    page.get_by_role("button", name=f"Open the retrospective of {running.name}").click()
    expect(page.get_by_role("heading", name=f"Retrospective of {running.name}")).to_be_visible()
    went_well = page.get_by_test_id("column-went_well")
    form = went_well.locator("form.retro-add")
    form.get_by_label("New card: Went well").fill("Sales joined the review early")
    form.get_by_role("button", name="Add card to Went well").click()
    expect(
        went_well.get_by_test_id("card").filter(has_text="Sales joined the review early")
    ).to_be_visible()
    screenshot(page, "journey-05-retro")

    # 6. The next sprint: planned with a goal that serves a key result, and an item pulled in.
    page.goto(f"{org}/teams/{checkout.pk}/sprints/")
    starts = running.ends_on + timedelta(days=3)
    page.get_by_label("Sprint Goal", exact=True).fill("Returning customers reorder in one click")
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill((starts + timedelta(days=11)).isoformat())
    page.get_by_role("button", name="Plan sprint").click()
    expect(page.get_by_role("heading", name=re.compile("^Sprint 6"))).to_be_visible()
    page.get_by_test_id("planning-link").click()
    expect(page.get_by_role("heading", name="Sprint planning: Sprint 6")).to_be_visible()
    page.get_by_role("textbox", name="Sprint Goal").fill("One-click orders for returning customers")
    page.get_by_role("checkbox", name=GOAL_KR).check()
    page.get_by_role("button", name="Save the Sprint Goal").click()
    expect(page.get_by_role("status").filter(has_text="Sprint Goal saved")).to_be_visible()
    kr_line = page.get_by_test_id("planning-kr").filter(has_text=GOAL_KR)
    expect(kr_line).to_contain_text("In the Sprint Goal")
    pull = page.get_by_test_id("pull-item").first  # the top of the ordered backlog
    key = pull.locator("code").first.inner_text()
    pull.get_by_role("button", name="Pull into sprint").click()
    expect(page.get_by_test_id("selected-item")).to_have_count(1)
    expect(page.get_by_test_id("selected-item")).to_contain_text(key)
    planned = Sprint.objects.get(team=checkout, name="Sprint 6")
    assert planned.goal == "One-click orders for returning customers"
    assert list(
        SprintKeyResult.objects.filter(sprint=planned).values_list("key_result", flat=True)
    ) == [goal_kr.pk]
    assert [item.key for item in planned.items.all()] == [key]
    screenshot(page, "journey-06-sprint-planning")

    # 7. A viewer sees all of it and is offered nothing to change.
    viewer = new_page()
    sign_in(viewer, VIEWER)
    expect(viewer.get_by_test_id("direction")).to_contain_text(story.VISION)
    expect(viewer.get_by_test_id("behind-kr").first).to_contain_text(GOAL_KR)
    screenshot(viewer, "journey-07-viewer-dashboard")
    no_writes = re.compile(r"^(Save|Pull into sprint|Plan sprint|Start (the )?sprint|Close Sprint)")
    for path, heading in [
        (f"{org}/okrs/", None),
        (f"{org}/teams/{checkout.pk}/board/", f"{running.name} board"),
        (f"{org}/sprints/{running.pk}/review/", f"Sprint review · {running.name}"),
        (f"{org}/sprints/{planned.pk}/planning/", "Sprint planning: Sprint 6"),
    ]:
        response = viewer.goto(path)
        assert response is not None, path
        assert response.ok, path
        if heading:
            expect(viewer.get_by_role("heading", name=heading)).to_be_visible()
        expect(viewer.get_by_role("button", name=no_writes)).to_have_count(0)
    token = next(c["value"] for c in viewer.context.cookies() if c["name"] == "csrftoken")
    refused = viewer.request.post(
        f"{org}/key-results/{goal_kr.pk}/check-ins/",
        form={"value": "999", "confidence": "9"},
        headers={"X-CSRFToken": token, "Referer": viewer.url},
    )
    assert refused.status == 403
    assert not CheckIn.objects.filter(key_result=goal_kr, value=999).exists()
