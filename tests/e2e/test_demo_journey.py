"""One journey through the demo: the Checkout Product Owner's week, then a viewer looks around."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.test.utils import override_settings
from playwright.sync_api import Page, expect

from okrum.demo import builder, story
from okrum.okrs.models import CheckIn, Cycle, KeyResult, Objective
from okrum.retros.models import Retrospective
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
    new_page: Callable[[], Page], screenshot: Shot, doc_picture: Callable[..., Path]
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
    doc_picture(page, "dashboard", height=2600)  # the whole story

    # 2. The weekly check-in: the PO owns the key result the running sprint serves.
    start = SprintKeyResult.objects.get(sprint=running, key_result=goal_kr)
    assert start.start_value is not None
    reported = start.start_value + 14
    page.get_by_role("link", name="OKRs", exact=True).click()
    page.get_by_role("link", name="Check-in session").click()
    page.get_by_label("Session").select_option(label="Company objectives")
    page.get_by_role("button", name="Open", exact=True).click()
    expect(
        page.get_by_role("heading", name="Check-in session · The company objectives")
    ).to_be_visible()
    row = page.get_by_test_id("session-row").filter(has_text=GOAL_KR)
    expect(row).to_be_visible()
    before = CheckIn.objects.count()
    row.get_by_label(re.compile("^Value")).fill(f"{reported.normalize():f}")
    row.get_by_label("Confidence").fill("5")
    row.get_by_label("Note").fill("Vouchers on the new checkout lifted the week a little")
    page.get_by_role("button", name="Save all check-ins").click()
    expect(
        page.get_by_role("status").filter(has_text=re.compile(r"Saved \d+ check-ins?"))
    ).to_be_visible()
    expect(row.get_by_label(re.compile("^Value"))).to_have_value(f"{reported.normalize():f}")
    assert CheckIn.objects.count() > before
    goal_kr.refresh_from_db()
    assert goal_kr.current_value == reported
    doc_picture(page, "check-in", page.get_by_test_id("session-row").first, 1000)

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
    doc_picture(page, "daily-scrum", height=1100)

    # 4. The sprint review: the goal's key result at the start, now, and the change.
    page.get_by_role("link", name="Sprint review").click()
    expect(page.get_by_role("heading", name=f"Sprint review · {running.name}")).to_be_visible()
    row = page.get_by_test_id("review-kr").filter(has_text=GOAL_KR)
    expect(row.get_by_test_id("kr-start")).to_contain_text(
        f"{start.start_value.normalize():f} checkouts"
    )
    expect(row.get_by_test_id("kr-now")).to_contain_text(f"{reported.normalize():f} checkouts")
    expect(row.get_by_test_id("kr-change")).to_contain_text("up 14 checkouts")
    doc_picture(page, "sprint-review", page.get_by_role("heading", name="Key results", exact=True))

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
    doc_picture(page, "sprint-retro", height=1000)

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
    # The highest-ordered item that moves the goal's key result.
    pull = page.get_by_test_id("pull-item").filter(has_text=GOAL_KR).first
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
    expect(kr_line).to_contain_text("1 item (5 pts) in this sprint")
    doc_picture(page, "sprint-planning", page.get_by_text(f"{key} pulled into Sprint 6."), 1050)

    # 7. A viewer sees all of it and is offered nothing to change.
    viewer = new_page()
    sign_in(viewer, VIEWER)
    expect(viewer.get_by_test_id("direction")).to_contain_text(story.VISION)
    expect(viewer.get_by_test_id("behind-kr").first).to_contain_text(GOAL_KR)
    screenshot(viewer, "journey-viewer-dashboard")
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


def test_the_head_of_product_walks_the_okr_events_of_the_demo(
    new_page: Callable[[], Page], doc_picture: Callable[..., Path]
) -> None:
    """The OKR side of the story, screen by screen: what the guide shows for each step."""
    with QUIET_MAIL:
        demo = builder.build()
    org = f"/o/{demo.org.slug}"
    previous = Cycle.objects.for_org(demo.org).get(state="closed")
    current = Cycle.objects.for_org(demo.org).get(state="active")
    checkout = Team.objects.get(organization=demo.org, key="CHK")
    running = Sprint.objects.get(team=checkout, state="active")
    page = new_page()
    sign_in(page, "admin@demo.okrum.test")

    # The organization's menu (its name, top left) holds its settings and the audit log,
    # where the demo's history is written down as it happened.
    page.get_by_text(f"Organization: {demo.org.name}").click()
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Adam Admin").first).to_be_visible()
    page.get_by_text(f"Organization: {demo.org.name}").click()
    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()

    # Step 1, reorient: the vision and the focus of this quarter.
    page.goto(f"{org}/goals/")
    goals = page.get_by_test_id("goal-list")
    expect(goals).to_contain_text(story.VISION)
    expect(goals).to_contain_text(story.FOCUS)
    doc_picture(page, "goals", height=700)

    # Step 2, objectives before sprint planning: the cycle's tree, company first, then teams.
    page.goto(f"{org}/okrs/")
    expect(page.get_by_role("link", name=story.COMPANY_OBJECTIVE).first).to_be_visible()
    for title in ["Ship a checkout that feels effortless", story.EXTENDED]:
        expect(page.get_by_role("link", name=title).first).to_be_visible()
    expect(page.locator("span.status-off_track >> visible=true").first).to_have_text("Off track")
    doc_picture(page, "okrs", height=1100)

    # OKR planning: every objective proposed by its owner and approved, with its thread.
    page.goto(f"{org}/cycles/{current.pk}/planning/")
    groups = page.get_by_test_id("planning-group")
    expect(groups).to_have_count(4)
    expect(groups.first).to_contain_text(story.COMPANY_OBJECTIVE)
    expect(groups.filter(has_text="Growth")).to_contain_text("Carried over, aligned to checkout.")
    expect(page.get_by_test_id("all-published")).to_be_visible()
    doc_picture(page, "okr-planning", groups.first, 1000)

    # OKR review of last quarter: grades, the override with its reason, bars met or not.
    page.goto(f"{org}/cycles/{previous.pk}/review/")
    expect(page.get_by_role("heading", name=f"OKR review · {previous.name}")).to_be_visible()
    expect(page.get_by_text(story.OVERRIDE_REASON, exact=False)).to_be_visible()
    expect(page.get_by_text("Met its bar").first).to_be_visible()
    expect(page.get_by_text("Below its bar").first).to_be_visible()
    doc_picture(page, "okr-review", height=1300)

    # OKR retrospective of Growth: the board, and the objective extended into this cycle.
    growth = Retrospective.objects.get(cycle=previous, team__key="GRO")
    page.goto(f"{org}/retrospectives/{growth.pk}/")
    expect(page.get_by_test_id("column-to_improve").get_by_test_id("card")).to_have_count(2)
    expect(page.get_by_test_id("column-action")).to_contain_text("Measure a baseline")
    extended = Objective.objects.get(cycle=current, carried_from__isnull=False)
    expect(
        page.get_by_role("link", name=re.compile(re.escape(extended.title))).last
    ).to_be_visible()
    doc_picture(page, "okr-retro", height=1300)

    # Scrum: Checkout's backlog under its product goal, the next items linked to key results.
    page.goto(f"{org}/teams/{checkout.pk}/backlog/")
    team_story = next(t for t in story.TEAMS if t.key == "CHK")
    expect(page.get_by_text(team_story.product_goal)).to_be_visible()
    expect(page.get_by_text("Route all orders through the new checkout")).to_be_visible()
    doc_picture(page, "backlog", height=1000)

    # The board of the running sprint: the goal and the key result it serves on top.
    page.goto(f"{org}/teams/{checkout.pk}/board/")
    goal = page.get_by_test_id("sprint-goal")
    expect(goal).to_contain_text(running.goal)
    expect(goal).to_contain_text(GOAL_KR)
    expect(page.get_by_text("One-click order option")).to_be_visible()
    doc_picture(page, "board", height=1000)
