"""The OKR services: the rules of cycles, objectives, key results and check-ins."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import today
from okrum.okrs import services
from okrum.okrs.models import CheckIn, Cycle, CycleState, KeyResult, Objective
from okrum.teams import services as teams
from okrum.tenancy.models import AuditEvent
from tests.factories.okrs import (
    check_in,
    first_kr,
    kr_spec,
    make_cycle,
    make_objective,
    make_team,
)


def last_event(org):
    return AuditEvent.objects.for_org(org).latest("id")


class TestCycles:
    def test_an_admin_creates_a_cycle_in_planning(self, world):
        cycle = services.create_cycle(
            org=world.acme,
            by=world.alice_membership,
            name="Q1 2027",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 3, 31),
            cadence="biweekly",
        )
        assert (cycle.state, cycle.cadence) == ("planning", "biweekly")
        assert last_event(world.acme).action == "cycle.created"

    def test_dates_must_not_be_reversed(self, world):
        with pytest.raises(Invalid) as err:
            services.create_cycle(
                org=world.acme,
                by=world.alice_membership,
                name="Q",
                starts_on=date(2027, 3, 1),
                ends_on=date(2027, 1, 1),
            )
        assert "ends_on" in err.value.errors
        assert not Cycle.objects.for_org(world.acme).exists()

    def test_a_member_cannot_create_a_cycle(self, world):
        with pytest.raises(Forbidden):
            services.create_cycle(
                org=world.acme,
                by=world.bob_membership,
                name="Q",
                starts_on=date(2027, 1, 1),
                ends_on=date(2027, 3, 1),
            )

    def test_it_moves_forward_through_the_states(self, world):
        cycle = make_cycle(world.acme, state=CycleState.PLANNING)
        make_objective(cycle, status="published")  # activation needs a published objective
        for state in ("active", "review", "closed"):
            services.change_cycle_state(cycle=cycle, by=world.alice_membership, state=state)
            assert Cycle.objects.get(pk=cycle.pk).state == state

    def test_it_refuses_to_skip_a_state(self, world):
        cycle = make_cycle(world.acme, state=CycleState.PLANNING)
        with pytest.raises(Conflict) as err:
            services.change_cycle_state(cycle=cycle, by=world.alice_membership, state="closed")
        assert "can move to active" in err.value.detail
        assert Cycle.objects.get(pk=cycle.pk).state == "planning"

    def test_a_review_can_reopen_the_cycle(self, world):
        cycle = make_cycle(world.acme, state=CycleState.REVIEW)
        services.change_cycle_state(cycle=cycle, by=world.alice_membership, state="active")
        assert Cycle.objects.get(pk=cycle.pk).state == "active"

    def test_closing_closes_its_objectives_and_makes_it_read_only(self, world):
        cycle = make_cycle(world.acme, state=CycleState.REVIEW)
        objective = make_objective(cycle, status="published")
        services.change_cycle_state(cycle=cycle, by=world.alice_membership, state="closed")
        objective.refresh_from_db()
        assert objective.status == "closed"
        with pytest.raises(Conflict):
            services.update_objective(objective=objective, by=world.alice_membership, title="x")
        with pytest.raises(Conflict):
            services.change_cycle_state(cycle=cycle, by=world.alice_membership, state="active")


class TestObjectives:
    def test_it_creates_an_objective_with_its_key_results_in_one_go(self, world):
        cycle = make_cycle(world.acme)
        objective = services.create_objective(
            cycle=cycle,
            by=world.alice_membership,
            title=" Delight   shoppers ",
            kind="aspirational",
            key_results=[
                kr_spec(title="NPS"),
                kr_spec(title="Returns", kind="decrease_to", start_value=D(10), target_value=D(2)),
            ],
        )
        assert objective.title == "Delight shoppers"
        assert objective.kind == "aspirational"
        titles = list(
            KeyResult.objects.filter(objective=objective)
            .order_by("position")
            .values_list("title", flat=True)
        )
        assert titles == ["NPS", "Returns"]

    def test_one_bad_key_result_writes_nothing(self, world):
        cycle = make_cycle(world.acme)
        with pytest.raises(Invalid) as err:
            services.create_objective(
                cycle=cycle,
                by=world.alice_membership,
                title="O",
                key_results=[kr_spec(), kr_spec(start_value=D(50), target_value=D(10))],
            )
        assert "key_results.1.target_value" in err.value.errors
        assert not Objective.objects.for_org(world.acme).exists()
        assert not KeyResult.objects.for_org(world.acme).exists()

    def test_all_weights_zero_is_refused(self, world):
        cycle = make_cycle(world.acme)
        with pytest.raises(Invalid) as err:
            make_objective(cycle, specs=[kr_spec(weight=D(0)), kr_spec(weight=D(0))])
        assert "weight" in err.value.errors

    def test_a_parent_must_be_in_the_same_cycle(self, world):
        parent = make_objective(make_cycle(world.acme))
        with pytest.raises(Invalid) as err:
            make_objective(make_cycle(world.acme), parent=parent)
        assert "parent" in err.value.errors

    def test_a_parent_chain_must_not_loop(self, world):
        cycle = make_cycle(world.acme)
        a = make_objective(cycle)
        b = make_objective(cycle, parent=a)
        c = make_objective(cycle, parent=b)
        with pytest.raises(Invalid) as err:
            services.update_objective(objective=a, by=world.alice_membership, parent=c)
        assert "loop" in err.value.errors["parent"]
        assert Objective.objects.get(pk=a.pk).parent_id is None

    def test_an_objective_cannot_be_its_own_parent(self, world):
        a = make_objective(make_cycle(world.acme))
        with pytest.raises(Invalid):
            services.update_objective(objective=a, by=world.alice_membership, parent=a)

    def test_a_parent_of_another_organization_is_refused(self, world):
        foreign = make_objective(make_cycle(world.globex))
        with pytest.raises(Invalid):
            make_objective(make_cycle(world.acme), parent=foreign)

    def test_a_member_edits_objectives_of_their_team_only(self, world):
        cycle = make_cycle(world.acme)
        mine, other = make_team(world.acme), make_team(world.acme)
        teams.add_team_member(
            team=mine,
            by=world.alice_membership,
            membership=world.bob_membership,
            accountability="developer",
        )
        objective = services.create_objective(
            cycle=cycle, by=world.bob_membership, title="Ours", team=mine
        )
        assert objective.team == mine
        with pytest.raises(Forbidden):
            services.create_objective(
                cycle=cycle, by=world.bob_membership, title="Theirs", team=other
            )
        with pytest.raises(Forbidden):
            services.create_objective(cycle=cycle, by=world.bob_membership, title="Company")
        with pytest.raises(Forbidden):
            services.update_objective(objective=objective, by=world.bob_membership, team=other)

    def test_status_moves_along_draft_proposed_published(self, world):
        objective = make_objective(make_cycle(world.acme))
        services.update_objective(objective=objective, by=world.alice_membership, status="proposed")
        services.update_objective(
            objective=objective, by=world.alice_membership, status="published"
        )
        assert Objective.objects.get(pk=objective.pk).status == "published"
        fresh = make_objective(make_cycle(world.acme))
        with pytest.raises(Invalid):
            services.update_objective(objective=fresh, by=world.alice_membership, status="closed")

    def test_supports_links_are_kept_and_not_rolled_up(self, world):
        cycle = make_cycle(world.acme)
        helped = make_objective(cycle)
        helper = make_objective(cycle)
        services.set_supports(objective=helper, by=world.alice_membership, supports=[helped])
        check_in(first_kr(helper), "100")
        helped.refresh_from_db()
        assert list(helper.supports.all()) == [helped]
        assert helped.progress == 0

    def test_changing_the_supports_links_moves_the_version_on(self, world):
        cycle = make_cycle(world.acme)
        helped, helper = make_objective(cycle), make_objective(cycle)
        version = helper.version
        services.set_supports(objective=helper, by=world.alice_membership, supports=[helped])
        assert Objective.objects.get(pk=helper.pk).version == version + 1
        services.set_supports(objective=helper, by=world.alice_membership, supports=[helped])
        assert Objective.objects.get(pk=helper.pk).version == version + 1


class TestKeyResults:
    def test_in_planning_a_target_changes_freely(self, world):
        objective = make_objective(make_cycle(world.acme, state=CycleState.PLANNING))
        kr = first_kr(objective)
        services.update_key_result(
            kr=kr, by=world.alice_membership, spec=kr_spec(title=kr.title, target_value=D(200))
        )
        assert KeyResult.objects.get(pk=kr.pk).target_value == D(200)

    def test_in_an_active_cycle_a_new_target_needs_a_reason(self, world):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        with pytest.raises(Invalid) as err:
            services.update_key_result(
                kr=kr, by=world.alice_membership, spec=kr_spec(title=kr.title, target_value=D(200))
            )
        assert "reason" in err.value.errors
        assert KeyResult.objects.get(pk=kr.pk).target_value == D(100)

        services.update_key_result(
            kr=kr,
            by=world.alice_membership,
            reason="Board asked",
            spec=kr_spec(title=kr.title, target_value=D(200)),
        )
        event = last_event(world.acme)
        assert event.action == "key_result.updated"
        assert event.before["target_value"] == "100.0000"
        assert event.after["target_value"] == "200.0000"
        assert event.after["reason"] == "Board asked"

    def test_a_title_change_in_an_active_cycle_needs_no_reason(self, world):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        services.update_key_result(
            kr=kr, by=world.alice_membership, spec=kr_spec(title="Clearer title")
        )
        assert KeyResult.objects.get(pk=kr.pk).title == "Clearer title"

    def test_changing_the_target_recomputes_progress(self, world):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        check_in(kr, "50")
        services.update_key_result(
            kr=kr,
            by=world.alice_membership,
            reason="halved",
            spec=kr_spec(title=kr.title, target_value=D(50)),
        )
        assert KeyResult.objects.get(pk=kr.pk).progress == 1

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"kind": "increase_to", "start_value": D(5), "target_value": D(5)}, "target_value"),
            ({"kind": "decrease_to", "start_value": D(5), "target_value": D(9)}, "target_value"),
            ({"kind": "stay_within", "low_value": D(9), "high_value": D(1)}, "low_value"),
            ({"kind": "stay_within", "low_value": None, "high_value": D(1)}, "low_value"),
            ({"kind": "stay_above", "target_value": None}, "target_value"),
            ({"kind": "bogus"}, "kind"),
            ({"weight": D(-1)}, "weight"),
            ({"weight": D(10_000)}, "weight"),
            ({"weight": D("1.005")}, "weight"),
            ({"title": "  "}, "title"),
        ],
    )
    def test_it_names_the_field_of_a_bad_definition(self, world, overrides, field):
        objective = make_objective(make_cycle(world.acme), key_results=0)
        with pytest.raises(Invalid) as err:
            services.add_key_result(
                objective=objective, by=world.alice_membership, spec=kr_spec(**overrides)
            )
        assert field in err.value.errors
        assert not KeyResult.objects.filter(objective=objective).exists()


def writes_of(run):  # type: ignore[no-untyped-def]
    """The tables each UPDATE/INSERT/DELETE statement of `run()` wrote to, and all statements."""
    with CaptureQueriesContext(connection) as captured:
        run()
    sql = [q["sql"] for q in captured.captured_queries]
    written = []
    for statement in sql:
        verb = statement.split()[0].upper()
        if verb in ("UPDATE", "INSERT", "DELETE"):
            table = statement.split()[1 if verb == "UPDATE" else 2].strip('"')
            written.append((verb, table))
    return sorted(written), len(sql)


class TestCheckInCost:
    def build(self, world, siblings):  # type: ignore[no-untyped-def]
        cycle = make_cycle(world.acme)
        top = make_objective(cycle, roll_up="both")
        middle = make_objective(cycle, parent=top, roll_up="both")
        leaf = make_objective(cycle, parent=middle, key_results=2)
        for _ in range(siblings):
            make_objective(cycle, parent=middle, key_results=3)
            make_objective(cycle, key_results=3)
        return first_kr(leaf)

    def test_a_check_in_writes_only_its_key_result_and_the_objective_chain(self, world):
        kr = self.build(world, siblings=3)

        written, _ = writes_of(lambda: check_in(kr, 10))

        assert written == sorted(
            [
                ("INSERT", "okrs_checkin"),
                ("INSERT", "tenancy_auditevent"),
                ("UPDATE", "okrs_keyresult"),
                # leaf, middle and top: one row each, none of the siblings
                ("UPDATE", "okrs_objective"),
                ("UPDATE", "okrs_objective"),
                ("UPDATE", "okrs_objective"),
            ]
        )

    def test_its_cost_does_not_grow_with_the_rest_of_the_cycle(self, world):
        small = self.build(world, siblings=1)
        large = self.build(world, siblings=12)

        _, few = writes_of(lambda: check_in(small, 10))
        _, many = writes_of(lambda: check_in(large, 10))

        assert few == many


class TestCheckIns:
    def test_a_check_in_updates_the_key_result_and_its_objective(self, world):
        objective = make_objective(make_cycle(world.acme), key_results=2)
        kr = first_kr(objective)
        check_in(kr, "40", confidence=6, note="Going OK")
        kr.refresh_from_db()
        objective.refresh_from_db()
        assert (kr.current_value, kr.progress, kr.confidence, kr.check_in_count) == (
            D(40),
            D("0.4"),
            6,
            1,
        )
        assert objective.progress == D("0.2")
        assert objective.has_data

    def test_the_first_value_of_a_baseline_key_result_becomes_its_start(self, world):
        objective = make_objective(
            make_cycle(world.acme), specs=[kr_spec(start_value=None, target_value=D(100))]
        )
        kr = first_kr(objective)
        assert kr.measures_baseline
        check_in(kr, "60")
        check_in(kr, "80")
        kr.refresh_from_db()
        assert (kr.start_value, kr.progress) == (D(60), D("0.5"))

    def test_editing_a_measured_baseline_keeps_the_first_value_as_start(self, world):
        objective = make_objective(
            make_cycle(world.acme), specs=[kr_spec(start_value=None, target_value=D(100))]
        )
        kr = first_kr(objective)
        check_in(kr, "60")
        check_in(kr, "70")
        services.update_key_result(
            kr=kr,
            by=world.alice_membership,
            spec=kr_spec(title="Renamed", start_value=None, target_value=D(100)),
        )
        check_in(kr, "80")
        kr.refresh_from_db()
        assert (kr.title, kr.start_value, kr.progress) == ("Renamed", D(60), D("0.5"))

    def test_a_baseline_past_the_target_counts_as_reached(self, world):
        objective = make_objective(
            make_cycle(world.acme), specs=[kr_spec(start_value=None, target_value=D(100))]
        )
        kr = first_kr(objective)
        check_in(kr, "120")
        assert KeyResult.objects.get(pk=kr.pk).progress == 1

    def test_status_compares_progress_with_the_expected_pace(self, world):
        # 45 of 90 days gone: expected 0.5.
        kr = first_kr(make_objective(make_cycle(world.acme)))
        assert KeyResult.objects.get(pk=kr.pk).status == "no_data"
        for value, status in [
            ("45", "on_track"),
            ("30", "at_risk"),
            ("10", "off_track"),
            ("100", "achieved"),
        ]:
            check_in(kr, value)
            assert KeyResult.objects.get(pk=kr.pk).status == status

    @pytest.mark.parametrize("state", ["planning", "closed"])
    def test_check_ins_are_refused_outside_active_and_review(self, world, state):
        kr = first_kr(make_objective(make_cycle(world.acme, state=CycleState.ACTIVE)))
        Cycle.objects.filter(pk=kr.objective.cycle_id).update(state=state)
        kr = KeyResult.objects.select_related("objective__cycle").get(pk=kr.pk)
        with pytest.raises(Conflict):
            check_in(kr, "5")
        assert not CheckIn.objects.filter(key_result=kr).exists()

    def test_check_ins_are_accepted_in_review(self, world):
        kr = first_kr(make_objective(make_cycle(world.acme, state=CycleState.REVIEW)))
        check_in(kr, "5")
        assert CheckIn.objects.filter(key_result=kr).count() == 1

    @pytest.mark.parametrize(
        ("value", "confidence", "field"),
        [
            ("abc", 5, "value"),
            ("NaN", 5, "value"),
            ("1e20", 5, "value"),
            ("5", 11, "confidence"),
            ("5", -1, "confidence"),
        ],
    )
    def test_bad_values_are_refused(self, world, value, confidence, field):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        with pytest.raises(Invalid) as err:
            check_in(kr, value, confidence=confidence)
        assert field in err.value.errors
        assert KeyResult.objects.get(pk=kr.pk).check_in_count == 0

    def test_a_milestone_takes_only_done_or_not_done(self, world):
        objective = make_objective(
            make_cycle(world.acme),
            specs=[kr_spec(kind="milestone", start_value=None, target_value=None)],
        )
        with pytest.raises(Invalid):
            check_in(first_kr(objective), "0.5")

    def test_a_viewer_or_an_outsider_of_the_team_cannot_check_in(self, world):
        team = make_team(world.acme)
        kr = first_kr(make_objective(make_cycle(world.acme), team=team))
        with pytest.raises(Forbidden):
            check_in(kr, "5", by=world.bob_membership)

    def test_the_owner_of_a_key_result_may_check_in(self, world):
        objective = make_objective(
            make_cycle(world.acme), specs=[kr_spec(owner=world.bob_membership)]
        )
        check_in(first_kr(objective), "5", by=world.bob_membership)
        assert CheckIn.objects.get().author == world.bob

    def test_a_check_in_is_audited(self, world):
        kr = first_kr(make_objective(make_cycle(world.acme)))
        check_in(kr, "12.5", confidence=4)
        event = last_event(world.acme)
        assert event.action == "check_in.created"
        assert event.after == {
            "key_result": kr.pk,
            "value": "12.5000",
            "confidence": 4,
            "source": "manual",
        }

    def test_progress_rolls_up_through_parents(self, world):
        cycle = make_cycle(world.acme)
        grandparent = make_objective(cycle, roll_up="children", key_results=0)
        parent = make_objective(
            cycle, parent=grandparent, roll_up="both", specs=[kr_spec(weight=D(2))]
        )
        child = make_objective(cycle, parent=parent)
        check_in(first_kr(child), "100")
        check_in(first_kr(parent), "50")
        parent.refresh_from_db()
        grandparent.refresh_from_db()
        # parent: (0.5·2 + 1·1) / 3; grandparent: its only child.
        assert parent.progress == D("0.6667")
        assert grandparent.progress == D("0.6667")

    def test_moving_an_objective_to_another_parent_refreshes_both(self, world):
        cycle = make_cycle(world.acme)
        old = make_objective(cycle, roll_up="children", key_results=0)
        new = make_objective(cycle, roll_up="children", key_results=0)
        child = make_objective(cycle, parent=old)
        check_in(first_kr(child), "100")
        services.update_objective(objective=child, by=world.alice_membership, parent=new)
        old.refresh_from_db()
        new.refresh_from_db()
        assert (old.progress, new.progress) == (D(0), D(1))


def test_expected_progress_follows_today(world):
    cycle = make_cycle(
        world.acme, starts_on=today() - timedelta(days=10), ends_on=today() + timedelta(days=10)
    )
    from okrum.okrs import progress

    objective = make_objective(cycle)
    assert progress.expected(objective) == D("0.5")
