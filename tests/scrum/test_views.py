"""The Scrum pages: backlog, items, sprints, the sprint board and backlog settings."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.scrum import services
from okrum.scrum.models import (
    BacklogItem,
    DefinitionOfDone,
    ItemEvent,
    ItemStatus,
    ProductGoal,
    Sprint,
    SprintState,
)
from okrum.scrum.services import ItemSpec
from okrum.teams.models import Team
from okrum.teams.services import add_team_member
from okrum.tenancy.models import AuditEvent, Membership
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_items, make_sprint, started_sprint
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


def seat(world: Any, membership: Membership, team: Team) -> None:
    add_team_member(
        team=team, by=world.alice_membership, membership=membership, accountability="developer"
    )


def checkout(world: Any) -> Team:
    return make_team(world.acme, name="Checkout", key="CHK")


def ranked_keys(team: Team) -> list[str]:
    rows = BacklogItem.objects.filter(team=team).order_by("rank")
    return [f"{team.key}-{n}" for n in rows.values_list("number", flat=True)]


def queries_of(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def audit_count(world: Any) -> int:
    return AuditEvent.objects.for_org(world.acme).count()


# --- The backlog --------------------------------------------------------------------------------


def test_the_backlog_lists_open_items_in_rank_order_with_their_facts(world, web_as):
    team = checkout(world)
    kr = first_kr(make_objective(make_cycle(world.acme), team=team))
    services.set_estimate_scale(team=team, by=world.alice_membership, scale="tshirt")
    first, second, done = make_items(team, 3)
    services.update_item(
        item=first,
        by=world.alice_membership,
        estimate=3,
        assignee=world.bob_membership,
        key_results=[kr],
    )
    services.update_item(item=done, by=world.alice_membership, status=ItemStatus.DONE)
    sprint = make_sprint(team, name="Sprint 1")
    services.assign_items(sprint=sprint, items=[second], by=world.alice_membership, team=team)

    page = text(web_as(world.alice).get(f"/o/acme/teams/{team.pk}/backlog/"))

    assert "<h1>Checkout product backlog</h1>" in page
    assert page.index("CHK-1</code>") < page.index("CHK-2</code>")
    assert "CHK-3</code>" not in page  # done: the backlog shows open items by default
    row_1 = page[page.index(f'id="item-{first.pk}"') : page.index(f'id="item-{second.pk}"')]
    assert "Estimate </span>M</span>" in row_1  # 3 points on the T-shirt scale
    assert "Bob" in row_1
    assert kr.title in row_1
    assert "No key result" not in row_1
    row_2 = page[page.index(f'id="item-{second.pk}"') :]
    assert 'data-testid="no-key-result">No key result</li>' in row_2
    assert ">Sprint 1</a>" in row_2


def test_the_backlog_filters_by_text_key_kind_status_and_key_result(world, web_as):
    team = checkout(world)
    kr = first_kr(make_objective(make_cycle(world.acme), team=team))
    make_item(team, title="Pay by card", key_results=[kr])
    make_item(team, title="Fix the coupon bug", kind="bug")
    make_item(team, title="Old idea", status=ItemStatus.WONT_DO)
    client = web_as(world.alice)
    url = f"/o/acme/teams/{team.pk}/backlog/"

    def titles(query: str) -> list[str]:
        page = text(client.get(url + query))
        return re.findall(r"</code> ([^<]+)</a>", page)

    assert titles("") == ["Pay by card", "Fix the coupon bug"]
    assert titles("?text=coupon") == ["Fix the coupon bug"]
    assert titles("?text=chk-1") == ["Pay by card"]
    assert titles("?kind=bug") == ["Fix the coupon bug"]
    assert titles("?status=wont_do") == ["Old idea"]
    assert titles("?status=any") == ["Pay by card", "Fix the coupon bug", "Old idea"]
    assert titles(f"?key_result={kr.pk}") == ["Pay by card"]
    assert titles("?key_result=none") == ["Fix the coupon bug"]


def test_the_backlog_shows_100_items_and_loads_the_next_ones_by_cursor(world, web_as):
    team = checkout(world)
    make_items(team, 130)
    client = web_as(world.alice)

    page = text(client.get(f"/o/acme/teams/{team.pk}/backlog/"))
    more = re.search(r'hx-get="([^"]+)"', page[page.index('id="load-more"') :])
    assert more is not None
    rest = text(client.get(more.group(1).replace("&amp;", "&"), headers=HTMX))

    assert page.count('data-testid="backlog-item"') == 100
    assert "cursor=" in more.group(1)
    assert "<html" not in rest
    assert rest.count('data-testid="backlog-item"') == 30
    assert "CHK-101</code>" in rest
    assert "CHK-100</code>" not in rest
    assert 'id="load-more"' not in rest


def test_the_backlog_costs_the_same_queries_for_20_or_2000_items(world, web_as):
    small, large = checkout(world), make_team(world.acme, name="Search", key="SRCH")
    kr = first_kr(make_objective(make_cycle(world.acme), team=small))
    sprint = make_sprint(large)
    for team, count in ((small, 20), (large, 2000)):
        for start in range(0, count, 1000):
            specs = [
                ItemSpec(
                    title=f"Item {n}",
                    estimate=3,
                    assignee=world.bob_membership,
                    sprint=sprint if team == large and n % 2 else None,
                    key_results=[kr] if n % 3 else [],
                )
                for n in range(start, min(count, start + 1000))
            ]
            services.create_items(team=team, by=world.alice_membership, specs=specs)
    services.create_product_goal(team=large, by=world.alice_membership, title="Goal")
    services.create_product_goal(team=small, by=world.alice_membership, title="Goal")
    client = web_as(world.bob)

    counts = [queries_of(client, f"/o/acme/teams/{t.pk}/backlog/") for t in (small, large)]

    assert BacklogItem.objects.filter(team=large).count() == 2000
    assert counts[0] == counts[1], counts


def test_an_item_is_created_inline_at_the_top_and_shown_without_a_reload(world, web_as):
    team = checkout(world)
    make_item(team, title="Older item")
    form = {"title": "Pay with one click", "kind": "story", "estimate": "5"}

    response = submit(
        web_as(world.alice), f"/o/acme/teams/{team.pk}/backlog/items/", form, headers=HTMX
    )

    page = text(response)
    created = BacklogItem.objects.get(team=team, title="Pay with one click")
    assert response.status_code == 200
    assert (created.number, created.estimate) == (2, Decimal(5))
    assert ranked_keys(team) == ["CHK-2", "CHK-1"]
    assert 'hx-swap-oob="afterbegin:#backlog-items"' in page
    assert "CHK-2</code> Pay with one click" in page
    assert "CHK-2 added at the top." in page


def test_an_estimate_off_the_scale_is_refused_on_the_form_and_nothing_is_created(world, web_as):
    team = checkout(world)
    events = audit_count(world)
    form = {"title": "Pay with one click", "kind": "story", "estimate": "4"}

    response = submit(web_as(world.alice), f"/o/acme/teams/{team.pk}/backlog/items/", form)

    assert response.status_code == 422
    assert "Choose a value of the team&#x27;s scale: 0, 1, 2, 3, 5, 8, 13, 21." in text(response)
    assert 'value="Pay with one click"' in text(response)
    assert not BacklogItem.objects.exists()
    assert audit_count(world) == events


def test_an_item_moves_between_neighbours_and_to_the_top_and_bottom(world, web_as):
    team = checkout(world)
    one, two, three, four = make_items(team, 4)
    client = web_as(world.alice)

    def move(item: BacklogItem, **where: Any) -> Any:
        return submit(client, f"/o/acme/items/{item.pk}/move/", where, headers=HTMX)

    dropped = move(four, after=one.pk, before=two.pk)
    assert dropped.status_code == 204
    assert ranked_keys(team) == ["CHK-1", "CHK-4", "CHK-2", "CHK-3"]
    move(three, before=one.pk)
    assert ranked_keys(team) == ["CHK-3", "CHK-1", "CHK-4", "CHK-2"]
    move(three, to="bottom")
    assert ranked_keys(team) == ["CHK-1", "CHK-4", "CHK-2", "CHK-3"]
    without_htmx = submit(client, f"/o/acme/items/{two.pk}/move/", {"to": "top"})
    assert without_htmx["Location"] == f"/o/acme/teams/{team.pk}/backlog/"
    assert ranked_keys(team) == ["CHK-2", "CHK-1", "CHK-4", "CHK-3"]


def test_a_move_next_to_another_teams_item_is_refused_and_changes_nothing(world, web_as):
    team = checkout(world)
    mine = make_items(team, 2)
    other = make_item(make_team(world.acme, name="Search", key="SRCH"))

    response = submit(
        web_as(world.alice), f"/o/acme/items/{mine[1].pk}/move/", {"before": other.pk}, headers=HTMX
    )

    assert response.status_code == 422
    assert "same team" in text(response)
    assert ranked_keys(team) == ["CHK-1", "CHK-2"]


def test_a_member_outside_the_team_reads_the_backlog_but_may_not_change_it(world, web_as):
    team = checkout(world)
    item = make_item(team, title="Pay by card")
    client = web_as(world.bob)

    page = text(client.get(f"/o/acme/teams/{team.pk}/backlog/"))
    created = submit(
        client, f"/o/acme/teams/{team.pk}/backlog/items/", {"title": "Sneaky", "kind": "story"}
    )
    moved = submit(client, f"/o/acme/items/{item.pk}/move/", {"to": "top"}, headers=HTMX)

    assert "Pay by card" in page
    assert 'data-testid="read-only"' in page
    assert "Add to backlog" not in page
    assert "draggable" not in page
    assert created.status_code == 403
    assert moved.status_code == 403
    assert list(BacklogItem.objects.values_list("title", flat=True)) == ["Pay by card"]


def test_a_team_member_gets_the_write_controls(world, web_as):
    team = checkout(world)
    make_item(team)
    seat(world, world.bob_membership, team)

    page = text(web_as(world.bob).get(f"/o/acme/teams/{team.pk}/backlog/"))

    assert "Add to backlog" in page
    assert 'draggable="true"' in page
    assert 'aria-label="Move CHK-1 up"' in page


# --- Product goal ------------------------------------------------------------------------------


def test_a_product_goal_is_set_shown_on_the_backlog_and_achieved(world, web_as):
    team = checkout(world)
    objective = make_objective(make_cycle(world.acme), team=team, title="Make checkout effortless")
    client = web_as(world.alice)
    form = {"goal-title": "The fastest checkout in Europe", "goal-objective": str(objective.pk)}

    created = submit(client, f"/o/acme/teams/{team.pk}/product-goals/", form)
    page = text(client.get(f"/o/acme/teams/{team.pk}/backlog/"))
    goal = ProductGoal.objects.get(team=team)
    achieved = submit(client, f"/o/acme/product-goals/{goal.pk}/status/", {"status": "achieved"})
    after = text(client.get(f"/o/acme/teams/{team.pk}/backlog/"))

    assert created.status_code == 302
    assert goal.objective == objective
    assert "The fastest checkout in Europe" in page
    assert "Make checkout effortless" in page
    assert achieved.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert "has no product goal yet" in after


def test_a_second_active_product_goal_is_refused_on_the_edit_form(world, web_as):
    team = checkout(world)
    old = services.create_product_goal(team=team, by=world.alice_membership, title="Old")
    services.update_product_goal(goal=old, by=world.alice_membership, status="abandoned")
    services.create_product_goal(team=team, by=world.alice_membership, title="Current")
    form = {
        "goal-title": "Old",
        "goal-description": "",
        "goal-objective": "",
        "goal-status": "active",
    }

    response = submit(web_as(world.alice), f"/o/acme/product-goals/{old.pk}/", form)

    assert response.status_code == 422
    assert "already pursues “Current”" in text(response)
    old.refresh_from_db()
    assert old.status == "abandoned"


# --- An item ----------------------------------------------------------------------------------


def item_form(item: BacklogItem, **changes: Any) -> dict[str, Any]:
    data = {
        "title": item.title,
        "description": item.description,
        "acceptance_criteria": item.acceptance_criteria,
        "kind": item.kind,
        "status": item.status,
        "estimate": "" if item.estimate is None else format(item.estimate.normalize(), "f"),
        "assignee": item.assignee_id or "",
        "sprint": item.sprint_id or "",
    }
    return {**data, **changes}


def test_the_item_page_edits_every_field_and_shows_the_history_in_words(world, web_as):
    team = checkout(world)
    kr = first_kr(make_objective(make_cycle(world.acme), team=team))
    item = make_item(team, title="Pay by card")
    sprint = make_sprint(team, name="Sprint 7")
    services.set_definition_of_done(
        team=team, by=world.alice_membership, checklist=["Reviewed", "Tested"]
    )
    client = web_as(world.alice)
    form = item_form(
        item,
        title="Pay by card or wallet",
        description="Both kinds",
        status="ready",
        estimate="8",
        assignee=str(world.bob_membership.pk),
        sprint=str(sprint.pk),
        key_results=[str(kr.pk)],
    )

    response = submit(client, f"/o/acme/items/{item.pk}/", form)
    page = text(client.get(f"/o/acme/items/{item.pk}/"))

    assert response["Location"] == f"/o/acme/items/{item.pk}/"
    item.refresh_from_db()
    assert (item.title, item.status, item.estimate, item.sprint) == (
        "Pay by card or wallet",
        "ready",
        Decimal(8),
        sprint,
    )
    assert item.assignee == world.bob_membership
    assert list(item.key_results.all()) == [kr]
    history = page[page.index('data-testid="history"') :]
    assert "Status</span>: New → <strong>Ready</strong>" in history
    assert "Estimate</span>: not estimated → <strong>8</strong>" in history
    assert "Sprint</span>: Product backlog → <strong>Sprint 7</strong>" in history
    assert "Created as</span>: <strong>New</strong>" in history
    assert "Alice" in history
    dod = page[page.index('data-testid="definition-of-done"') :]
    assert "<li>Reviewed</li><li>Tested</li>" in dod
    assert "Version 1" in dod
    assert f'<optgroup label="{kr.objective.cycle.name} · Checkout: {kr.objective.title}">' in page


def test_an_unchanged_form_changes_nothing_and_a_bad_estimate_answers_422(world, web_as):
    team = checkout(world)
    item = make_item(team, estimate=3)
    client = web_as(world.alice)
    events = ItemEvent.objects.filter(item=item).count()

    same = submit(client, f"/o/acme/items/{item.pk}/", item_form(item))
    bad = submit(client, f"/o/acme/items/{item.pk}/", item_form(item, estimate="4"))

    assert same.status_code == 302
    assert ItemEvent.objects.filter(item=item).count() == events
    assert bad.status_code == 422
    assert "Choose a value of the team&#x27;s scale" in text(bad)
    item.refresh_from_db()
    assert item.estimate == Decimal(3)


def test_a_viewer_reads_an_item_without_a_form(world, web_as):
    viewer = make_user(email="vera@example.com", name="Vera")
    add_member(world.acme, viewer, Role.VIEWER)
    item = make_item(checkout(world), title="Pay by card", description="With 3-D Secure")

    page = text(web_as(viewer).get(f"/o/acme/items/{item.pk}/"))

    assert "With 3-D Secure" in page
    assert 'data-testid="read-only"' in page
    assert "Save CHK-1" not in page


# --- Sprints ----------------------------------------------------------------------------------


def sprint_form(**fields: Any) -> dict[str, Any]:
    start = today()
    data = {
        "name": "",
        "goal": "Customers pay with one click",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=14)).isoformat(),
        "capacity": "",
    }
    return {**data, **fields}


def test_a_sprint_is_planned_with_a_goal_that_serves_a_key_result(world, web_as):
    team = checkout(world)
    kr = first_kr(make_objective(make_cycle(world.acme), team=team))
    client = web_as(world.alice)

    response = submit(
        client, f"/o/acme/teams/{team.pk}/sprints/", sprint_form(goal_key_results=[str(kr.pk)])
    )

    sprint = Sprint.objects.get(team=team)
    assert response["Location"] == f"/o/acme/sprints/{sprint.pk}/"
    assert (sprint.name, sprint.goal) == ("Sprint 1", "Customers pay with one click")
    assert list(sprint.goal_key_results.all()) == [kr]
    listing = text(client.get(f"/o/acme/teams/{team.pk}/sprints/"))
    assert "Customers pay with one click" in listing
    assert "0 planned (0 items)" in listing


def test_a_sprint_longer_than_four_weeks_is_refused_on_the_form(world, web_as):
    team = checkout(world)
    ends_on = (today() + timedelta(days=29)).isoformat()

    response = submit(
        web_as(world.alice), f"/o/acme/teams/{team.pk}/sprints/", sprint_form(ends_on=ends_on)
    )

    assert response.status_code == 422
    assert "A sprint lasts at most 4 weeks" in text(response)
    assert not Sprint.objects.exists()


def test_items_are_added_and_removed_then_the_sprint_starts_with_its_scope(world, web_as):
    team = checkout(world)
    one, two, three = make_items(team, 3, estimate=3)
    sprint = make_sprint(team, name="Sprint 1")
    client = web_as(world.alice)
    url = f"/o/acme/sprints/{sprint.pk}/"

    planning = text(client.get(url))
    submit(client, url + "items/", {"items": [str(one.pk), str(two.pk), str(three.pk)]})
    submit(client, url + "items/remove/", {"item": str(three.pk)})
    planned = text(client.get(url))
    started = submit(client, url + "start/")
    running = text(client.get(url))

    assert 'data-testid="candidates"' in planning
    assert "CHK-3</code> Item" in planning
    assert "<strong>6 points</strong> planned in 2 items" in planned
    assert started["Location"] == f"/o/acme/teams/{team.pk}/board/"
    sprint.refresh_from_db()
    assert (sprint.state, sprint.committed_points, sprint.committed_items) == ("active", 6, 2)
    assert "Committed at the start: <strong>6 points</strong> in 2 items" in running
    assert "None: the scope is as committed." in running


def test_a_second_sprint_does_not_start_while_one_is_running(world, web_as):
    team = checkout(world)
    started_sprint(team, name="Sprint 1")
    waiting = make_sprint(team, name="Sprint 2")
    client = web_as(world.alice)

    response = client.post(
        f"/o/acme/sprints/{waiting.pk}/start/",
        {"csrfmiddlewaretoken": ""},
        follow=False,
    )
    refused = submit(client, f"/o/acme/sprints/{waiting.pk}/start/", follow=True)

    assert response.status_code == 403  # no CSRF token: not even tried
    assert "Sprint 1 is still active; close it before starting another." in text(refused)
    waiting.refresh_from_db()
    assert waiting.state == SprintState.PLANNED


def test_scope_changes_after_the_start_are_listed(world, web_as):
    team = checkout(world)
    one, late = make_items(team, 2)
    sprint = started_sprint(team, [one])
    services.assign_items(sprint=sprint, items=[late], by=world.alice_membership, team=team)

    page = text(web_as(world.alice).get(f"/o/acme/sprints/{sprint.pk}/"))

    changes = page[page.index('data-testid="scope-changes"') :]
    assert 'Added <code class="item-key">CHK-2</code>' in changes
    assert "added after the start" in page


def test_closing_sends_unfinished_items_where_chosen_and_records_done_points(world, web_as):
    team = checkout(world)
    done, later, back = make_items(team, 3, estimate=5)
    sprint = started_sprint(team, [done, later, back], name="Sprint 1")
    services.update_item(item=done, by=world.alice_membership, status=ItemStatus.DONE)
    next_sprint = make_sprint(team, name="Sprint 2")
    client = web_as(world.alice)

    response = submit(
        client,
        f"/o/acme/sprints/{sprint.pk}/close/",
        {"unfinished_to": str(next_sprint.pk), f"move_{back.pk}": "backlog"},
    )
    page = text(client.get(f"/o/acme/sprints/{sprint.pk}/"))

    assert response.status_code == 302
    sprint.refresh_from_db()
    assert (sprint.state, sprint.done_points) == ("closed", Decimal(5))
    later.refresh_from_db()
    back.refresh_from_db()
    assert (later.sprint, back.sprint) == (next_sprint, None)
    assert "Done: <strong>5 of 15 committed points</strong>" in page
    assert "Close Sprint 1" not in page


def test_closing_into_another_teams_sprint_is_refused(world, web_as):
    team = checkout(world)
    item = make_item(team)
    sprint = started_sprint(team, [item])
    foreign = make_sprint(make_team(world.acme, name="Search", key="SRCH"))

    response = submit(
        web_as(world.alice), f"/o/acme/sprints/{sprint.pk}/close/", {"unfinished_to": foreign.pk}
    )

    assert response.status_code == 422
    assert "Select a valid choice" in text(response)
    sprint.refresh_from_db()
    assert sprint.state == SprintState.ACTIVE


# --- The sprint board -------------------------------------------------------------------------


def test_the_board_shows_the_sprint_goal_its_key_results_and_cards_by_status(world, web_as):
    team = checkout(world)
    kr = first_kr(make_objective(make_cycle(world.acme), team=team))
    new, doing, wont = make_items(team, 3)
    sprint = started_sprint(team, [new, doing, wont], goal="Pay in one click")
    services.update_sprint(sprint=sprint, by=world.alice_membership, goal_key_results=[kr])
    services.update_item(item=doing, by=world.alice_membership, status=ItemStatus.IN_PROGRESS)
    services.update_item(item=wont, by=world.alice_membership, status=ItemStatus.WONT_DO)

    page = text(web_as(world.alice).get(f"/o/acme/teams/{team.pk}/board/"))

    goal = page[page.index('data-testid="sprint-goal"') : page.index('data-testid="board"')]
    assert "Pay in one click" in goal
    assert kr.title in goal
    assert "0% · No check-in yet" in goal
    new_column = page[
        page.index('data-testid="column-new"') : page.index('data-testid="column-ready"')
    ]
    doing_column = page[page.index('data-testid="column-in_progress"') :]
    assert "CHK-1</code>" in new_column
    assert "CHK-2</code>" in doing_column.split('data-testid="column-done"')[0]
    assert "Won't do (1)" in page


def test_a_card_moves_to_the_next_column_and_the_board_comes_back(world, web_as):
    team = checkout(world)
    item = make_item(team)
    started_sprint(team, [item])

    response = submit(
        web_as(world.alice), f"/o/acme/items/{item.pk}/status/", {"status": "ready"}, headers=HTMX
    )

    page = text(response)
    assert response.status_code == 200
    assert page.startswith('<div id="board"')
    ready = page[
        page.index('data-testid="column-ready"') : page.index('data-testid="column-in_progress"')
    ]
    assert "CHK-1</code>" in ready
    item.refresh_from_db()
    assert item.status == "ready"


def test_without_a_running_sprint_the_board_points_to_the_sprints(world, web_as):
    team = checkout(world)

    page = text(web_as(world.alice).get(f"/o/acme/teams/{team.pk}/board/"))

    assert "No sprint is running." in page
    assert f'href="/o/acme/teams/{team.pk}/sprints/" role="button"' in page


def test_the_board_costs_the_same_queries_for_3_or_300_cards(world, web_as):
    small, large = checkout(world), make_team(world.acme, name="Search", key="SRCH")
    kr = first_kr(make_objective(make_cycle(world.acme), team=small))
    for team, count in ((small, 3), (large, 300)):
        items = make_items(team, count, estimate=2, assignee=world.bob_membership, key_results=[kr])
        sprint = make_sprint(team, goal_key_results=[kr])
        services.assign_items(sprint=sprint, items=items, by=world.alice_membership, team=team)
        services.start_sprint(sprint=sprint, by=world.alice_membership)
        services.update_item(item=items[0], by=world.alice_membership, status="done")
    client = web_as(world.alice)

    counts = [queries_of(client, f"/o/acme/teams/{t.pk}/board/") for t in (small, large)]

    assert counts[0] == counts[1], counts


# --- Backlog settings -------------------------------------------------------------------------


def test_the_definition_of_done_is_saved_as_a_new_version(world, web_as):
    team = checkout(world)
    client = web_as(world.alice)
    url = f"/o/acme/teams/{team.pk}/definition-of-done/"

    submit(client, url, {"checklist": "Code reviewed\nTested"})
    submit(client, url, {"checklist": "Code reviewed\n\nTested\nDeployed"})
    page = text(client.get(f"/o/acme/teams/{team.pk}/backlog/settings/"))

    latest = DefinitionOfDone.objects.filter(team=team).latest("number")
    assert (latest.number, latest.checklist) == (2, ["Code reviewed", "Tested", "Deployed"])
    assert "version 2" in page


def test_a_custom_scale_needs_valid_points(world, web_as):
    team = checkout(world)
    client = web_as(world.alice)
    url = f"/o/acme/teams/{team.pk}/estimate-scale/"

    bad = submit(client, url, {"scale": "custom", "custom_points": "1, two"})
    good = submit(client, url, {"scale": "custom", "custom_points": "1, 2, 4, 8"})
    page = text(client.get(f"/o/acme/teams/{team.pk}/backlog/settings/"))

    assert bad.status_code == 422
    assert "&#x27;two&#x27; is not a number." in text(bad)
    assert good.status_code == 302
    assert "estimated on this scale: 1, 2, 4, 8." in page


# --- Navigation ---------------------------------------------------------------------------------


def test_the_scrum_page_lists_every_team_with_its_running_sprint(world, web_as):
    team = checkout(world)
    make_team(world.acme, name="Search", key="SRCH")
    started_sprint(team, name="Sprint 4")

    page = text(web_as(world.alice).get("/o/acme/scrum/"))

    assert "Sprint 4</a>" in page
    assert f'href="/o/acme/teams/{team.pk}/board/"' in page
    assert "Search" in page
    assert 'href="/o/acme/scrum/"' in page  # the navigation bar
