"""The check-in session page, "My check-ins", and the stale flags on the other OKR pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import now
from okrum.okrs.models import CheckIn, Cycle, KeyResult
from okrum.teams.models import Team
from okrum.tenancy.models import Organization
from tests.factories.check_in_sessions import age, make_session
from tests.factories.okrs import check_in, kr_spec, make_objective
from tests.web import submit, text


def page_of(s) -> str:
    return f"/o/acme/cycles/{s.cycle.pk}/check-ins/?team={s.team.pk}"


def filled(s, *values, confidence="7") -> dict[str, Any]:
    data: dict[str, Any] = {}
    for kr, value in zip(s.key_results, values, strict=True):
        data.update(
            {f"kr{kr.pk}-value": value, f"kr{kr.pk}-confidence": confidence, f"kr{kr.pk}-note": ""}
        )
    return data


def test_the_session_shows_every_key_result_prefilled_with_its_stale_flag(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    checked, waiting = s.key_results
    check_in(checked, 35, confidence=4, note="Slow week")
    response = web_as(world.bob).get(page_of(s))
    assert response.status_code == 200
    html = text(response)
    assert f"Check-in session · {s.team.name}" in html
    assert "An OKR check-in is where the direction meets the work" in html
    assert f'name="kr{checked.pk}-value" value="35"' in html
    assert f'name="kr{checked.pk}-confidence" value="4"' in html
    assert f'name="kr{checked.pk}-note" value="Slow week"' in html
    assert f'name="kr{waiting.pk}-value" value=""' in html
    assert html.count('data-testid="stale"') == 1
    assert "1 of 2 key results needs a check-in." in html
    assert f'<option value="{s.team.pk}" selected>{s.team.name}</option>' in html


def test_saving_records_every_filled_row_and_skips_empty_ones(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=3)
    client = web_as(world.bob)
    response = submit(client, page_of(s), filled(s, "10", "20", ""))
    assert response.status_code == 302
    assert response["Location"] == page_of(s)
    values = {c.key_result_id: c.value for c in CheckIn.objects.all()}
    assert values == {s.key_results[0].pk: 10, s.key_results[1].pk: 20}
    after = text(client.get(page_of(s)))
    assert f"Saved 2 check-ins for {s.team.name}." in after
    assert after.count('data-testid="stale"') == 1


def test_one_invalid_row_shows_the_form_again_with_its_message_and_saves_nothing(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=3)
    bad = s.key_results[1]
    response = submit(web_as(world.bob), page_of(s), filled(s, "10", "plenty", "30"))
    assert response.status_code == 422
    html = text(response)
    assert f"Nothing was saved. Fix “{bad.title}”." in html
    assert "Enter a number." in html
    assert f'name="kr{bad.pk}-value" value="plenty" aria-invalid="true"' in html
    assert f'name="kr{s.key_results[0].pk}-value" value="10"' in html  # kept as typed
    assert CheckIn.objects.count() == 0


def test_a_confidence_out_of_range_is_refused_by_the_form(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    response = submit(web_as(world.bob), page_of(s), filled(s, "10", "20", confidence="11"))
    assert response.status_code == 422
    assert text(response).count("Confidence is a whole number from 0 to 10.") == 2
    assert CheckIn.objects.count() == 0


def test_nothing_filled_in_is_a_message_not_a_save(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    response = submit(web_as(world.bob), page_of(s), filled(s, "", ""))
    assert response.status_code == 422
    assert "enter a value for at least one key result" in text(response)


def test_rows_the_member_may_not_check_in_are_shown_without_inputs(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    company = make_objective(s.cycle, specs=[kr_spec(title="Revenue")])
    kr = KeyResult.objects.get(objective=company)
    html = text(web_as(world.bob).get(f"/o/acme/cycles/{s.cycle.pk}/check-ins/"))
    assert "Revenue" in html
    assert f'name="kr{kr.pk}-value"' not in html
    assert "Only the key results' owners, members of the team and admins check in here." in html
    admin = text(web_as(world.alice).get(f"/o/acme/cycles/{s.cycle.pk}/check-ins/"))
    assert f'name="kr{kr.pk}-value"' in admin


def test_a_cycle_in_planning_takes_no_check_ins(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    Cycle.objects.filter(pk=s.cycle.pk).update(state="planning")
    client = web_as(world.bob)
    html = text(client.get(page_of(s)))
    assert "check-ins are open while the cycle is active or in review" in html
    response = submit(client, page_of(s), filled(s, "5"))
    assert response.status_code == 422
    assert CheckIn.objects.count() == 0


def test_an_unknown_team_is_404(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    theirs = Team.objects.create(organization=world.globex, name="Theirs", key="THR")
    client = web_as(world.bob)
    assert client.get(f"/o/acme/cycles/{s.cycle.pk}/check-ins/?team={theirs.pk}").status_code == 404
    assert client.get(f"/o/acme/cycles/{s.cycle.pk}/check-ins/?team=x").status_code == 404


def queries_of(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_session_page_costs_the_same_queries_for_60_key_results_as_for_3(world, web_as):
    small = make_session(world.acme, world.bob_membership, key_results=3, cadence="per_sprint")
    big = make_session(world.acme, world.bob_membership, key_results=3, cycle=small.cycle)
    for _ in range(19):
        make_objective(big.cycle, team=big.team, key_results=3)
    for kr in KeyResult.objects.filter(objective__team=big.team)[:30]:
        check_in(kr, 10, note="noted")
    client = web_as(world.bob)
    few, many = queries_of(client, page_of(small)), queries_of(client, page_of(big))
    assert KeyResult.objects.filter(objective__team=big.team).count() == 60
    assert few == many


def test_my_check_ins_lists_what_i_owe_by_session(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    done, old = s.key_results
    check_in(done, 5)
    check_in(old, 5)
    age(old, 9)
    client = web_as(world.bob)
    html = text(client.get("/o/acme/check-ins/owed/"))
    assert html.count('data-testid="owed"') == 1
    assert old.title in html
    assert done.title not in html
    assert f'href="/o/acme/cycles/{s.cycle.pk}/check-ins/?team={s.team.pk}"' in html
    assert '<a href="/o/acme/check-ins/owed/" aria-current="page">My check-ins</a>' in html
    check_in(old, 6)
    assert "You owe no check-ins" in text(client.get("/o/acme/check-ins/owed/"))


def test_stale_key_results_are_flagged_on_the_okr_pages(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=2, cadence="per_sprint")
    check_in(s.key_results[0], 5)
    check_in(s.key_results[1], 5)
    age(s.key_results[0], 2)
    Team.objects.filter(pk=s.team.pk).update(sprint_started_at=now() - timedelta(days=1))
    client = web_as(world.bob)
    tree = text(client.get(f"/o/acme/cycles/{s.cycle.pk}/"))
    assert tree.count("Stale: check-in due") == 1
    assert "Check-in session</a>" in tree
    stale_page = text(client.get(f"/o/acme/key-results/{s.key_results[0].pk}/"))
    fresh_page = text(client.get(f"/o/acme/key-results/{s.key_results[1].pk}/"))
    assert "a check-in is due" in stale_page
    assert "a check-in is due" not in fresh_page
    objective = text(client.get(f"/o/acme/objectives/{s.objective.pk}/"))
    assert objective.count('data-testid="stale"') == 1


def test_an_expired_trial_shows_the_session_read_only(world, web_as):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    Organization.objects.filter(pk=world.acme.pk).update(trial_ends_at=now() - timedelta(days=1))
    html = text(web_as(world.bob).get(page_of(s)))
    assert "The free trial of Acme has ended" in html
    assert "Save all check-ins" not in html
