"""`okrum remind`: one email per owner of stale key results per cadence period, cron-safe."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command

from okrum.core.time import now
from okrum.okrs.models import CheckInReminder, Cycle, KeyResult
from okrum.okrs.queries import check_in_sessions
from okrum.okrs.services import reminders
from okrum.teams.models import Team
from okrum.tenancy.models import AuditEvent, Organization
from tests.factories.check_in_sessions import age, make_session
from tests.factories.okrs import check_in


def remind() -> str:
    out = StringIO()
    call_command("remind", stdout=out)
    return out.getvalue().strip()


def to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def test_each_owner_gets_one_email_listing_their_stale_key_results(world, settings):
    settings.BASE_URL = "https://okrum.example.com"
    s = make_session(world.acme, world.bob_membership, key_results=2)
    summary = remind()
    assert summary.startswith("Check-in reminders: 1 sent")
    [email] = to("bob@example.com")
    assert email.subject == "2 key results in Acme wait for your check-in"
    for kr in s.key_results:
        assert kr.title in email.body
    link = f"https://okrum.example.com/o/acme/cycles/{s.cycle.pk}/check-ins/?team={s.team.pk}"
    assert link in email.body
    assert "https://okrum.example.com/o/acme/check-ins/owed/" in email.body
    reminder = CheckInReminder.objects.get()
    assert (reminder.membership, reminder.key_results) == (world.bob_membership, 2)
    assert AuditEvent.objects.filter(action="check_in_reminder.sent").count() == 1


def test_a_second_run_in_the_same_period_sends_nothing(world):
    make_session(world.acme, world.bob_membership, key_results=2)
    make_session(world.acme, world.alice_membership, key_results=1)
    remind()
    assert len(mail.outbox) == 2
    summary = remind()
    assert len(mail.outbox) == 2
    assert summary == "Check-in reminders: 0 sent."
    assert CheckInReminder.objects.count() == 2


def test_the_next_period_reminds_again(world, monkeypatch):
    make_session(world.acme, world.bob_membership, key_results=1)
    remind()
    later = now() + timedelta(days=7)
    monkeypatch.setattr(check_in_sessions, "now", lambda: later)
    remind()
    assert len(to("bob@example.com")) == 2
    periods = sorted(CheckInReminder.objects.values_list("period_start", flat=True))
    assert periods[1] - periods[0] == timedelta(days=7)


def test_key_results_checked_in_within_the_cadence_need_no_reminder(world):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    for kr in s.key_results:
        check_in(kr, 5)
    assert remind() == "Check-in reminders: 0 sent."
    assert mail.outbox == []


def test_only_the_stale_key_results_are_listed(world):
    s = make_session(world.acme, world.bob_membership, key_results=2)
    fresh, old = s.key_results
    check_in(fresh, 5)
    check_in(old, 5)
    age(old, 8)
    remind()
    [email] = to("bob@example.com")
    assert old.title in email.body
    assert fresh.title not in email.body
    assert email.subject == "1 key result in Acme waits for your check-in"


def test_an_organization_whose_trial_ended_gets_no_reminders(world):
    make_session(world.acme, world.bob_membership, key_results=1)
    Organization.objects.filter(pk=world.acme.pk).update(trial_ends_at=now() - timedelta(days=1))
    summary = remind()
    assert mail.outbox == []
    assert "1 organization skipped (trial ended)" in summary
    assert CheckInReminder.objects.count() == 0


def test_cycles_that_are_not_active_and_unowned_key_results_send_nothing(world):
    s = make_session(world.acme, world.bob_membership, key_results=1)
    Cycle.objects.filter(pk=s.cycle.pk).update(state="review")
    other = make_session(world.acme, world.bob_membership, key_results=1)
    KeyResult.objects.filter(objective__cycle=other.cycle).update(owner=None)
    assert remind() == "Check-in reminders: 0 sent."


def test_per_sprint_a_new_sprint_opens_a_new_period(world, monkeypatch):
    s = make_session(world.acme, world.bob_membership, key_results=1, cadence="per_sprint")
    Team.objects.filter(pk=s.team.pk).update(sprint_started_at=now() - timedelta(days=3))
    remind()
    remind()
    assert len(to("bob@example.com")) == 1
    Team.objects.filter(pk=s.team.pk).update(sprint_started_at=now())
    remind()
    assert len(to("bob@example.com")) == 2


def test_the_unique_reminder_row_stops_a_concurrent_second_send(world):
    make_session(world.acme, world.bob_membership, key_results=1)
    [due] = check_in_sessions.due_reminders(world.acme)
    assert reminders.send_check_in_reminder(due=due) is True
    # A second run that listed the same reminder before the first one committed.
    assert reminders.send_check_in_reminder(due=due) is False
    assert len(mail.outbox) == 1
    assert CheckInReminder.objects.count() == 1
    assert check_in_sessions.due_reminders(world.acme) == []
