"""The Scrum services: the rules of backlog items, ranks, sprints, product goals and the DoD."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import today
from okrum.okrs.models import Cycle, CycleState, KeyResult
from okrum.scrum import queries, services
from okrum.scrum.models import (
    BacklogItem,
    BacklogItemKeyResult,
    DefinitionOfDone,
    ItemEvent,
    ProductGoal,
    Sprint,
    SprintCommitment,
)
from okrum.scrum.services import ItemSpec
from okrum.teams import services as teams
from okrum.tenancy.models import AuditEvent
from tests.factories.okrs import first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_items, make_sprint, started_sprint


def closed_cycle_kr(org):  # type: ignore[no-untyped-def]
    """A key result whose cycle has since closed."""
    cycle = make_cycle(org)
    kr = first_kr(make_objective(cycle))
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED)
    return KeyResult.objects.get(pk=kr.pk)


def order(team):  # type: ignore[no-untyped-def]
    rows = BacklogItem.objects.filter(team=team).order_by("rank", "id")
    return list(rows.values_list("number", flat=True))


def events(item, field):  # type: ignore[no-untyped-def]
    rows = ItemEvent.objects.filter(item=item, field=field).order_by("at", "id")
    return list(rows.values_list("from_value", "to_value"))


def actions(org):  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.for_org(org).order_by("id").values_list("action", flat=True))


@pytest.fixture
def team(world):  # type: ignore[no-untyped-def]
    team = make_team(world.acme, name="Checkout", key="CHK")
    teams.add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    return team


class TestItems:
    def test_keys_count_up_per_team_and_are_never_reused(self, world, team):
        other = make_team(world.acme, key="SRCH")
        first, second = make_items(team, 2)
        services.delete_item(item=second, by=world.alice_membership)
        third = make_item(team)
        elsewhere = make_item(other)

        assert [first.key, third.key, elsewhere.key] == ["CHK-1", "CHK-3", "SRCH-1"]

    def test_new_items_go_to_the_bottom_unless_asked_for_the_top(self, world, team):
        make_items(team, 2)
        services.create_item(
            team=team, by=world.bob_membership, spec=ItemSpec(title="Urgent"), position="top"
        )
        make_item(team)

        assert order(team) == [3, 1, 2, 4]

    def test_a_batch_is_written_in_order_with_its_links_and_history(self, world, team):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        specs = [ItemSpec(title=f"Row {n}", estimate=3, key_results=[kr]) for n in range(3)]

        items = services.create_items(team=team, by=world.bob_membership, specs=specs)

        assert [i.key for i in items] == ["CHK-1", "CHK-2", "CHK-3"]
        assert order(team) == [1, 2, 3]
        assert BacklogItemKeyResult.objects.filter(key_result=kr).count() == 3
        assert ItemEvent.objects.filter(item__team=team, field="created").count() == 3
        assert actions(world.acme)[-1] == "backlog_item.bulk_created"

    def test_one_bad_row_writes_nothing_of_the_batch_and_names_the_row(self, world, team):
        specs = [ItemSpec(title="Fine"), ItemSpec(title="Also fine"), ItemSpec(title=" ")]

        with pytest.raises(Invalid) as err:
            services.create_items(team=team, by=world.bob_membership, specs=specs)

        assert list(err.value.errors) == ["items.2.title"]
        assert not BacklogItem.objects.filter(team=team).exists()

    def test_a_batch_holds_at_most_a_thousand_items(self, world, team):
        specs = [ItemSpec(title=f"Row {n}") for n in range(1001)]
        with pytest.raises(Invalid) as err:
            services.create_items(team=team, by=world.bob_membership, specs=specs)
        assert "items" in err.value.errors
        assert not BacklogItem.objects.filter(team=team).exists()

    @pytest.mark.parametrize("estimate", [-1, 4, "2.5", "lots", "Infinity"])
    def test_an_estimate_off_the_fibonacci_scale_is_refused(self, world, team, estimate):
        with pytest.raises(Invalid) as err:
            make_item(team, estimate=estimate)
        assert list(err.value.errors) == ["estimate"]
        assert not BacklogItem.objects.filter(team=team).exists()

    def test_t_shirt_and_custom_scales_decide_which_points_are_allowed(self, world, team):
        by = world.bob_membership
        services.set_estimate_scale(team=team, by=by, scale="tshirt")
        assert make_item(team, estimate=5).estimate == D(5)  # L
        with pytest.raises(Invalid):
            make_item(team, estimate=21)

        services.set_estimate_scale(team=team, by=by, scale="custom", custom_points=["0.5", 1, 4])
        assert make_item(team, estimate="0.5").estimate == D("0.5")
        with pytest.raises(Invalid):
            make_item(team, estimate=3)
        with pytest.raises(Invalid) as err:
            services.set_estimate_scale(team=team, by=by, scale="custom", custom_points=[])
        assert "custom_points" in err.value.errors

    def test_links_to_key_results_of_other_organizations_or_closed_cycles_are_refused(
        self, world, team
    ):
        foreign = first_kr(make_objective(make_cycle(world.globex)))
        closed = closed_cycle_kr(world.acme)
        item = make_item(team)

        for kr in (foreign, closed):
            with pytest.raises(Invalid) as err:
                make_item(team, key_results=[kr])
            assert list(err.value.errors) == ["key_results"]
            with pytest.raises(Invalid):
                services.update_item(item=item, by=world.bob_membership, key_results=[kr])
        assert BacklogItem.objects.filter(team=team).count() == 1
        assert not BacklogItemKeyResult.objects.exists()

    def test_status_estimate_and_sprint_changes_are_kept_as_history(self, world, team):
        item = make_item(team, estimate=3)
        sprint = make_sprint(team)
        by = world.bob_membership

        services.update_item(item=item, by=by, status="in_progress", estimate=5, title="Renamed")
        services.update_item(item=item, by=by, sprint=sprint)
        services.update_item(item=item, by=by, status="done")

        assert events(item, "status") == [("new", "in_progress"), ("in_progress", "done")]
        assert events(item, "estimate") == [("3", "5")]
        assert events(item, "sprint") == [("", str(sprint.pk))]
        assert ItemEvent.objects.get(item=item, field="sprint").sprint == sprint
        item.refresh_from_db()
        assert item.done_at is not None
        assert item.version == 4

    def test_reopening_a_done_item_clears_its_done_time(self, world, team):
        item = make_item(team, status="done")
        assert item.done_at is not None
        services.update_item(item=item, by=world.bob_membership, status="ready")
        assert BacklogItem.objects.get(pk=item.pk).done_at is None

    def test_links_are_replaced_and_audited(self, world, team):
        objective = make_objective(make_cycle(world.acme), key_results=2)
        one, two = objective.key_results.order_by("position")
        item = make_item(team, key_results=[one])

        services.update_item(item=item, by=world.bob_membership, key_results=[two])

        assert list(item.key_results.all()) == [two]
        event = AuditEvent.objects.for_org(world.acme).latest("id")
        assert (event.before["key_results"], event.after["key_results"]) == ([one.pk], [two.pk])

    def test_only_the_teams_members_and_admins_change_its_backlog(self, world, team):
        item = make_item(team)
        world.bob_membership.role = "viewer"
        with pytest.raises(Forbidden):
            services.update_item(item=item, by=world.bob_membership, title="No")
        world.bob_membership.role = "member"
        outsider_team = make_team(world.acme)
        with pytest.raises(Forbidden):
            make_item(outsider_team, by=world.bob_membership)
        services.update_item(item=item, by=world.alice_membership, title="Admins may")
        assert BacklogItem.objects.get(pk=item.pk).title == "Admins may"

    def test_an_item_that_was_in_a_sprint_is_not_deleted(self, world, team):
        item = make_item(team)
        services.update_item(item=item, by=world.bob_membership, sprint=make_sprint(team))
        services.update_item(item=item, by=world.bob_membership, sprint=None)
        with pytest.raises(Invalid):
            services.delete_item(item=item, by=world.bob_membership)
        assert BacklogItem.objects.filter(pk=item.pk).exists()


class TestMoves:
    def test_before_after_between_and_the_ends(self, world, team):
        one, two, three, four = make_items(team, 4)
        by = world.bob_membership

        services.move_item(item=four, by=by, before=two)
        assert order(team) == [1, 4, 2, 3]
        services.move_item(item=one, by=by, after=three)
        assert order(team) == [4, 2, 3, 1]
        services.move_item(item=one, by=by, after=four, before=two)
        assert order(team) == [4, 1, 2, 3]
        services.move_item(item=three, by=by, to="top")
        assert order(team) == [3, 4, 1, 2]
        services.move_item(item=three, by=by, to="bottom")
        assert order(team) == [4, 1, 2, 3]

    def test_a_move_writes_one_item_row_whatever_the_backlog_size(self, world, team):
        items = make_items(team, 300)

        with CaptureQueriesContext(connection) as captured:
            services.move_item(item=items[-1], by=world.bob_membership, before=items[150])

        updates = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "scrum_backlogitem"')]
        assert len(updates) == 1
        assert order(team)[150] == 300

    def test_moves_are_recorded_and_audited(self, world, team):
        _, two = make_items(team, 2)
        services.move_item(item=two, by=world.bob_membership, to="top")
        assert len(events(two, "rank")) == 1
        assert actions(world.acme)[-1] == "backlog_item.moved"

    @pytest.mark.parametrize("neighbour", ["other_team", "itself", "reversed", "nothing"])
    def test_bad_moves_are_refused_and_change_nothing(self, world, team, neighbour):
        one, two, three = make_items(team, 3)
        stranger = make_item(make_team(world.acme))
        kwargs = {
            "other_team": {"before": stranger},
            "itself": {"after": two},
            "reversed": {"after": three, "before": one},
            "nothing": {},
        }[neighbour]

        with pytest.raises(Invalid):
            services.move_item(item=two, by=world.bob_membership, **kwargs)

        assert order(team) == [1, 2, 3]


class TestSprints:
    def test_sprints_are_numbered_per_team_and_named_after_their_number(self, world, team):
        first = make_sprint(team)
        second = make_sprint(team, name="Checkout polish")
        assert (first.number, first.name) == (1, "Sprint 1")
        assert (second.number, second.name) == (2, "Checkout polish")

    @pytest.mark.parametrize(("days", "field"), [(29, "ends_on"), (0, "ends_on"), (-3, "ends_on")])
    def test_a_sprint_ends_after_it_starts_and_within_four_weeks(self, world, team, days, field):
        with pytest.raises(Invalid) as err:
            make_sprint(team, days=days)
        assert list(err.value.errors) == [field]
        assert not Sprint.objects.filter(team=team).exists()

    def test_four_weeks_exactly_is_allowed(self, world, team):
        assert make_sprint(team, days=28).ends_on - make_sprint(team).starts_on == timedelta(
            days=28
        )

    def test_starting_freezes_the_committed_items_and_points(self, world, team):
        items = make_items(team, 3, estimate=5)
        sprint = started_sprint(team, items[:2])

        assert (sprint.state, sprint.committed_items, sprint.committed_points) == (
            "active",
            2,
            D(10),
        )
        services.update_item(item=items[0], by=world.bob_membership, estimate=13)
        sprint.refresh_from_db()
        assert sprint.committed_points == D(10)
        assert set(
            SprintCommitment.objects.filter(sprint=sprint).values_list("item_id", flat=True)
        ) == {
            items[0].pk,
            items[1].pk,
        }

    def test_items_added_or_removed_after_the_start_are_scope_changes(self, world, team):
        committed, late = make_items(team, 2, estimate=3)
        sprint = started_sprint(team, [committed])
        by = world.bob_membership

        services.assign_items(sprint=sprint, items=[late], by=by, team=team)
        services.assign_items(sprint=None, items=[committed], by=by, team=team)

        changes = queries.scope_changes(Sprint.objects.get(pk=sprint.pk))
        assert [(c.event.item_id, c.added) for c in changes] == [
            (late.pk, True),
            (committed.pk, False),
        ]

    def test_an_item_moved_straight_into_another_sprint_leaves_the_first_ones_scope(
        self, world, team
    ):
        item = make_item(team, estimate=5)
        sprint = started_sprint(team, [item])
        following = make_sprint(team)

        services.update_item(item=item, by=world.bob_membership, sprint=following)

        changes = queries.scope_changes(Sprint.objects.get(pk=sprint.pk))
        assert [(c.event.item_id, c.added) for c in changes] == [(item.pk, False)]
        assert events(item, "sprint") == [
            ("", str(sprint.pk)),
            (str(sprint.pk), ""),
            ("", str(following.pk)),
        ]

    def test_planning_a_sprint_is_for_the_teams_members_even_with_nothing_to_move(
        self, world, team
    ):
        sprint = make_sprint(team)
        outsider = make_team(world.acme)
        with pytest.raises(Forbidden):
            services.assign_items(sprint=None, items=[], by=world.bob_membership, team=outsider)
        assert (
            services.assign_items(sprint=sprint, items=[], by=world.bob_membership, team=team) == []
        )

    def test_a_second_active_sprint_is_refused(self, world, team):
        started_sprint(team)
        second = make_sprint(team)
        with pytest.raises(Invalid) as err:
            services.start_sprint(sprint=second, by=world.bob_membership)
        assert list(err.value.errors) == ["state"]
        assert Sprint.objects.get(pk=second.pk).state == "planned"

    def test_a_sprint_starts_with_a_goal(self, world, team):
        sprint = make_sprint(team, goal="")
        with pytest.raises(Invalid) as err:
            services.start_sprint(sprint=sprint, by=world.bob_membership)
        assert list(err.value.errors) == ["goal"]

    def test_the_goal_serves_key_results_of_open_cycles_only(self, world, team):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        closed = closed_cycle_kr(world.acme)
        sprint = make_sprint(team, goal_key_results=[kr])
        assert list(sprint.goal_key_results.all()) == [kr]
        with pytest.raises(Invalid) as err:
            services.update_sprint(
                sprint=sprint, by=world.bob_membership, goal_key_results=[closed]
            )
        assert list(err.value.errors) == ["goal_key_results"]
        assert list(sprint.goal_key_results.all()) == [kr]

    def test_closing_records_done_points_and_sends_unfinished_items_back(self, world, team):
        done, open_, dropped = make_items(team, 3, estimate=8)
        sprint = started_sprint(team, [done, open_, dropped])
        by = world.bob_membership
        services.update_item(item=done, by=by, status="done")
        services.update_item(item=dropped, by=by, status="wont_do")

        services.close_sprint(sprint=sprint, by=by)

        sprint.refresh_from_db()
        assert (sprint.state, sprint.done_items, sprint.done_points) == ("closed", 1, D(8))
        assert BacklogItem.objects.get(pk=open_.pk).sprint is None
        assert BacklogItem.objects.get(pk=done.pk).sprint == sprint
        assert BacklogItem.objects.get(pk=dropped.pk).sprint == sprint
        assert queries.scope_changes(sprint) == []
        assert queries.done_points(team) == [D(8)]

    def test_unfinished_items_may_go_into_the_next_planned_sprint_item_by_item(self, world, team):
        a, b, c = make_items(team, 3, estimate=2)
        sprint = started_sprint(team, [a, b, c])
        following = make_sprint(team)

        services.close_sprint(
            sprint=sprint, by=world.bob_membership, unfinished_to=following, moves={c.pk: "backlog"}
        )

        assert set(BacklogItem.objects.filter(sprint=following)) == {a, b}
        assert BacklogItem.objects.get(pk=c.pk).sprint is None

    def test_unfinished_items_cannot_go_into_an_active_or_foreign_sprint(self, world, team):
        item = make_item(team)
        sprint = started_sprint(team, [item])
        foreign = make_sprint(make_team(world.acme))
        for target in (sprint, foreign, "elsewhere"):
            with pytest.raises(Invalid):
                services.close_sprint(sprint=sprint, by=world.bob_membership, unfinished_to=target)
        assert Sprint.objects.get(pk=sprint.pk).state == "active"
        assert BacklogItem.objects.get(pk=item.pk).sprint == sprint

    def test_a_closed_sprint_keeps_its_record(self, world, team):
        item = make_item(team)
        sprint = started_sprint(team, [item])
        services.update_item(item=item, by=world.bob_membership, status="done")
        services.close_sprint(sprint=sprint, by=world.bob_membership)
        with pytest.raises(Conflict):
            services.update_sprint(sprint=sprint, by=world.bob_membership, goal="Rewrite history")
        with pytest.raises(Invalid):
            services.update_item(item=item, by=world.bob_membership, sprint=None)
        with pytest.raises(Invalid):
            make_item(team, sprint=sprint)

    def test_an_active_sprint_keeps_its_start_date(self, world, team):
        sprint = started_sprint(team)
        with pytest.raises(Invalid) as err:
            services.update_sprint(
                sprint=sprint, by=world.bob_membership, starts_on=today() - timedelta(days=5)
            )
        assert list(err.value.errors) == ["starts_on"]


class TestTeamSettings:
    def test_a_team_has_at_most_one_active_product_goal(self, world, team):
        by = world.bob_membership
        goal = services.create_product_goal(team=team, by=by, title="One-click checkout")
        with pytest.raises(Invalid) as err:
            services.create_product_goal(team=team, by=by, title="Another")
        assert list(err.value.errors) == ["status"]

        services.update_product_goal(goal=goal, by=by, status="achieved")
        services.create_product_goal(team=team, by=by, title="Another")
        with pytest.raises(Invalid):
            services.update_product_goal(goal=goal, by=by, status="active")
        assert ProductGoal.objects.filter(team=team, status="active").count() == 1

    def test_a_product_goal_may_point_at_an_objective_of_the_organization_only(self, world, team):
        foreign = make_objective(make_cycle(world.globex))
        with pytest.raises(Invalid) as err:
            services.create_product_goal(
                team=team, by=world.bob_membership, title="Goal", objective=foreign
            )
        assert list(err.value.errors) == ["objective"]

    def test_each_change_of_the_definition_of_done_is_a_new_version(self, world, team):
        by = world.bob_membership
        first = services.set_definition_of_done(team=team, by=by, checklist=["Reviewed", " "])
        same = services.set_definition_of_done(team=team, by=by, checklist=["Reviewed"])
        second = services.set_definition_of_done(team=team, by=by, checklist=["Reviewed", "Tested"])

        assert (first.number, same.pk, second.number) == (1, first.pk, 2)
        assert queries.definition_of_done(team).checklist == ["Reviewed", "Tested"]
        assert DefinitionOfDone.objects.filter(team=team).count() == 2
        with pytest.raises(Invalid):
            services.set_definition_of_done(team=team, by=by, checklist=["  "])


class TestQueries:
    def test_the_backlog_pages_follow_rank_order_through_the_cursor(self, world, team):
        items = make_items(team, 7)
        services.move_item(item=items[6], by=world.bob_membership, to="top")
        f = queries.ItemFilter(team=team)

        seen, cursor = [], None
        while True:
            page = queries.items_page(world.acme, f, limit=3, cursor=cursor)
            seen += [i.number for i in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert seen == [7, 1, 2, 3, 4, 5, 6]

    def test_filters_by_key_result_none_text_and_key(self, world, team):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        linked = make_item(team, title="Faster payment page", key_results=[kr])
        loose = make_item(team, title="Tidy the styles")

        def numbers(**kwargs):  # type: ignore[no-untyped-def]
            page = queries.items_page(
                world.acme, queries.ItemFilter(team=team, **kwargs), limit=50, cursor=None
            )
            return [i.pk for i in page.items]

        assert numbers(key_result=kr) == [linked.pk]
        assert numbers(key_result="none") == [loose.pk]
        assert numbers(text="payment") == [linked.pk]
        assert numbers(text="chk-2") == [loose.pk]
        assert numbers(statuses=queries.statuses_of("open")) == [linked.pk, loose.pk]
        with pytest.raises(Invalid):
            queries.statuses_of("open,sideways")
