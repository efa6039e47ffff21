"""Writing the daily scrum: one entry per person per day, impediments raised and resolved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import today
from okrum.scrum import services
from okrum.scrum.models import DailyScrumEntry, Impediment, ItemStatus
from okrum.scrum.queries import daily as daily_queries
from okrum.teams.models import Accountability, Team
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.daily import make_entry, make_impediment, seat
from tests.factories.okrs import make_team
from tests.factories.scrum import make_item, make_sprint, started_sprint
from tests.factories.tenancy import add_member


def team_with_bob(world: Any) -> Team:
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.bob_membership)
    return team


def actions(world: Any) -> list[str]:
    rows = AuditEvent.objects.for_org(world.acme).order_by("id")
    return list(rows.values_list("action", flat=True))


def test_a_developer_records_an_entry_for_today(world):
    team = team_with_bob(world)
    sprint = started_sprint(team)

    entry = services.record_entry(
        sprint=sprint, by=world.bob_membership, done="Card form", plan="  3-D Secure\r\nthen QA  "
    )

    assert entry.day == today()
    assert (entry.done, entry.plan, entry.version) == ("Card form", "3-D Secure\nthen QA", 1)
    assert actions(world)[-1] == "daily_entry.recorded"


def test_a_second_entry_the_same_day_updates_the_first(world):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    first = make_entry(sprint, world.bob_membership, plan="Card form")

    second = make_entry(sprint, world.bob_membership, plan="Card form and coupons")

    assert second.pk == first.pk
    assert second.version == 2
    assert DailyScrumEntry.objects.filter(sprint=sprint).count() == 1
    assert DailyScrumEntry.objects.get().plan == "Card form and coupons"
    event = AuditEvent.objects.for_org(world.acme).filter(action="daily_entry.updated").get()
    assert event.before["plan"] == "Card form"


def test_yesterday_may_be_written_but_not_tomorrow_nor_a_day_outside_the_sprint(world):
    team = team_with_bob(world)
    sprint = started_sprint(team)  # started two days ago

    yesterday = make_entry(sprint, world.bob_membership, day=today() - timedelta(days=1))
    assert yesterday.day == today() - timedelta(days=1)

    with pytest.raises(Invalid) as tomorrow:
        make_entry(sprint, world.bob_membership, day=today() + timedelta(days=1))
    assert "still to come" in tomorrow.value.errors["day"]
    with pytest.raises(Invalid) as before:
        make_entry(sprint, world.bob_membership, day=sprint.starts_on - timedelta(days=1))
    assert "Choose a day of" in before.value.errors["day"]


def test_only_an_active_sprint_takes_entries(world):
    team = team_with_bob(world)
    planned = make_sprint(team)

    with pytest.raises(Conflict):
        make_entry(planned, world.bob_membership)
    assert not DailyScrumEntry.objects.exists()


def test_an_empty_entry_is_refused(world):
    sprint = started_sprint(team_with_bob(world))

    with pytest.raises(Invalid) as refused:
        services.record_entry(sprint=sprint, by=world.bob_membership, done=" ", plan="\n")

    assert "plan" in refused.value.errors


def test_who_may_post_scrum_team_members_and_admins_not_stakeholders_or_outsiders(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    sprint = started_sprint(team)
    outsider = add_member(world.acme, make_user(email="olga@example.com"), Role.MEMBER)
    stakeholder = add_member(world.acme, make_user(email="sam@example.com"), Role.MEMBER)
    seat(team, stakeholder, Accountability.STAKEHOLDER)
    scrum_master = add_member(world.acme, make_user(email="sue@example.com"), Role.MEMBER)
    seat(team, scrum_master, Accountability.SCRUM_MASTER)

    for refused in (outsider, stakeholder):
        with pytest.raises(Forbidden):
            make_entry(sprint, refused)
    assert make_entry(sprint, scrum_master).membership == scrum_master
    assert make_entry(sprint, world.alice_membership).membership == world.alice_membership


def test_a_viewer_in_the_team_may_not_post(world):
    team = team_with_bob(world)
    sprint = started_sprint(team)
    world.bob_membership.role = Role.VIEWER
    world.bob_membership.save()

    with pytest.raises(Forbidden):
        make_entry(sprint, world.bob_membership)


def test_each_impediment_line_becomes_an_open_impediment_once(world):
    team = team_with_bob(world)
    sprint = started_sprint(team)

    entry = make_entry(
        sprint, world.bob_membership, impediments=["Test server down", "  ", "No card sandbox"]
    )
    make_entry(sprint, world.bob_membership, impediments=["Test server down"])

    rows = Impediment.objects.filter(team=team).order_by("id")
    assert [i.description for i in rows] == ["Test server down", "No card sandbox"]
    assert all(i.entry_id == entry.pk and i.sprint_id == sprint.pk for i in rows)
    assert all(i.raised_by == world.bob_membership and i.resolved_at is None for i in rows)
    assert actions(world).count("impediment.raised") == 2


def test_an_entry_with_only_an_impediment_is_enough(world):
    sprint = started_sprint(team_with_bob(world))

    make_entry(sprint, world.bob_membership, done="", plan="", impediments=["Blocked on legal"])

    assert Impediment.objects.get().description == "Blocked on legal"


def test_a_team_member_resolves_an_impediment_and_it_stays_resolved(world):
    team = team_with_bob(world)
    impediment = make_impediment(team, world.bob_membership)

    services.resolve_impediment(
        impediment=impediment, by=world.bob_membership, resolution="Ops restarted it"
    )

    impediment.refresh_from_db()
    assert impediment.resolved_by == world.bob_membership
    assert impediment.resolution == "Ops restarted it"
    assert impediment.resolved_at is not None
    assert impediment.version == 2
    assert actions(world)[-1] == "impediment.resolved"
    with pytest.raises(Conflict):
        services.resolve_impediment(impediment=impediment, by=world.bob_membership, resolution="x")


def test_resolving_needs_a_resolution_and_a_team_member(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    impediment = make_impediment(team)

    with pytest.raises(Invalid):
        services.resolve_impediment(
            impediment=impediment, by=world.alice_membership, resolution="  "
        )
    with pytest.raises(Forbidden):
        services.resolve_impediment(
            impediment=impediment, by=world.bob_membership, resolution="Fixed"
        )
    impediment.refresh_from_db()
    assert impediment.resolved_at is None


def test_open_impediments_stay_listed_across_sprints_oldest_first(world):
    team = team_with_bob(world)
    first = make_impediment(team, description="Old one")
    second = make_impediment(team, description="New one")
    done = make_impediment(team, description="Gone")
    services.resolve_impediment(impediment=done, by=world.alice_membership, resolution="Fixed")

    assert daily_queries.open_impediments(world.acme, team) == [first, second]
    assert daily_queries.recently_resolved(world.acme, team) == [done]


# --- The daily scrum read ------------------------------------------------------------------------


def test_the_daily_scrum_lists_developers_with_their_entry_or_not_yet(world):
    team = team_with_bob(world)
    carol = add_member(world.acme, make_user(email="carol@example.com", name="Carol"))
    seat(team, carol)
    sprint = started_sprint(team)
    make_entry(
        sprint, world.bob_membership, day=today() - timedelta(days=1), plan="Yesterday's plan"
    )
    make_entry(sprint, world.bob_membership, plan="Today's plan")
    make_entry(sprint, world.alice_membership, plan="Admin's plan")  # not in the team

    scrum = daily_queries.daily_scrum(world.acme, sprint, today())

    names = [
        (p.membership.user.name, p.entry.plan if p.entry else None) for p in scrum.participants
    ]
    assert names == [("Bob", "Today's plan"), ("Carol", None), ("Alice", "Admin's plan")]
    assert scrum.participants[0].previous.plan == "Yesterday's plan"
    assert scrum.previous_day == today() - timedelta(days=1)
    assert scrum.next_day is None
    assert scrum.days[-1] == today()


def daily_queries_count(world: Any, team: Team, sprint: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        daily_queries.daily_scrum(world.acme, sprint, today())
    return len(captured.captured_queries)


def test_the_daily_scrum_costs_the_same_queries_for_2_or_20_people(world):
    small_team = make_team(world.acme, name="Small", key="SML")
    big_team = make_team(world.acme, name="Big", key="BIG")
    small, big = started_sprint(small_team), started_sprint(big_team)
    for team, sprint, n in ((small_team, small, 2), (big_team, big, 20)):
        for i in range(n):
            member = add_member(world.acme, make_user(email=f"{team.key}{i}@example.com"))
            seat(team, member)
            make_entry(sprint, member, day=today() - timedelta(days=1), impediments=[f"I{i}"])
            make_entry(sprint, member)

    assert daily_queries_count(world, small_team, small) == daily_queries_count(
        world, big_team, big
    )


# --- The burndown from the database --------------------------------------------------------------


def test_the_burndown_follows_the_items_of_the_sprint(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    a = make_item(team, estimate=Decimal(5))
    b = make_item(team, estimate=Decimal(3))
    sprint = started_sprint(team, items=[a, b])
    by = world.alice_membership
    services.update_item(item=a, by=by, status=ItemStatus.DONE)
    late = make_item(team, estimate=Decimal(8))
    services.update_item(item=late, by=by, sprint=sprint)
    services.update_item(item=b, by=by, estimate=Decimal(2))

    chart = daily_queries.burndown(world.acme, sprint)

    assert chart is not None
    assert chart.committed == Decimal(8)
    assert chart.start == Decimal(8)
    # Everything happened today: 8 - 5 (done) + 8 (added) - 1 (estimate 3 → 2) = 10.
    assert chart.remaining[-1] == Decimal(10)
    assert len(chart.remaining) == 3  # started two days ago: two days and today
    assert chart.ideal[-1] == Decimal(0)


def test_a_sprint_not_started_has_no_burndown(world):
    sprint = make_sprint(make_team(world.acme))

    assert daily_queries.burndown(world.acme, sprint) is None


def burndown_queries(world: Any, sprint: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        daily_queries.burndown(world.acme, sprint)
    return len(captured.captured_queries)


def test_the_burndown_costs_the_same_queries_for_10_or_300_item_events(world):
    by = world.alice_membership
    counts = []
    for key, changes in (("FEW", 10), ("MANY", 300)):
        team = make_team(world.acme, name=key, key=key)
        items = [make_item(team, estimate=Decimal(1)) for _ in range(5)]
        sprint = started_sprint(team, items=items)
        for n in range(changes // 2):
            item = items[n % 5]
            services.update_item(item=item, by=by, status=ItemStatus.DONE)
            services.update_item(item=item, by=by, status=ItemStatus.IN_PROGRESS)
        counts.append(burndown_queries(world, sprint))

    assert counts[0] == counts[1]
