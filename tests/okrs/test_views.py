"""The OKR pages: the cycle's tree, cycles, goals, objectives with their key results, check-ins."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import now, today
from okrum.okrs import services
from okrum.okrs.models import (
    CheckIn,
    Cycle,
    CycleState,
    Goal,
    GoalKind,
    KeyResult,
    Objective,
    ObjectiveStatus,
)
from okrum.teams.services import add_team_member
from okrum.tenancy.models import AuditEvent, Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


def viewer_of(org: Organization) -> Membership:
    return add_member(org, make_user(email="vera@example.com", name="Vera"), Role.VIEWER)


def seat(world: Any, membership: Membership, team: Any) -> None:
    add_team_member(
        team=team, by=world.alice_membership, membership=membership, accountability="developer"
    )


def end_trial(org: Organization) -> None:
    org.trial_ends_at = now() - timedelta(days=1)
    org.save(update_fields=["trial_ends_at"])


def new_objective_form(**fields: Any) -> dict[str, Any]:
    """The new-objective form as a browser posts it: objective fields, then the KR rows."""
    rows = fields.pop("key_results", [])
    data: dict[str, Any] = {
        "title": "Make checkout effortless",
        "team": "",
        "owner": "",
        "status": "draft",
        "kind": "committed",
        "roll_up": "key_results",
        "kr-TOTAL_FORMS": str(len(rows)),
        "kr-INITIAL_FORMS": "0",
        "kr-MIN_NUM_FORMS": "0",
        "kr-MAX_NUM_FORMS": "12",
        **fields,
    }
    for index, row in enumerate(rows):
        defaults = {"kind": "increase_to", "unit": "", "weight": "1", "owner": ""}
        for name, value in {**defaults, **row}.items():
            data[f"kr-{index}-{name}"] = value
    return data


# --- The cycle's OKR page ----------------------------------------------------------------------


def test_the_okr_page_shows_goals_then_company_then_team_objectives_with_progress(world, web_as):
    acme, alice = world.acme, world.alice_membership
    vision = services.create_goal(org=acme, by=alice, kind=GoalKind.VISION, title="Best store")
    services.create_goal(org=acme, by=alice, kind=GoalKind.FOCUS, title="Checkout", parent=vision)
    team = make_team(acme, name="Payments", key="PAY")
    cycle = make_cycle(acme, name="Q3")
    company = make_objective(cycle, title="Grow repeat buyers", goal=vision)
    team_objective = make_objective(cycle, team=team, title="Pay in one click")
    check_in(first_kr(team_objective), 60, confidence=8)

    page = text(web_as(world.alice).get("/o/acme/okrs/"))

    assert "<h1>OKRs · Q3</h1>" in page
    headings = ("Best store", "Checkout", ">Company</h2>", company.title, "<h2>Payments</h2>")
    order = [page.index(s) for s in (*headings, "Pay in one click")]
    assert order == sorted(order)
    row = page[page.index(f'id="kr{first_kr(team_objective).pk}"') :]
    assert re.search(r'<progress class="status-on_track" value="0.6000" max="1"', row)
    assert '<span class="status status-on_track">On track</span>' in row
    assert "8/10" in row


def test_a_child_objective_of_the_same_team_sits_indented_under_its_parent(world, web_as):
    team = make_team(world.acme, name="Payments", key="PAY")
    cycle = make_cycle(world.acme)
    parent = make_objective(cycle, team=team, title="Parent objective")
    child = make_objective(cycle, team=team, title="Child objective", parent=parent)

    page = text(web_as(world.alice).get(f"/o/acme/cycles/{cycle.pk}/"))

    children = page[page.index('<div class="children"') :]
    assert f'id="o{child.pk}"' in children
    assert f'id="o{parent.pk}"' not in children


def test_the_okr_page_filters_by_team_and_by_status(world, web_as):
    payments = make_team(world.acme, name="Payments", key="PAY")
    search = make_team(world.acme, name="Search", key="SRCH")
    cycle = make_cycle(world.acme)
    make_objective(cycle, team=payments, title="Payments draft")
    make_objective(cycle, team=search, title="Search draft")
    make_objective(cycle, team=search, title="Search published", status=ObjectiveStatus.PUBLISHED)
    client = web_as(world.alice)

    by_team = text(client.get(f"/o/acme/cycles/{cycle.pk}/?team={search.pk}&status="))
    by_status = text(client.get(f"/o/acme/cycles/{cycle.pk}/?team=&status=draft"))

    assert "Search draft" in by_team
    assert "Search published" in by_team
    assert "Payments draft" not in by_team
    assert "Payments draft" in by_status
    assert "Search draft" in by_status
    assert "Search published" not in by_status
    assert f'<option value="{search.pk}" selected>Search</option>' in by_team


def test_without_an_open_cycle_the_okr_page_invites_an_admin_to_create_one(world, web_as):
    make_cycle(world.acme, state=CycleState.CLOSED, name="Q1")

    admin = text(web_as(world.alice).get("/o/acme/okrs/"))
    member = text(web_as(world.bob).get("/o/acme/okrs/"))

    assert "There is no open cycle yet." in admin
    assert 'href="/o/acme/cycles/" role="button">Create a cycle</a>' in admin
    assert "Create a cycle" not in member


def test_the_okr_page_costs_the_same_queries_for_2_or_200_objectives(world, web_as):
    acme = world.acme
    teams = [make_team(acme, name=f"Team {n}", key=f"TM{n}") for n in range(3)]
    services.create_goal(org=acme, by=world.alice_membership, kind=GoalKind.VISION, title="V")
    small, large = make_cycle(acme, name="Small"), make_cycle(acme, name="Large")
    build_objectives(acme, small, teams, objectives=2, key_results=1)
    build_objectives(acme, large, teams, objectives=200, key_results=4)
    client = web_as(world.bob)  # a member: may-check-in decisions are made per key result
    seat(world, world.bob_membership, teams[0])

    counts = [queries_of(client, f"/o/acme/cycles/{c.pk}/") for c in (small, large)]

    assert KeyResult.objects.filter(objective__cycle=large).count() == 800
    assert counts[0] == counts[1], counts


def build_objectives(
    org: Organization, cycle: Cycle, teams: list[Any], *, objectives: int, key_results: int
) -> None:
    """Objectives (company and team, some nested, some supporting) and their KRs, in bulk."""
    owner = Membership.objects.for_org(org).first()
    rows = Objective.objects.bulk_create(
        Objective(
            organization=org,
            cycle=cycle,
            team=teams[n % 3] if n % 4 else None,
            title=f"Objective {n}",
            status=ObjectiveStatus.PUBLISHED,
            owner=owner,
            progress=Decimal("0.4"),
            has_data=True,
        )
        for n in range(objectives)
    )
    for child, parent in zip(rows[4::4], rows[1::4], strict=False):
        child.parent = parent
    Objective.objects.bulk_update(rows, ["parent"])
    rows[0].supports.add(rows[-1])
    KeyResult.objects.bulk_create(
        KeyResult(
            organization=org,
            objective=objective,
            title=f"KR {n}",
            kind="increase_to",
            start_value=0,
            target_value=100,
            current_value=40,
            progress=Decimal("0.4"),
            status="at_risk",
            confidence=6,
            check_in_count=1,
            owner=owner,
        )
        for objective in rows
        for n in range(key_results)
    )


def queries_of(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


# --- Creating an objective with its key results ------------------------------------------------


def test_an_objective_and_its_two_key_results_are_created_by_one_form(world, web_as):
    team = make_team(world.acme, name="Payments", key="PAY")
    cycle = make_cycle(world.acme)
    form = new_objective_form(
        team=str(team.pk),
        owner=str(world.bob_membership.pk),
        key_results=[
            {"title": "Conversion", "start_value": "2", "target_value": "4", "unit": "%"},
            {"title": "One-click pay", "kind": "milestone", "weight": "2"},
        ],
    )

    response = submit(web_as(world.alice), f"/o/acme/cycles/{cycle.pk}/objectives/new/", form)

    objective = Objective.objects.get(cycle=cycle)
    assert response.status_code == 302
    assert response["Location"] == f"/o/acme/cycles/{cycle.pk}/#o{objective.pk}"
    assert (objective.title, objective.team, objective.owner) == (
        "Make checkout effortless",
        team,
        world.bob_membership,
    )
    rows = list(
        KeyResult.objects.filter(objective=objective)
        .order_by("position")
        .values_list("title", "kind", "start_value", "target_value", "unit", "weight")
    )
    assert rows == [
        ("Conversion", "increase_to", Decimal(2), Decimal(4), "%", Decimal(1)),
        ("One-click pay", "milestone", None, None, "", Decimal(2)),
    ]


def test_empty_key_result_rows_are_skipped(world, web_as):
    cycle = make_cycle(world.acme)
    form = new_objective_form(
        key_results=[{"title": "Only one", "start_value": "0", "target_value": "9"}, {}]
    )
    form["kr-1-kind"], form["kr-1-weight"] = "increase_to", "1"

    submit(web_as(world.alice), f"/o/acme/cycles/{cycle.pk}/objectives/new/", form)

    assert list(KeyResult.objects.values_list("title", flat=True)) == ["Only one"]


def test_a_bad_key_result_row_shows_the_form_again_and_creates_nothing(world, web_as):
    cycle = make_cycle(world.acme)
    form = new_objective_form(
        key_results=[
            {"title": "Fine", "start_value": "0", "target_value": "10"},
            {"title": "Backwards", "start_value": "10", "target_value": "5"},
        ]
    )
    events = AuditEvent.objects.for_org(world.acme).count()

    response = submit(web_as(world.alice), f"/o/acme/cycles/{cycle.pk}/objectives/new/", form)

    page = text(response)
    assert response.status_code == 422
    assert Objective.objects.filter(cycle=cycle).count() == 0
    assert KeyResult.objects.count() == 0
    assert AuditEvent.objects.for_org(world.acme).count() == events
    second_row = page[page.index("<legend>Key result 2</legend>") :]
    assert "To increase, the target must be above the start." in second_row
    assert 'value="Backwards"' in second_row
    assert 'value="Make checkout effortless"' in page


def test_a_member_creates_objectives_only_for_their_own_teams(world, web_as):
    mine = make_team(world.acme, name="Payments", key="PAY")
    other = make_team(world.acme, name="Search", key="SRCH")
    seat(world, world.bob_membership, mine)
    cycle = make_cycle(world.acme)
    client = web_as(world.bob)

    page = text(client.get(f"/o/acme/cycles/{cycle.pk}/objectives/new/"))
    response = submit(
        client,
        f"/o/acme/cycles/{cycle.pk}/objectives/new/",
        new_objective_form(team=str(other.pk)),
    )

    assert f'<option value="{mine.pk}">Payments</option>' in page
    assert "Search" not in page
    assert "company objective" not in page
    assert response.status_code == 422
    assert not Objective.objects.exists()


def test_a_closed_cycle_takes_no_new_objective(world, web_as):
    cycle = make_cycle(world.acme, state=CycleState.CLOSED)

    page = text(web_as(world.alice).get(f"/o/acme/cycles/{cycle.pk}/objectives/new/"))

    assert "This cycle is closed" in page
    assert "Create objective" not in page


# --- Editing an objective and its key results --------------------------------------------------


def test_an_admin_edits_an_objective_and_publishes_it(world, web_as):
    cycle = make_cycle(world.acme)
    objective = make_objective(cycle, title="Old title")
    form = {
        "title": "New title",
        "team": "",
        "owner": str(world.bob_membership.pk),
        "status": "published",
        "kind": "aspirational",
        "roll_up": "key_results",
    }

    response = submit(web_as(world.alice), f"/o/acme/objectives/{objective.pk}/edit/", form)

    objective.refresh_from_db()
    assert response["Location"] == f"/o/acme/objectives/{objective.pk}/"
    assert (objective.title, objective.status, objective.kind) == (
        "New title",
        "published",
        "aspirational",
    )


def test_a_parent_that_would_make_a_loop_is_refused_on_the_form(world, web_as):
    cycle = make_cycle(world.acme)
    parent = make_objective(cycle, title="Parent")
    child = make_objective(cycle, title="Child", parent=parent)
    form = {"title": "Parent", "team": "", "owner": "", "status": "draft", "kind": "committed"}
    form |= {"roll_up": "key_results", "parent": str(child.pk)}

    response = submit(web_as(world.alice), f"/o/acme/objectives/{parent.pk}/edit/", form)

    assert response.status_code == 422
    assert "This parent would make a loop of objectives." in text(response)
    parent.refresh_from_db()
    assert parent.parent is None


def test_changing_a_target_in_an_active_cycle_asks_for_a_reason(world, web_as):
    kr = first_kr(make_objective(make_cycle(world.acme, state=CycleState.ACTIVE)))
    form = {"title": kr.title, "kind": "increase_to", "start_value": "0", "target_value": "150"}
    form |= {"unit": "", "weight": "1", "owner": ""}
    client = web_as(world.alice)
    path = f"/o/acme/key-results/{kr.pk}/edit/"

    refused = submit(client, path, {**form, "reason": ""})
    accepted = submit(client, path, {**form, "reason": "The market grew"})

    assert refused.status_code == 422
    assert "say why the target or start changes" in text(refused)
    assert accepted["Location"] == f"/o/acme/key-results/{kr.pk}/"
    kr.refresh_from_db()
    assert kr.target_value == Decimal(150)
    event = AuditEvent.objects.for_org(world.acme).latest("id")
    assert event.action == "key_result.updated"
    assert "The market grew" in str(event.changes())


def test_in_planning_a_target_changes_without_a_reason_field(world, web_as):
    kr = first_kr(make_objective(make_cycle(world.acme, state=CycleState.PLANNING)))
    client = web_as(world.alice)
    path = f"/o/acme/key-results/{kr.pk}/edit/"
    form = {"title": kr.title, "kind": "increase_to", "start_value": "0", "target_value": "150"}

    page = text(client.get(path))
    response = submit(client, path, {**form, "unit": "", "weight": "1", "owner": ""})

    assert "Reason for the change" not in page
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.target_value == Decimal(150)


def test_a_key_result_is_added_to_an_existing_objective(world, web_as):
    objective = make_objective(make_cycle(world.acme), key_results=1)
    form = {"title": "Stay fast", "kind": "stay_below", "target_value": "200", "unit": "ms"}

    response = submit(
        web_as(world.alice),
        f"/o/acme/objectives/{objective.pk}/key-results/new/",
        {**form, "weight": "1", "owner": ""},
    )

    assert response["Location"] == f"/o/acme/objectives/{objective.pk}/edit/"
    assert KeyResult.objects.filter(objective=objective).count() == 2


def test_a_key_result_is_deleted(world, web_as):
    objective = make_objective(make_cycle(world.acme), key_results=2)
    kr = first_kr(objective)

    response = submit(web_as(world.alice), f"/o/acme/key-results/{kr.pk}/delete/")

    assert response["Location"] == f"/o/acme/objectives/{objective.pk}/edit/"
    assert not KeyResult.objects.filter(pk=kr.pk).exists()


# --- The key result's page and check-ins -------------------------------------------------------


def test_the_key_result_page_shows_definition_pace_and_history_newest_first(world, web_as):
    cycle = make_cycle(world.acme)  # halfway through: 50% expected
    kr = first_kr(make_objective(cycle, specs=[kr_spec(start_value=0, target_value=200)]))
    kr.unit = "users"
    kr.save()
    check_in(kr, 20, confidence=4, note="slow start")
    check_in(kr, 70, confidence=6, note="campaign landed", by=world.alice_membership)

    page = text(web_as(world.bob).get(f"/o/acme/key-results/{kr.pk}/"))

    assert "Increase from 0 users to 200 users" in page
    pace = page[page.index('data-testid="pace"') :]
    assert 'value="0.3500"' in pace
    assert 'value="0.5000"' in pace
    assert "At risk" in pace
    history = page[page.index('data-testid="check-ins"') :]
    assert history.index("campaign landed") < history.index("slow start")
    assert "70 users" in history
    assert "6/10" in history
    assert "Alice" in history


def test_a_check_in_from_the_key_result_page_redirects_back_to_it(world, web_as):
    kr = first_kr(make_objective(make_cycle(world.acme)))
    client = web_as(world.alice)

    response = submit(
        client, f"/o/acme/key-results/{kr.pk}/check-ins/", {"value": "40", "confidence": "7"}
    )
    page = text(client.get(response["Location"]))

    assert response["Location"] == f"/o/acme/key-results/{kr.pk}/"
    assert "Checked in: " in page
    assert "40%" in page


def test_an_inline_check_in_answers_the_updated_row_and_the_objective_progress(world, web_as):
    objective = make_objective(make_cycle(world.acme), key_results=2)
    kr = first_kr(objective)

    response = submit(
        web_as(world.alice),
        f"/o/acme/key-results/{kr.pk}/check-ins/",
        {"value": "50", "confidence": "7", "note": "halfway"},
        headers=HTMX,
    )

    fragment = text(response)
    assert response.status_code == 200
    assert "<html" not in fragment
    assert fragment.lstrip().startswith(f'<li class="kr-row" id="kr{kr.pk}"')
    assert '<progress class="status-on_track" value="0.5000"' in fragment
    assert "Check-in saved: now at 50%." in fragment
    assert "7/10" in fragment
    oob = fragment[fragment.index(f'id="o{objective.pk}-progress"') :]
    assert 'hx-swap-oob="true"' in oob[:60]
    assert "25%" in oob
    assert CheckIn.objects.get(key_result=kr).note == "halfway"


def test_an_inline_check_in_that_fails_answers_the_row_with_the_message(world, web_as):
    kr = first_kr(make_objective(make_cycle(world.acme)))

    response = submit(
        web_as(world.alice),
        f"/o/acme/key-results/{kr.pk}/check-ins/",
        {"value": "lots", "confidence": "11"},
        headers=HTMX,
    )

    fragment = text(response)
    assert response.status_code == 422
    assert fragment.lstrip().startswith(f'<li class="kr-row" id="kr{kr.pk}"')
    assert '<details class="check-in" open>' in fragment
    assert "Confidence is a whole number from 0 to 10." in fragment
    assert not CheckIn.objects.exists()


def test_an_inline_check_in_on_a_closed_cycle_is_refused_with_a_reason(world, web_as):
    kr = first_kr(make_objective(make_cycle(world.acme)))
    Cycle.objects.filter(pk=kr.objective.cycle_id).update(state=CycleState.CLOSED)

    response = submit(
        web_as(world.alice),
        f"/o/acme/key-results/{kr.pk}/check-ins/",
        {"value": "5", "confidence": "5"},
        headers=HTMX,
    )

    assert response.status_code == 409
    assert "The cycle Q" in text(response)
    assert "is closed; its check-ins can no longer change." in text(response)
    assert not CheckIn.objects.exists()


def test_a_viewer_sees_no_check_in_form_and_a_check_in_gets_403(world, web_as):
    viewer = viewer_of(world.acme)
    cycle = make_cycle(world.acme)
    kr = first_kr(make_objective(cycle))
    client = web_as(viewer.user)

    tree = text(client.get(f"/o/acme/cycles/{cycle.pk}/"))
    page = text(client.get(f"/o/acme/key-results/{kr.pk}/"))
    response = submit(
        client, f"/o/acme/key-results/{kr.pk}/check-ins/", {"value": "5", "confidence": "5"}
    )

    assert "Check in</summary>" not in tree
    assert "New objective" not in tree
    assert "Save check-in" not in page
    assert "Only the key result's owner, members of its team and admins check in." in page
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_a_member_checks_in_on_their_team_and_on_key_results_they_own(world, web_as):
    team = make_team(world.acme, name="Payments", key="PAY")
    seat(world, world.bob_membership, team)
    cycle = make_cycle(world.acme)
    theirs = first_kr(make_objective(cycle, team=team, title="Team objective"))
    owned = kr_spec(title="Owned by Bob", owner=world.bob_membership)
    company = make_objective(cycle, title="Company objective", specs=[kr_spec(), owned])
    others = first_kr(company)
    mine = KeyResult.objects.get(title="Owned by Bob")

    tree = text(web_as(world.bob).get(f"/o/acme/cycles/{cycle.pk}/"))

    forms = set(re.findall(r'hx-post="/o/acme/key-results/(\d+)/check-ins/"', tree))
    assert forms == {str(theirs.pk), str(mine.pk)}
    assert str(others.pk) not in forms
    assert f'href="/o/acme/objectives/{company.pk}/edit/"' not in tree


def test_planning_and_closed_cycles_offer_no_check_ins(world, web_as):
    planning = make_cycle(world.acme, state=CycleState.PLANNING, name="Next")
    closed = make_cycle(world.acme, name="Last")
    make_objective(planning)
    make_objective(closed)
    Cycle.objects.filter(pk=closed.pk).update(state=CycleState.CLOSED)
    client = web_as(world.alice)

    planning_page = text(client.get(f"/o/acme/cycles/{planning.pk}/"))
    closed_page = text(client.get(f"/o/acme/cycles/{closed.pk}/"))

    assert "Check-ins open when an admin activates the cycle." in planning_page
    assert "Check in</summary>" not in planning_page
    assert "This cycle is closed" in closed_page
    assert "Check in</summary>" not in closed_page
    assert "/edit/" not in closed_page[closed_page.index("</form>") :]
    assert "New objective" not in closed_page


def test_an_expired_trial_shows_the_okrs_without_write_controls(world, web_as):
    cycle = make_cycle(world.acme)
    make_objective(cycle)
    end_trial(world.acme)

    page = text(web_as(world.alice).get(f"/o/acme/cycles/{cycle.pk}/"))

    assert "Key result" in page
    assert "Check in</summary>" not in page
    assert "New objective" not in page
    assert "Start review" not in page


# --- Cycles and goals --------------------------------------------------------------------------


def test_an_admin_creates_a_cycle_which_starts_in_planning(world, web_as):
    start = today()
    form = {"name": "Q4", "starts_on": start.isoformat(), "cadence": "biweekly"}
    form["ends_on"] = (start + timedelta(days=90)).isoformat()

    response = submit(web_as(world.alice), "/o/acme/cycles/", form)

    cycle = Cycle.objects.get(name="Q4")
    assert response["Location"] == f"/o/acme/cycles/{cycle.pk}/"
    assert (cycle.state, cycle.cadence) == ("planning", "biweekly")


def test_reversed_cycle_dates_are_refused_on_the_form(world, web_as):
    form = {"name": "Q4", "starts_on": "2025-10-01", "ends_on": "2025-09-01", "cadence": "weekly"}

    response = submit(web_as(world.alice), "/o/acme/cycles/", form)

    assert response.status_code == 422
    assert "The cycle must end after it starts." in text(response)
    assert not Cycle.objects.exists()


def test_a_member_sees_the_cycles_without_the_create_form(world, web_as):
    make_cycle(world.acme, name="Q3")

    page = text(web_as(world.bob).get("/o/acme/cycles/"))

    assert "Q3" in page
    assert "Create cycle" not in page
    assert "Start review" not in page


def test_a_cycle_moves_through_its_states_and_refuses_a_wrong_move(world, web_as):
    cycle = make_cycle(world.acme, state=CycleState.PLANNING, name="Q3")
    make_objective(cycle, status=ObjectiveStatus.PUBLISHED)  # activation needs one
    client = web_as(world.alice)
    path = f"/o/acme/cycles/{cycle.pk}/state/"

    activated = submit(client, path, {"state": "active", "next": "/o/acme/cycles/"})
    after = text(client.get(activated["Location"]))
    refused = submit(client, path, {"state": "closed"})
    message = text(client.get(refused["Location"]))

    assert activated["Location"] == "/o/acme/cycles/"
    assert "Q3 is active: check-ins are open." in after
    assert refused["Location"] == f"/o/acme/cycles/{cycle.pk}/"
    assert "A cycle in active cannot move to closed; it can move to review." in message
    cycle.refresh_from_db()
    assert cycle.state == "active"


def test_the_state_form_does_not_redirect_off_site(world, web_as):
    cycle = make_cycle(world.acme, state=CycleState.PLANNING)

    response = submit(
        web_as(world.alice),
        f"/o/acme/cycles/{cycle.pk}/state/",
        {"state": "active", "next": "https://evil.example/"},
    )

    assert response["Location"] == f"/o/acme/cycles/{cycle.pk}/"


def test_an_admin_edits_a_cycle_but_a_closed_one_is_read_only(world, web_as):
    cycle = make_cycle(world.acme, name="Q3")
    closed = make_cycle(world.acme, state=CycleState.CLOSED, name="Q2")
    client = web_as(world.alice)
    form = {"name": "Q3 (extended)", "starts_on": cycle.starts_on.isoformat(), "cadence": "weekly"}
    form |= {"ends_on": (cycle.ends_on + timedelta(days=14)).isoformat(), "planning_notes": ""}

    response = submit(client, f"/o/acme/cycles/{cycle.pk}/edit/", form)
    closed_page = text(client.get(f"/o/acme/cycles/{closed.pk}/edit/"))

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.name == "Q3 (extended)"
    assert "This cycle is closed" in closed_page
    assert '<form method="post" novalidate>' not in closed_page


def test_an_admin_sets_a_vision_and_a_focus_under_it(world, web_as):
    client = web_as(world.alice)

    submit(client, "/o/acme/goals/", {"kind": "vision", "title": "Best store", "parent": ""})
    vision = Goal.objects.get(kind=GoalKind.VISION)
    submit(
        client, "/o/acme/goals/", {"kind": "focus", "title": "Fast checkout", "parent": vision.pk}
    )
    page = text(client.get("/o/acme/goals/"))

    focus = Goal.objects.get(kind=GoalKind.FOCUS)
    assert focus.parent == vision
    assert page.index("Best store") < page.index("Fast checkout")


def test_a_focus_cannot_sit_under_a_focus(world, web_as):
    acme, alice = world.acme, world.alice_membership
    focus = services.create_goal(org=acme, by=alice, kind=GoalKind.FOCUS, title="F")

    response = submit(
        web_as(world.alice),
        f"/o/acme/goals/{focus.pk}/edit/",
        {"title": "F2", "description": "", "parent": str(focus.pk)},
    )

    assert response.status_code == 422
    focus.refresh_from_db()
    assert focus.title == "F"


def test_a_goal_is_edited(world, web_as):
    goal = services.create_goal(
        org=world.acme, by=world.alice_membership, kind=GoalKind.VISION, title="Old"
    )

    response = submit(
        web_as(world.alice), f"/o/acme/goals/{goal.pk}/edit/", {"title": "New", "description": ""}
    )

    goal.refresh_from_db()
    assert response["Location"] == "/o/acme/goals/"
    assert goal.title == "New"


@pytest.mark.parametrize(
    "path",
    [
        "/o/acme/goals/{goal}/edit/",
        "/o/acme/cycles/{cycle}/edit/",
        "/o/acme/objectives/{objective}/edit/",
        "/o/acme/key-results/{kr}/edit/",
    ],
)
def test_a_member_who_may_not_edit_reads_the_page_with_an_explanation(world, web_as, path):
    goal = services.create_goal(
        org=world.acme, by=world.alice_membership, kind=GoalKind.VISION, title="V"
    )
    cycle = make_cycle(world.acme)
    objective = make_objective(cycle)
    url = path.format(
        goal=goal.pk, cycle=cycle.pk, objective=objective.pk, kr=first_kr(objective).pk
    )

    response = web_as(world.bob).get(url)

    assert response.status_code == 200
    assert 'data-testid="read-only"' in text(response)
    assert '<button type="submit">Save' not in text(response)
