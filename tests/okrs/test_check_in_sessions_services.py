"""Recording a whole check-in session: every row checked first, then all of them or none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.okrs import services
from okrum.okrs.models import CheckIn, Cycle, CycleState, KeyResult
from okrum.okrs.services import CheckInRow, check_in_sessions
from okrum.tenancy.models import AuditEvent
from tests.factories.check_in_sessions import make_session
from tests.factories.okrs import check_in, kr_spec, make_cycle, make_objective, make_team


def rows(krs, *values, confidence=7):
    return [
        CheckInRow(key_result=kr, value=v, confidence=confidence)
        for kr, v in zip(krs, values, strict=False)
    ]


def fresh(kr: KeyResult) -> KeyResult:
    return KeyResult.objects.select_related("objective__cycle", "objective__team").get(pk=kr.pk)


def test_it_records_every_row_and_moves_each_key_result(world):
    s = make_session(world.acme, world.bob_membership, key_results=3)
    with transaction.atomic():
        recorded = services.record_check_ins(
            rows=rows(s.key_results, 10, 20, "30.5"),
            by=world.bob_membership,
            cycle=s.cycle,
            team=s.team,
        )
    assert [c.value for c in recorded] == [Decimal(10), Decimal(20), Decimal("30.5")]
    progress = [fresh(kr).progress for kr in s.key_results]
    assert progress == [Decimal("0.1"), Decimal("0.2"), Decimal("0.305")]
    assert fresh(s.key_results[0]).last_check_in_at is not None
    event = AuditEvent.objects.get(action="check_in_session.recorded")
    assert event.after["check_ins"] == [c.pk for c in recorded]
    assert AuditEvent.objects.filter(action="check_in.created").count() == 3


def test_one_bad_row_saves_nothing_and_names_every_bad_row(world):
    s = make_session(world.acme, world.bob_membership, key_results=3)
    session_rows = rows(s.key_results, 10, "lots", 30)
    session_rows[2].confidence = 11
    with pytest.raises(Invalid) as caught, transaction.atomic():
        services.record_check_ins(
            rows=session_rows, by=world.bob_membership, cycle=s.cycle, team=s.team
        )
    assert caught.value.errors == {
        "rows.1.value": "Enter a number.",
        "rows.2.confidence": "Confidence is a whole number from 0 to 10.",
    }
    assert s.key_results[1].title in caught.value.detail
    assert "row 2" in caught.value.detail
    assert "row 3" in caught.value.detail
    assert CheckIn.objects.count() == 0
    assert fresh(s.key_results[0]).current_value is None


def test_a_failure_found_while_writing_rolls_back_the_rows_already_written(world, monkeypatch):
    s = make_session(world.acme, world.bob_membership, key_results=3)
    real = check_in_sessions.record_check_in
    calls = []

    def fails_on_the_third(**kwargs):
        calls.append(kwargs["key_result"].pk)
        if len(calls) == 3:
            raise Conflict("The key result changed meanwhile.", {"value": "Try again."})
        return real(**kwargs)

    monkeypatch.setattr(check_in_sessions, "record_check_in", fails_on_the_third)
    with pytest.raises(Conflict) as caught, transaction.atomic():
        services.record_check_ins(
            rows=rows(s.key_results, 10, 20, 30),
            by=world.bob_membership,
            cycle=s.cycle,
            team=s.team,
        )
    assert len(calls) == 3  # two rows were written before the failure...
    assert caught.value.errors == {"rows.2.value": "Try again."}
    assert "Row 3" in caught.value.detail
    assert CheckIn.objects.count() == 0  # ...and rolled back with it
    assert [fresh(kr).check_in_count for kr in s.key_results] == [0, 0, 0]


def test_a_milestone_takes_only_done_or_not_done(world):
    cycle = make_cycle(world.acme)
    team = make_team(world.acme)
    objective = make_objective(
        cycle, team=team, specs=[kr_spec(kind="milestone", start_value=None, target_value=None)]
    )
    kr = fresh(KeyResult.objects.get(objective=objective))
    with pytest.raises(Invalid) as caught:
        services.record_check_ins(
            rows=rows([kr], 2), by=world.alice_membership, cycle=cycle, team=team
        )
    assert caught.value.errors == {
        "rows.0.value": "A milestone is either done (1) or not done (0)."
    }


def test_confidence_may_come_as_text_but_not_as_a_boolean(world):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    with pytest.raises(Invalid) as caught:
        services.record_check_ins(
            rows=[
                CheckInRow(key_result=s.key_results[0], value=1, confidence="8"),
                CheckInRow(key_result=s.key_results[1], value=1, confidence=True),
            ],
            by=world.bob_membership,
            cycle=s.cycle,
            team=s.team,
        )
    assert list(caught.value.errors) == ["rows.1.confidence"]


def test_a_key_result_of_another_session_or_twice_is_refused(world):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    company = fresh(KeyResult.objects.get(objective=make_objective(s.cycle)))
    kr = s.key_results[0]
    with pytest.raises(Invalid) as caught:
        services.record_check_ins(
            rows=rows([kr, kr, company], 1, 2, 3),
            by=world.alice_membership,
            cycle=s.cycle,
            team=s.team,
        )
    assert caught.value.errors == {
        "rows.1.key_result": "This key result is already in another row.",
        "rows.2.key_result": "This key result is not in this check-in session.",
    }


def test_an_empty_session_is_invalid(world):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    with pytest.raises(Invalid) as caught:
        services.record_check_ins(rows=[], by=world.bob_membership, cycle=s.cycle, team=s.team)
    assert "rows" in caught.value.errors


def test_an_outsider_of_the_team_may_not_check_in(world):
    s = make_session(
        world.acme, world.alice_membership, key_results=1, owner=world.alice_membership
    )
    with pytest.raises(Forbidden) as caught:
        services.record_check_ins(
            rows=rows(s.key_results, 1), by=world.bob_membership, cycle=s.cycle, team=s.team
        )
    assert "Row 1" in caught.value.detail
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("state", [CycleState.PLANNING, CycleState.CLOSED])
def test_check_ins_wait_for_the_cycle_to_run(world, state):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    Cycle.objects.filter(pk=s.cycle.pk).update(state=state)
    s.key_results[0].objective.cycle.state = state
    with pytest.raises(Conflict):
        services.record_check_ins(
            rows=rows(s.key_results, 1), by=world.bob_membership, cycle=s.cycle, team=s.team
        )


def test_the_same_maths_as_a_single_check_in(world):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    check_in(s.key_results[0], 40)
    services.record_check_ins(
        rows=rows([fresh(s.key_results[1])], 40),
        by=world.bob_membership,
        cycle=s.cycle,
        team=s.team,
    )
    one, other = fresh(s.key_results[0]), fresh(s.key_results[1])
    assert (one.progress, one.status, one.current_value) == (
        other.progress,
        other.status,
        other.current_value,
    )
