"""The daily scrum page: my entry, everyone's entries, impediments and the burndown."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.scrum import services
from okrum.scrum.models import DailyScrumEntry, Impediment, ItemStatus
from okrum.teams.models import Accountability, Team
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.daily import make_entry, make_impediment, seat
from tests.factories.okrs import make_team
from tests.factories.scrum import make_item, make_sprint, started_sprint
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


def team_with_bob(world: Any) -> Team:
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.bob_membership)
    return team


def page_url(sprint: Any) -> str:
    return f"/o/acme/sprints/{sprint.pk}/daily/"


def test_the_board_and_the_sprint_page_link_to_the_daily_scrum(world, web_as):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    client = web_as(world.bob)

    for url in (f"/o/acme/teams/{team.pk}/board/", f"/o/acme/sprints/{sprint.pk}/"):
        assert f'href="{page_url(sprint)}"' in text(client.get(url))


def test_a_planned_sprint_has_no_daily_scrum_link_and_its_page_says_why(world, web_as):
    sprint = make_sprint(team_with_bob(world))
    client = web_as(world.bob)

    assert page_url(sprint) not in text(client.get(f"/o/acme/sprints/{sprint.pk}/"))
    page = client.get(page_url(sprint))
    assert page.status_code == 200
    assert "has not started yet" in text(page)
    assert 'data-testid="entry-form"' not in text(page)
    assert 'data-testid="no-burndown"' in text(page)


def test_the_page_explains_the_event_and_shows_the_goal_entries_and_impediments(world, web_as):
    team = team_with_bob(world)
    carol = add_member(world.acme, make_user(email="carol@example.com", name="Carol"))
    seat(team, carol)
    sprint = started_sprint(team, goal="Customers pay by card")
    make_entry(sprint, world.bob_membership, day=today() - timedelta(days=1), plan="Card form")
    make_entry(sprint, world.bob_membership, done="Card form", plan="Coupons", impediments=["VPN"])

    page = text(web_as(world.bob).get(page_url(sprint)))

    assert "15-minute event for the developers" in page
    assert "Customers pay by card" in page
    assert page.count('data-testid="daily-entry"') == 2
    assert "Coupons" in page
    assert "Not yet" in page  # Carol
    assert "Plan on" in page
    assert "Card form" in page
    assert 'data-testid="impediment"' in page
    assert "VPN" in page
    assert 'data-testid="entry-form"' in page
    assert "Update my entry" in page  # Bob posted already: the form holds his entry
    assert 'id="burndown-chart"' in page
    assert "chart-4.6.1.umd.min.js" in page


def test_the_burndown_data_is_in_the_page_as_json(world, web_as):
    team = team_with_bob(world)
    a = make_item(team, estimate=Decimal(5))
    b = make_item(team, estimate=Decimal(3))
    sprint = started_sprint(team, items=[a, b])
    services.update_item(item=a, by=world.alice_membership, status=ItemStatus.DONE)

    page = text(web_as(world.bob).get(page_url(sprint)))

    found = re.search(r'<script id="burndown-data" type="application/json">(.*?)</script>', page)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["labels"][0] == "Start"
    assert data["remaining"] == [8, 8, 8, 3]  # start, two days ago, yesterday, today
    assert data["ideal"][0] == 8
    assert data["ideal"][-1] == 0
    assert len(data["ideal"]) == 16
    assert "The numbers, day by day" in page


def test_an_htmx_save_answers_the_live_part_with_saved(world, web_as):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    client = web_as(world.bob)

    response = submit(
        client,
        f"/o/acme/sprints/{sprint.pk}/daily/entry/",
        {"day": today().isoformat(), "done": "A", "plan": "B", "impediments": "Blocked\n\nSlow CI"},
        headers=HTMX,
    )

    assert response.status_code == 200
    body = text(response)
    assert body.startswith('<div id="daily-live"')
    assert 'data-testid="entry-saved"' in body
    assert "Saved at" in body
    assert DailyScrumEntry.objects.get().plan == "B"
    assert sorted(Impediment.objects.values_list("description", flat=True)) == [
        "Blocked",
        "Slow CI",
    ]


def test_a_plain_post_redirects_to_the_day(world, web_as):
    sprint = started_sprint(team_with_bob(world))
    yesterday = today() - timedelta(days=1)

    response = submit(
        web_as(world.bob),
        f"/o/acme/sprints/{sprint.pk}/daily/entry/",
        {"day": yesterday.isoformat(), "done": "", "plan": "B"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?day={yesterday.isoformat()}")
    assert DailyScrumEntry.objects.get().day == yesterday


def test_an_empty_entry_comes_back_with_its_message_and_nothing_written(world, web_as):
    sprint = started_sprint(team_with_bob(world))

    response = submit(
        web_as(world.bob),
        f"/o/acme/sprints/{sprint.pk}/daily/entry/",
        {"day": today().isoformat(), "done": " ", "plan": ""},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "Say what you did, what you plan, or what blocks you." in text(response)
    assert not DailyScrumEntry.objects.exists()


def test_a_member_outside_the_team_sees_no_form_and_is_refused(world, web_as):
    sprint = started_sprint(make_team(world.acme))
    client = web_as(world.bob)

    page = text(client.get(page_url(sprint)))
    response = submit(
        client,
        f"/o/acme/sprints/{sprint.pk}/daily/entry/",
        {"day": today().isoformat(), "plan": "x"},
        headers=HTMX,
    )

    assert 'data-testid="entry-form"' not in page
    assert 'data-testid="not-in-team"' in page
    assert response.status_code == 403
    assert not DailyScrumEntry.objects.exists()


def test_a_stakeholder_of_the_team_sees_no_form(world, web_as):
    team = make_team(world.acme)
    seat(team, world.bob_membership, Accountability.STAKEHOLDER)
    sprint = started_sprint(team)

    assert 'data-testid="entry-form"' not in text(web_as(world.bob).get(page_url(sprint)))


def test_resolving_an_impediment_from_the_page(world, web_as):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    impediment = make_impediment(team, description="Test server down")
    url = f"/o/acme/sprints/{sprint.pk}/daily/impediments/{impediment.pk}/resolve/"
    client = web_as(world.bob)

    empty = submit(client, url, {"resolution": ""}, headers=HTMX)
    assert empty.status_code == 422
    assert "field-error" in text(empty)
    impediment.refresh_from_db()
    assert impediment.resolved_at is None

    done = submit(client, url, {"resolution": "Ops restarted it"}, headers=HTMX)
    assert done.status_code == 200
    assert 'data-testid="no-impediments"' in text(done)
    assert "Ops restarted it" in text(done)  # under "Recently resolved"
    impediment.refresh_from_db()
    assert impediment.resolution == "Ops restarted it"


def test_an_impediment_of_another_team_is_404_through_this_sprint(world, web_as):
    sprint = started_sprint(team_with_bob(world))
    elsewhere = make_impediment(make_team(world.acme))

    response = submit(
        web_as(world.alice),
        f"/o/acme/sprints/{sprint.pk}/daily/impediments/{elsewhere.pk}/resolve/",
        {"resolution": "x"},
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.resolved_at is None


def test_a_viewer_reads_the_page_without_forms(world, web_as):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    make_impediment(team)
    world.bob_membership.role = Role.VIEWER
    world.bob_membership.save()

    page = text(web_as(world.bob).get(page_url(sprint)))

    assert 'data-testid="entry-form"' not in page
    assert "Resolve" not in page
    assert 'data-testid="read-only"' in page


def test_days_navigate_within_the_sprint(world, web_as):
    sprint = started_sprint(team_with_bob(world))
    client = web_as(world.bob)
    yesterday = today() - timedelta(days=1)

    page = text(client.get(page_url(sprint) + f"?day={yesterday.isoformat()}"))
    wild = client.get(page_url(sprint) + "?day=not-a-day")

    assert f'?day={today().isoformat()}" rel="next"' in page
    assert f'?day={(yesterday - timedelta(days=1)).isoformat()}" rel="prev"' in page
    assert wild.status_code == 200
    assert f'datetime="{today().isoformat()}"' in text(wild)


def page_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_page_costs_the_same_queries_for_2_or_20_members(world, web_as):
    client = web_as(world.alice)
    counts = []
    for key, n in (("TWO", 2), ("TWENTY", 20)):
        team = make_team(world.acme, name=key, key=key)
        items = [make_item(team, estimate=Decimal(1)) for _ in range(3)]
        sprint = started_sprint(team, items=items)
        for i in range(n):
            member = add_member(world.acme, make_user(email=f"{key}{i}@example.com"))
            seat(team, member)
            make_entry(sprint, member, impediments=[f"Impediment {i}"])
            services.update_item(
                item=items[i % 3], by=world.alice_membership, status=ItemStatus.DONE
            )
            services.update_item(
                item=items[i % 3], by=world.alice_membership, status=ItemStatus.IN_PROGRESS
            )
        counts.append(page_queries(client, page_url(sprint)))

    assert counts[0] == counts[1]
